/**
 * The CLI section (issue 3): `rangerctl ls NAMESPACE --json` as a fresh process against a polling finder that
 * reads the same nodes one at a time.
 *
 * PLUG-IN POINT: test/bench/cli-ls.ts is written by the CLI work and must export
 *   benchCliLs(connectionString: string, namespace: string): Promise<{ rangerctlLsMs: number; pollingReadMs: number }>
 * It is loaded at run time when the file exists, so the bench runs (and type-checks) with or without it.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface CliLsResult {
  rangerctlLsMs: number;
  pollingReadMs: number;
}

type BenchCliLs = (connectionString: string, namespace: string) => Promise<CliLsResult>;

const CLI_LS = fileURLToPath(new URL('./cli-ls.ts', import.meta.url));

function isCliLsResult(value: unknown): value is CliLsResult {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.rangerctlLsMs === 'number' && typeof record.pollingReadMs === 'number';
}

/** The plugged-in measurement, or undefined when test/bench/cli-ls.ts does not exist (yet). */
export async function loadCliLs(): Promise<((connectionString: string, namespace: string) => Promise<CliLsResult>) | undefined> {
  if (!existsSync(CLI_LS)) return undefined;
  const loaded: unknown = await import(pathToFileURL(CLI_LS).href);
  const candidate = typeof loaded === 'object' && loaded !== null ? (loaded as Record<string, unknown>).benchCliLs : undefined;
  if (typeof candidate !== 'function') throw new Error(`${CLI_LS} does not export benchCliLs(connectionString, namespace)`);
  const benchCliLs = candidate as BenchCliLs;
  return async (connectionString, namespace) => {
    const result: unknown = await benchCliLs(connectionString, namespace);
    if (!isCliLsResult(result)) throw new Error('benchCliLs must resolve to { rangerctlLsMs: number; pollingReadMs: number }');
    return result;
  };
}
