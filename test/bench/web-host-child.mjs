// @ts-check
/**
 * The web mode as the bench runs it (measure-web-host.ts): a process of its own running the BUILT code in dist/
 * (no tsx loader), so that its CPU time and resident memory are the host's alone.
 *
 *   node test/bench/web-host-child.mjs --zk 127.0.0.1:2181 --data-dir /tmp/x [--static-dir dist-renderer]
 *
 * It is `rangerctl web --zk ...` in all but name: runWebMode opens the ZooKeeper as a transient profile and prints
 * `Ranger Desk web: <url with token>` on stdout; SIGTERM/SIGINT stop it. With an IPC channel (the bench) it also
 * answers, each with one message back:
 *   { type: 'usage' }                        -> { type: 'usage', cpu: process.cpuUsage(), memory: process.memoryUsage() }
 *   { type: 'profile-start' }                -> { type: 'profile-started' }   (V8 sampling profiler, this process)
 *   { type: 'profile-stop', file: string }   -> { type: 'profile-stopped', file }   (a .cpuprofile, as --cpu-prof writes)
 * and stops when the channel closes (the bench went away).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    zk: { type: 'string' },
    'data-dir': { type: 'string' },
    'static-dir': { type: 'string' },
  },
});
if (!values.zk || !values['data-dir']) {
  process.stderr.write('usage: web-host-child.mjs --zk <connection string> --data-dir <dir> [--static-dir <dir>]\n');
  process.exit(2);
}

const web = await import(new URL('../../dist/electron/web/index.js', import.meta.url).href);
const mode = await web.runWebMode({
  zk: values.zk,
  host: '127.0.0.1',
  port: 0,
  dataDir: values['data-dir'],
  staticDir: values['static-dir'],
  // Warnings and errors only: an info line per event would be work the host does not do when run by hand.
  logger: { ...web.stderrLogger, info() {} },
});

if (process.send) {
  /** @type {Session | undefined} */
  let profiler;
  /** @param {object} message */
  const reply = (message) => process.send?.(message);
  process.on('message', (/** @type {{ type?: string; file?: string }} */ message) => {
    void (async () => {
      try {
        if (message.type === 'usage') {
          reply({ type: 'usage', cpu: process.cpuUsage(), memory: process.memoryUsage() });
        } else if (message.type === 'profile-start') {
          profiler = new Session();
          profiler.connect();
          await profiler.post('Profiler.enable');
          await profiler.post('Profiler.start');
          reply({ type: 'profile-started' });
        } else if (message.type === 'profile-stop' && profiler && message.file) {
          const { profile } = await profiler.post('Profiler.stop');
          profiler.disconnect();
          profiler = undefined;
          writeFileSync(message.file, JSON.stringify(profile));
          reply({ type: 'profile-stopped', file: message.file });
        } else {
          reply({ type: 'error', message: `unexpected message ${JSON.stringify(message)}` });
        }
      } catch (error) {
        reply({ type: 'error', message: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
  // The bench is gone (crashed, killed): do not outlive it.
  process.on('disconnect', () => {
    void mode.stop().finally(() => process.exit(0));
  });
}
