/** The one place rangerctl's commands are registered: a new command (web, sandbox, stale) is one more module here. */
import { findCommand } from '../commands/find.js';
import { lsCommand } from '../commands/ls.js';
import { provideCommand } from '../commands/provide.js';
import { watchCommand } from '../commands/watch.js';
import type { CommandModule } from './context.js';

export const COMMANDS: readonly CommandModule[] = [lsCommand, findCommand, watchCommand, provideCommand];
