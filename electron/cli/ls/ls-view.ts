/** How `rangerctl ls` shows what it read: a table per level, or one JSON document. */
import { instanceJson, type InstanceJson } from '../registry/instance-json.js';
import { countStatuses, instanceStatus, ownerText, type InstanceStatus, type StatusCounts } from '../registry/instance-status.js';
import type { NamespaceSummary, ServiceSnapshot } from '../registry/read-registry.js';
import { statusColor, type Colors } from '../shared/colors.js';
import { dash, formatAge } from '../shared/format.js';
import { renderTable } from '../shared/table.js';
import { heartbeatAgeMs } from '../../../shared/model/eligibility.js';
import { readShardInfo } from '../../../shared/model/shard-info.js';

export interface NamespacesDocument {
  kind: 'namespaces';
  namespaces: NamespaceSummary[];
}

export interface ServiceJson {
  name: string;
  helper: boolean;
  /** Znode children (for a helper tree, which is not read, the only figure). */
  children: number;
  counts: StatusCounts;
  instances: InstanceJson[];
}

export interface NamespaceDocument {
  kind: 'namespace';
  namespace: string;
  readAt: string;
  services: ServiceJson[];
}

export interface ServiceDocument extends ServiceJson {
  kind: 'service';
  namespace: string;
  readAt: string;
}

export function serviceJson(snapshot: ServiceSnapshot, nowMs: number): ServiceJson {
  return {
    name: snapshot.name,
    helper: snapshot.helper,
    children: snapshot.children,
    counts: countStatuses(snapshot.instances, nowMs),
    instances: snapshot.instances.map((record) => instanceJson(record, nowMs)),
  };
}

export function namespacesTable(namespaces: readonly NamespaceSummary[], colors: Colors): string {
  return renderTable(
    ['NAMESPACE', 'SERVICES'],
    namespaces.map((namespace) => [namespace.name, String(namespace.services)]),
    colors.bold,
  );
}

function count(colors: Colors, status: InstanceStatus, value: number): string {
  return value === 0 ? colors.dim('0') : statusColor(colors, status)(String(value));
}

export function servicesTable(services: readonly ServiceSnapshot[], nowMs: number, colors: Colors): string {
  return renderTable(
    ['SERVICE', 'INSTANCES', 'HEALTHY', 'UNHEALTHY', 'ZOMBIE', 'UNREADABLE'],
    services.map((service) => {
      if (service.helper) return [service.name, `${service.children}`, colors.dim('helper tree, not read'), '', '', ''];
      const counts = countStatuses(service.instances, nowMs);
      return [
        service.name,
        String(counts.total),
        count(colors, 'healthy', counts.healthy),
        count(colors, 'unhealthy', counts.unhealthy),
        count(colors, 'zombie', counts.zombie),
        count(colors, 'unreadable', counts.unreadable),
      ];
    }),
    colors.bold,
  );
}

export function instancesTable(service: ServiceSnapshot, nowMs: number, colors: Colors): string {
  return renderTable(
    ['INSTANCE', 'ENVIRONMENT', 'REGION', 'TAGS', 'HEALTH', 'HEARTBEAT', 'OWNER'],
    service.instances.map((record) => {
      const status = instanceStatus(record.decoded, nowMs);
      const owner = ownerText(record.stat.ephemeralOwner) ?? colors.yellow('persistent');
      if (!record.decoded.ok) {
        return [record.name, '-', '-', '-', statusColor(colors, status)(`unreadable: ${record.decoded.reason}`), '-', owner];
      }
      const shard = readShardInfo(record.decoded.node.nodeData);
      return [
        record.name,
        dash(shard.environment),
        dash(shard.region),
        dash(shard.tags?.join(',')),
        statusColor(colors, status)(status),
        formatAge(heartbeatAgeMs(record.decoded.node, nowMs)),
        owner,
      ];
    }),
    colors.bold,
  );
}
