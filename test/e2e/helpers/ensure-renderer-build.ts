// Runtime: Node (tests). The web host serves dist/renderer; build it once if a test runs before any build did.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from './start-web-host';

export function ensureRendererBuild(): void {
  if (existsSync(join(REPOSITORY_ROOT, 'dist', 'renderer', 'index.html'))) return;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', '-s', 'build:renderer'], { cwd: REPOSITORY_ROOT, encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) {
    throw new Error(`npm run build:renderer failed (exit ${result.status ?? result.signal}): ${result.stderr || result.stdout}`);
  }
}
