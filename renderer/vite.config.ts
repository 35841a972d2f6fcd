// Runtime: Node (build only). Builds the renderer into dist/renderer with relative asset paths, so the same files
// load from Electron's app protocol or file:// and from the web host.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  // This folder, whatever directory `npm run build:renderer` is started from.
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    // Relative to root.
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2023',
    // The CSP forbids inline scripts, and Chromium needs no module preload polyfill.
    modulePreload: { polyfill: false },
  },
});
