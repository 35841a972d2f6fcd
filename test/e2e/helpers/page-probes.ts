// Runtime: Node (tests), with functions that run inside the page. Measures what a user feels: when rows appear,
// how steady frames are while scrolling, and how often rows repaint while downloads run.
/// <reference lib="dom" />
import type { Page } from 'playwright-core';

export interface LoadMarks {
  /** Milliseconds since navigation start when the first row was in the DOM. */
  firstRowMs: number | null;
  /** Milliseconds since navigation start when the status bar first counted `expectedCount` loaded items. */
  allLoadedMs: number | null;
  /** Longest animation frame seen so far, in ms (Long Animation Frames API). */
  longestFrameMs: number;
}

export interface FrameStats {
  frames: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Frames that took longer than 25 ms, i.e. at least one missed 60 Hz vsync. */
  slowFrames: number;
  /** Long animation frames (over 50 ms) reported by the browser during the run. */
  longAnimationFrames: number;
}

interface ProbeWindow {
  __fetchpointProbe?: { marks: LoadMarks; longFrames: number[]; repaintsById: Map<string, number> };
}

/** Installs the load observer; call before the first navigation. `expectedText` is what the status bar starts with once loaded. */
export async function installLoadProbe(page: Page, expectedText: string): Promise<void> {
  // tsx compiles with esbuild's keepNames, which wraps named inner functions in __name(); the page has no such helper
  // when Playwright sends a function over (https://github.com/privatenumber/tsx/issues/113).
  await page.addInitScript({ content: 'globalThis.__name = (target) => target;' });
  await page.addInitScript((statusText: string) => {
    const probe = { marks: { firstRowMs: null as number | null, allLoadedMs: null as number | null, longestFrameMs: 0 }, longFrames: [] as number[], repaintsById: new Map<string, number>() };
    (window as ProbeWindow).__fetchpointProbe = probe;
    try {
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          probe.longFrames.push(entry.duration);
          probe.marks.longestFrameMs = Math.max(probe.marks.longestFrameMs, entry.duration);
        }
      }).observe({ type: 'long-animation-frame', buffered: true });
    } catch (error) {
      console.warn('Long Animation Frames are not supported here', error);
    }
    const observer = new MutationObserver(() => {
      if (probe.marks.firstRowMs === null && document.querySelector('[role="row"]') !== null) probe.marks.firstRowMs = performance.now();
      if (probe.marks.allLoadedMs === null && (document.querySelector('.status-bar')?.textContent ?? '').startsWith(statusText)) {
        probe.marks.allLoadedMs = performance.now();
      }
      if (probe.marks.firstRowMs !== null && probe.marks.allLoadedMs !== null) observer.disconnect();
    });
    observer.observe(document, { childList: true, subtree: true, characterData: true });
  }, expectedText);
}

export async function readLoadMarks(page: Page): Promise<LoadMarks> {
  return page.evaluate(() => {
    const probe = (window as ProbeWindow).__fetchpointProbe;
    if (probe === undefined) throw new Error('installLoadProbe() was not called before the page loaded.');
    return { ...probe.marks };
  });
}

/** How the queue is moved while frames are recorded. */
export type ScrollMode = { kind: 'steady'; stepPx: number } | { kind: 'jump' } | { kind: 'idle' };

/**
 * Moves the queue every frame for `durationMs` (by `stepPx`, bouncing at the ends; to a random place for `jump`; not
 * at all for `idle`) and records the time between animation frames.
 */
export async function measureFrames(page: Page, mode: ScrollMode, durationMs: number): Promise<FrameStats> {
  const result = await page.evaluate(
    ({ scroll, duration }) =>
      new Promise<{ deltas: number[]; longFrames: number }>((resolve) => {
        const scroller = document.querySelector<HTMLElement>('.queue-scroll');
        if (scroller === null) throw new Error('The queue list is not on the page.');
        const probe = (window as ProbeWindow).__fetchpointProbe;
        const longFramesBefore = probe?.longFrames.length ?? 0;
        const deltas: number[] = [];
        let direction = 1;
        let last = performance.now();
        const start = last;
        const frame = (now: number) => {
          deltas.push(now - last);
          last = now;
          const maxTop = scroller.scrollHeight - scroller.clientHeight;
          if (scroll.kind === 'jump') scroller.scrollTop = Math.random() * maxTop;
          else if (scroll.kind === 'steady') {
            if (scroller.scrollTop >= maxTop - 1) direction = -1;
            else if (scroller.scrollTop <= 0) direction = 1;
            scroller.scrollTop += direction * scroll.stepPx;
          }
          if (now - start < duration) requestAnimationFrame(frame);
          else resolve({ deltas: deltas.slice(1), longFrames: (probe?.longFrames.length ?? 0) - longFramesBefore });
        };
        requestAnimationFrame(frame);
      }),
    { scroll: mode, duration: durationMs },
  );
  return summarizeFrames(result.deltas, result.longFrames);
}

/**
 * Starts counting row updates: each time the DOM changes (one React commit), every row whose bar or numbers changed
 * counts once. Keyed by the row's item id.
 */
export async function startRowUpdateCounter(page: Page): Promise<void> {
  await page.evaluate(() => {
    const probe = (window as ProbeWindow).__fetchpointProbe;
    if (probe === undefined) throw new Error('installLoadProbe() was not called before the page loaded.');
    probe.repaintsById = new Map();
    const observer = new MutationObserver((mutations) => {
      const touched = new Set<string>();
      for (const mutation of mutations) {
        const target = mutation.target instanceof Element ? mutation.target : mutation.target.parentElement;
        if (target === null || target.closest('.row-facts, [data-progress-fill]') === null) continue;
        const id = target.closest<HTMLElement>('[role="row"]')?.dataset['id'];
        if (id !== undefined) touched.add(id);
      }
      for (const id of touched) probe.repaintsById.set(id, (probe.repaintsById.get(id) ?? 0) + 1);
    });
    observer.observe(document.querySelector('.queue-canvas') ?? document.body, {
      attributes: true,
      attributeFilter: ['style'],
      characterData: true,
      childList: true,
      subtree: true,
    });
    (window as ProbeWindow & { __stopRowUpdateCounter?: () => void }).__stopRowUpdateCounter = () => observer.disconnect();
  });
}

/** Stops counting and returns updates per item id. */
export async function stopRowUpdateCounter(page: Page): Promise<Map<string, number>> {
  const entries = await page.evaluate(() => {
    (window as ProbeWindow & { __stopRowUpdateCounter?: () => void }).__stopRowUpdateCounter?.();
    return [...((window as ProbeWindow).__fetchpointProbe?.repaintsById ?? new Map<string, number>()).entries()];
  });
  return new Map(entries);
}

export function summarizeFrames(deltas: readonly number[], longAnimationFrames: number): FrameStats {
  const sorted = [...deltas].sort((a, b) => a - b);
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
  return {
    frames: sorted.length,
    p50Ms: round(at(0.5)),
    p95Ms: round(at(0.95)),
    p99Ms: round(at(0.99)),
    maxMs: round(sorted.at(-1) ?? 0),
    slowFrames: sorted.filter((delta) => delta > 25).length,
    longAnimationFrames,
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
