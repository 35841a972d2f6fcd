// Runtime: Node (build). Bundles the CLI to CommonJS in dist/cli/: `cli.cjs` turns on Node's compile cache, then loads
// `fetchpoint-cli.cjs`, the engine and the store in one file. CommonJS because an ES module start pays for the ESM
// loader and for a namespace facade per imported built-in module: about 10 ms of a CLI start of about 90 ms.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const outputDirectory = 'dist/cli';

/** @type {import('esbuild').BuildOptions} */
const common = {
  absWorkingDir: projectRoot,
  format: 'cjs',
  platform: 'node',
  target: 'node22',
  logLevel: 'warning',
};

rmSync(`${projectRoot}/${outputDirectory}`, { recursive: true, force: true });
await Promise.all([
  // Dependencies stay in node_modules: better-sqlite3 loads a native binding from there.
  build({ ...common, bundle: true, packages: 'external', entryPoints: ['electron/headless/cli.ts'], outfile: `${outputDirectory}/fetchpoint-cli.cjs` }),
  // Not bundled: it must enable the cache before the bundle is read, or the bundle itself is never cached.
  build({ ...common, bundle: false, entryPoints: ['electron/headless/cli-entry.ts'], outfile: `${outputDirectory}/cli.cjs` }),
]);
