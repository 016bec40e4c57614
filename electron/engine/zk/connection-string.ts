/** A parsed ZooKeeper connection string: `host[:port][,host[:port]...][/chroot]`. */
export interface ParsedConnectionString {
  servers: { host: string; port: number }[];
  chroot: string | undefined;
}

const DEFAULT_PORT = 2181;

/** Parses and checks a connection string, throwing an Error that names the problem. */
export function parseConnectionString(connectionString: string): ParsedConnectionString {
  const text = connectionString.trim();
  if (text.length === 0) throw new Error('ZooKeeper connection string is empty');
  const slash = text.indexOf('/');
  const serversText = slash === -1 ? text : text.slice(0, slash);
  const chrootText = slash === -1 ? undefined : text.slice(slash);
  if (chrootText !== undefined && chrootText !== '/') {
    if (chrootText.endsWith('/') || chrootText.includes('//')) {
      throw new Error(`ZooKeeper connection string '${connectionString}' has an invalid chroot '${chrootText}'`);
    }
  }
  const servers = serversText.split(',').map((entry) => {
    const item = entry.trim();
    // [v6]:port, host:port, or host
    const match = /^(\[[0-9a-fA-F:.]+\]|[^:\s[\]]+)(?::(\d+))?$/.exec(item);
    if (!match?.[1]) throw new Error(`ZooKeeper connection string '${connectionString}': '${item}' is not host[:port]`);
    const port = match[2] === undefined ? DEFAULT_PORT : Number(match[2]);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new Error(`ZooKeeper connection string '${connectionString}': port ${match[2]} is outside 1..65535`);
    }
    return { host: match[1].replace(/^\[|\]$/g, ''), port };
  });
  return { servers, chroot: chrootText === '/' ? undefined : chrootText };
}
