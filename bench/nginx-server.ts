// Runtime: Node, run by `npm run bench` through tsx.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addShutdownHook } from './shutdown-hooks';
import { describeError } from './describe-error';
import { runCommand } from './run-command';
import { signalProcessGroup } from './signal-process-group';

/** A private nginx serving the bench files on 127.0.0.1. */
export interface NginxServer {
  /** `http://127.0.0.1:<port>`; files are at `/fast/<name>` (unthrottled) and `/slow/<name>`. */
  baseUrl: string;
  port: number;
  /** The nginx.conf it was started with. */
  configText: string;
  /** Stops nginx and removes its prefix directory; safe to call twice. */
  stop(): Promise<void>;
}

/** Options for {@link startNginxServer}. */
export interface NginxServerOptions {
  nginxPath: string;
  /** Directory whose files are served. */
  filesDir: string;
  /** A file name in `filesDir` used to check that the server answers. */
  probeFileName: string;
  /** nginx `limit_rate` value for `/slow/`, per connection; `8m` is 8 MiB/s. */
  slowLimitRate: string;
}

const startAttempts = 3;
const readyTimeoutMs = 10_000;
const stopTimeoutMs = 5_000;
// Modules whose temp paths nginx creates at startup; set them all inside the prefix unless compiled out.
const tempPathModules = ['proxy', 'fastcgi', 'uwsgi', 'scgi'] as const;

/**
 * Starts nginx in the foreground (`daemon off`) in its own process group with a throwaway prefix
 * directory, on a free port. It is stopped by `stop()`, by the shutdown hooks on Ctrl-C, and as a
 * last resort when the bench process exits.
 */
export async function startNginxServer(options: NginxServerOptions): Promise<NginxServer> {
  const compiledOutModules = await findCompiledOutModules(options.nginxPath);
  let lastError: Error | null = null;
  for (let attempt = 1; attempt <= startAttempts; attempt += 1) {
    try {
      return await startOnce(options, compiledOutModules);
    } catch (error) {
      // A port found free can be taken before nginx binds it; another port usually works.
      lastError = error instanceof Error ? error : new Error(String(error));
      console.error(`bench: nginx start attempt ${attempt} failed: ${lastError.message}`);
    }
  }
  throw new Error(`nginx did not start after ${startAttempts} attempts.`, { cause: lastError });
}

async function startOnce(options: NginxServerOptions, compiledOutModules: ReadonlySet<string>): Promise<NginxServer> {
  const port = await findFreePort();
  const prefixDir = await mkdtemp(join(tmpdir(), 'fetchpoint-bench-nginx-'));
  await chmod(prefixDir, 0o755);
  await mkdir(join(prefixDir, 'logs'));
  await mkdir(join(prefixDir, 'tmp'));
  const configText = renderConfig({ ...options, port, prefixDir, compiledOutModules });
  const configPath = join(prefixDir, 'nginx.conf');
  const errorLogPath = join(prefixDir, 'logs', 'error.log');
  await writeFile(configPath, configText);

  const child = spawn(options.nginxPath, ['-p', `${prefixDir}/`, '-c', configPath, '-e', errorLogPath], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderrChunks: Buffer[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderrChunks.push(chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  await spawned;

  const killGroupOnExit = (): void => signalProcessGroup(child.pid, 'SIGKILL');
  process.on('exit', killGroupOnExit);
  let isStopped = false;
  const stop = async (): Promise<void> => {
    if (isStopped) return;
    isStopped = true;
    removeHook();
    if (child.exitCode === null && child.signalCode === null) {
      signalProcessGroup(child.pid, 'SIGTERM');
      const isExitedInTime = await Promise.race([exited.then(() => true), delay(stopTimeoutMs).then(() => false)]);
      if (!isExitedInTime) {
        signalProcessGroup(child.pid, 'SIGKILL');
        await exited;
      }
    }
    // Workers may outlive a killed master for a moment; the group signal above reaches them too.
    signalProcessGroup(child.pid, 'SIGKILL');
    process.off('exit', killGroupOnExit);
    await rm(prefixDir, { recursive: true, force: true });
  };
  const removeHook = addShutdownHook(stop);

  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(`${baseUrl}/fast/${options.probeFileName}`, child);
    await waitUntilReady(`${baseUrl}/slow/${options.probeFileName}`, child);
  } catch (error) {
    const errorLog = await readFile(errorLogPath, 'utf8').catch((readError: unknown) => `(no error log: ${String(readError)})`);
    await stop();
    const stderr = Buffer.concat(stderrChunks).toString('utf8').trim();
    throw new Error(`nginx on port ${port} is not serving: ${describeError(error)}\n${stderr}\n${errorLog.trim()}`, {
      cause: error,
    });
  }
  return { baseUrl, port, configText, stop };
}

interface ConfigInput extends NginxServerOptions {
  port: number;
  prefixDir: string;
  compiledOutModules: ReadonlySet<string>;
}

function renderConfig(input: ConfigInput): string {
  const tempPaths = [
    `client_body_temp_path ${input.prefixDir}/tmp/client_body;`,
    ...tempPathModules
      .filter((module) => !input.compiledOutModules.has(module))
      .map((module) => `${module}_temp_path ${input.prefixDir}/tmp/${module};`),
  ];
  // One worker: the clients being measured share the machine's two cores with the server.
  return `daemon off;
master_process on;
worker_processes 1;
pid ${input.prefixDir}/nginx.pid;
error_log ${input.prefixDir}/logs/error.log warn;

events {
  worker_connections 1024;
}

http {
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65s;
  keepalive_requests 10000;
${tempPaths.map((line) => `  ${line}`).join('\n')}

  server {
    listen 127.0.0.1:${input.port};
    server_name localhost;

    location /fast/ {
      alias ${input.filesDir}/;
    }

    location /slow/ {
      alias ${input.filesDir}/;
      limit_rate ${input.slowLimitRate};
    }
  }
}
`;
}

async function findCompiledOutModules(nginxPath: string): Promise<Set<string>> {
  const result = await runCommand(nginxPath, ['-V']);
  const configureText = `${result.stdout}\n${result.stderr}`;
  return new Set(tempPathModules.filter((module) => configureText.includes(`--without-http_${module}_module`)));
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('Could not read the free port.'))));
    });
  });
}

async function waitUntilReady(url: string, child: ChildProcess): Promise<void> {
  const deadlineMs = Date.now() + readyTimeoutMs;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadlineMs) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`nginx exited (code ${child.exitCode}, signal ${child.signalCode}).`);
    }
    try {
      const statusCode = await requestStatus(url);
      if (statusCode === 200) return;
      lastProblem = `HEAD ${url} answered ${statusCode}`;
    } catch (error) {
      lastProblem = `HEAD ${url} failed: ${describeError(error)}`;
    }
    await delay(50);
  }
  throw new Error(`not ready after ${readyTimeoutMs} ms (${lastProblem}).`);
}

function requestStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'HEAD', agent: false, timeout: 1_000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.once('timeout', () => req.destroy(new Error('timed out')));
    req.once('error', reject);
    req.end();
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
