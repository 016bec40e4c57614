import { parseConnectionString } from '../zk/connection-string.js';
import { fourLetterWord } from '../zk/four-letter-word.js';

/** Sessions with a client connected to some server of the ensemble, or why that could not be read. */
export type LiveSessions = { checked: true; sessions: Set<string> } | { checked: false; reason: string };

/** `cons` lists a server's client connections with `sid=0x...`; every server is asked, since each knows only its own. */
export async function readLiveSessions(connectionString: string, timeoutMs = 2000): Promise<LiveSessions> {
  const { servers } = parseConnectionString(connectionString);
  const sessions = new Set<string>();
  const failures: string[] = [];
  let answered = 0;
  await Promise.all(
    servers.map(async ({ host, port }) => {
      try {
        const reply = await fourLetterWord(host, port, 'cons', timeoutMs);
        if (/is not executed because it is not in the whitelist/.test(reply)) {
          failures.push(`${host}:${port} does not allow 'cons' (4lw.commands.whitelist)`);
          return;
        }
        answered++;
        for (const match of reply.matchAll(/sid=0x([0-9a-f]+)/g)) if (match[1]) sessions.add(match[1]);
      } catch (error) {
        failures.push(`${host}:${port}: ${(error as Error).message}`);
      }
    }),
  );
  // A server we could not ask may hold the owner's connection: only a full answer is a check.
  if (failures.length > 0 || answered === 0) return { checked: false, reason: failures.join('; ') || 'no server answered' };
  return { checked: true, sessions };
}
