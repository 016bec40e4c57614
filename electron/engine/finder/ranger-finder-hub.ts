import { HELPER_TREES, namespacePath } from '../../../shared/model/names.js';
import { CoalescedTask } from '../util/coalesced-task.js';
import { isZkError } from '../zk/errors.js';
import type { WatchEvent } from '../zk/session.js';
import { FinderCore, type FinderCommonOptions } from './finder-core.js';

export type RangerFinderHubOptions = FinderCommonOptions;

/**
 * Follows every service of a namespace: services appear and disappear as their znodes do.
 * Helper trees such as `id-generator` are not services and are skipped.
 */
export class RangerFinderHub extends FinderCore {
  private readonly listing = new CoalescedTask(
    () => this.listOnce(),
    () => this.started,
  );

  private readonly onNamespaceEvent = (_event: WatchEvent): void => {
    if (this.started) void this.listServices();
  };

  protected load(): Promise<void> {
    return this.listServices();
  }

  protected async reloadAll(): Promise<void> {
    await Promise.all([this.listServices(), ...[...this.watchers.values()].map((watcher) => watcher.reload())]);
  }

  protected async resyncAll(): Promise<void> {
    await Promise.all([this.listServices(), ...[...this.watchers.values()].map((watcher) => watcher.resync())]);
  }

  /** Lists the namespace's children (arming the watch), starts new services and drops gone ones. */
  private listServices(): Promise<void> {
    return this.listing.run();
  }

  private async listOnce(): Promise<void> {
    const path = namespacePath(this.namespace);
    let children: string[] = [];
    try {
      ({ children } = await this.session.getChildren(path, this.onNamespaceEvent));
    } catch (error) {
      if (!isZkError(error, 'NO_NODE')) {
        if (this.listenerCount('error') > 0) this.emit('error', error as Error);
        return;
      }
      const stat = await this.session.exists(path, this.onNamespaceEvent).catch(() => null);
      if (stat) {
        this.listing.requestAgain();
        return;
      }
    }
    const services = new Set(children.filter((name) => !HELPER_TREES.has(name)));
    for (const service of [...this.watchers.keys()]) {
      if (!services.has(service)) this.dropWatcher(service);
    }
    const fresh = [...services].filter((service) => !this.watchers.has(service));
    await Promise.all(fresh.map((service) => this.createWatcher(service).start()));
  }
}
