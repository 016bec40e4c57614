/**
 * One-shot reads of the registry for `rangerctl ls`. Every level is read with its requests pipelined (all sent
 * at once, answered in order on the one connection), so a namespace costs three round trips, not one per node.
 */
import { makeRecord, type InstanceRecord } from '../../engine/registry/instance-record.js';
import { isZkError } from '../../engine/zk/errors.js';
import type { ZkSession } from '../../engine/zk/session.js';
import { HELPER_TREES, namespacePath, servicePath } from '../../../shared/model/names.js';

export interface NamespaceSummary {
  name: string;
  /** Children of the namespace znode (helper trees included). */
  services: number;
}

export interface ServiceSnapshot {
  name: string;
  /** A helper tree such as id-generator: its children are not ServiceNodes and are not read. */
  helper: boolean;
  children: number;
  instances: InstanceRecord[];
}

/** Thrown when the namespace or service asked for does not exist. */
export class NotFoundError extends Error {}

/** null when the node vanished between listing and reading (an instance deregistered meanwhile). */
async function orGone<T>(request: Promise<T>): Promise<T | null> {
  try {
    return await request;
  } catch (error) {
    if (isZkError(error, 'NO_NODE')) return null;
    throw error;
  }
}

/** Top-level znodes (ZooKeeper's own `/zookeeper` left out) with their number of services. */
export async function readNamespaces(session: ZkSession): Promise<NamespaceSummary[]> {
  const { children } = await session.getChildren('/');
  const names = children.filter((name) => name !== 'zookeeper').sort();
  const stats = await Promise.all(names.map((name) => orGone(session.exists(namespacePath(name)))));
  return names.flatMap((name, index) => {
    const stat = stats[index];
    return stat ? [{ name, services: stat.numChildren }] : [];
  });
}

async function readInstances(session: ZkSession, path: string, names: readonly string[]): Promise<InstanceRecord[]> {
  const reads = await Promise.all(names.map((name) => orGone(session.getData(`${path}/${name}`))));
  return names.flatMap((name, index) => {
    const read = reads[index];
    return read ? [makeRecord(name, `${path}/${name}`, read.data, read.stat)] : [];
  });
}

/** Every service of a namespace (or just `only`) with every instance read; NotFoundError when absent. */
export async function readServices(session: ZkSession, namespace: string, only?: string): Promise<ServiceSnapshot[]> {
  let names: string[];
  if (only === undefined) {
    const listing = await orGone(session.getChildren(namespacePath(namespace)));
    if (!listing) throw new NotFoundError(`namespace '${namespace}' does not exist`);
    names = listing.children.sort();
  } else {
    names = [only];
  }
  const listings = await Promise.all(names.map((name) => orGone(session.getChildren(servicePath(namespace, name)))));
  if (only !== undefined && !listings[0]) throw new NotFoundError(`service '${namespace}/${only}' does not exist`);
  const snapshots = await Promise.all(
    names.map(async (name, index): Promise<ServiceSnapshot | null> => {
      const listing = listings[index];
      if (!listing) return null;
      const children = listing.children.sort();
      const helper = HELPER_TREES.has(name);
      const instances = helper ? [] : await readInstances(session, servicePath(namespace, name), children);
      return { name, helper, children: children.length, instances };
    }),
  );
  return snapshots.filter((snapshot): snapshot is ServiceSnapshot => snapshot !== null);
}
