// Runtime: Node, run by `npm run bench` through tsx.
/** Something that must happen before the bench exits, such as stopping nginx. */
export type ShutdownHook = () => Promise<void> | void;

const hooks = new Set<ShutdownHook>();
let isShutdownStarted = false;

/** True once the shutdown hooks have started running; nothing new should be started after that. */
export function isShuttingDown(): boolean {
  return isShutdownStarted;
}

/** Registers a hook; returns a function that unregisters it once the resource is released normally. */
export function addShutdownHook(hook: ShutdownHook): () => void {
  hooks.add(hook);
  return () => {
    hooks.delete(hook);
  };
}

/** Runs every registered hook once, newest first; a failing hook is reported and the others still run. */
export async function runShutdownHooks(): Promise<void> {
  isShutdownStarted = true;
  for (const hook of [...hooks].reverse()) {
    hooks.delete(hook);
    try {
      await hook();
    } catch (error) {
      console.error('bench: cleanup step failed:', error);
    }
  }
}

const exitCodeBySignal: Readonly<Record<string, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/** Makes Ctrl-C, SIGTERM and SIGHUP run the shutdown hooks before exiting with 128 + signal number. */
export function installSignalHandlers(): void {
  for (const [signal, exitCode] of Object.entries(exitCodeBySignal)) {
    process.once(signal, () => {
      console.error(`\nbench: received ${signal}, cleaning up`);
      void runShutdownHooks().finally(() => process.exit(exitCode));
    });
  }
}
