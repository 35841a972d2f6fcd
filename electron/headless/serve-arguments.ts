// Runtime: Node (no electron). The command line of `npm run serve`, read without side effects so tests can use it.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveDefaultStateDirectory } from '../store/state-directory';
import { isLoopbackHost } from './web-request-guard';

/** Exit codes of `npm run serve`, stable for scripts. */
export const SERVE_EXIT_CODES = { ok: 0, failure: 1, usage: 2, stateLocked: 3 } as const;

/** The prefix of the one stdout line that carries the URL to open; tests and scripts parse it. */
export const READY_LINE_PREFIX = 'Fetchpoint web UI: ';

/** Default TCP port of the web host. */
export const DEFAULT_WEB_PORT = 7690;

export const SERVE_USAGE = `Usage: npm run serve -- [--port P] [--host H] [--state D] [--dir D] [--allow-remote]
  --port P         TCP port (default ${DEFAULT_WEB_PORT}; 0 picks a free one)
  --host H         address to listen on (default 127.0.0.1)
  --state D        state folder (default: the app's, or FETCHPOINT_STATE_DIR)
  --dir D          download folder for new downloads (saved in settings)
  --allow-remote   allow a --host other than loopback`;

export interface ServeArguments {
  port: number;
  host: string;
  stateDirectory: string;
  /** Absolute, or undefined to keep the saved setting. */
  downloadDirectory: string | undefined;
  allowRemote: boolean;
}

/** A command line that cannot be followed; the message is a sentence for the user. */
export class ServeUsageError extends Error {
  override readonly name = 'ServeUsageError';
}

/** Reads the arguments after `serve.ts`. Throws ServeUsageError. */
export function parseServeArguments(argv: readonly string[], environment: NodeJS.ProcessEnv = process.env): ServeArguments {
  let values: { port?: string; host?: string; state?: string; dir?: string; 'allow-remote'?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        state: { type: 'string' },
        dir: { type: 'string' },
        'allow-remote': { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    // parseArgs reports every bad option as a TypeError with a readable message.
    if (!(error instanceof TypeError)) throw error;
    throw new ServeUsageError(error.message, { cause: error });
  }
  const port = values.port === undefined ? DEFAULT_WEB_PORT : Number(values.port);
  if (values.port?.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ServeUsageError(`--port must be a whole number from 0 to 65535, not “${values.port}”.`);
  }
  const host = values.host ?? '127.0.0.1';
  const allowRemote = values['allow-remote'] === true;
  if (!isLoopbackHost(host) && !allowRemote) {
    throw new ServeUsageError(
      `Refusing to listen on ${host}: anyone who can reach it and learns the token could control downloads and open files. Add --allow-remote to do it anyway.`,
    );
  }
  return {
    port,
    host,
    stateDirectory: resolve(values.state ?? resolveDefaultStateDirectory(environment)),
    downloadDirectory: values.dir === undefined ? undefined : resolve(values.dir),
    allowRemote,
  };
}
