import { Socket } from 'node:net';

/**
 * Sends a ZooKeeper four-letter word (srvr, ruok, cons, dump, mntr...) and returns the server's whole reply.
 * The server closes the connection after answering, which is how we know the reply is complete.
 */
export function fourLetterWord(host: string, port: number, word: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (error: Error | null): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      if (error) reject(error);
      else resolve(Buffer.concat(chunks).toString('utf8'));
    };
    socket.setTimeout(timeoutMs, () => finish(new Error(`ZooKeeper ${host}:${port} did not answer '${word}' within ${timeoutMs} ms`)));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error) => finish(error));
    socket.on('close', () => finish(null));
    socket.connect(port, host, () => socket.end(word));
  });
}

/** True when the server answers `srvr` with a mode line, i.e. it is serving requests (standalone, leader or follower). */
export async function isServing(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  try {
    const reply = await fourLetterWord(host, port, 'srvr', timeoutMs);
    return /^Mode: (standalone|leader|follower|observer)/m.test(reply);
  } catch {
    return false;
  }
}
