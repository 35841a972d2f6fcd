// Runtime: Node, run by `npm run bench` through tsx.
import { readFile } from 'node:fs/promises';
import { availableParallelism, release, totalmem } from 'node:os';
import { join } from 'node:path';
import type { PrerequisitePaths } from './install-prerequisites';
import { describeError } from './describe-error';
import { runCommand } from './run-command';

/** The facts a reader needs to compare a benchmark with another machine's. */
export interface MachineInfo {
  cpuModel: string;
  logicalCores: number;
  memoryGiB: number;
  kernel: string;
  operatingSystem: string;
  /** Tool name to the first line of its version output. */
  toolVersions: Record<string, string>;
}

/** Collects CPU, memory, kernel and tool versions; a tool whose version cannot be read says why. */
export async function collectMachineInfo(paths: PrerequisitePaths, repoRoot: string): Promise<MachineInfo> {
  const cpuinfo = await readFile('/proc/cpuinfo', 'utf8');
  const cpuModel = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown';
  // A system without os-release is reported as "unknown", which is all the table needs.
  const osRelease = await readFile('/etc/os-release', 'utf8').catch(() => '');
  const operatingSystem = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(osRelease)?.[1] ?? 'unknown';
  return {
    cpuModel,
    logicalCores: availableParallelism(),
    memoryGiB: totalmem() / 1024 ** 3,
    kernel: release(),
    operatingSystem,
    toolVersions: {
      fetchpoint: await readFetchpointVersion(repoRoot),
      node: process.version,
      nginx: await readVersion(paths.nginxPath, ['-v']),
      curl: await readVersion(paths.curlPath, ['--version']),
      wget: await readVersion(paths.wgetPath, ['--version']),
      aria2c: await readVersion(paths.aria2cPath, ['--version']),
      'GNU time': await readVersion(paths.gnuTimePath, ['--version']),
    },
  };
}

async function readVersion(programPath: string, args: readonly string[]): Promise<string> {
  const result = await runCommand(programPath, args);
  // nginx -v prints to stderr.
  const firstLine = `${result.stdout}\n${result.stderr}`.trim().split('\n')[0]?.trim();
  return firstLine !== undefined && firstLine !== '' ? firstLine : `unknown (exit ${result.exitCode})`;
}

async function readFetchpointVersion(repoRoot: string): Promise<string> {
  const packageJson: unknown = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8'));
  const version =
    typeof packageJson === 'object' && packageJson !== null && 'version' in packageJson
      ? String(packageJson.version)
      : 'unknown';
  try {
    const head = await runCommand('git', ['-C', repoRoot, 'rev-parse', '--short', 'HEAD']);
    const status = await runCommand('git', ['-C', repoRoot, 'status', '--porcelain']);
    const commit = head.exitCode === 0 ? head.stdout.trim() : 'no commit yet';
    const dirtyMark = status.exitCode === 0 && status.stdout.trim() !== '' ? ', uncommitted changes' : '';
    return `${version} (git ${commit}${dirtyMark})`;
  } catch (error) {
    return `${version} (git unavailable: ${describeError(error)})`;
  }
}
