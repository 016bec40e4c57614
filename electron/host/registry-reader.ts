import type { NamespaceView, NodeDetail, TreeChild } from '../../shared/contract.js';
import { HELPER_TREES } from '../../shared/model/names.js';
import { isZkError } from '../engine/zk/errors.js';
import type { ZkSession } from '../engine/zk/session.js';
import { missingNode, nodeDetail } from './node-detail.js';

/** ZooKeeper's own tree at the root is never a namespace. */
const RESERVED_ROOT = 'zookeeper';

function childPath(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

/** Children of `/` as namespaces, with their service counts read in one pipelined burst. */
export async function readNamespaces(session: ZkSession): Promise<NamespaceView[]> {
  const { children } = await session.getChildren('/');
  const names = children.filter((name) => name !== RESERVED_ROOT).sort();
  const counts = await Promise.all(
    names.map(async (name) => {
      try {
        const { children: services } = await session.getChildren(`/${name}`);
        return services.filter((service) => !HELPER_TREES.has(service)).length;
      } catch (error) {
        // Deleted meanwhile: drop it. Anything else (no auth...) still lists the namespace.
        if (isZkError(error, 'NO_NODE')) return undefined;
        return 0;
      }
    }),
  );
  const namespaces: NamespaceView[] = [];
  names.forEach((name, index) => {
    const serviceCount = counts[index];
    if (serviceCount !== undefined) namespaces.push({ name, serviceCount });
  });
  return namespaces;
}

/** One znode in full; a node that does not exist is a normal answer, not an error. */
export async function readNode(session: ZkSession, path: string): Promise<NodeDetail> {
  try {
    const { data, stat } = await session.getData(path);
    return nodeDetail(path, data, stat);
  } catch (error) {
    if (isZkError(error, 'NO_NODE')) return missingNode(path);
    throw error;
  }
}

/** The plain tree under a path: its children with their stats (exists requests pipelined). */
export async function readChildren(session: ZkSession, path: string): Promise<TreeChild[]> {
  const { children } = await session.getChildren(path);
  const sorted = [...children].sort();
  const stats = await Promise.all(sorted.map((name) => session.exists(childPath(path, name))));
  const result: TreeChild[] = [];
  sorted.forEach((name, index) => {
    const stat = stats[index];
    if (!stat) return; // gone between the listing and the stat
    result.push({ name, path: childPath(path, name), numChildren: stat.numChildren, dataLength: stat.dataLength, ephemeralOwner: stat.ephemeralOwner });
  });
  return result;
}
