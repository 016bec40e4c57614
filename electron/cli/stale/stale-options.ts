import { InvalidArgumentError } from 'commander';
import { DEFAULT_DELETABLE_CODES, isProblemCode, PROBLEM_CODES, type ProblemCode } from '../../../shared/model/problems.js';
import { nameProblem } from '../../../shared/model/names.js';
import { parseDurationMs } from '../shared/duration.js';
import { UsageError } from '../shared/exit-codes.js';

export const DEFAULT_THRESHOLD_MS = 60_000;
/** Below this a heartbeat is never old: a threshold under a second is a typo (`--threshold 60` means 60 ms). */
export const MIN_THRESHOLD_MS = 1000;
/**
 * A healthy Java provider rewrites its node only every stale-threshold (up to 20 s) when nothing changes: below
 * 30 s it looks like a zombie, and --delete would remove it (the fresh-healthy guard uses the same threshold).
 */
export const MIN_DELETE_THRESHOLD_MS = 30_000;

/** Commander parser for `--threshold`: a duration of at least a second. */
export function thresholdOption(text: string): number {
  let ms: number;
  try {
    ms = parseDurationMs(text);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
  if (ms < MIN_THRESHOLD_MS) throw new InvalidArgumentError(`'${text}' is too short for a heartbeat threshold: use at least 1s (e.g. 60s)`);
  return ms;
}

/** `NAMESPACE` (a leading slash allowed); a service path is a usage error. */
export function parseNamespace(text: string): string {
  const namespace = text.replace(/^\//, '');
  if (namespace.includes('/')) throw new UsageError(`'${text}' is not a NAMESPACE: stale checks a whole namespace`);
  const problem = nameProblem('namespace', namespace);
  if (problem) throw new UsageError(`'${text}': ${problem}`);
  return namespace;
}

/** `--codes c1,c2`: known problem codes only; an unknown one is named with the list of valid ones. */
export function parseCodes(text: string | undefined): ProblemCode[] {
  if (text === undefined) return [...DEFAULT_DELETABLE_CODES];
  const words = text.split(',').map((word) => word.trim()).filter(Boolean);
  if (words.length === 0) throw new UsageError(`--codes needs at least one code; valid codes: ${PROBLEM_CODES.join(', ')}`);
  const codes: ProblemCode[] = [];
  for (const word of words) {
    if (!isProblemCode(word)) throw new UsageError(`unknown code '${word}' in --codes; valid codes: ${PROBLEM_CODES.join(', ')}`);
    if (!codes.includes(word)) codes.push(word);
  }
  return codes;
}

export interface StaleFlags {
  threshold: number;
  json?: boolean;
  csv?: boolean;
  delete?: boolean;
  codes?: string;
  yes?: boolean;
}

export interface DeletePlanOptions {
  codes: ProblemCode[];
  /** Delete without asking. */
  yes: boolean;
}

export interface ResolvedStaleFlags {
  namespace: string;
  thresholdMs: number;
  format: 'table' | 'json' | 'csv';
  delete: DeletePlanOptions | undefined;
}

/**
 * Checks the combination of flags before anything is sent to ZooKeeper. `interactive` says whether a question can
 * be asked on a terminal: without one, --delete needs --yes.
 */
export function resolveStaleFlags(target: string, flags: StaleFlags, interactive: boolean): ResolvedStaleFlags {
  const namespace = parseNamespace(target);
  const format = flags.json ? 'json' : flags.csv ? 'csv' : 'table';
  if (!flags.delete) {
    if (flags.codes !== undefined) throw new UsageError('--codes only applies with --delete (it chooses which problem nodes are deleted)');
    if (flags.yes) throw new UsageError('--yes only applies with --delete');
    return { namespace, thresholdMs: flags.threshold, format, delete: undefined };
  }
  const codes = parseCodes(flags.codes);
  if (flags.threshold < MIN_DELETE_THRESHOLD_MS) {
    throw new UsageError(
      `--delete needs --threshold of at least ${MIN_DELETE_THRESHOLD_MS / 1000}s: a healthy Java provider may rewrite its node only every 20 s and would look like a zombie`,
    );
  }
  if (!flags.yes && !interactive) {
    throw new UsageError('refusing to delete without confirmation: stdin is not a terminal, so no question can be asked; pass --yes to delete without asking');
  }
  return { namespace, thresholdMs: flags.threshold, format, delete: { codes, yes: flags.yes === true } };
}
