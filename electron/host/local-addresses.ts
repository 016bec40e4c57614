import { hostname, networkInterfaces } from 'node:os';

type Interfaces = ReturnType<typeof networkInterfaces>;

/**
 * The choices for a registration's Host field: this machine's hostname, localhost, 127.0.0.1 and each
 * non-internal address. IPv6 link-local addresses (fe80::/10) are left out: without a zone id (`%eth0`), which
 * a Ranger finder cannot use, no other machine reaches them.
 */
export function hostChoices(name: string = hostname(), interfaces: Interfaces = networkInterfaces()): { hostname: string; addresses: string[] } {
  const addresses = new Set<string>([name, 'localhost', '127.0.0.1']);
  for (const entries of Object.values(interfaces)) {
    for (const entry of entries ?? []) {
      if (entry.internal) continue;
      if (entry.family === 'IPv6' && /^fe[89ab][0-9a-f]:/i.test(entry.address)) continue;
      addresses.add(entry.address);
    }
  }
  return { hostname: name, addresses: [...addresses] };
}
