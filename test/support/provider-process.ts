/**
 * A provider in its own process, so a test can kill it the way a crash would (no delete, no session close).
 * argv: connectionString namespace service port sessionTimeoutMs. Prints `registered <sessionId>` when up.
 */
import { RangerServiceProvider } from '../../electron/engine/index.js';

const [connectionString = '', namespace = '', service = '', port = '0', sessionTimeoutMs = '2000'] = process.argv.slice(2);
const provider = new RangerServiceProvider({
  zk: { connectionString, sessionTimeoutMs: Number(sessionTimeoutMs) },
  service: { host: '127.0.0.1', port: Number(port), environment: 'stage', namespace, serviceName: service },
  updateIntervalMs: 200,
});
await provider.start();
process.stdout.write(`registered ${provider.zkSession.sessionId}\n`);
setInterval(() => undefined, 1 << 30);
