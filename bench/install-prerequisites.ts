// Runtime: Node, run by `npm run bench` through tsx.
import { access, constants } from 'node:fs/promises';
import { runCommand } from './run-command';

/** Absolute paths of the programs the bench drives. */
export interface PrerequisitePaths {
  nginxPath: string;
  curlPath: string;
  wgetPath: string;
  aria2cPath: string;
  gnuTimePath: string;
  /** Runs curl, then `sync --data`, in the durable-curl reference row. */
  shellPath: string;
  syncPath: string;
}

interface Prerequisite {
  key: keyof PrerequisitePaths;
  /** Names tried with `command -v`; an absolute path is checked directly. */
  candidates: readonly string[];
  /** Debian packages tried in order until one installs. */
  packages: readonly string[];
}

// `command -v time` answers with the shell keyword, so GNU time is only ever looked up by path.
// nginx lives in /usr/sbin, which a non-login PATH may lack.
const prerequisites: readonly Prerequisite[] = [
  { key: 'nginxPath', candidates: ['nginx', '/usr/sbin/nginx'], packages: ['nginx-light', 'nginx'] },
  { key: 'curlPath', candidates: ['curl'], packages: ['curl'] },
  { key: 'wgetPath', candidates: ['wget'], packages: ['wget'] },
  { key: 'aria2cPath', candidates: ['aria2c'], packages: ['aria2'] },
  { key: 'gnuTimePath', candidates: ['/usr/bin/time'], packages: ['time'] },
  { key: 'shellPath', candidates: ['/bin/sh'], packages: ['dash'] },
  { key: 'syncPath', candidates: ['sync'], packages: ['coreutils'] },
];

const systemNginxPidPath = '/run/nginx.pid';

/**
 * Finds nginx, curl, wget, aria2c and GNU time, installing the missing ones with apt-get
 * (running `apt-get update` once if a package cannot be found). Needs root for installs.
 */
export async function ensurePrerequisites(): Promise<PrerequisitePaths> {
  const paths: Partial<PrerequisitePaths> = {};
  let isAptUpdated = false;
  for (const prerequisite of prerequisites) {
    let path = await locateProgram(prerequisite.candidates);
    if (path === null) {
      const hadSystemNginx = await isReadable(systemNginxPidPath);
      isAptUpdated = await installFirstAvailable(prerequisite.packages, isAptUpdated);
      if (prerequisite.key === 'nginxPath' && !hadSystemNginx) {
        await stopServiceStartedByPackage();
      }
      path = await locateProgram(prerequisite.candidates);
      if (path === null) {
        const packages = prerequisite.packages.join(' or ');
        throw new Error(`Installed ${packages} but still cannot find ${prerequisite.candidates.join(' or ')}.`);
      }
    }
    paths[prerequisite.key] = path;
  }
  return paths as PrerequisitePaths;
}

async function locateProgram(candidates: readonly string[]): Promise<string | null> {
  for (const candidate of candidates) {
    if (candidate.startsWith('/')) {
      if (await isExecutable(candidate)) return candidate;
      continue;
    }
    const result = await runCommand('sh', ['-c', 'command -v "$1"', 'sh', candidate]);
    const found = result.stdout.trim();
    if (result.exitCode === 0 && found.startsWith('/')) return found;
  }
  return null;
}

/** Returns whether `apt-get update` has run by the time it returns. */
async function installFirstAvailable(packages: readonly string[], isAptUpdated: boolean): Promise<boolean> {
  const failures: string[] = [];
  for (const isAfterUpdate of isAptUpdated ? [true] : [false, true]) {
    if (isAfterUpdate && !isAptUpdated) {
      console.log('bench: apt-get update');
      const update = await runApt(['update']);
      if (update.exitCode !== 0) failures.push(`apt-get update: ${lastLines(update.stderr)}`);
      isAptUpdated = true;
    }
    for (const packageName of packages) {
      console.log(`bench: apt-get install -y ${packageName}`);
      const install = await runApt(['install', '-y', '--no-install-recommends', packageName]);
      if (install.exitCode === 0) return isAptUpdated;
      failures.push(`${packageName}: ${lastLines(install.stderr)}`);
    }
  }
  throw new Error(`Could not install any of ${packages.join(', ')}:\n${failures.join('\n')}`);
}

function runApt(args: readonly string[]): ReturnType<typeof runCommand> {
  return runCommand('apt-get', args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

// On hosts without a policy-rc.d that forbids it, the nginx package starts a system nginx on port 80.
// The bench runs its own server, so it stops the one the install started.
async function stopServiceStartedByPackage(): Promise<void> {
  if (!(await isReadable(systemNginxPidPath))) return;
  const nginxPath = await locateProgram(['nginx', '/usr/sbin/nginx']);
  if (nginxPath === null) return;
  console.log('bench: stopping the system nginx that the package install started');
  const result = await runCommand(nginxPath, ['-s', 'quit']);
  if (result.exitCode !== 0) console.error(`bench: could not stop the system nginx: ${lastLines(result.stderr)}`);
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function isReadable(path: string): Promise<boolean> {
  try {
    await access(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ');
}
