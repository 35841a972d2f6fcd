// Runtime: Node (build). Bundles the Electron main process and the preload to CommonJS in dist-electron/.
// The preload must be one self-contained file: a sandboxed preload can require nothing but 'electron'.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** @type {import('esbuild').BuildOptions} */
const common = {
  absWorkingDir: projectRoot,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node22',
  sourcemap: true,
  logLevel: 'warning',
  // electron is provided by the runtime; better-sqlite3 loads a native binding from node_modules at run time.
  external: ['electron', 'better-sqlite3'],
};

await Promise.all([
  build({ ...common, entryPoints: ['electron/main/index.ts'], outfile: 'dist-electron/main.cjs' }),
  // Minified: every window parses the preload before its first paint.
  build({ ...common, entryPoints: ['electron/preload/index.ts'], outfile: 'dist-electron/preload.cjs', minify: true }),
]);
console.log('Built dist-electron/main.cjs and dist-electron/preload.cjs.');
