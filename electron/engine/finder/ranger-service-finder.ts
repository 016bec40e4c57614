import { nameProblem } from '../../../shared/model/names.js';
import type { ServiceNode } from '../../../shared/model/service-node.js';
import type { Criteria } from './criteria.js';
import { FinderCore, type FinderCommonOptions } from './finder-core.js';

export interface RangerServiceFinderOptions extends FinderCommonOptions {
  /** The services to follow (one name or several). */
  services: string | string[];
}

/** Finds the eligible nodes of a fixed set of services in one namespace, kept current by watches. */
export class RangerServiceFinder extends FinderCore {
  private readonly serviceNames: string[];

  constructor(options: RangerServiceFinderOptions) {
    const services = typeof options.services === 'string' ? [options.services] : [...options.services];
    if (services.length === 0) throw new Error('services must name at least one service');
    for (const service of services) {
      const problem = nameProblem('service', service);
      if (problem) throw new Error(problem);
    }
    super(options);
    this.serviceNames = services;
  }

  protected async load(): Promise<void> {
    await Promise.all(this.serviceNames.map((service) => (this.watchers.get(service) ?? this.createWatcher(service)).start()));
  }

  protected async reloadAll(): Promise<void> {
    await Promise.all([...this.watchers.values()].map((watcher) => watcher.reload()));
  }

  protected async resyncAll(): Promise<void> {
    await Promise.all([...this.watchers.values()].map((watcher) => watcher.resync()));
  }

  private only(service: string | undefined): string {
    if (service !== undefined) return service;
    const [single] = this.serviceNames;
    if (this.serviceNames.length !== 1 || single === undefined) throw new Error('name the service: this finder follows several');
    return single;
  }

  override getNode(service?: string, criteria?: Criteria): ServiceNode | undefined {
    return super.getNode(this.only(service), criteria ?? this.criteria);
  }

  override getAllNodes(service?: string, criteria?: Criteria): ServiceNode[] {
    return super.getAllNodes(this.only(service), criteria ?? this.criteria);
  }
}
