// Runtime: Node (a measurement script, not a test: it reports numbers and asserts nothing).
// Usage: node --import tsx test/e2e/scale-measure.ts [--items 10000] [--active 50]
// Opens the web UI on a queue of 10,000 items in Chromium and reports the time to render them, frame times while
// scrolling, and how often rows repaint while 50 downloads run.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateBody, startFaultServer } from '../helpers/fault-server';
import { dropLinks } from './helpers/drop-links';
import { ensureRendererBuild } from './helpers/ensure-renderer-build';
import { launchBrowser } from './helpers/launch-browser';
import { installLoadProbe, measureFrames, readLoadMarks, startRepaintCounter, stopRepaintCounter, type FrameStats } from './helpers/page-probes';
import { seedQueue } from './helpers/seed-queue';
import { startWebHost } from './helpers/start-web-host';
import { waitUntil } from './helpers/wait-until';

const { values } = parseArgs({ options: { items: { type: 'string', default: '10000' }, active: { type: 'string', default: '50' } } });
const ITEM_COUNT = Number(values.items);
const ACTIVE_COUNT = Number(values.active);
const SAMPLE_WINDOW_MS = 5000;
const VIEWPORT = { width: 1280, height: 900 };

function readCpuSeconds(pid: number): number {
  // Fields 14 and 15 of /proc/<pid>/stat: user and system time in clock ticks (100 per second on Linux).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function describeFrames(label: string, stats: FrameStats): string {
  return `${label}: ${stats.frames} frames, p50 ${stats.p50Ms} ms, p95 ${stats.p95Ms} ms, p99 ${stats.p99Ms} ms, max ${stats.maxMs} ms, ${stats.slowFrames} over 25 ms, ${stats.longAnimationFrames} long animation frames`;
}

async function main(): Promise<void> {
  ensureRendererBuild();
  const root = await mkdtemp(join(tmpdir(), 'fetchpoint-scale-'));
  const server = await startFaultServer();
  const report: string[] = [];
  const log = (line: string) => {
    report.push(line);
    process.stdout.write(`${line}\n`);
  };
  try {
    const liveBody = generateBody(4 * 1024 * 1024, 5);
    const liveUrls: string[] = [];
    for (let index = 0; index < ACTIVE_COUNT; index += 1) {
      const path = `/live/stream-${String(index).padStart(2, '0')}.bin`;
      server.addResource(path, { body: liveBody, faults: { throttleBytesPerSecond: 24 * 1024 } });
      liveUrls.push(server.url(path));
    }
    const downloadDirectory = join(root, 'downloads');
    const seedStartedMs = performance.now();
    seedQueue({
      stateDirectory: join(root, 'state'),
      downloadDirectory,
      count: ITEM_COUNT,
      origin: server.origin,
      settings: { maxActiveDownloads: Math.min(50, ACTIVE_COUNT), connectionsPerDownload: 1, maxConnectionsPerHost: 64, maxConnectionsGlobal: 256 },
    });
    log(`Seeded ${ITEM_COUNT.toLocaleString('en-US')} items in ${Math.round(performance.now() - seedStartedMs)} ms.`);

    const host = await startWebHost({ stateDirectory: join(root, 'state'), downloadDirectory });
    const browser = await launchBrowser();
    try {
      log(`Chromium ${browser.version()}, viewport ${VIEWPORT.width}×${VIEWPORT.height}, headless, software rendering.`);
      const page = await browser.newPage({ viewport: VIEWPORT });
      let progressBatches = 0;
      let progressSamples = 0;
      page.on('websocket', (socket) => {
        socket.on('framereceived', (frame) => {
          if (typeof frame.payload !== 'string' || !frame.payload.includes('"downloads:progress"')) return;
          const message = JSON.parse(frame.payload) as { payload?: { samples?: unknown[] } };
          progressBatches += 1;
          progressSamples += message.payload?.samples?.length ?? 0;
        });
      });
      page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
      await installLoadProbe(page, `${ITEM_COUNT.toLocaleString('en-US')} downloads`);

      await page.goto(host.url, { waitUntil: 'commit' });
      const marks = await waitUntil('every item is loaded', async () => {
        const current = await readLoadMarks(page);
        return current.allLoadedMs === null ? undefined : current;
      }, 120_000, 50);
      log(`Render: first row after ${Math.round(marks.firstRowMs ?? NaN)} ms, all ${ITEM_COUNT.toLocaleString('en-US')} items listed after ${Math.round(marks.allLoadedMs ?? NaN)} ms (from navigation start); longest frame while loading ${Math.round(marks.longestFrameMs)} ms.`);
      log(`DOM rows while showing ${ITEM_COUNT.toLocaleString('en-US')} items: ${await page.getByRole('row').count()}.`);

      await page.waitForTimeout(500);
      log(describeFrames('Scroll, steady 40 px/frame (2,400 px/s), 4 s', await measureFrames(page, { kind: 'steady', stepPx: 40 }, 4000)));
      log(describeFrames('Scroll, fling 400 px/frame (24,000 px/s), 3 s', await measureFrames(page, { kind: 'steady', stepPx: 400 }, 3000)));
      log(describeFrames('Scroll, jump to a random place every frame, 3 s', await measureFrames(page, { kind: 'jump' }, 3000)));

      await page.locator('.queue-scroll').evaluate((element) => element.scrollTo({ top: 0 }));
      await dropLinks(page, liveUrls);
      await waitUntil(`${ACTIVE_COUNT} downloads run`, async () => {
        const text = (await page.locator('.status-bar').textContent()) ?? '';
        return text.includes(`${ACTIVE_COUNT} downloading`) ? true : undefined;
      }, 60_000, 200);
      await page.getByRole('radio', { name: /^Downloading/ }).click();
      await page.waitForTimeout(2000);

      const visibleRows = await page.getByRole('row').count();
      const cpuBefore = readCpuSeconds(host.child.pid ?? 0);
      progressBatches = 0;
      progressSamples = 0;
      await startRepaintCounter(page);
      const idleFrames = await measureFrames(page, { kind: 'idle' }, SAMPLE_WINDOW_MS);
      const repaints = await stopRepaintCounter(page);
      const cpuAfter = readCpuSeconds(host.child.pid ?? 0);
      const seconds = SAMPLE_WINDOW_MS / 1000;
      const rates = [...repaints.values()].map((count) => count / seconds).sort((a, b) => a - b);
      log(`${ACTIVE_COUNT} active on top of ${ITEM_COUNT.toLocaleString('en-US')} items: ${(progressBatches / seconds).toFixed(1)} progress batches/s carrying ${(progressSamples / seconds / ACTIVE_COUNT).toFixed(1)} samples/s per item.`);
      log(`Row repaints: ${rates.length} rows in the DOM (${visibleRows} rendered incl. overscan), median ${(rates[Math.floor(rates.length / 2)] ?? 0).toFixed(1)} Hz, min ${(rates[0] ?? 0).toFixed(1)} Hz per row; ${[...repaints.values()].reduce((sum, count) => sum + count, 0) / seconds} bar updates/s in total.`);
      log(describeFrames(`Frames while ${ACTIVE_COUNT} items update, no scrolling, 5 s`, idleFrames));
      log(describeFrames(`Scroll the ${ACTIVE_COUNT} active rows while they update, 20 px/frame, 4 s`, await measureFrames(page, { kind: 'steady', stepPx: 20 }, 4000)));
      await page.getByRole('radio', { name: /^All/ }).click();
      await page.waitForTimeout(500);
      log(describeFrames(`Scroll all ${(ITEM_COUNT + ACTIVE_COUNT).toLocaleString('en-US')} items while ${ACTIVE_COUNT} update, 40 px/frame, 4 s`, await measureFrames(page, { kind: 'steady', stepPx: 40 }, 4000)));
      log(`Web host CPU while ${ACTIVE_COUNT} run on a ${ITEM_COUNT.toLocaleString('en-US')}-item queue: ${Math.round(((cpuAfter - cpuBefore) / seconds) * 100)}% of one core.`);
    } finally {
      await browser.close();
      await host.stop('SIGKILL');
    }
  } finally {
    await server.close();
    await rm(root, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`scale-measure failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
