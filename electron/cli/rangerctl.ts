#!/usr/bin/env node
/** rangerctl: the Ranger engines from a shell (ls, find, watch, provide, stale, web, sandbox). */
import { runRangerctl } from './rangerctl/program.js';
import { exitAfterFlush, onClosedPipe, processIO } from './shared/io.js';

onClosedPipe('exit');
await exitAfterFlush(await runRangerctl(process.argv.slice(2), processIO()));
