// Runtime: Node, run by `npm run bench` through tsx.
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError } from './describe-error';
import { runCommand } from './run-command';

/** Whether Fetchpoint's CLI bundle can be benchmarked, and how to start it. */
export type FetchpointCliStatus =
  | { isAvailable: true; nodePath: string; cliPath: string }
  | { isAvailable: false; reason: string };

/** Where `npm run build:cli` writes the bundle, relative to the repository root. */
export const fetchpointCliRelativePath = 'dist/cli/cli.cjs';

/**
 * Builds the CLI bundle with `npm run build:cli` (always, so the bench never measures stale code)
 * and reports whether it can run. A missing script or a failed build makes the Fetchpoint rows
 * unavailable instead of stopping the peers' measurements. With `prebuiltCliPath`, that bundle is
 * used as it is and nothing is built (to measure an older build, say).
 */
export async function prepareFetchpointCli(repoRoot: string, prebuiltCliPath: string | null): Promise<FetchpointCliStatus> {
  if (prebuiltCliPath !== null) return checkCliExists(prebuiltCliPath, 'the given CLI bundle is not readable');
  const packageJson: unknown = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8'));
  if (!hasScript(packageJson, 'build:cli')) {
    return { isAvailable: false, reason: 'package.json has no build:cli script yet' };
  }
  console.log('bench: npm run build:cli');
  try {
    const build = await runCommand('npm', ['run', '--silent', 'build:cli'], { cwd: repoRoot, isInherited: true });
    if (build.exitCode !== 0) {
      return { isAvailable: false, reason: `npm run build:cli failed (exit ${build.exitCode ?? build.signal})` };
    }
  } catch (error) {
    return { isAvailable: false, reason: `could not run npm: ${describeError(error)}` };
  }
  return checkCliExists(join(repoRoot, fetchpointCliRelativePath), `build:cli did not produce ${fetchpointCliRelativePath}`);
}

async function checkCliExists(cliPath: string, problem: string): Promise<FetchpointCliStatus> {
  try {
    await access(cliPath);
  } catch (error) {
    return { isAvailable: false, reason: `${problem}: ${describeError(error)}` };
  }
  // The Node that runs the bench is the project's Node (24); the system `node` may be older.
  return { isAvailable: true, nodePath: process.execPath, cliPath };
}

function hasScript(packageJson: unknown, scriptName: string): boolean {
  if (typeof packageJson !== 'object' || packageJson === null || !('scripts' in packageJson)) return false;
  const scripts = packageJson.scripts;
  return typeof scripts === 'object' && scripts !== null && scriptName in scripts;
}
