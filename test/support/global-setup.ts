import type { TestProject } from 'vitest/node';
import { ZooKeeperProcess } from '../../electron/engine/sandbox/zookeeper-process.js';

declare module 'vitest' {
  export interface ProvidedContext {
    zkConnectionString: string;
  }
}

/** One real ZooKeeper server for the whole run; tests isolate themselves by namespace. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let server: ZooKeeperProcess;
  try {
    server = await ZooKeeperProcess.start();
  } catch (error) {
    // One line that says how to get a ZooKeeper, instead of a stack trace.
    throw new Error((error as Error).message, { cause: error });
  }
  project.provide('zkConnectionString', server.connectionString);
  return async () => {
    await server.dispose();
  };
}
