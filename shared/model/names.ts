/**
 * Names and paths of the Ranger registry: /<namespace>/<service>/<host>:<port>.
 * A namespace or service name is one ZooKeeper path segment.
 */

/** Why a namespace or service name is unusable, or undefined when it is fine. */
export function nameProblem(kind: string, name: string): string | undefined {
  if (name.length === 0) return `${kind} must not be empty`;
  if (name.includes('/')) return `${kind} '${name}' must not contain '/'`;
  if (name === '.' || name === '..') return `${kind} must not be '.' or '..'`;
  if (name === 'zookeeper') return `${kind} 'zookeeper' is reserved by ZooKeeper`;
  // ZooKeeper rejects these code points in path segments.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\u0000-\u001f\u007f-\u009f\ud800-\uf8ff\ufff0-\uffff]/u.test(name)) return `${kind} '${name}' contains a control or reserved character`;
  return undefined;
}

export function portProblem(port: unknown): string | undefined {
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    return `port must be an integer from 1 to 65535, got ${String(port)}`;
  }
  return undefined;
}

export function namespacePath(namespace: string): string {
  return `/${namespace}`;
}

export function servicePath(namespace: string, service: string): string {
  return `/${namespace}/${service}`;
}

export function instanceName(host: string, port: number): string {
  return `${host}:${port}`;
}

export function instancePath(namespace: string, service: string, host: string, port: number): string {
  return `/${namespace}/${service}/${instanceName(host, port)}`;
}

/** Splits a znode name `host:port` (the last colon separates, so IPv6 hosts work); undefined when it is not one. */
export function parseInstanceName(name: string): { host: string; port: number } | undefined {
  const colon = name.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const portText = name.slice(colon + 1);
  if (!/^\d{1,5}$/.test(portText)) return undefined;
  const port = Number(portText);
  if (portProblem(port)) return undefined;
  return { host: name.slice(0, colon), port };
}

/** Helper trees that live beside services under a namespace and hold no ServiceNodes (never flag them). */
export const HELPER_TREES: ReadonlySet<string> = new Set(['id-generator']);
