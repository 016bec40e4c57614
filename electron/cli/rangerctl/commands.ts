/** The one place rangerctl's commands are registered: a new command is one more module here. */
import { findCommand } from '../commands/find.js';
import { lsCommand } from '../commands/ls.js';
import { provideCommand } from '../commands/provide.js';
import { sandboxCommand } from '../commands/sandbox.js';
import { staleCommand } from '../commands/stale.js';
import { watchCommand } from '../commands/watch.js';
import { webCommand } from '../commands/web.js';
import type { CommandModule } from './context.js';

export const COMMANDS: readonly CommandModule[] = [lsCommand, findCommand, watchCommand, staleCommand, provideCommand, webCommand, sandboxCommand];
