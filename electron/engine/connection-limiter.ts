// Runtime: Node (engine). Caps open connections globally and per host, shared by every download.
import { createAbortError } from './abortable-delay';

interface Waiter {
  host: string;
  grant: (release: () => void) => void;
}

export interface ConnectionLimits {
  /** Default 16. */
  maxGlobal: number;
  /** Default 8. */
  maxPerHost: number;
}

/** A FIFO semaphore with two levels: waiters are served in order when both caps allow. */
export class ConnectionLimiter {
  private limits: ConnectionLimits;
  private globalInUse = 0;
  private readonly perHostInUse = new Map<string, number>();
  private readonly waiters: Waiter[] = [];

  constructor(limits: ConnectionLimits) {
    this.limits = { ...limits };
  }

  setLimits(limits: ConnectionLimits): void {
    this.limits = { ...limits };
    this.drain();
  }

  /** Resolves with a release function once a connection to `host` may be opened. */
  acquire(host: string, signal: AbortSignal): Promise<() => void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) {
        reject(createAbortError(signal));
        return;
      }
      const waiter: Waiter = {
        host,
        grant: (release) => {
          signal.removeEventListener('abort', onAbort);
          resolve(release);
        },
      };
      const onAbort = (): void => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(createAbortError(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      this.drain();
    });
  }

  /**
   * A connection to `host` now, or null when a cap is reached or others already wait: for moving a connection that
   * is already open (to a redirect's host) without ever blocking while its response waits.
   */
  tryAcquire(host: string): (() => void) | null {
    if (this.waiters.length > 0 || !this.hasRoomFor(host)) return null;
    return this.take(host);
  }

  get inUseCount(): number {
    return this.globalInUse;
  }

  private hasRoomFor(host: string): boolean {
    return this.globalInUse < this.limits.maxGlobal && (this.perHostInUse.get(host) ?? 0) < this.limits.maxPerHost;
  }

  private drain(): void {
    for (let index = 0; index < this.waiters.length && this.globalInUse < this.limits.maxGlobal; ) {
      const waiter = this.waiters[index];
      if (waiter === undefined) break;
      if (!this.hasRoomFor(waiter.host)) {
        index += 1;
        continue;
      }
      this.waiters.splice(index, 1);
      waiter.grant(this.take(waiter.host));
    }
  }

  /** Counts a connection to `host` and returns its release function, which is safe to call twice. */
  private take(host: string): () => void {
    this.globalInUse += 1;
    this.perHostInUse.set(host, (this.perHostInUse.get(host) ?? 0) + 1);
    let isReleased = false;
    return () => {
      if (isReleased) return;
      isReleased = true;
      this.globalInUse -= 1;
      const remaining = (this.perHostInUse.get(host) ?? 1) - 1;
      if (remaining <= 0) this.perHostInUse.delete(host);
      else this.perHostInUse.set(host, remaining);
      this.drain();
    };
  }
}
