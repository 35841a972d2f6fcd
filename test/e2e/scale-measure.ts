// Runtime: Node (a measurement script, not a test: it reports numbers and asserts nothing).
// Usage: node --import tsx test/e2e/scale-measure.ts [--items 10000] [--active 50]
// Measures the queue UI in Chromium with the Performance API:
//   1. the renderer alone, fed by a stand-in engine behind window.fetchpoint: time to render, and row updates and
//      frame times while the active items get a progress batch every 100 ms;
//   2. the real web host on a state folder seeded with the same number of items: time to render over the WebSocket,
//      frame times while scrolling, then the same with real downloads running, and the host's CPU.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { generateBody, startFaultServer } from '../helpers/fault-server';
import { dropLinks } from './helpers/drop-links';
import { ensureRendererBuild } from './helpers/ensure-renderer-build';
import { launchBrowser } from './helpers/launch-browser';
import { installLoadProbe, measureFrames, readLoadMarks, startRowUpdateCounter, stopRowUpdateCounter, type FrameStats } from './helpers/page-probes';
import { seedQueue } from './helpers/seed-queue';
import { installSyntheticEngine } from './helpers/synthetic-engine';
import { startWebHost } from './helpers/start-web-host';
import { waitUntil } from './helpers/wait-until';

const { values } = parseArgs({ options: { items: { type: 'string', default: '10000' }, active: { type: 'string', default: '50' } } });
const ITEM_COUNT = Number(values.items);
const ACTIVE_COUNT = Number(values.active);
const SAMPLE_WINDOW_MS = 5000;
const VIEWPORT = { width: 1280, height: 900 };
const count = (value: number) => value.toLocaleString('en-US');

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function readCpuSeconds(pid: number): number {
  // Fields 14 and 15 of /proc/<pid>/stat: user and system time in clock ticks (100 per second on Linux).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function describeFrames(label: string, stats: FrameStats): string {
  return `  ${label}: ${stats.frames} frames, p50 ${stats.p50Ms} ms, p95 ${stats.p95Ms} ms, p99 ${stats.p99Ms} ms, max ${stats.maxMs} ms; ${stats.slowFrames} over 25 ms; ${stats.longAnimationFrames} long animation frames`;
}

async function openMeasuredPage(browser: Browser, url: string, expectedStatus: string, prepare?: (page: Page) => Promise<void>): Promise<Page> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
  await installLoadProbe(page, expectedStatus);
  await prepare?.(page);
  await page.goto(url, { waitUntil: 'commit' });
  const marks = await waitUntil('every item is listed', async () => {
    const current = await readLoadMarks(page);
    return current.allLoadedMs === null ? undefined : current;
  }, 120_000, 50);
  log(`  Time to render: first row ${Math.round(marks.firstRowMs ?? NaN)} ms, all ${count(ITEM_COUNT)} items listed ${Math.round(marks.allLoadedMs ?? NaN)} ms after navigation start; longest frame while loading ${Math.round(marks.longestFrameMs)} ms; ${await page.getByRole('row').count()} rows in the DOM.`);
  return page;
}

async function measureRowUpdates(page: Page, label: string): Promise<void> {
  await startRowUpdateCounter(page);
  const frames = await measureFrames(page, { kind: 'idle' }, SAMPLE_WINDOW_MS);
  const updates = await stopRowUpdateCounter(page);
  const rates = [...updates.values()].map((value) => value / (SAMPLE_WINDOW_MS / 1000)).sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)] ?? 0;
  log(`  Row updates (${label}): ${rates.length} visible rows updated, median ${median.toFixed(1)} Hz, slowest ${(rates[0] ?? 0).toFixed(1)} Hz, fastest ${(rates.at(-1) ?? 0).toFixed(1)} Hz.`);
  log(describeFrames(`Frames meanwhile, no scrolling, ${SAMPLE_WINDOW_MS / 1000} s`, frames));
}

async function measureScrolling(page: Page, suffix: string): Promise<void> {
  await page.locator('.queue-scroll').evaluate((element) => element.scrollTo({ top: 0 }));
  await page.waitForTimeout(300);
  log(describeFrames(`Scroll 40 px/frame (2,400 px/s)${suffix}, 4 s`, await measureFrames(page, { kind: 'steady', stepPx: 40 }, 4000)));
  log(describeFrames(`Scroll 120 px/frame (7,200 px/s)${suffix}, 3 s`, await measureFrames(page, { kind: 'steady', stepPx: 120 }, 3000)));
  log(describeFrames(`Fling 400 px/frame (24,000 px/s)${suffix}, 3 s`, await measureFrames(page, { kind: 'steady', stepPx: 400 }, 3000)));
  log(describeFrames(`Jump to a random place every frame (scrollbar drag)${suffix}, 3 s`, await measureFrames(page, { kind: 'jump' }, 3000)));
}

async function measureRendererAlone(browser: Browser, rendererUrl: string): Promise<void> {
  log(`1. Renderer alone: ${count(ITEM_COUNT)} items from a stand-in engine, the first ${ACTIVE_COUNT} active with a batch every 100 ms.`);
  const page = await openMeasuredPage(browser, rendererUrl, `${count(ITEM_COUNT)} downloads`, (target) =>
    installSyntheticEngine(target, { itemCount: ITEM_COUNT, activeCount: ACTIVE_COUNT, batchIntervalMs: 100 }),
  );
  await page.waitForTimeout(1000);
  await measureRowUpdates(page, `${ACTIVE_COUNT} active, 10 batches/s`);
  await measureScrolling(page, ' while the top rows update');
  await page.close();
}

async function measureRealHost(browser: Browser): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'fetchpoint-scale-'));
  const server = await startFaultServer();
  try {
    const liveBody = generateBody(4 * 1024 * 1024, 5);
    const liveUrls: string[] = [];
    for (let index = 0; index < ACTIVE_COUNT; index += 1) {
      const path = `/live/stream-${String(index).padStart(2, '0')}.bin`;
      server.addResource(path, { body: liveBody, faults: { throttleBytesPerSecond: 24 * 1024 } });
      liveUrls.push(server.url(path));
    }
    const downloadDirectory = join(root, 'downloads');
    seedQueue({
      stateDirectory: join(root, 'state'),
      downloadDirectory,
      count: ITEM_COUNT,
      origin: server.origin,
      settings: { maxActiveDownloads: Math.min(50, ACTIVE_COUNT), connectionsPerDownload: 1, maxConnectionsPerHost: 64, maxConnectionsGlobal: 256 },
    });
    const host = await startWebHost({ stateDirectory: join(root, 'state'), downloadDirectory });
    try {
      log(`2. Real web host and engine, state seeded with ${count(ITEM_COUNT)} items (paused, completed, failed).`);
      const page = await openMeasuredPage(browser, host.url, `${count(ITEM_COUNT)} downloads`);
      let progressBatches = 0;
      let progressSamples = 0;
      page.on('websocket', (socket) => {
        socket.on('framereceived', (frame) => {
          if (typeof frame.payload !== 'string' || !frame.payload.includes('"downloads:progress"')) return;
          progressBatches += 1;
          progressSamples += (JSON.parse(frame.payload) as { payload?: { samples?: unknown[] } }).payload?.samples?.length ?? 0;
        });
      });
      await page.waitForTimeout(500);
      await measureScrolling(page, '');

      // The socket listener only sees sockets opened after it was added: reload so progress frames are counted.
      await page.reload({ waitUntil: 'commit' });
      await page.getByRole('row').first().waitFor({ timeout: 30_000 });
      await waitUntil('the queue is loaded again', async () => (((await page.locator('.status-bar').textContent()) ?? '').startsWith(`${count(ITEM_COUNT)} downloads`) ? true : undefined), 60_000, 100);
      await dropLinks(page, liveUrls);
      await waitUntil(`${ACTIVE_COUNT} downloads run`, async () => (((await page.locator('.status-bar').textContent()) ?? '').includes(`${ACTIVE_COUNT} downloading`) ? true : undefined), 60_000, 200);
      await page.getByRole('radio', { name: /^Downloading/ }).click();
      await page.waitForTimeout(2000);
      const cpuBefore = readCpuSeconds(host.child.pid ?? 0);
      progressBatches = 0;
      progressSamples = 0;
      await measureRowUpdates(page, `${ACTIVE_COUNT} real downloads at 24 KiB/s each`);
      const cpuAfter = readCpuSeconds(host.child.pid ?? 0);
      const seconds = SAMPLE_WINDOW_MS / 1000;
      log(`  Engine events: ${(progressBatches / seconds).toFixed(1)} progress batches/s, ${(progressSamples / seconds / ACTIVE_COUNT).toFixed(1)} samples/s per item; web host CPU ${Math.round(((cpuAfter - cpuBefore) / seconds) * 100)}% of one core.`);
      await page.getByRole('radio', { name: /^All/ }).click();
      await page.getByLabel('Sort by').selectOption('state');
      log(describeFrames(`Scroll all ${count(ITEM_COUNT + ACTIVE_COUNT)} items, active first, while they run, 40 px/frame, 4 s`, await measureFrames(page, { kind: 'steady', stepPx: 40 }, 4000)));
      await page.close();
    } finally {
      await host.stop('SIGKILL');
    }
  } finally {
    await server.close();
    await rm(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  ensureRendererBuild();
  const emptyRoot = await mkdtemp(join(tmpdir(), 'fetchpoint-scale-static-'));
  // Any web host serves the built renderer; with window.fetchpoint set, the page never talks to it.
  const staticHost = await startWebHost({ stateDirectory: join(emptyRoot, 'state'), downloadDirectory: join(emptyRoot, 'downloads') });
  const browser = await launchBrowser();
  try {
    log(`Chromium ${browser.version()} headless, software rendering, viewport ${VIEWPORT.width}×${VIEWPORT.height}; load average before: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}.`);
    await measureRendererAlone(browser, staticHost.url);
    await measureRealHost(browser);
  } finally {
    await browser.close();
    await staticHost.stop('SIGKILL');
    await rm(emptyRoot, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`scale-measure failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
