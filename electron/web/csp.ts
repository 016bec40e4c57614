/**
 * The renderer's Content-Security-Policy, for the desktop window and the web mode alike: scripts and styles only
 * from the app itself (no inline code, no eval), nothing framed, no plugins, no forms, no base-uri tricks.
 * Inline `style` attributes set through the CSSOM (React's `style` prop, uPlot) are not affected by style-src.
 */
export function contentSecurityPolicy(options: { connectSrc?: readonly string[]; devServer?: string } = {}): string {
  const connect = ["'self'", ...(options.connectSrc ?? [])];
  const style = ["'self'"];
  const script = ["'self'"];
  if (options.devServer) {
    // Vite's dev server injects styles and talks over a WebSocket for hot reload; only in development.
    const ws = options.devServer.replace(/^http/, 'ws');
    connect.push(options.devServer, ws);
    style.push("'unsafe-inline'");
    script.push(options.devServer);
  }
  return [
    "default-src 'self'",
    `script-src ${script.join(' ')}`,
    `style-src ${style.join(' ')}`,
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
