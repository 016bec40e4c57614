#!/usr/bin/env node
// `npm start` (after `npm run build`): the desktop app where an Electron binary exists, otherwise the web mode
// on RANGER_ZK, on a ZooKeeper answering at localhost:2181, or on a local sandbox with demo services.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const mainEntry = fileURLToPath(new URL('../dist/electron/main/main.js', import.meta.url));
const webEntry = new URL('../dist/electron/web/index.js', import.meta.url);
const zkProbeEntry = new URL('../dist/electron/engine/zk/four-letter-word.js', import.meta.url);
const sandboxEntry = new URL('../dist/electron/engine/sandbox/zookeeper-install.js', import.meta.url);

if (!existsSync(mainEntry) || !existsSync(fileURLToPath(webEntry))) {
  process.stderr.write('Ranger Desk is not built: run `npm run build` (and `npm run build:renderer`) first.\n');
  process.exit(1);
}

/** The Electron binary's path, when the electron package has one (it has none when installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1). */
function electronBinary() {
  try {
    const path = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

async function startDesktop(electron) {
  const env = { ...process.env };
  // Set by some shells and tools; it would make the binary behave as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(electron, [mainEntry], { stdio: 'inherit', env, cwd: root });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function startWeb() {
  const { runWebMode } = await import(webEntry.href);
  const { isServing } = await import(zkProbeEntry.href);
  const { findZooKeeperInstall, INSTALL_HINT } = await import(sandboxEntry.href);
  const options = { host: '127.0.0.1', port: Number(process.env.PORT ?? 0) || 0 };
  if (process.env.RANGER_ZK) {
    options.zk = process.env.RANGER_ZK;
  } else if (await isServing('localhost', 2181)) {
    options.zk = 'localhost:2181';
  } else if (findZooKeeperInstall()) {
    options.sandbox = true;
  } else {
    process.stderr.write(`Nothing answers at localhost:2181 and no sandbox can start. ${INSTALL_HINT}\n`);
  }
  await runWebMode(options);
}

const electron = electronBinary();
if (electron) {
  await startDesktop(electron);
} else {
  process.stderr.write('No Electron binary in this install (e.g. ELECTRON_SKIP_BINARY_DOWNLOAD=1): starting the web mode instead.\n');
  await startWeb().catch((error) => {
    process.stderr.write(`Ranger Desk web mode failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
