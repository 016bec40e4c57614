/**
 * Writes the benchmark registry: /<namespace>/<service>/<host>:<port> with Java-format ServiceNode JSON in
 * EPHEMERAL nodes, spread over a few writer sessions that stay open for the whole run (as providers would).
 * Everything is pipelined in batches of `batch` requests in flight.
 */
import { instanceName, makeShardInfo, namespacePath, servicePath, encodeServiceNodeBytes, type ServiceNode } from '../../shared/model/index.js';
import { isZkError } from '../../electron/engine/zk/errors.js';
import { ZkSession } from '../../electron/engine/zk/session.js';

export interface BenchNode {
  service: string;
  name: string;
  path: string;
  /** The writer session that owns the ephemeral node. */
  writer: ZkSession;
  node: ServiceNode;
}

export interface RegistryShape {
  namespace: string;
  services: number;
  instances: number;
  writers: number;
  batch: number;
}

export async function openSession(connectionString: string, sessionTimeoutMs = 15_000): Promise<ZkSession> {
  const session = new ZkSession({ connectionString, sessionTimeoutMs }).connect();
  try {
    await session.waitConnected(15_000);
  } catch (error) {
    session.close();
    throw error;
  }
  return session;
}

/** Runs the tasks with at most `batch` in flight (Promise.all per batch). */
export async function inBatches<T>(items: readonly T[], batch: number, task: (item: T) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < items.length; start += batch) {
    await Promise.all(items.slice(start, start + batch).map(task));
  }
}

export function serviceName(index: number): string {
  return `svc-${String(index).padStart(3, '0')}`;
}

/** The bench registry and the sessions that own it. */
export class BenchRegistry {
  readonly nodes: BenchNode[] = [];
  readonly serviceNames: string[];
  private writerSessions: ZkSession[] = [];
  /** When the heartbeats (lastUpdatedTimeStamp) were last written for every node. */
  heartbeatAt = 0;

  constructor(
    readonly connectionString: string,
    readonly shape: RegistryShape,
  ) {
    this.serviceNames = Array.from({ length: shape.services }, (_, index) => serviceName(index));
  }

  get namespace(): string {
    return this.shape.namespace;
  }

  get writers(): readonly ZkSession[] {
    return this.writerSessions;
  }

  get size(): number {
    return this.nodes.length;
  }

  /** Creates the namespace, the services and every instance; resolves once all are written. */
  async populate(): Promise<void> {
    const { namespace, instances, writers, batch } = this.shape;
    this.writerSessions = await Promise.all(Array.from({ length: writers }, () => openSession(this.connectionString)));
    const first = this.writerSessions[0];
    if (!first) throw new Error('at least one writer session is needed');
    await createIfMissing(first, namespacePath(namespace));
    await inBatches(this.serviceNames, batch, (service) => createIfMissing(first, servicePath(namespace, service)));
    const now = BigInt(Date.now());
    for (const [serviceIndex, service] of this.serviceNames.entries()) {
      for (let index = 0; index < instances; index++) {
        const host = `10.${(serviceIndex >> 8) & 255}.${serviceIndex & 255}.${(index % 250) + 1}`;
        const port = 8080 + index;
        const name = instanceName(host, port);
        const writer = this.writerSessions[(serviceIndex * instances + index) % writers] ?? first;
        this.nodes.push({
          service,
          name,
          path: `${servicePath(namespace, service)}/${name}`,
          writer,
          node: {
            host,
            port,
            routingWeight: 1,
            nodeData: { ...makeShardInfo('production', 'bench-dc1', ['bench']) },
            healthcheckStatus: 'healthy',
            lastUpdatedTimeStamp: now,
            healthySinceTimeStamp: now,
            portScheme: 'http',
          },
        });
      }
    }
    this.heartbeatAt = Date.now();
    await inBatches(this.nodes, batch, (node) => node.writer.create(node.path, encodeServiceNodeBytes(node.node), 'ephemeral'));
  }

  /** Rewrites every node with a fresh heartbeat (what providers do), so none turns zombie during a long run. */
  async refreshHeartbeats(): Promise<void> {
    const now = BigInt(Date.now());
    this.heartbeatAt = Date.now();
    await inBatches(this.nodes, this.shape.batch, (node) => {
      node.node = { ...node.node, lastUpdatedTimeStamp: now };
      return node.writer.setData(node.path, encodeServiceNodeBytes(node.node));
    });
  }

  /** Writes the node's health with a fresh heartbeat (one setData, as a provider's health flip). */
  writeHealth(node: BenchNode, status: ServiceNode['healthcheckStatus']): Promise<unknown> {
    const now = BigInt(Date.now());
    node.node = { ...node.node, healthcheckStatus: status, lastUpdatedTimeStamp: now, healthySinceTimeStamp: status === 'healthy' ? now : node.node.healthySinceTimeStamp };
    return node.writer.setData(node.path, encodeServiceNodeBytes(node.node));
  }

  remove(node: BenchNode): Promise<void> {
    return node.writer.remove(node.path);
  }

  /** Re-creates a removed node (healthy, fresh heartbeat) from its owning writer session. */
  recreate(node: BenchNode): Promise<string> {
    const now = BigInt(Date.now());
    node.node = { ...node.node, healthcheckStatus: 'healthy', lastUpdatedTimeStamp: now };
    return node.writer.create(node.path, encodeServiceNodeBytes(node.node), 'ephemeral');
  }

  /** Closes the writers (their ephemeral nodes go with them) and, on a shared server, deletes the namespace. */
  async dispose(deleteTree: boolean): Promise<void> {
    for (const writer of this.writerSessions) writer.close();
    this.writerSessions = [];
    if (!deleteTree) return;
    const cleaner = await openSession(this.connectionString);
    try {
      await inBatches(this.serviceNames, this.shape.batch, (service) => removeTree(cleaner, servicePath(this.namespace, service)));
      await cleaner.remove(namespacePath(this.namespace)).catch(ignoreNoNode);
    } finally {
      cleaner.close();
    }
  }
}

function ignoreNoNode(error: unknown): void {
  if (!isZkError(error, 'NO_NODE')) throw error;
}

async function createIfMissing(session: ZkSession, path: string): Promise<void> {
  try {
    await session.create(path, null, 'persistent');
  } catch (error) {
    if (!isZkError(error, 'NODE_EXISTS')) throw error;
  }
}

/** Deletes a service and whatever is left under it (children first). */
async function removeTree(session: ZkSession, path: string): Promise<void> {
  const { children } = await session.getChildren(path).catch((error: unknown) => {
    ignoreNoNode(error);
    return { children: [] as string[] };
  });
  await Promise.all(children.map((child) => session.remove(`${path}/${child}`).catch(ignoreNoNode)));
  await session.remove(path).catch(ignoreNoNode);
}
