/**
 * (5) Resident memory with the whole registry loaded in a hub, against a baseline before loading: measured in
 * a fresh child process run with --expose-gc (see memory-child.ts).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { MemoryChildReport } from './memory-child.js';

const CHILD = fileURLToPath(new URL('./memory-child.ts', import.meta.url));

function isReport(value: unknown): value is MemoryChildReport {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.baseline === 'object' && typeof record.loaded === 'object' && typeof record.instances === 'number';
}

export function measureMemory(connectionString: string, namespace: string, timeoutMs = 120_000): Promise<MemoryChildReport> {
  // `--import tsx` runs the TypeScript child the same way `tsx` runs this script.
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', tsx, CHILD, connectionString, namespace], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`memory child did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0) {
        reject(new Error(`memory child exited with ${code}: ${stderr.trim() || stdout.trim()}`));
        return;
      }
      try {
        const parsed: unknown = JSON.parse(line);
        if (!isReport(parsed)) throw new Error('unexpected shape');
        resolve(parsed);
      } catch (error) {
        reject(new Error(`memory child printed no report (${String(error)}): ${stdout}${stderr}`));
      }
    });
  });
}
