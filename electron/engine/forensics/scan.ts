import { HELPER_TREES, namespacePath, parseInstanceName, servicePath } from '../../../shared/model/names.js';
import { makeRecord } from '../registry/instance-record.js';
import { isZkError } from '../zk/errors.js';
import type { ZkSession } from '../zk/session.js';
import type { ScanResult } from '../../../shared/model/problems.js';
import { classifyInstances, type ClassifiedRecord, type ClassifyOptions } from './classify.js';

export type { ScanResult };
import { readLiveSessions, type LiveSessions } from './live-sessions.js';

async function childrenOrEmpty(session: ZkSession, path: string): Promise<string[]> {
  try {
    return (await session.getChildren(path)).children;
  } catch (error) {
    if (isZkError(error, 'NO_NODE')) return [];
    throw error;
  }
}

/** Reads every instance of a namespace, all requests pipelined (helper trees skipped). */
export async function readNamespace(session: ZkSession, namespace: string): Promise<ClassifiedRecord[]> {
  const services = (await childrenOrEmpty(session, namespacePath(namespace))).filter((service) => !HELPER_TREES.has(service));
  const listed = await Promise.all(services.map(async (service) => ({ service, names: await childrenOrEmpty(session, servicePath(namespace, service)) })));
  const reads = listed.flatMap(({ service, names }) =>
    names.map(async (name): Promise<ClassifiedRecord | undefined> => {
      const path = `${servicePath(namespace, service)}/${name}`;
      try {
        const { data, stat } = await session.getData(path);
        return { namespace, service, record: makeRecord(name, path, data, stat) };
      } catch (error) {
        if (isZkError(error, 'NO_NODE')) return undefined;
        throw error;
      }
    }),
  );
  return (await Promise.all(reads)).filter((entry): entry is ClassifiedRecord => entry !== undefined);
}

/** host:port -> paths in the other namespaces (names only: no data is read there). */
async function indexOtherNamespaces(session: ZkSession, namespace: string): Promise<Map<string, string[]>> {
  const namespaces = (await childrenOrEmpty(session, '/')).filter((name) => name !== namespace && name !== 'zookeeper');
  const index = new Map<string, string[]>();
  const perNamespace = await Promise.all(
    namespaces.map(async (other) => {
      const services = (await childrenOrEmpty(session, namespacePath(other))).filter((service) => !HELPER_TREES.has(service));
      return Promise.all(services.map(async (service) => ({ other, service, names: await childrenOrEmpty(session, servicePath(other, service)) })));
    }),
  );
  for (const { other, service, names } of perNamespace.flat()) {
    for (const name of names) {
      if (!parseInstanceName(name)) continue;
      index.set(name, [...(index.get(name) ?? []), `${servicePath(other, service)}/${name}`]);
    }
  }
  return index;
}

/** Reads and classifies a namespace; the session's connection string is asked (`cons`) for live sessions. */
export async function scanNamespace(
  session: ZkSession,
  namespace: string,
  options: Omit<ClassifyOptions, 'liveSessions' | 'elsewhere'> & { acrossNamespaces?: boolean } = {},
): Promise<ScanResult> {
  const [entries, elsewhere, liveSessions] = await Promise.all([
    readNamespace(session, namespace),
    options.acrossNamespaces === false ? Promise.resolve(new Map<string, string[]>()) : indexOtherNamespaces(session, namespace),
    readLiveSessions(session.options.connectionString).catch((error: unknown): LiveSessions => ({ checked: false, reason: String(error) })),
  ]);
  const scannedAt = options.nowMs ?? Date.now();
  return {
    namespace,
    scannedAt,
    instanceCount: entries.length,
    reports: classifyInstances(entries, { ...options, nowMs: scannedAt, liveSessions, elsewhere }),
    orphanCheck: liveSessions.checked ? { checked: true } : { checked: false, reason: liveSessions.reason },
  };
}
