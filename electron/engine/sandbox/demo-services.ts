import { RangerServiceProvider } from '../provider/ranger-service-provider.js';
import type { Logger } from '../util/logger.js';
import { silentLogger } from '../util/logger.js';
import { ZkSession } from '../zk/session.js';

export const DEMO_NAMESPACE = 'demo';

interface DemoService {
  name: string;
  instances: number;
  environment: string;
  regions: string[];
  tags: string[];
  basePort: number;
}

/** A small, plausible registry: enough to see health flip, not so much that it hides what happens. */
export const DEMO_SERVICES: readonly DemoService[] = [
  { name: 'orders', instances: 4, environment: 'prod', regions: ['eu-west-1', 'us-east-1'], tags: ['api', 'v2'], basePort: 18080 },
  { name: 'payments', instances: 3, environment: 'prod', regions: ['eu-west-1'], tags: ['api', 'pci'], basePort: 18180 },
  { name: 'inventory', instances: 5, environment: 'stage', regions: ['us-east-1', 'ap-south-1'], tags: ['batch'], basePort: 18280 },
];

export interface DemoServicesOptions {
  connectionString: string;
  namespace?: string;
  /** Heartbeat interval of each instance (default 1000 ms, as a Java provider). */
  updateIntervalMs?: number;
  /** Chance per check that a healthy instance turns unhealthy (default 0.01: about every 100 s per instance). */
  failChance?: number;
  /** Chance per check that an unhealthy instance recovers (default 0.15: a few seconds). */
  recoverChance?: number;
  random?: () => number;
  logger?: Logger;
}

/** Demo providers that heartbeat and flip health now and then, all on one session of their own. */
export class DemoServices {
  private constructor(
    private readonly session: ZkSession,
    readonly providers: RangerServiceProvider[],
    readonly namespace: string,
  ) {}

  static async start(options: DemoServicesOptions): Promise<DemoServices> {
    const namespace = options.namespace ?? DEMO_NAMESPACE;
    const random = options.random ?? Math.random;
    const failChance = options.failChance ?? 0.01;
    const recoverChance = options.recoverChance ?? 0.15;
    const session = new ZkSession({ connectionString: options.connectionString, sessionTimeoutMs: 10_000 });
    // Every provider listens to the shared session: a dozen listeners is by design, not a leak.
    session.setMaxListeners(0);
    session.connect();
    const logger = options.logger ?? silentLogger;
    // Registrations and health flips are the point of the demo and show in the app: only problems are logged.
    const quiet: Logger = { debug() {}, info() {}, warn: (message) => logger.warn(message), error: (message) => logger.error(message) };
    const providers: RangerServiceProvider[] = [];
    for (const service of DEMO_SERVICES) {
      for (let i = 0; i < service.instances; i++) {
        let healthy = true;
        const check = (): boolean => {
          healthy = healthy ? random() >= failChance : random() < recoverChance;
          return healthy;
        };
        providers.push(
          new RangerServiceProvider({
            zk: session,
            updateIntervalMs: options.updateIntervalMs ?? 1000,
            healthCheck: { name: `${service.name}-${i + 1} demo check`, check },
            logger: quiet,
            service: {
              host: `${service.name}-${i + 1}.sandbox.local`,
              port: service.basePort + i,
              namespace,
              serviceName: service.name,
              environment: service.environment,
              region: service.regions[i % service.regions.length] ?? null,
              tags: service.tags,
            },
          }),
        );
      }
    }
    const demo = new DemoServices(session, providers, namespace);
    try {
      await session.waitConnected(15_000);
      await Promise.all(providers.map((provider) => provider.start()));
    } catch (error) {
      await demo.stop();
      throw error;
    }
    return demo;
  }

  /** Deletes every demo registration and closes the session. */
  async stop(): Promise<void> {
    await Promise.all(this.providers.map((provider) => provider.stop().catch(() => undefined)));
    this.session.close();
  }
}
