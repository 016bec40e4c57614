import type { ServiceNode } from '../../../shared/model/service-node.js';

/** Picks one node from a service's eligible nodes (never called with an empty list). */
export interface NodeSelector {
  select(nodes: readonly ServiceNode[], service: string): ServiceNode | undefined;
}

/** Uniformly random: the default, as in Java and Python Ranger. */
export class RandomNodeSelector implements NodeSelector {
  constructor(private readonly random: () => number = Math.random) {}
  select(nodes: readonly ServiceNode[]): ServiceNode | undefined {
    return nodes[Math.floor(this.random() * nodes.length)];
  }
}

/** Cycles through the nodes, one counter per service. */
export class RoundRobinNodeSelector implements NodeSelector {
  private readonly counters = new Map<string, number>();
  select(nodes: readonly ServiceNode[], service: string): ServiceNode | undefined {
    const next = this.counters.get(service) ?? 0;
    this.counters.set(service, (next + 1) % Number.MAX_SAFE_INTEGER);
    return nodes[next % nodes.length];
  }
}

/** Random, proportional to routingWeight; nodes of weight 0 are picked only when all weigh 0. */
export class WeightedRandomNodeSelector implements NodeSelector {
  constructor(private readonly random: () => number = Math.random) {}
  select(nodes: readonly ServiceNode[]): ServiceNode | undefined {
    const total = nodes.reduce((sum, node) => sum + Math.max(0, node.routingWeight), 0);
    if (total <= 0) return nodes[Math.floor(this.random() * nodes.length)];
    let point = this.random() * total;
    for (const node of nodes) {
      point -= Math.max(0, node.routingWeight);
      if (point < 0) return node;
    }
    return nodes[nodes.length - 1];
  }
}

export type SelectorName = 'random' | 'round-robin' | 'weighted';

export function selectorByName(name: SelectorName): NodeSelector {
  switch (name) {
    case 'random':
      return new RandomNodeSelector();
    case 'round-robin':
      return new RoundRobinNodeSelector();
    case 'weighted':
      return new WeightedRandomNodeSelector();
  }
}
