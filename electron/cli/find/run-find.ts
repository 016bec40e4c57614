import { allOf, withEnvironment, withRegion, withTags, type NodePredicate } from '../../engine/finder/criteria.js';
import { RangerServiceFinder } from '../../engine/finder/ranger-service-finder.js';
import { selectorByName, type SelectorName } from '../../engine/finder/selectors.js';
import type { ZkSession } from '../../engine/zk/session.js';
import { servicePath } from '../../../shared/model/names.js';
import type { ServiceNode } from '../../../shared/model/service-node.js';
import { serviceNodeJson } from '../registry/instance-json.js';
import { countStatuses } from '../registry/instance-status.js';
import { openCliSession, type ZkTarget } from '../shared/connect.js';
import { ExitCode } from '../shared/exit-codes.js';
import type { CliIO } from '../shared/io.js';
import { toJsonText } from '../shared/json.js';
import { parseTarget } from '../shared/target.js';

export interface FindOptions {
  target: string;
  env: string | undefined;
  region: string | undefined;
  tags: string[];
  selector: SelectorName;
  all: boolean;
  json: boolean;
  zk: ZkTarget;
  io: CliIO;
}

function criteriaOf(options: FindOptions): NodePredicate | undefined {
  const predicates: NodePredicate[] = [];
  if (options.env !== undefined) predicates.push(withEnvironment(options.env));
  if (options.region !== undefined) predicates.push(withRegion(options.region));
  if (options.tags.length > 0) predicates.push(withTags(...options.tags));
  return predicates.length === 0 ? undefined : allOf(...predicates);
}

/** Says why nothing was found: no such service, no instances, or how many were excluded by what. */
async function explainNone(session: ZkSession, finder: RangerServiceFinder, namespace: string, service: string, filtered: boolean): Promise<string> {
  const instances = finder.getInstances(service);
  const name = `${namespace}/${service}`;
  if (instances.length === 0) {
    const exists = await session.exists(servicePath(namespace, service));
    return exists ? `no eligible node for ${name}: it has no instances` : `no eligible node for ${name}: the service does not exist`;
  }
  const counts = countStatuses(instances, Date.now());
  const reasons = (['unhealthy', 'zombie', 'unreadable'] as const).filter((status) => counts[status] > 0).map((status) => `${counts[status]} ${status}`);
  if (filtered && counts.healthy > 0) reasons.push(`${counts.healthy} healthy but not matching the criteria`);
  return `no eligible node for ${name}: none of ${counts.total} instance${counts.total === 1 ? '' : 's'} qualifies (${reasons.join(', ')})`;
}

function nodeText(node: ServiceNode): string {
  return `${node.host}:${node.port}`;
}

/** `rangerctl find NS/SVC`: what a finder would return; exit 1 when no node is eligible. */
export async function runFind(options: FindOptions): Promise<number> {
  const target = parseTarget(options.target, { serviceRequired: true });
  const service = target.service ?? '';
  const { io } = options;
  const session = await openCliSession(options.zk);
  const finder = new RangerServiceFinder({
    zk: session,
    namespace: target.namespace,
    services: service,
    selector: selectorByName(options.selector),
    startTimeoutMs: options.zk.timeoutMs,
  });
  try {
    await finder.start();
    const criteria = criteriaOf(options);
    const picked = options.all ? finder.getAllNodes(service, criteria) : [finder.getNode(service, criteria)].filter((node) => node !== undefined);
    if (picked.length === 0) {
      io.err(`rangerctl: ${await explainNone(session, finder, target.namespace, service, criteria !== undefined)}\n`);
      return ExitCode.failure;
    }
    if (options.json) {
      const json = picked.map(serviceNodeJson);
      io.out(`${toJsonText(options.all ? json : json[0], io.stdoutIsTTY)}\n`);
    } else {
      io.out(picked.map((node) => `${nodeText(node)}\n`).join(''));
    }
    return ExitCode.ok;
  } finally {
    finder.stop();
    session.close();
  }
}
