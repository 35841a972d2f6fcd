// Runtime: Node (no electron). Entry of `npm run serve`: the engine with its web UI, on the same state folder as the
// app and the CLI. Prints one line `Fetchpoint web UI: <url>`; exits 2 on a bad command line, 3 when another
// process owns the state folder, 0 after SIGINT or SIGTERM once every download has checkpointed.
import { fileURLToPath } from 'node:url';
import { hasErrorCode } from '../engine/errors';
import { openEngineHost, type EngineHost } from './engine-bootstrap';
import { createOsDesktopActions } from './os-desktop-actions';
import { parseServeArguments, READY_LINE_PREFIX, SERVE_EXIT_CODES, SERVE_USAGE, ServeUsageError, type ServeArguments } from './serve-arguments';
import { startWebHost, type WebHost } from './web-host';

const RENDERER_DIRECTORY = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

async function serve(): Promise<number> {
  let options: ServeArguments;
  try {
    options = parseServeArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof ServeUsageError)) throw error;
    process.stderr.write(`${error.message}\n${SERVE_USAGE}\n`);
    return SERVE_EXIT_CODES.usage;
  }

  let engineHost: EngineHost;
  try {
    engineHost = openEngineHost({ stateDirectory: options.stateDirectory, nativeBindingPath: process.env['FETCHPOINT_NATIVE_BINDING'] });
  } catch (error) {
    if (!hasErrorCode(error, 'DL_ERR_STATE_LOCKED')) throw error;
    process.stderr.write(`${(error as Error).message}\n`);
    return SERVE_EXIT_CODES.stateLocked;
  }

  let webHost: WebHost;
  try {
    await engineHost.engine.start();
    // The web host cannot watch the network as the app does: it takes it as online, so items that the app paused
    // when the network dropped continue here instead of waiting for a signal that never comes.
    await engineHost.engine.setNetworkState({ isOnline: true });
    if (options.downloadDirectory !== undefined) engineHost.engine.updateSettings({ downloadDirectory: options.downloadDirectory });
    webHost = await startWebHost({
      engine: engineHost.engine,
      actions: createOsDesktopActions(),
      rendererDirectory: RENDERER_DIRECTORY,
      host: options.host,
      port: options.port,
      allowRemote: options.allowRemote,
    });
  } catch (error) {
    await engineHost.close();
    if ((error as { code?: unknown } | null)?.code === 'EADDRINUSE') {
      process.stderr.write(`Port ${options.port} on ${options.host} is already in use. Pick another with --port, or --port 0 for any free one.\n`);
      return SERVE_EXIT_CODES.failure;
    }
    throw error;
  }

  process.stdout.write(`${READY_LINE_PREFIX}${webHost.readyUrl}\n`);
  process.stderr.write(`State folder: ${engineHost.stateDirectory}. Press Ctrl+C to stop; downloads resume next time.\n`);
  return waitForStopSignal(webHost, engineHost);
}

function waitForStopSignal(webHost: WebHost, engineHost: EngineHost): Promise<number> {
  return new Promise<number>((resolveExit) => {
    let isStopping = false;
    const stop = (): void => {
      if (isStopping) {
        // A second Ctrl+C means now; the checkpoints already on disk still let every download resume.
        process.exit(SERVE_EXIT_CODES.failure);
      }
      isStopping = true;
      webHost
        .close()
        .finally(() => engineHost.close())
        .then(
          () => resolveExit(SERVE_EXIT_CODES.ok),
          (error: unknown) => {
            process.stderr.write(`Fetchpoint did not stop cleanly: ${error instanceof Error ? error.message : String(error)}\n`);
            resolveExit(SERVE_EXIT_CODES.failure);
          },
        );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

serve().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Fetchpoint web host failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(SERVE_EXIT_CODES.failure);
  },
);
