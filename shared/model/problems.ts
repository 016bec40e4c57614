/** Stale-node forensics as the UI, the CLI and reports see it. Renderer-safe. */

export const PROBLEM_CODES = [
  'unhealthy',
  'zombie',
  'never-updated',
  'future-timestamp',
  'broken-data',
  'name-mismatch',
  'persistent',
  'orphan-session',
  'duplicate',
] as const;

export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** What a cleanup removes unless told otherwise: nodes that will not fix themselves. */
export const DEFAULT_DELETABLE_CODES: readonly ProblemCode[] = ['zombie', 'never-updated', 'broken-data', 'persistent'];

export function isProblemCode(value: string): value is ProblemCode {
  return (PROBLEM_CODES as readonly string[]).includes(value);
}

export interface Problem {
  code: ProblemCode;
  /** One sentence a person can act on. */
  message: string;
  /** Since when the problem holds (epoch ms), when that can be known. */
  sinceMs: number | null;
}

/** One instance node with at least one problem. */
export interface NodeReport {
  path: string;
  namespace: string;
  service: string;
  name: string;
  codes: ProblemCode[];
  problems: Problem[];
  /** Whether a Java Ranger finder (strict Jackson reader, healthy, heartbeat within 60 s) would serve it. */
  javaServes: boolean;
  /** Whether a python-ranger finder would serve it (its reader and the same 60 s rule). */
  pythonServes: boolean;
  /** The data version seen: a delete is guarded by it. */
  version: number;
  owner: string;
  mtimeMs: number;
  dataText: string | null;
}

export interface ScanResult {
  namespace: string;
  scannedAt: number;
  instanceCount: number;
  reports: NodeReport[];
  /** Whether orphan sessions could be checked, and why not. */
  orphanCheck: { checked: true } | { checked: false; reason: string };
}

export interface DeleteTarget {
  path: string;
  /** The data version the person saw: if the node changed since, it is skipped. */
  version: number;
  /** Why it is being deleted (for the audit log). */
  reason: string;
}

export type DeleteOutcome =
  | { path: string; result: 'deleted' }
  | { path: string; result: 'skipped-changed'; detail: string }
  | { path: string; result: 'skipped-healthy'; detail: string }
  | { path: string; result: 'gone' }
  | { path: string; result: 'failed'; detail: string };
