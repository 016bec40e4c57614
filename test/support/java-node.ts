import { encodeServiceNode, type ServiceNode } from '../../shared/model/service-node.js';

/** The bytes a Java provider writes for a node, with the heartbeat and health a test needs. */
export function javaNodeBytes(host: string, port: number, lastUpdated: bigint | number, status: 'healthy' | 'unhealthy' = 'healthy'): Buffer {
  const node: ServiceNode = {
    host,
    port,
    routingWeight: 1,
    nodeData: { environment: 'stage', region: null, tags: null },
    healthcheckStatus: status,
    lastUpdatedTimeStamp: BigInt(lastUpdated),
    healthySinceTimeStamp: 0n,
    portScheme: 'http',
  };
  return Buffer.from(encodeServiceNode(node));
}
