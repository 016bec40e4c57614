/**
 * `rangerctl ls NAMESPACE --json` as a fresh process against a baseline: a polling finder that reads the same nodes
 * one request at a time (getChildren, then getData per node, each awaited). The runner (test/bench/run.ts) builds
 * the registry and reports the figures.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ZkSession } from '../../electron/engine/zk/session.js';
import { decodeServiceNode } from '../../shared/model/service-node.js';

const RANGERCTL = fileURLToPath(new URL('../../dist/electron/cli/rangerctl.js', import.meta.url));
const RUNS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Wall time of one `rangerctl ls` process, from spawn to exit, its whole output read. */
function timeRangerctlLs(connectionString: string, namespace: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [RANGERCTL, '--zk', connectionString, 'ls', namespace, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let bytes = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (bytes += chunk.length));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const elapsed = performance.now() - started;
      if (code !== 0 || bytes === 0) reject(new Error(`rangerctl ls exited ${code}: ${stderr.trim()}`));
      else resolve(elapsed);
    });
  });
}

/** The baseline: a fresh session, then every read awaited before the next is sent. */
async function timePollingRead(connectionString: string, namespace: string): Promise<number> {
  const started = performance.now();
  const session = new ZkSession({ connectionString }).connect();
  try {
    await session.waitConnected(10_000);
    const { children: services } = await session.getChildren(`/${namespace}`);
    let nodes = 0;
    for (const service of services) {
      const { children } = await session.getChildren(`/${namespace}/${service}`);
      for (const child of children) {
        const { data } = await session.getData(`/${namespace}/${service}/${child}`);
        if (decodeServiceNode(data).ok) nodes++;
      }
    }
    if (nodes === 0) throw new Error(`the baseline read no nodes under /${namespace}`);
    return performance.now() - started;
  } finally {
    session.close();
  }
}

/** Median of 3 runs each. Needs `npm run build` first (the bench script does it). */
export async function benchCliLs(connectionString: string, namespace: string): Promise<{ rangerctlLsMs: number; pollingReadMs: number }> {
  const cli: number[] = [];
  const polling: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    cli.push(await timeRangerctlLs(connectionString, namespace));
    polling.push(await timePollingRead(connectionString, namespace));
  }
  return { rangerctlLsMs: Math.round(median(cli)), pollingReadMs: Math.round(median(polling)) };
}
