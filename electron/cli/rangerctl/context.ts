import type { Command } from 'commander';
import type { Colors } from '../shared/colors.js';
import type { ZkTarget } from '../shared/connect.js';
import type { CliIO } from '../shared/io.js';

/** What every rangerctl command gets: where to write, colours, and the global ZooKeeper options. */
export interface RangerctlContext {
  io: CliIO;
  colors: Colors;
  /** `--zk`, `--auth`, `--timeout` as given (read when the command runs, after parsing). */
  zk(): ZkTarget;
  /** Whether a ZooKeeper was asked for (`--zk` on the command line or RANGER_ZK), rather than the default. */
  zkGiven(): boolean;
  /** The code the process exits with once the command's action has finished. */
  exitCode: number;
}

/** One rangerctl command. Modules register themselves with the program in rangerctl/commands.ts. */
export interface CommandModule {
  register(program: Command, context: RangerctlContext): void;
}
