// Runtime: Node (development). `npm start`: builds the renderer and the Electron bundles, makes sure better-sqlite3
// loads inside Electron, then runs the app. Arguments after `npm start --` go to the app (e.g. URLs to add).
//
// better-sqlite3 ships N-API prebuilds, which are ABI-stable, so the binary Node's tests use normally loads in
// Electron as is. Only when it does not is it rebuilt for Electron, into .native/electron-<version>/, so the copy
// in node_modules that the tests load is never touched.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: projectRoot, stdio: 'inherit', ...options });
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) throw new Error(`${[command, ...args].join(' ')} exited with ${result.status ?? result.signal}.`);
}

function runNpmScript(name) {
  // Under `npm start`, npm_execpath is npm's own CLI script: running it with this Node avoids needing a shell.
  const npmCli = process.env.npm_execpath;
  if (npmCli !== undefined && npmCli.endsWith('.js')) run(process.execPath, [npmCli, 'run', name]);
  else run('npm', ['run', name], { shell: process.platform === 'win32' });
}

function buildRenderer() {
  if (!existsSync(join(projectRoot, 'renderer', 'vite.config.ts'))) {
    console.warn('renderer/vite.config.ts is missing; skipping the renderer build (the window will say it is not built).');
    return;
  }
  runNpmScript('build:renderer');
}

function locateElectron() {
  try {
    // The electron package's main export is the path of its binary (downloaded on first use if missing).
    return require('electron');
  } catch (error) {
    throw new Error(`The Electron binary is not installed. Run \`npx install-electron\` (or reinstall with internet access). ${error.message}`, { cause: error });
  }
}

const SQLITE_PROBE = `
  const Database = require('better-sqlite3');
  const binding = process.env.FETCHPOINT_NATIVE_BINDING;
  const database = new Database(':memory:', binding ? { nativeBinding: binding } : {});
  database.prepare('SELECT 1').get();
  database.close();
`;

function canElectronLoadSqlite(electronPath, nativeBindingPath) {
  const environment = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
  if (nativeBindingPath === undefined) delete environment.FETCHPOINT_NATIVE_BINDING;
  else environment.FETCHPOINT_NATIVE_BINDING = nativeBindingPath;
  const result = spawnSync(electronPath, ['-e', SQLITE_PROBE], { cwd: projectRoot, env: environment, encoding: 'utf8' });
  return result.status === 0;
}

async function buildSqliteForElectron(electronVersion) {
  const nativeRoot = join(projectRoot, '.native', `electron-${electronVersion}`);
  const bindingPath = join(nativeRoot, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(bindingPath)) return bindingPath;
  console.log(`Building better-sqlite3 for Electron ${electronVersion} in ${nativeRoot} …`);
  rmSync(nativeRoot, { recursive: true, force: true });
  mkdirSync(join(nativeRoot, 'node_modules'), { recursive: true });
  const sqliteVersion = JSON.parse(readFileSync(require.resolve('better-sqlite3/package.json'), 'utf8')).version;
  for (const name of ['better-sqlite3', 'node-addon-api']) {
    const source = join(projectRoot, 'node_modules', name);
    if (existsSync(source)) {
      // A stale build/ from another runtime must not be mistaken for the fresh one.
      cpSync(source, join(nativeRoot, 'node_modules', name), { recursive: true, filter: (path) => relative(source, path).split(sep)[0] !== 'build' });
    }
  }
  writeFileSync(
    join(nativeRoot, 'package.json'),
    `${JSON.stringify({ name: 'fetchpoint-native', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }, null, 2)}\n`,
  );
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({ buildPath: nativeRoot, electronVersion, onlyModules: ['better-sqlite3'], force: true, buildFromSource: true });
  if (!existsSync(bindingPath)) throw new Error(`The Electron build of better-sqlite3 did not produce ${bindingPath}.`);
  return bindingPath;
}

async function main() {
  buildRenderer();
  run(process.execPath, [join(projectRoot, 'scripts', 'build-electron.mjs')]);

  const electronPath = locateElectron();
  const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  const environment = { ...process.env };
  delete environment.ELECTRON_RUN_AS_NODE;

  const explicitBinding = process.env.FETCHPOINT_NATIVE_BINDING;
  if (!canElectronLoadSqlite(electronPath, explicitBinding)) {
    console.log('The better-sqlite3 binding in node_modules does not load in Electron; building one for it.');
    const bindingPath = await buildSqliteForElectron(electronVersion);
    if (!canElectronLoadSqlite(electronPath, bindingPath)) throw new Error(`Electron still cannot load better-sqlite3 from ${bindingPath}.`);
    environment.FETCHPOINT_NATIVE_BINDING = bindingPath;
  }

  const app = spawn(electronPath, [projectRoot, ...process.argv.slice(2)], { cwd: projectRoot, env: environment, stdio: 'inherit' });
  // Forward Ctrl+C and SIGTERM so the app flushes its checkpoints instead of dying with this script.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.kill(signal));
  app.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 1 : 128)));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
