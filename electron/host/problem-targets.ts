import { HELPER_TREES } from '../../shared/model/names.js';

/**
 * Why a path may not be deleted by a cleanup, or undefined when it is an instance node
 * (`/<namespace>/<service>/<instance>`, outside ZooKeeper's own tree and Ranger's helper trees).
 */
export function cleanupTargetProblem(path: string): string | undefined {
  const segments = path.split('/').slice(1);
  if (!path.startsWith('/') || segments.length !== 3 || segments.some((segment) => segment.length === 0)) {
    return `${path} is not an instance node (/<namespace>/<service>/<instance>): a cleanup only deletes instance nodes`;
  }
  const [namespace, service] = segments as [string, string, string];
  if (namespace === 'zookeeper') return `${path} is inside ZooKeeper's own tree`;
  if (HELPER_TREES.has(service)) return `${path} is in the helper tree ${service}, not an instance node`;
  return undefined;
}

/** `ranger-problems-<namespace>-<UTC timestamp>.<ext>`, safe as a file name on every platform. */
export function problemsExportFilename(namespace: string, at: number, format: 'json' | 'csv'): string {
  const stamp = new Date(at).toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
  const safe = namespace.replace(/[^A-Za-z0-9._-]/g, '_');
  return `ranger-problems-${safe}-${stamp}.${format}`;
}
