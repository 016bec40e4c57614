import { InvalidArgumentError } from 'commander';
import { createServer } from 'node:net';
import { portProblem } from '../../../shared/model/names.js';

/** Commander parser for `--port`: an integer from 1 to 65535 (a bad value is a usage error naming the flag). */
export function portOption(text: string): number {
  const port = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (portProblem(port) !== undefined) throw new InvalidArgumentError(`port must be an integer from 1 to 65535, got '${text}'`);
  return port;
}

/** Whether host:port can be listened on right now (false when something already listens there). */
export function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}
