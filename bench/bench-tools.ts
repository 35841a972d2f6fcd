// Runtime: Node, run by `npm run bench` through tsx.
import type { PrerequisitePaths } from './install-prerequisites';
import type { FetchpointCliStatus } from './prepare-fetchpoint-cli';

/** What a tool needs to know to download one file in one run. */
export interface ToolJob {
  url: string;
  /** Empty directory, fresh for this run, on the same disk as the served files. */
  outDir: string;
  /** Name the output must end up with inside `outDir`. */
  outFileName: string;
  /** Empty directory, fresh for this run, for a tool's own state (Fetchpoint's database). */
  stateDir: string;
}

/** The downloader a row belongs to; ratios compare families. */
export type ToolFamily = 'fetchpoint' | 'curl' | 'wget' | 'aria2c';

/** One row of the bench: a downloader with a fixed connection count. */
export interface BenchTool {
  /** Stable id used by `--tools`, e.g. `aria2c-x16`. */
  id: string;
  label: string;
  family: ToolFamily;
  connections: number;
  /** Null when the tool can run; otherwise why its rows are empty. */
  unavailableReason: string | null;
  /** False for a reference row that only means something at full speed. */
  runsThrottled: boolean;
  buildCommand(job: ToolJob): string[];
}

/** Every tool id, in table order. */
export const allToolIds = ['fetchpoint-1', 'fetchpoint-16', 'curl', 'curl-sync', 'wget', 'aria2c-x1', 'aria2c-x16'] as const;

/** The tools that run in a scenario, in table order. */
export function toolsForScenario(tools: readonly BenchTool[], isThrottled: boolean): BenchTool[] {
  return tools.filter((tool) => tool.runsThrottled || !isThrottled);
}

/**
 * Defines the compared downloaders. aria2c runs with `--file-allocation=none` because curl, wget
 * and a fresh Fetchpoint download do not write the file before downloading it, while aria2c's
 * default (`prealloc`) writes every byte twice.
 */
export function defineBenchTools(paths: PrerequisitePaths, fetchpoint: FetchpointCliStatus): BenchTool[] {
  const fetchpointTool = (connections: number): BenchTool => ({
    id: `fetchpoint-${connections}`,
    label: `Fetchpoint ${connections} conn`,
    family: 'fetchpoint',
    connections,
    unavailableReason: fetchpoint.isAvailable ? null : fetchpoint.reason,
    runsThrottled: true,
    buildCommand: (job) => {
      if (!fetchpoint.isAvailable) throw new Error(fetchpoint.reason);
      return [
        fetchpoint.nodePath,
        fetchpoint.cliPath,
        'get',
        job.url,
        '--dir',
        job.outDir,
        '--state',
        job.stateDir,
        '--connections',
        String(connections),
      ];
    },
  });
  const aria2cTool = (connections: number): BenchTool => ({
    id: `aria2c-x${connections}`,
    label: `aria2c -x${connections}`,
    family: 'aria2c',
    connections,
    unavailableReason: null,
    runsThrottled: true,
    buildCommand: (job) => [
      paths.aria2cPath,
      '--no-conf=true',
      `-x${connections}`,
      `-s${connections}`,
      ...(connections > 1 ? ['-k1M'] : []),
      '--allow-overwrite=true',
      '--auto-file-renaming=false',
      '--file-allocation=none',
      '--console-log-level=warn',
      '--summary-interval=0',
      '-d',
      job.outDir,
      '-o',
      job.outFileName,
      job.url,
    ],
  });
  return [
    fetchpointTool(1),
    fetchpointTool(16),
    {
      id: 'curl',
      label: 'curl',
      family: 'curl',
      connections: 1,
      unavailableReason: null,
      runsThrottled: true,
      buildCommand: (job) => [paths.curlPath, '-sS', '-o', `${job.outDir}/${job.outFileName}`, job.url],
    },
    {
      // Fetchpoint syncs every byte before it claims it; curl leaves its output in the page cache. This row shows
      // what curl costs when the file must be on the disk at the end too. No target refers to it.
      id: 'curl-sync',
      label: 'curl + sync --data',
      family: 'curl',
      connections: 1,
      unavailableReason: null,
      runsThrottled: false,
      buildCommand: (job) => [
        paths.shellPath,
        '-c',
        '"$1" -sS -o "$3" "$4" && "$2" --data "$3"',
        'curl-sync',
        paths.curlPath,
        paths.syncPath,
        `${job.outDir}/${job.outFileName}`,
        job.url,
      ],
    },
    {
      id: 'wget',
      label: 'wget',
      family: 'wget',
      connections: 1,
      unavailableReason: null,
      runsThrottled: true,
      buildCommand: (job) => [paths.wgetPath, '-q', '-O', `${job.outDir}/${job.outFileName}`, job.url],
    },
    aria2cTool(1),
    aria2cTool(16),
  ];
}
