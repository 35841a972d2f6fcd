// Runtime: Node (tests). Runs the real CLI as a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const REPOSITORY_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI_ENTRY = join(REPOSITORY_ROOT, 'electron', 'headless', 'cli.ts');

export interface CliRun {
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) and the captured output. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Starts `fetchpoint <args>` with the same Node, through tsx, as `npm run cli` does; `env` adds variables. */
export function startCli(args: readonly string[], env: Readonly<Record<string, string>> = {}): CliRun {
  return startNode(['--import', 'tsx', CLI_ENTRY, ...args], env);
}

/** Starts `node <nodeArgs>` with the same Node, from the repository root, capturing its output. */
export function startNode(nodeArgs: readonly string[], env: Readonly<Record<string, string>> = {}): CliRun {
  const child = spawn(process.execPath, nodeArgs, {
    cwd: REPOSITORY_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, exited };
}
