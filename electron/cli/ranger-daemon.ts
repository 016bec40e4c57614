#!/usr/bin/env node
/** ranger-daemon: the Python daemon's drop-in replacement (same flags, same environment variables). */
import { runDaemonCli } from './daemon/daemon-cli.js';
import { exitAfterFlush, onClosedPipe, processIO } from './shared/io.js';

onClosedPipe('ignore');
// Exit explicitly: idle keep-alive sockets of the health check must not hold the process past its 2 s budget.
await exitAfterFlush(await runDaemonCli(process.argv.slice(2), processIO()));
