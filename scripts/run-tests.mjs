// Runs every test: type check, lint, unit, integration and end to end (real Chromium).
// Usage: node scripts/run-tests.mjs [unit|integration|e2e]...   (default: all)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const requested = process.argv.slice(2);
const suites = requested.length > 0 ? requested : ['static', 'unit', 'integration', 'e2e'];

function run(command, args, label) {
  process.stdout.write(`\n▶ ${label}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    process.stdout.write(`\n✖ ${label} failed (exit ${result.status ?? result.signal}).\n`);
    process.exit(result.status ?? 1);
  }
}

function findTests(directory) {
  const absolute = join(root, directory);
  if (!existsSync(absolute)) return [];
  const found = [];
  for (const entry of readdirSync(absolute)) {
    const path = join(directory, entry);
    if (statSync(join(root, path)).isDirectory()) found.push(...findTests(path));
    else if (entry.endsWith('.test.ts')) found.push(path);
  }
  return found.sort();
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
if (suites.includes('static')) {
  run(npm, ['run', '-s', 'typecheck'], 'type check (engine, store, headless, Electron shell against electron.d.ts, renderer)');
  run(npm, ['run', '-s', 'lint'], 'lint (layer boundaries included)');
}
const testFiles = suites.filter((suite) => suite !== 'static').flatMap((suite) => findTests(join('test', suite)));
if (suites.includes('e2e')) run(npm, ['run', '-s', 'build:renderer'], 'build the renderer for the end-to-end tests');
if (testFiles.length === 0) {
  process.stdout.write('No test files found.\n');
  process.exit(1);
}
// One file at a time: the kill and speed-limit tests measure throughput and must not share the two cores.
run(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-timeout=300000', ...testFiles],
  `${testFiles.length} test files`,
);
