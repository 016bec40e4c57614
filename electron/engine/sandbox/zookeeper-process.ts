import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isServing } from '../zk/four-letter-word.js';
import { waitUntil } from '../util/wait-until.js';
import { findZooKeeperInstall, INSTALL_HINT, type ZooKeeperInstall } from './zookeeper-install.js';

export interface QuorumMember {
  id: number;
  clientPort: number;
  quorumPort: number;
  electionPort: number;
}

export interface ZooKeeperProcessOptions {
  /** Loopback port to serve on; a free one is picked when omitted. */
  clientPort?: number;
  /** Data directory; a temporary one (deleted on dispose) when omitted. */
  dataDir?: string;
  tickTimeMs?: number;
  /** For an ensemble member: this server's id and every member. */
  quorum?: { id: number; members: QuorumMember[] };
  install?: ZooKeeperInstall;
  /** Heap for the JVM; small servers for tests and sandboxes. */
  maxHeapMb?: number;
}

export const LOOPBACK = '127.0.0.1';

/** Asks the OS for a free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A real ZooKeeper server in a child JVM on loopback, for tests, benchmarks and the sandbox.
 * It can be stopped and started again on the same port and data (a server restart).
 */
export class ZooKeeperProcess {
  readonly host = LOOPBACK;
  readonly dataDir: string;
  private readonly ownsDataDir: boolean;
  private readonly install: ZooKeeperInstall;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  private constructor(
    readonly clientPort: number,
    dataDir: string | undefined,
    private readonly options: ZooKeeperProcessOptions,
  ) {
    const install = options.install ?? findZooKeeperInstall();
    if (!install) throw new Error(INSTALL_HINT);
    this.install = install;
    this.ownsDataDir = dataDir === undefined;
    this.dataDir = dataDir ?? mkdtempSync(join(tmpdir(), 'ranger-zk-'));
  }

  /** Creates and starts a server, resolving once it serves requests. */
  static async start(options: ZooKeeperProcessOptions = {}): Promise<ZooKeeperProcess> {
    const port = options.clientPort ?? (await freePort());
    const server = new ZooKeeperProcess(port, options.dataDir, options);
    await server.start();
    return server;
  }

  get connectionString(): string {
    return `${this.host}:${this.clientPort}`;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  private writeConfig(): string {
    const lines = [
      `tickTime=${this.options.tickTimeMs ?? 500}`,
      `dataDir=${join(this.dataDir, 'data')}`,
      `clientPort=${this.clientPort}`,
      `clientPortAddress=${this.host}`,
      'admin.enableServer=false',
      '4lw.commands.whitelist=*',
      'minSessionTimeout=1000',
      'maxSessionTimeout=120000',
      'maxClientCnxns=0',
      'autopurge.purgeInterval=0',
    ];
    const quorum = this.options.quorum;
    if (quorum) {
      lines.push('initLimit=10', 'syncLimit=5');
      for (const member of quorum.members) {
        lines.push(`server.${member.id}=${this.host}:${member.quorumPort}:${member.electionPort}`);
      }
      mkdirSync(join(this.dataDir, 'data'), { recursive: true });
      writeFileSync(join(this.dataDir, 'data', 'myid'), `${quorum.id}\n`);
    }
    mkdirSync(join(this.dataDir, 'data'), { recursive: true });
    const file = join(this.dataDir, 'zoo.cfg');
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  }

  /** Starts the server (again, after stop) and waits until it answers. */
  async start(timeoutMs = 30_000): Promise<void> {
    if (this.child) return;
    const config = this.writeConfig();
    const heap = `-Xmx${this.options.maxHeapMb ?? 256}m`;
    const env = { ...process.env, JVMFLAGS: heap, ZOO_LOG_DIR: this.dataDir, ZOOCFGDIR: this.dataDir };
    // Its own process group: a terminal's Ctrl-C must reach us first, so providers can deregister before the
    // server goes away. We still take it down if this process exits.
    const spawnOptions = { stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'], env, detached: true };
    const child =
      this.install.kind === 'classpath'
        ? spawn(
            this.install.java,
            [heap, '-XX:+UseSerialGC', '-cp', this.install.classpath, 'org.apache.zookeeper.server.quorum.QuorumPeerMain', config],
            spawnOptions,
          )
        : spawn(this.install.script, ['start-foreground', config], spawnOptions);
    const killOnExit = (): void => {
      child.kill('SIGKILL');
    };
    process.once('exit', killOnExit);
    child.once('exit', () => process.off('exit', killOnExit));
    const log = createWriteStream(join(this.dataDir, 'server.log'), { flags: 'a' });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    let exitedEarly = false;
    void this.exited.then(() => {
      exitedEarly = true;
      if (this.child === child) this.child = undefined;
    });
    // An ensemble member only serves once a quorum has formed, so members are awaited by the caller.
    if (this.options.quorum) return;
    await waitUntil(async () => exitedEarly || (await isServing(this.host, this.clientPort)), {
      timeoutMs,
      what: `ZooKeeper on ${this.connectionString} (log: ${join(this.dataDir, 'server.log')})`,
    });
    if (exitedEarly) throw new Error(`ZooKeeper exited during start-up; see ${join(this.dataDir, 'server.log')}`);
  }

  /** Stops the server; `kill` sends SIGKILL at once, as a crash would. */
  async stop(kill = false): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill(kill ? 'SIGKILL' : 'SIGTERM');
    const forced = setTimeout(() => child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(forced);
    this.child = undefined;
  }

  /** Freezes the server (SIGSTOP): connections stay open but nothing is answered, like a hung JVM. */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Stops the server and deletes a temporary data directory. */
  async dispose(): Promise<void> {
    await this.stop(true);
    if (this.ownsDataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** A three-server (or n-server) ensemble on loopback, for failover tests. */
export class ZooKeeperEnsemble {
  private constructor(readonly servers: ZooKeeperProcess[]) {}

  static async start(size = 3, timeoutMs = 60_000): Promise<ZooKeeperEnsemble> {
    const members: QuorumMember[] = [];
    for (let id = 1; id <= size; id++) {
      members.push({ id, clientPort: await freePort(), quorumPort: await freePort(), electionPort: await freePort() });
    }
    const servers = await Promise.all(
      members.map((member) => ZooKeeperProcess.start({ clientPort: member.clientPort, quorum: { id: member.id, members } })),
    );
    const ensemble = new ZooKeeperEnsemble(servers);
    await waitUntil(async () => (await Promise.all(servers.map((s) => isServing(s.host, s.clientPort)))).every(Boolean), {
      timeoutMs,
      what: `a ${size}-server ZooKeeper ensemble to form a quorum`,
    });
    return ensemble;
  }

  get connectionString(): string {
    return this.servers.map((server) => server.connectionString).join(',');
  }

  async dispose(): Promise<void> {
    await Promise.all(this.servers.map((server) => server.dispose()));
  }
}
