/** The problems an instance node can have, each with a stable code (used by the CLI, the UI and reports). */
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

/** What `stale --delete` removes unless told otherwise: nodes that will not fix themselves. */
export const DEFAULT_DELETABLE_CODES: readonly ProblemCode[] = ['zombie', 'never-updated', 'broken-data', 'persistent'];

export function isProblemCode(value: string): value is ProblemCode {
  return (PROBLEM_CODES as readonly string[]).includes(value);
}
