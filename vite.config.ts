import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The renderer bundle. `base: './'` keeps every asset URL relative, so the same build works from file:// in
 * Electron and from the web mode's HTTP server. No inline scripts: both hosts serve a strict CSP.
 */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist-renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // One small app: no need to split, and fewer requests under file://.
    chunkSizeWarningLimit: 1000,
  },
  server: { host: '127.0.0.1' },
});
