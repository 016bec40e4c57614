import type { ServiceNode } from '../../../shared/model/service-node.js';
import { readShardInfo } from '../../../shared/model/shard-info.js';

/** A test on one node (its nodeData usually being a ShardInfo). */
export type NodePredicate = (node: ServiceNode) => boolean;

/** A rule over the whole eligible list, for selections a predicate cannot express (fallbacks). */
export interface ListCriteria {
  apply(nodes: readonly ServiceNode[]): ServiceNode[];
}

export type Criteria = NodePredicate | ListCriteria;

export function applyCriteria(nodes: readonly ServiceNode[], criteria: Criteria | undefined): ServiceNode[] {
  if (!criteria) return [...nodes];
  return typeof criteria === 'function' ? nodes.filter(criteria) : criteria.apply(nodes);
}

export function withEnvironment(environment: string): NodePredicate {
  return (node) => readShardInfo(node.nodeData).environment === environment;
}

export function withRegion(region: string): NodePredicate {
  return (node) => readShardInfo(node.nodeData).region === region;
}

/** Nodes carrying every one of the tags. */
export function withTags(...tags: string[]): NodePredicate {
  return (node) => {
    const nodeTags = readShardInfo(node.nodeData).tags ?? [];
    return tags.every((tag) => nodeTags.includes(tag));
  };
}

export function allOf(...predicates: NodePredicate[]): NodePredicate {
  return (node) => predicates.every((predicate) => predicate(node));
}

/**
 * Java's hierarchical environment selection: for `a.b.c`, nodes in `a.b.c` if any, else `a.b`, else `a`.
 * An optional predicate (region, tags...) applies at every level.
 */
export function hierarchicalEnvironment(environment: string, alsoMatching?: NodePredicate, separator = '.'): ListCriteria {
  const parts = environment.split(separator);
  const levels = parts.map((_, index) => parts.slice(0, parts.length - index).join(separator));
  return {
    apply(nodes) {
      for (const level of levels) {
        const matching = nodes.filter((node) => readShardInfo(node.nodeData).environment === level && (!alsoMatching || alsoMatching(node)));
        if (matching.length > 0) return matching;
      }
      return [];
    },
  };
}
