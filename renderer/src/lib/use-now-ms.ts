// Runtime: renderer. One shared clock for "link expires in N min": a single timer, whatever the number of rows.
import { useSyncExternalStore } from 'react';

const TICK_MS = 15_000;
const listeners = new Set<() => void>();
let nowMs = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    nowMs = Date.now();
    timer = setInterval(() => {
      nowMs = Date.now();
      for (const notify of listeners) notify();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

function getNowMs(): number {
  return nowMs;
}

/** The current time in epoch milliseconds, refreshed every 15 s. */
export function useNowMs(): number {
  return useSyncExternalStore(subscribe, getNowMs);
}
