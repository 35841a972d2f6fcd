// Runtime: Node (engine).
import { DownloadError } from './errors';

/** Resolves after `delayMs`, or rejects with DL_ERR_ABORTED as soon as `signal` aborts. */
export function waitForDelay(delayMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(createAbortError(signal));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, delayMs);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(createAbortError(signal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function createAbortError(signal?: AbortSignal): DownloadError {
  return new DownloadError('DL_ERR_ABORTED', 'The download was stopped.', { cause: signal?.reason });
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw createAbortError(signal);
}
