// Runtime: Node (build). Bundles the CLI to CommonJS in dist/cli/: `cli.cjs` turns on Node's compile cache, then loads
// `fetchpoint-cli.cjs`, the engine, the store and their JavaScript dependencies in one file. CommonJS because an ES
// module start pays for the ESM loader and for a namespace facade per imported built-in module: about 10 ms of a CLI
// start of about 90 ms. Dependencies are bundled too: resolving and reading better-sqlite3's fifteen small modules
// from node_modules cost about 5 ms of every start.
// Usage: node scripts/build-cli.mjs [output directory, default dist/cli]
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const outputDirectory = resolve(projectRoot, process.argv[2] ?? 'dist/cli');

/** @type {import('esbuild').BuildOptions} */
const common = {
  absWorkingDir: projectRoot,
  format: 'cjs',
  platform: 'node',
  target: 'node22',
  logLevel: 'warning',
};

/**
 * better-sqlite3 finds its native binding relative to its own lib/ folder. Bundled, its `__dirname` would be
 * dist/cli, so it is pointed back at the package, relative to the bundle, and the .node file stays in node_modules.
 * @type {import('esbuild').Plugin}
 */
const sqliteBindingLocation = {
  name: 'better-sqlite3-binding-location',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /better-sqlite3[\\/]lib[\\/]binding\.js$/ }, (args) => {
      const fromBundle = relative(outputDirectory, dirname(args.path)).split('\\').join('/');
      return {
        contents: readFileSync(args.path, 'utf8').replaceAll('__dirname', `require('path').join(__dirname, ${JSON.stringify(fromBundle)})`),
        loader: 'js',
      };
    });
  },
};

await Promise.all([
  build({
    ...common,
    bundle: true,
    entryPoints: ['electron/headless/cli.ts'],
    outfile: `${outputDirectory}/fetchpoint-cli.cjs`,
    plugins: [sqliteBindingLocation],
  }),
  // Not bundled: it must enable the cache before the bundle is read, or the bundle itself is never cached.
  build({ ...common, bundle: false, entryPoints: ['electron/headless/cli-entry.ts'], outfile: `${outputDirectory}/cli.cjs` }),
]);
