import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

// `npm test` builds first; run `npm run build` before this file on its own.
describe.skipIf(!existsSync(join(root, 'dist/electron/engine/index.js')))('the published package', () => {
  it("can be imported as 'ranger-desk' from another project", async () => {
    const project = mkdtempSync(join(tmpdir(), 'ranger-consumer-'));
    try {
      mkdirSync(join(project, 'node_modules'));
      symlinkSync(root, join(project, 'node_modules', 'ranger-desk'), 'dir');
      writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module' }));
      writeFileSync(
        join(project, 'main.js'),
        [
          "import { RangerServiceFinder, RangerServiceProvider, RangerFinderHub, decodeServiceNode } from 'ranger-desk';",
          'console.log(JSON.stringify([typeof RangerServiceFinder, typeof RangerServiceProvider, typeof RangerFinderHub, decodeServiceNode(\'{"host":"h","port":1}\').ok]));',
        ].join('\n'),
      );
      const { stdout } = await promisify(execFile)(process.execPath, ['main.js'], { cwd: project });
      expect(JSON.parse(stdout)).toEqual(['function', 'function', 'function', true]);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
