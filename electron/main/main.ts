/**
 * The Electron entry: one hardened window on the RangerHost. Everything that can be plain Node lives elsewhere
 * (host, window-options, ipc, window-events, window-state) so it is tested without Electron.
 */
import { app, BrowserWindow, ipcMain, Menu, protocol, safeStorage, screen, session, type WebContents } from 'electron';
import { fileURLToPath } from 'node:url';
import { RangerHost } from '../host/ranger-host.js';
import { disposeWithin } from '../host/dispose-within.js';
import { defaultDataDir } from '../web/data-dir.js';
import { stderrLogger } from '../host/stderr-logger.js';
import { answerAppRequest } from './app-protocol.js';
import { bindRequestChannel, windowClientId } from './ipc.js';
import { appMenuTemplate } from './menu.js';
import { SafeStorageSecretStore } from './safe-storage-secret-store.js';
import {
  allowNavigation,
  allowPermission,
  APP_ENTRY_URL,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  secureWebPreferences,
  windowCsp,
  windowOpenPolicy,
} from './window-options.js';
import { WindowEventForwarder } from './window-events.js';
import { DEFAULT_WINDOW, loadWindowState, MIN_HEIGHT, MIN_WIDTH, visibleState, WindowStateSaver } from './window-state.js';

const logger = stderrLogger;
/** How long quitting waits for registrations to be deleted and sessions closed. */
const QUIT_TIMEOUT_MS = 10_000;
const dataDir = defaultDataDir();
// The web mode reads the same directory, so both share saved profiles.
app.setPath('userData', dataDir);
const rendererDir = fileURLToPath(new URL('../../../dist-renderer/', import.meta.url));
const preloadPath = fileURLToPath(new URL('../preload/preload.js', import.meta.url));
// A Vite dev server, for renderer development only; a packaged app always loads its own files.
const devServerUrl = !app.isPackaged && process.env.RANGER_DESK_DEV_URL ? process.env.RANGER_DESK_DEV_URL : undefined;
const csp = windowCsp(devServerUrl);

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let host: RangerHost | undefined;
  let disposed = false;

  const hardenContents = (contents: WebContents): void => {
    contents.on('will-navigate', (event, url) => {
      if (!allowNavigation(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!allowNavigation(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => windowOpenPolicy());
  };

  const createWindow = async (rangerHost: RangerHost): Promise<void> => {
    const saved = visibleState(await loadWindowState(dataDir), screen.getAllDisplays().map((display) => display.workArea));
    const state = saved ?? DEFAULT_WINDOW;
    const window = new BrowserWindow({
      ...(saved ? state.bounds : { width: state.bounds.width, height: state.bounds.height }),
      minWidth: MIN_WIDTH,
      minHeight: MIN_HEIGHT,
      show: false,
      title: 'Ranger Desk',
      backgroundColor: '#1b1d22',
      webPreferences: secureWebPreferences(preloadPath),
    });
    const contents = window.webContents;
    const clientId = windowClientId(contents.id);
    const forwarder = new WindowEventForwarder(contents, rangerHost, clientId);
    contents.on('did-start-loading', () => {
      // A reload starts a fresh page: its old subscriptions are dropped and events wait for the new one.
      forwarder.setLoading();
      void rangerHost.detachClient(clientId);
    });
    contents.on('did-finish-load', () => forwarder.setReady());
    contents.on('destroyed', () => {
      forwarder.dispose();
      void rangerHost.detachClient(clientId);
    });

    const saver = new WindowStateSaver(dataDir);
    const remember = (): void => {
      if (!window.isDestroyed() && !window.isMinimized()) saver.update({ bounds: window.getNormalBounds(), maximized: window.isMaximized() });
    };
    window.on('resize', remember);
    window.on('move', remember);
    window.on('maximize', remember);
    window.on('unmaximize', remember);
    window.on('close', () => {
      remember();
      void saver.flush();
    });
    window.once('ready-to-show', () => {
      if (state.maximized) window.maximize();
      window.show();
    });
    await window.loadURL(devServerUrl ?? APP_ENTRY_URL);
  };

  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });

  app.on('web-contents-created', (_event, contents) => hardenContents(contents));

  void app.whenReady().then(async () => {
    protocol.handle(APP_SCHEME, async (request) => {
      const answer = await answerAppRequest(rendererDir, request.url, csp);
      return new Response(answer.body, { status: answer.status, headers: answer.headers });
    });
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
    });
    session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(allowPermission(permission)));
    session.defaultSession.setPermissionCheckHandler((_contents, permission) => allowPermission(permission));

    const rangerHost = new RangerHost({
      dataDir,
      mode: 'electron',
      // Unpackaged (npm start), Electron reports its own version: the host reads package.json instead.
      version: app.isPackaged ? app.getVersion() : undefined,
      secrets: new SafeStorageSecretStore(dataDir, safeStorage, logger),
      logger,
    });
    host = rangerHost;
    bindRequestChannel(ipcMain, rangerHost, { devServerUrl }, logger);
    Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(process.platform, { devTools: !app.isPackaged })));
    await createWindow(rangerHost);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void createWindow(rangerHost);
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Before the process ends: stop every registration (each node is deleted from ZooKeeper while its session is
  // still open), then close the sessions and stop a sandbox. Bounded, so a hung ZooKeeper cannot block quitting;
  // whatever is left is ephemeral and expires with the session.
  app.on('before-quit', (event) => {
    if (disposed || !host) return;
    event.preventDefault();
    disposed = true;
    void disposeWithin(host, QUIT_TIMEOUT_MS, logger).finally(() => app.quit());
  });

  // A terminal's Ctrl-C or a service manager's SIGTERM quits the same way (through before-quit).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.quit());
}
