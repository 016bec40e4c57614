/**
 * The one API between the UI and the engines: every request (name -> params -> result) and every pushed event
 * (name -> payload). Electron IPC and the WebSocket are two thin transports over the same RangerHost.
 * Renderer-safe: no Node or DOM APIs. Every payload is plain JSON.
 */
import type { InstanceView, StatusCounts } from './model/instance-view.js';
import type { NodeStat } from './model/node-stat.js';
import type { DeleteOutcome, DeleteTarget, ScanResult } from './model/problems.js';
import type { RegistrationInput, RegistrationView } from './registration.js';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'expired' | 'auth-failed' | 'closed';

/** A saved connection. Credentials are never sent to the UI: only whether there are any. */
export interface ProfileView {
  id: string;
  name: string;
  connectionString: string;
  sessionTimeoutMs: number;
  readOnly: boolean;
  hasCredentials: boolean;
}

export interface ProfileInput {
  /** Absent to create a profile. */
  id?: string;
  name: string;
  connectionString: string;
  sessionTimeoutMs?: number;
  readOnly?: boolean;
  /** `user:password` to set, null to clear, absent to keep what is stored. */
  digestAuth?: string | null;
}

export interface ConnectionView {
  id: string;
  profileId: string | null;
  name: string;
  connectionString: string;
  state: ConnectionState;
  /** Hex session id while a session exists. */
  sessionId: string | null;
  readOnly: boolean;
  sandbox: boolean;
  zombieThresholdMs: number;
}

export interface SandboxView {
  /** A local ZooKeeper install was found, so a sandbox can start. */
  available: boolean;
  running: boolean;
  connectionString: string | null;
  demo: boolean;
  /** Why it cannot start, or what went wrong. */
  message: string | null;
}

export interface NamespaceView {
  name: string;
  serviceCount: number;
}

export interface ServiceSummary {
  service: string;
  counts: StatusCounts;
}

/** Everything about one subscribed namespace at a moment. */
export interface NamespaceSnapshot {
  connectionId: string;
  namespace: string;
  at: number;
  services: ServiceSummary[];
  instances: Record<string, InstanceView[]>;
}

export type LogKind = 'instance-added' | 'instance-removed' | 'health-changed' | 'data-changed' | 'service-added' | 'service-removed';

export interface LogEntry {
  at: number;
  namespace: string;
  service: string;
  /** The znode name (host:port) for instance entries. */
  instance: string | null;
  kind: LogKind;
  detail: string;
}

/**
 * A heartbeat of an instance already sent in full: only these fields moved (and the znode's mzxid). The view
 * with them replaced is the instance's new view. Anything else changing (health, nodeData, weight, scheme,
 * owner, data length, warnings) comes as a full upsert.
 */
export interface HeartbeatPatch {
  name: string;
  lastUpdatedMs: number | null;
  mtimeMs: number;
  version: number;
}

/** One service's instance changes in a frame: an instance is in at most one of the lists. */
export interface InstanceChanges {
  service: string;
  upserts: InstanceView[];
  removed: string[];
  /** Heartbeat-only changes of instances the receiver already holds; absent when there are none. */
  heartbeats?: HeartbeatPatch[];
}

/** A coalesced batch of registry changes (the host sends at most ~10 a second per namespace). */
export interface RegistryFrame {
  connectionId: string;
  namespace: string;
  at: number;
  /** Summaries of services whose counts or membership changed. */
  services: ServiceSummary[];
  removedServices: string[];
  instances: InstanceChanges[];
  log: LogEntry[];
}

export interface TimelinePoint {
  at: number;
  healthy: number;
  unhealthy: number;
  zombie: number;
  unreadable: number;
}

/** A znode's stat as the engine reads it (zxids and session ids in hex, times in epoch ms). */
export type NodeStatView = NodeStat;

/** One znode in full, for the detail pane. */
export interface NodeDetail {
  path: string;
  exists: boolean;
  stat: NodeStatView | null;
  /** The data as UTF-8 text, or null when it is not text. */
  text: string | null;
  /** The data in base64 (raw bytes). */
  base64: string;
  /** Pretty-printed JSON when the data is JSON. */
  prettyJson: string | null;
  /** The instance reading, when the path is an instance node. */
  instance: InstanceView | null;
}

export interface TreeChild {
  name: string;
  path: string;
  numChildren: number;
  dataLength: number;
  ephemeralOwner: string;
}

/** name -> { params, result } */
export interface RequestMap {
  'app.info': { params: Record<string, never>; result: { version: string; mode: 'electron' | 'web'; platform: string } };
  'profiles.list': { params: Record<string, never>; result: ProfileView[] };
  'profiles.save': { params: ProfileInput; result: ProfileView };
  'profiles.delete': { params: { id: string }; result: { deleted: boolean } };
  'connections.list': { params: Record<string, never>; result: ConnectionView[] };
  'connections.open': { params: { profileId: string }; result: ConnectionView };
  'connections.close': { params: { connectionId: string }; result: { closed: boolean } };
  'sandbox.status': { params: Record<string, never>; result: SandboxView };
  'sandbox.start': { params: { demo: boolean }; result: SandboxView };
  'sandbox.stop': { params: Record<string, never>; result: SandboxView };
  'registry.namespaces': { params: { connectionId: string }; result: NamespaceView[] };
  /** Starts following a namespace: the result is a snapshot, then `registry.frame` events follow. */
  'registry.subscribe': { params: { connectionId: string; namespace: string }; result: NamespaceSnapshot };
  'registry.unsubscribe': { params: { connectionId: string; namespace: string }; result: { unsubscribed: boolean } };
  'registry.node': { params: { connectionId: string; path: string }; result: NodeDetail };
  'registry.children': { params: { connectionId: string; path: string }; result: TreeChild[] };
  'registry.timeline': { params: { connectionId: string; namespace: string; service: string }; result: TimelinePoint[] };

  // Registrations: local dev services published from the desktop (issue 5).
  'registrations.list': { params: Record<string, never>; result: RegistrationView[] };
  'registrations.create': { params: RegistrationInput; result: RegistrationView };
  'registrations.update': { params: { id: string; spec: RegistrationInput }; result: RegistrationView };
  /** Without `override`, a node another live session owns is left alone and the view says `conflict`. */
  'registrations.start': { params: { id: string; override?: boolean }; result: RegistrationView };
  'registrations.stop': { params: { id: string }; result: RegistrationView };
  'registrations.drain': { params: { id: string; drained: boolean }; result: RegistrationView };
  'registrations.duplicate': { params: { id: string }; result: RegistrationView };
  'registrations.delete': { params: { id: string }; result: { deleted: boolean } };
  /** The export file as JSON text (all registrations, or those named). */
  'registrations.export': { params: { ids?: string[] }; result: { json: string } };
  'registrations.import': { params: { json: string }; result: RegistrationView[] };
  'registrations.commands': { params: { id: string }; result: { daemon: string; docker: string } };
  /** This machine's hostname, localhost and each LAN address, for the Host field. */
  'registrations.hosts': { params: Record<string, never>; result: { hostname: string; addresses: string[] } };

  // Stale-node forensics (issue 6).
  'problems.scan': { params: { connectionId: string; namespace: string; zombieThresholdMs?: number }; result: ScanResult };
  /** Deletes confirmed nodes, each guarded by the version seen; refused on read-only connections. */
  'problems.delete': { params: { connectionId: string; targets: DeleteTarget[] }; result: DeleteOutcome[] };
  'problems.export': {
    params: { connectionId: string; namespace: string; format: 'json' | 'csv'; zombieThresholdMs?: number };
    result: { filename: string; content: string };
  };
}

/** name -> payload */
export interface EventMap {
  'connection.state': ConnectionView;
  'registry.frame': RegistryFrame;
  'sandbox.state': SandboxView;
  'registration.state': RegistrationView;
  'registration.removed': { id: string };
}

export type RequestName = keyof RequestMap;
export type EventName = keyof EventMap;
export type RequestParams<K extends RequestName> = RequestMap[K]['params'];
export type RequestResult<K extends RequestName> = RequestMap[K]['result'];

/** Errors cross every transport as data and are rebuilt as RangerApiError on the UI side. */
export type ErrorCode = 'invalid-request' | 'unknown-request' | 'not-found' | 'read-only' | 'conflict' | 'zookeeper' | 'unavailable' | 'internal';

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
}

export type ResponseEnvelope<T> = { ok: true; result: T } | { ok: false; error: ErrorPayload };

export class RangerApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RangerApiError';
  }
}

/** What the UI holds: `window.ranger` in Electron, a WebSocket client in web mode. */
export interface RangerApi {
  request<K extends RequestName>(name: K, params: RequestParams<K>): Promise<RequestResult<K>>;
  on<E extends EventName>(name: E, listener: (payload: EventMap[E]) => void): () => void;
}

/** The WebSocket wire format (Electron IPC carries the same envelopes). */
export type ClientMessage = { kind: 'request'; id: number; name: string; params: unknown };
export type ServerMessage =
  | { kind: 'response'; id: number; response: ResponseEnvelope<unknown> }
  | { kind: 'event'; name: string; payload: unknown };

const ERROR_CODES: readonly ErrorCode[] = ['invalid-request', 'unknown-request', 'not-found', 'read-only', 'conflict', 'zookeeper', 'unavailable', 'internal'];

/**
 * Rebuilds a RangerApiError from whatever a transport rejected with. Electron's contextBridge copies only the
 * message of an Error, so the preload rejects with a plain `{ name: 'RangerApiError', code, message }` object,
 * which crosses intact; the renderer's Electron transport turns it back into a RangerApiError with this.
 */
export function toRangerApiError(reason: unknown): RangerApiError {
  if (reason instanceof RangerApiError) return reason;
  if (typeof reason === 'object' && reason !== null) {
    const { code, message } = reason as { code?: unknown; message?: unknown };
    const text = typeof message === 'string' ? message : 'request failed';
    if (typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code)) return new RangerApiError(code as ErrorCode, text);
    return new RangerApiError('internal', text);
  }
  return new RangerApiError('internal', String(reason));
}
