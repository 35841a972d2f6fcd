// Runtime: Node (tests). Runs `npm run serve` as a child process, the way a user starts the web UI.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPOSITORY_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SERVE_ENTRY = join(REPOSITORY_ROOT, 'electron', 'headless', 'serve.ts');
const READY_LINE_PREFIX = 'Fetchpoint web UI: ';

export interface WebHostProcess {
  child: ChildProcess;
  /** The URL with the access token, as printed by the host. */
  url: string;
  /** Everything the host wrote to stderr so far, for failure messages. */
  stderr(): string;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` (default SIGTERM) unless the process is gone, then waits for its exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface StartWebHostOptions {
  stateDirectory: string;
  downloadDirectory: string;
  /** How long to wait for the ready line. Default 20000 ms. */
  readyTimeoutMs?: number;
}

/** Starts the web host on a free port and resolves with the URL it prints. */
export function startWebHost(options: StartWebHostOptions): Promise<WebHostProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', SERVE_ENTRY, '--port', '0', '--state', options.stateDirectory, '--dir', options.downloadDirectory],
    { cwd: REPOSITORY_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } },
  );
  let stdout = '';
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  return new Promise<WebHostProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The web host printed no URL within ${options.readyTimeoutMs ?? 20_000} ms. stderr: ${stderr}`));
    }, options.readyTimeoutMs ?? 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((candidate) => candidate.startsWith(READY_LINE_PREFIX));
      if (line === undefined) return;
      clearTimeout(timer);
      resolve({
        child,
        url: line.slice(READY_LINE_PREFIX.length).trim(),
        stderr: () => stderr,
        exited,
        stop: async (signal = 'SIGTERM') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`The web host exited (code ${code}, signal ${signal}) before it was ready. stderr: ${stderr}`));
    });
  });
}
