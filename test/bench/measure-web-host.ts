/**
 * The web mode under test, seen from the bench: the host as a child process (web-host-child.mjs, the built
 * code), its CPU time and resident memory read from /proc, and a WebSocket client of our own that speaks the
 * ClientMessage/ServerMessage protocol of shared/contract.ts with the token from the printed URL.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import type { ClientMessage, EventMap, EventName, RequestName, RequestParams, RequestResult, ServerMessage } from '../../shared/contract.js';
import { sleep } from './stats.js';

export const WEB_HOST_CHILD = fileURLToPath(new URL('./web-host-child.mjs', import.meta.url));
export const WEB_MODE_BUILD = fileURLToPath(new URL('../../dist/electron/web/index.js', import.meta.url));
export const RENDERER_BUILD = fileURLToPath(new URL('../../dist-renderer', import.meta.url));

const URL_LINE = /^Ranger Desk web: (http:\/\/\S+)$/m;

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ): 100 on every common Linux, asked once. */
let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** CPU time (user + system, all threads) of a process so far, in ms; NaN without /proc. */
export function procCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: fields are counted after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the name: state(3) ... utime(14) stime(15), i.e. indices 11 and 12 here.
    return ((Number(fields[11]) + Number(fields[12])) / ticksPerSecond()) * 1000;
  } catch {
    return Number.NaN;
  }
}

/** Resident memory now and at its peak, in bytes, from /proc/<pid>/status; NaN without /proc. */
export function procMemory(pid: number): { rss: number; peakRss: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kB = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
    return { rss: kB('VmRSS'), peakRss: kB('VmHWM') };
  } catch {
    return { rss: Number.NaN, peakRss: Number.NaN };
  }
}

/** Busy and total jiffies of the whole machine (first line of /proc/stat), for the contention context. */
export function machineCpu(): { busy: number; total: number } {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((sum, value) => sum + value, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return { busy: Number.NaN, total: Number.NaN };
  }
}

export interface WebHostUsage {
  cpu: NodeJS.CpuUsage;
  memory: NodeJS.MemoryUsage;
}

type ChildReply = { type: 'usage'; cpu: NodeJS.CpuUsage; memory: NodeJS.MemoryUsage } | { type: 'profile-started' } | { type: 'profile-stopped'; file: string } | { type: 'error'; message: string };

/** `node web-host-child.mjs --zk ...`: the web mode in a process of its own, stopped with SIGTERM. */
export class WebHostProcess {
  private stderrTail = '';
  private exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-4000);
    });
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static start(connectionString: string, dataDir: string, timeoutMs = 30_000): Promise<WebHostProcess> {
    const child = spawn(process.execPath, [WEB_HOST_CHILD, '--zk', connectionString, '--data-dir', dataDir, '--static-dir', RENDERER_BUILD], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const { stdout: out, stderr: err } = child;
    if (!out || !err) throw new Error('web mode child has no stdout/stderr pipes');
    return new Promise((resolve, reject) => {
      let stdout = '';
      let stderr = '';
      const fail = (why: string): void => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(new Error(`web mode child ${why}: ${stderr.trim().slice(-2000) || '(no stderr)'}`));
      };
      const timer = setTimeout(() => fail(`printed no URL within ${timeoutMs} ms`), timeoutMs);
      err.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('error', (error) => fail(`could not start (${error.message})`));
      child.once('exit', (code) => fail(`exited with ${code} before printing its URL`));
      out.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = URL_LINE.exec(stdout);
        if (!match?.[1]) return;
        clearTimeout(timer);
        child.removeAllListeners('exit');
        child.removeAllListeners('error');
        out.removeAllListeners('data');
        out.resume();
        err.removeAllListeners('data');
        const host = new WebHostProcess(child, match[1]);
        host.stderrTail = stderr.slice(-4000);
        resolve(host);
      });
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** What the child wrote to stderr lately (its warnings and errors). */
  get stderr(): string {
    return this.stderrTail;
  }

  cpuMs(): number {
    return procCpuMs(this.pid);
  }

  memory(): { rss: number; peakRss: number } {
    return procMemory(this.pid);
  }

  private ask(message: object, expect: ChildReply['type'], timeoutMs = 30_000): Promise<ChildReply> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.child.off('message', onMessage);
        reject(new Error(`web mode child did not answer ${JSON.stringify(message)} within ${timeoutMs} ms`));
      }, timeoutMs);
      const onMessage = (reply: ChildReply): void => {
        if (reply.type !== expect && reply.type !== 'error') return;
        clearTimeout(timer);
        this.child.off('message', onMessage);
        if (reply.type === 'error') reject(new Error(`web mode child: ${reply.message}`));
        else resolve(reply);
      };
      this.child.on('message', onMessage);
      this.child.send(message);
    });
  }

  /** The child's own view: process.cpuUsage() and process.memoryUsage() (heap included). */
  async usage(): Promise<WebHostUsage> {
    const reply = await this.ask({ type: 'usage' }, 'usage');
    if (reply.type !== 'usage') throw new Error('unexpected reply');
    return { cpu: reply.cpu, memory: reply.memory };
  }

  async startProfile(): Promise<void> {
    await this.ask({ type: 'profile-start' }, 'profile-started');
  }

  /** Stops the profiler and writes the .cpuprofile to `file`. */
  async stopProfile(file: string): Promise<void> {
    await this.ask({ type: 'profile-stop', file }, 'profile-stopped', 60_000);
  }

  /** SIGTERM (the web mode stops its host and exits), SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const code = await Promise.race([this.exited, sleep(graceMs).then(() => 'timeout' as const)]);
    if (code === 'timeout') {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}

type Listener<E extends EventName> = (payload: EventMap[E]) => void;

/** A client of the web mode's WebSocket, in this process: typed requests, pushed events, bytes received. */
export class HostClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly listeners = new Map<string, Set<Listener<EventName>>>();
  /** Bytes of every message received, and of the last response (e.g. a snapshot). */
  bytesReceived = 0;
  lastResponseBytes = 0;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: WebSocket.RawData) => {
      const text = data.toString();
      this.bytesReceived += Buffer.byteLength(text);
      const message = JSON.parse(text) as ServerMessage;
      if (message.kind === 'response') {
        this.lastResponseBytes = Buffer.byteLength(text);
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.pending.delete(message.id);
        if (message.response.ok) pending.resolve(message.response.result);
        else pending.reject(new Error(`${message.response.error.code}: ${message.response.error.message}`));
      } else {
        for (const listener of this.listeners.get(message.name) ?? []) listener(message.payload as never);
      }
    });
    socket.on('close', () => {
      for (const pending of this.pending.values()) pending.reject(new Error('the host closed the WebSocket'));
      this.pending.clear();
    });
  }

  /** Opens /ws with the page URL's token; the Origin is the page's own, as the server requires. */
  static open(pageUrl: string, timeoutMs = 10_000): Promise<HostClient> {
    const page = new URL(pageUrl);
    const ws = new URL('/ws', page);
    ws.protocol = 'ws:';
    ws.search = '';
    ws.searchParams.set('token', page.searchParams.get('token') ?? '');
    const socket = new WebSocket(ws, { origin: page.origin, handshakeTimeout: timeoutMs, maxPayload: 1024 * 1024 * 1024 });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new HostClient(socket)));
      socket.once('error', reject);
    });
  }

  request<K extends RequestName>(name: K, params: RequestParams<K>, timeoutMs = 120_000): Promise<RequestResult<K>> {
    const id = this.nextId++;
    const message: ClientMessage = { kind: 'request', id, name, params };
    return new Promise<RequestResult<K>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${name}: no response within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as RequestResult<K>);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.socket.send(JSON.stringify(message));
    });
  }

  on<E extends EventName>(name: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener as Listener<EventName>);
    return () => set.delete(listener as Listener<EventName>);
  }

  /** The connection `--zk` opened, once its session is up. */
  async connectedConnection(timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const connections = await this.request('connections.list', {});
      const connected = connections.find((connection) => connection.state === 'connected');
      if (connected) return connected.id;
      if (Date.now() > deadline) throw new Error(`no connected connection within ${timeoutMs} ms: ${JSON.stringify(connections.map((c) => c.state))}`);
      await sleep(50);
    }
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
      setTimeout(() => {
        this.socket.terminate();
        resolve();
      }, 2000).unref();
    });
  }
}

/** Why the web section cannot run here, or undefined when it can. */
export function webModeMissing(chromium: string): string | undefined {
  if (!existsSync(chromium)) return `no Chromium at ${chromium} (apt-get install chromium, or set CHROMIUM_PATH)`;
  if (!existsSync(`${RENDERER_BUILD}/index.html`)) return `no renderer build in ${RENDERER_BUILD} (run \`npm run build\`, i.e. tsc and vite build)`;
  if (!existsSync(WEB_MODE_BUILD)) return `no built web mode at ${WEB_MODE_BUILD} (run \`npm run build\`)`;
  return undefined;
}
