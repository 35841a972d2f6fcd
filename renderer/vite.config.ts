// Runtime: Node (build only). Builds the renderer into dist/renderer with relative asset paths, so the same files
// load from Electron's file:// and from the web host.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const rendererRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2023',
    // The CSP forbids inline scripts, and the module preload polyfill is not needed by Chromium.
    modulePreload: { polyfill: false },
  },
});
