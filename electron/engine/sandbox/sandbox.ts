import type { Logger } from '../util/logger.js';
import { silentLogger } from '../util/logger.js';
import { DemoServices, DEMO_NAMESPACE } from './demo-services.js';
import { findZooKeeperInstall, INSTALL_HINT } from './zookeeper-install.js';
import { ZooKeeperProcess } from './zookeeper-process.js';

export interface SandboxOptions {
  /** Also register a few demo services that heartbeat and flip health. */
  demo?: boolean;
  demoNamespace?: string;
  /** Loopback port; a free one when omitted. */
  clientPort?: number;
  logger?: Logger;
}

/** A throwaway ZooKeeper on 127.0.0.1 with a temporary data dir, optionally with demo services. */
export class Sandbox {
  private constructor(
    readonly server: ZooKeeperProcess,
    readonly demo: DemoServices | undefined,
  ) {}

  /** True when a local ZooKeeper install exists, so a sandbox can start. */
  static available(): boolean {
    return findZooKeeperInstall() !== undefined;
  }

  static readonly installHint = INSTALL_HINT;

  static async start(options: SandboxOptions = {}): Promise<Sandbox> {
    const logger = options.logger ?? silentLogger;
    const server = await ZooKeeperProcess.start({ clientPort: options.clientPort });
    logger.info(`sandbox ZooKeeper serving on ${server.connectionString} (data in ${server.dataDir})`);
    let demo: DemoServices | undefined;
    if (options.demo) {
      try {
        demo = await DemoServices.start({ connectionString: server.connectionString, namespace: options.demoNamespace ?? DEMO_NAMESPACE, logger });
      } catch (error) {
        await server.dispose();
        throw error;
      }
    }
    return new Sandbox(server, demo);
  }

  get connectionString(): string {
    return this.server.connectionString;
  }

  /** Stops the demo services, then the server, and deletes its data. */
  async stop(): Promise<void> {
    await this.demo?.stop();
    await this.server.dispose();
  }
}
