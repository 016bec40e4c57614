import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RangerHost } from '../host/ranger-host.js';
import { packageRoot } from '../host/app-version.js';
import { stderrLogger } from '../host/stderr-logger.js';
import type { Logger } from '../engine/util/logger.js';
import { defaultDataDir } from './data-dir.js';
import { startWebServer, type WebServer } from './server.js';

export interface WebModeOptions {
  /** A ZooKeeper to open at start (a transient profile, not saved). */
  zk?: string;
  host?: string;
  port?: number;
  /** Start a local sandbox ZooKeeper with demo services and open it. */
  sandbox?: boolean;
  dataDir?: string;
  /** The built renderer; defaults to dist-renderer/ in the package. */
  staticDir?: string;
  token?: string;
  /** Stop on SIGINT/SIGTERM and exit the process (default true; tests pass false). */
  handleSignals?: boolean;
  /** Where the one URL line goes (default stdout). */
  print?: (line: string) => void;
  logger?: Logger;
}

export interface WebMode {
  server: WebServer;
  host: RangerHost;
  url: string;
  stop(): Promise<void>;
}

export function defaultStaticDir(): string {
  return join(packageRoot(), 'dist-renderer');
}

/**
 * `rangerctl web`: a RangerHost behind the web server, optionally with a sandbox or a given ZooKeeper opened.
 * Prints exactly one line to stdout: `Ranger Desk web: <url with token>`.
 */
export async function runWebMode(options: WebModeOptions = {}): Promise<WebMode> {
  const logger = options.logger ?? stderrLogger;
  const staticDir = options.staticDir ?? defaultStaticDir();
  if (!existsSync(join(staticDir, 'index.html'))) logger.warn(`no renderer build in ${staticDir}: run \`npm run build:renderer\` first`);
  const host = new RangerHost({ dataDir: options.dataDir ?? defaultDataDir(), mode: 'web', logger });
  let server: WebServer | undefined;
  // Disposing the host stops every registration (their nodes are deleted) before sessions close; it runs even
  // when closing the server fails.
  const stop = async (): Promise<void> => {
    try {
      await server?.close();
    } finally {
      await host.dispose();
    }
  };
  try {
    if (options.sandbox) {
      logger.info('starting a local sandbox ZooKeeper with demo services…');
      const sandbox = await host.request('sandbox.start', { demo: true });
      logger.info(`sandbox ZooKeeper on ${sandbox.connectionString ?? '?'}, demo services in namespace "demo"`);
    }
    if (options.zk) await host.openTransient(options.zk, options.zk);
    server = await startWebServer({ host: options.host ?? '127.0.0.1', port: options.port ?? 0, rangerHost: host, staticDir, token: options.token, logger });
  } catch (error) {
    await stop();
    throw error;
  }
  (options.print ?? ((line: string) => process.stdout.write(`${line}\n`)))(`Ranger Desk web: ${server.url}`);
  if (options.handleSignals ?? true) {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      logger.info(`${signal}: stopping`);
      // A stop that hangs must not keep the process alive forever.
      setTimeout(() => process.exit(1), 10_000).unref();
      void stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  return { server, host, url: server.url, stop };
}
