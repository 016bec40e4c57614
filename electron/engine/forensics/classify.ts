import { DEFAULT_ZOMBIE_THRESHOLD_MS, isEligible, isNeverUpdated } from '../../../shared/model/eligibility.js';
import { instanceName, parseInstanceName } from '../../../shared/model/names.js';
import type { DecodeResult, ServiceNode } from '../../../shared/model/service-node.js';
import type { InstanceRecord } from '../registry/instance-record.js';
import type { LiveSessions } from './live-sessions.js';
import type { NodeReport, Problem } from '../../../shared/model/problems.js';

export type { NodeReport, Problem };

export interface ClassifyOptions {
  nowMs?: number;
  zombieThresholdMs?: number;
  /** How far ahead of now a heartbeat may be before it is clock skew (default 30 s). */
  futureToleranceMs?: number;
  liveSessions?: LiveSessions;
  /** host:port -> where else it is registered (other namespaces), for duplicates beyond this namespace. */
  elsewhere?: Map<string, string[]>;
}

export interface ClassifiedRecord {
  namespace: string;
  service: string;
  record: InstanceRecord;
}

const FINDER_THRESHOLD_MS = 60_000;

/** Java reads nodeData as ShardInfo with a plain ObjectMapper: unknown keys or another shape fail the node. */
function javaReadsNodeData(nodeData: ServiceNode['nodeData']): boolean {
  if (nodeData === null) return true;
  if (typeof nodeData !== 'object' || Array.isArray(nodeData)) return false;
  const allowed = new Set(['environment', 'region', 'tags']);
  if (!Object.keys(nodeData).every((key) => allowed.has(key))) return false;
  const tags = nodeData.tags;
  return tags === undefined || tags === null || Array.isArray(tags);
}

export function javaWouldServe(decoded: DecodeResult, nowMs: number): boolean {
  if (!decoded.ok) return false;
  if (decoded.warnings.some((warning) => warning.code === 'unknown-field' || warning.code === 'enum-case')) return false;
  return javaReadsNodeData(decoded.node.nodeData) && isEligible(decoded.node, nowMs, FINDER_THRESHOLD_MS);
}

/** python-ranger compares the raw strings: exactly "healthy", and a numeric heartbeat within 60 s. */
export function pythonWouldServe(record: InstanceRecord, nowMs: number): boolean {
  if (!record.decoded.ok) return false;
  if (record.decoded.warnings.some((warning) => warning.code === 'enum-case' || warning.code === 'number-as-string')) return false;
  return isEligible(record.decoded.node, nowMs, FINDER_THRESHOLD_MS);
}

function ago(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}

function addressOf(record: InstanceRecord): string | undefined {
  if (record.decoded.ok) return instanceName(record.decoded.node.host, record.decoded.node.port);
  const parsed = parseInstanceName(record.name);
  return parsed ? instanceName(parsed.host, parsed.port) : undefined;
}

/** Classifies instance nodes; returns only those with problems, in path order. Pure: no I/O. */
export function classifyInstances(entries: readonly ClassifiedRecord[], options: ClassifyOptions = {}): NodeReport[] {
  const now = options.nowMs ?? Date.now();
  const threshold = options.zombieThresholdMs ?? DEFAULT_ZOMBIE_THRESHOLD_MS;
  const tolerance = options.futureToleranceMs ?? 30_000;

  const byAddress = new Map<string, string[]>();
  for (const { record } of entries) {
    const address = addressOf(record);
    if (address) byAddress.set(address, [...(byAddress.get(address) ?? []), record.path]);
  }

  const reports: NodeReport[] = [];
  for (const { namespace, service, record } of entries) {
    const problems: Problem[] = [];
    const { decoded, stat } = record;
    if (!decoded.ok) {
      problems.push({ code: 'broken-data', message: `Unreadable: ${decoded.message}. No finder can use it.`, sinceMs: stat.mtime });
    } else {
      const node = decoded.node;
      const lastUpdated = Number(node.lastUpdatedTimeStamp);
      if (node.healthcheckStatus === 'unhealthy') {
        problems.push({ code: 'unhealthy', message: `Reports itself unhealthy (last written ${ago(now - stat.mtime)} ago).`, sinceMs: null });
      }
      if (isNeverUpdated(node)) {
        problems.push({
          code: 'never-updated',
          message: `Heartbeat timestamp is ${node.lastUpdatedTimeStamp === 0n ? '0' : 'Long.MIN_VALUE'}: the provider never completed a health check.`,
          sinceMs: stat.ctime,
        });
      } else if (lastUpdated < now - threshold) {
        problems.push({ code: 'zombie', message: `Last heartbeat ${ago(now - lastUpdated)} ago (threshold ${ago(threshold)}).`, sinceMs: lastUpdated });
      } else if (lastUpdated > now + tolerance) {
        problems.push({
          code: 'future-timestamp',
          message: `Heartbeat is ${ago(lastUpdated - now)} in the future: the writer's clock is ahead.`,
          sinceMs: stat.mtime,
        });
      }
      const expected = instanceName(node.host, node.port);
      if (record.name !== expected) {
        problems.push({ code: 'name-mismatch', message: `The znode is named ${record.name} but its data says ${expected}.`, sinceMs: stat.ctime });
      }
    }
    if (stat.ephemeralOwner === '0') {
      problems.push({ code: 'persistent', message: 'Not ephemeral: it will never expire when its provider goes away.', sinceMs: stat.ctime });
    } else if (options.liveSessions?.checked && !options.liveSessions.sessions.has(stat.ephemeralOwner)) {
      problems.push({
        code: 'orphan-session',
        message: `Owner session 0x${stat.ephemeralOwner} has no client connected to any server: the node lives only until that session times out.`,
        sinceMs: null,
      });
    }
    const address = addressOf(record);
    if (address) {
      const twins = (byAddress.get(address) ?? []).filter((path) => path !== record.path);
      const other = options.elsewhere?.get(address) ?? [];
      if (twins.length + other.length > 0) {
        problems.push({ code: 'duplicate', message: `${address} is also registered at ${[...twins, ...other].join(', ')}.`, sinceMs: stat.ctime });
      }
    }
    if (problems.length === 0) continue;
    reports.push({
      path: record.path,
      namespace,
      service,
      name: record.name,
      codes: problems.map((problem) => problem.code),
      problems,
      javaServes: javaWouldServe(decoded, now),
      pythonServes: pythonWouldServe(record, now),
      version: stat.version,
      owner: stat.ephemeralOwner,
      mtimeMs: stat.mtime,
      dataText: record.data ? record.data.toString('utf8') : null,
    });
  }
  return reports.sort((a, b) => a.path.localeCompare(b.path));
}
