// Runtime: Node, run by `npm run bench` through tsx.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { addShutdownHook, isShuttingDown } from './shutdown-hooks';
import { signalProcessGroup } from './signal-process-group';

/** What one measured command did, as seen by GNU time and by the bench's own clock. */
export interface MeasuredRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  isTimedOut: boolean;
  /** Wall time measured by the bench around the whole `/usr/bin/time` process, in seconds (ms resolution). */
  wallSeconds: number;
  /** GNU time's figures; null when the command was killed before GNU time could write them. */
  gnuTime: GnuTimeFigures | null;
  /** The last few KiB of the command's stdout and stderr, for failure messages. */
  outputTail: string;
}

/** What GNU time reports for one command. */
export interface GnuTimeFigures {
  /** `%e`, wall seconds (10 ms resolution); kept as a cross-check of the bench's own clock. */
  gnuTimeWallSeconds: number;
  /** `%U`, user CPU seconds of the command and the children it waited for. */
  userSeconds: number;
  /** `%S`, system CPU seconds. */
  sysSeconds: number;
  /** `%M`, the peak resident set size of the largest process, in KiB. */
  maxRssKiB: number;
}

/** Options for {@link runMeasured}. */
export interface RunMeasuredOptions {
  gnuTimePath: string;
  cwd: string;
  /** Where GNU time writes its figures, so they never mix with the command's own stderr. */
  timeFilePath: string;
  /** The command's process group is killed after this long. */
  timeoutMs: number;
}

/** The GNU time format the bench parses: wall s, user s, sys s, max RSS KiB. */
export const gnuTimeFormat = '%e %U %S %M';
const outputTailBytes = 4096;

/** Builds the full argv the bench runs for a command: GNU time wrapping it. */
export function buildMeasuredArgv(command: readonly string[], gnuTimePath: string, timeFilePath: string): string[] {
  return [gnuTimePath, '-f', gnuTimeFormat, '-o', timeFilePath, '--', ...command];
}

/**
 * Runs `command` under GNU time in its own process group and returns its timings.
 * The group is killed on timeout and on Ctrl-C, so no downloader outlives the bench.
 */
export async function runMeasured(command: readonly string[], options: RunMeasuredOptions): Promise<MeasuredRun> {
  const [program, ...args] = buildMeasuredArgv(command, options.gnuTimePath, options.timeFilePath);
  if (program === undefined) throw new Error('Empty command.');
  // A child started after the hooks ran would never be killed.
  if (isShuttingDown()) throw new Error('The bench is shutting down; not starting another command.');
  const startedMs = performance.now();
  const child = spawn(program, args, { cwd: options.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let outputTail = '';
  const keepTail = (chunk: Buffer): void => {
    outputTail = (outputTail + chunk.toString('utf8')).slice(-outputTailBytes);
  };
  child.stdout.on('data', keepTail);
  child.stderr.on('data', keepTail);

  const killGroup = (): void => signalProcessGroup(child.pid, 'SIGKILL');
  const removeHook = addShutdownHook(killGroup);
  let isTimedOut = false;
  const timer = setTimeout(() => {
    isTimedOut = true;
    killGroup();
  }, options.timeoutMs);

  try {
    const { exitCode, signal } = await new Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>(
      (resolve, reject) => {
        child.once('error', reject);
        child.once('close', (code, closeSignal) => resolve({ exitCode: code, signal: closeSignal }));
      },
    );
    const wallSeconds = (performance.now() - startedMs) / 1000;
    const gnuTime = await readGnuTimeFigures(options.timeFilePath, exitCode === 0);
    return { exitCode, signal, isTimedOut, wallSeconds, gnuTime, outputTail: outputTail.trim() };
  } finally {
    clearTimeout(timer);
    removeHook();
  }
}


async function readGnuTimeFigures(timeFilePath: string, isSuccess: boolean): Promise<GnuTimeFigures | null> {
  try {
    return parseGnuTimeOutput(await readFile(timeFilePath, 'utf8'));
  } catch (error) {
    // A command killed on timeout takes GNU time with it; only a successful run must have figures.
    if (isSuccess) throw error;
    return null;
  }
}

function parseGnuTimeOutput(text: string): GnuTimeFigures {
  // GNU time puts "Command exited with non-zero status N" or "Command terminated by signal N" first.
  const lastLine = text.trim().split('\n').at(-1) ?? '';
  const fields = lastLine.trim().split(/\s+/).map(Number);
  const [gnuTimeWallSeconds, userSeconds, sysSeconds, maxRssKiB] = fields;
  if (
    fields.length !== 4 ||
    gnuTimeWallSeconds === undefined ||
    userSeconds === undefined ||
    sysSeconds === undefined ||
    maxRssKiB === undefined ||
    fields.some((value) => !Number.isFinite(value))
  ) {
    throw new Error(`Cannot read GNU time output: ${JSON.stringify(text)}`);
  }
  return { gnuTimeWallSeconds, userSeconds, sysSeconds, maxRssKiB };
}
