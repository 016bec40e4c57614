/** The web mode: the built renderer and a WebSocket transport to a RangerHost, guarded by a per-run token. */
export { startWebServer, WS_PATH, type WebServer, type WebServerOptions } from './server.js';
export { runWebMode, defaultStaticDir, type WebMode, type WebModeOptions } from './run-web-mode.js';
export { stderrLogger } from '../host/stderr-logger.js';
export { defaultDataDir, PRODUCT_NAME } from './data-dir.js';
export { TOKEN_COOKIE } from './auth.js';
export { contentSecurityPolicy } from './csp.js';
