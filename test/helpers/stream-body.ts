// Runtime: Node (tests only). Writes a response body slice by slice so faults land on an exact byte.
import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/** Largest single write; small enough to keep memory flat, large enough for fast 100+ MiB transfers. */
const SLICE_BYTES = 64 * 1024;
/** Throttled writes aim for about 50 per second so the rate looks smooth to the client. */
const THROTTLE_WRITES_PER_SECOND = 50;
const MAX_THROTTLE_SLICE_BYTES = 16 * 1024;

export interface StreamBodyOptions {
  /** Stop and report `cut` once exactly this many bytes are written; the caller destroys the socket. */
  cutAfterBytes: number | null;
  /** Stop writing once exactly this many bytes are written; the response stays open. */
  stallAfterBytes: number | null;
  /** Pace the writes at this rate; null sends as fast as the socket drains. */
  throttleBytesPerSecond: number | null;
  /** Called after every write with the number of body bytes handed to the socket. */
  onBytesWritten: (byteCount: number) => void;
}

/**
 * Where streaming stopped. `sent`: every byte was written and the response still needs ending.
 * `cut`: the cut point was reached and the caller should call `destroyAfterFlush`. `stalled`: the stall
 * point was reached and nothing more will be written. `aborted`: the connection closed first.
 */
export type StreamBodyResult = 'sent' | 'cut' | 'stalled' | 'aborted';

/** Writes `body` to `res`, honouring backpressure, stopping at the requested cut or stall and pacing if asked. */
export async function streamBody(res: ServerResponse, body: Buffer, options: StreamBodyOptions): Promise<StreamBodyResult> {
  const closed = new AbortController();
  const markClosed = (): void => closed.abort();
  res.once('close', markClosed);
  try {
    const startedAtMs = performance.now();
    let position = 0;
    while (true) {
      if (closed.signal.aborted) return 'aborted';
      if (position === options.cutAfterBytes) return 'cut';
      if (position === options.stallAfterBytes) {
        // A stall at byte 0 still sends the status line: the fault is a silent body, not a silent server.
        res.flushHeaders();
        return 'stalled';
      }
      if (position >= body.length) return 'sent';

      let sliceBytes = Math.min(SLICE_BYTES, body.length - position, distanceTo(options.cutAfterBytes, position), distanceTo(options.stallAfterBytes, position));
      const rate = options.throttleBytesPerSecond;
      if (rate !== null) {
        sliceBytes = Math.min(sliceBytes, Math.max(1, Math.min(MAX_THROTTLE_SLICE_BYTES, Math.floor(rate / THROTTLE_WRITES_PER_SECOND))));
        const dueAtMs = startedAtMs + ((position + sliceBytes) / rate) * 1000;
        const waitMs = dueAtMs - performance.now();
        if (waitMs > 0 && !(await sleepUnlessClosed(waitMs, closed.signal))) return 'aborted';
      }

      const hasRoom = res.write(body.subarray(position, position + sliceBytes));
      position += sliceBytes;
      options.onBytesWritten(sliceBytes);
      if (!hasRoom) await waitForDrain(res, closed.signal);
    }
  } finally {
    res.off('close', markClosed);
  }
}

/**
 * Destroys the connection once everything written so far (headers included) has left the process,
 * so the client receives exactly those bytes and then sees the connection close.
 */
export async function destroyAfterFlush(res: ServerResponse): Promise<void> {
  const socket = res.socket;
  if (!socket || socket.destroyed) return;
  // headersSent turns true at writeHead, before the header block is written, so flush unconditionally.
  res.flushHeaders();
  // An empty write completes only after every earlier write on the socket has been handed to the kernel.
  await new Promise<void>((resolve) => {
    socket.write(Buffer.alloc(0), () => resolve());
  });
  socket.destroy();
}

function distanceTo(boundary: number | null, position: number): number {
  return boundary === null ? Infinity : boundary - position;
}

function waitForDrain(res: ServerResponse, closedSignal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const finish = (): void => {
      res.off('drain', finish);
      closedSignal.removeEventListener('abort', finish);
      resolve();
    };
    res.once('drain', finish);
    closedSignal.addEventListener('abort', finish, { once: true });
  });
}

async function sleepUnlessClosed(delayMs: number, closedSignal: AbortSignal): Promise<boolean> {
  try {
    await sleep(delayMs, undefined, { signal: closedSignal });
    return true;
  } catch (error) {
    if (closedSignal.aborted) return false;
    throw error;
  }
}
