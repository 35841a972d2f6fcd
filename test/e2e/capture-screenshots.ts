// Runtime: Node (a script, not a test). Drives the real web host in Chromium through the main states of the queue
// and saves docs/screenshots/*.png.
// Usage: node --import tsx test/e2e/capture-screenshots.ts
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { generateBody, startFaultServer } from '../helpers/fault-server';
import { dropLinks } from './helpers/drop-links';
import { ensureRendererBuild } from './helpers/ensure-renderer-build';
import { launchBrowser } from './helpers/launch-browser';
import { REPOSITORY_ROOT, startWebHost } from './helpers/start-web-host';
import { waitUntil } from './helpers/wait-until';

const OUTPUT_DIRECTORY = join(REPOSITORY_ROOT, 'docs', 'screenshots');
const MiB = 1024 * 1024;

async function save(page: Page, name: string, { keepToasts = false } = {}): Promise<void> {
  if (!keepToasts) {
    const dismissButtons = page.getByRole('button', { name: 'Dismiss message' });
    while ((await dismissButtons.count()) > 0) await dismissButtons.first().click();
  }
  // Let the last progress batch and any CSS transition settle.
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(OUTPUT_DIRECTORY, name) });
  process.stdout.write(`saved docs/screenshots/${name}\n`);
}

async function waitForState(page: Page, name: string, state: string, timeoutMs: number): Promise<void> {
  await waitUntil(`${name} shows ${state}`, async () => {
    const text = await page.getByRole('row').filter({ hasText: name }).locator('.state-chip').textContent().catch(() => null);
    return text === state ? true : undefined;
  }, timeoutMs, 200);
}

/** An AWS Signature V4 query whose link expires in about 3 minutes. */
function presignedQuery(nowMs: number): string {
  const signedAt = new Date(nowMs - 57 * 60_000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  return `?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20250101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=${signedAt}&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=0f1e2d3c4b5a`;
}

async function main(): Promise<void> {
  ensureRendererBuild();
  await mkdir(OUTPUT_DIRECTORY, { recursive: true });
  const root = await mkdtemp(join(tmpdir(), 'fetchpoint-screenshots-'));
  const server = await startFaultServer();
  server.addResource('/releases/ubuntu-24.04.2-desktop-amd64.iso', { body: generateBody(96 * MiB, 1), faults: { throttleBytesPerSecond: 900 * 1024 } });
  server.addResource('/media/holiday-2025-4k.mp4', { body: generateBody(48 * MiB, 2), faults: { throttleBytesPerSecond: 500 * 1024 } });
  server.addResource('/datasets/census-2020-blocks.tar.gz', { body: generateBody(64 * MiB, 3), faults: { throttleBytesPerSecond: 300 * 1024 } });
  server.addResource('/reports/quarterly-report-q3.pdf', { body: generateBody(40 * MiB, 4), faults: { throttleBytesPerSecond: 96 * 1024 } });
  server.addResource('/docs/user-manual.pdf', { body: generateBody(3 * MiB, 5) });
  server.addResource('/backups/photos-2024.zip', { body: generateBody(24 * MiB, 6), faults: { throttleBytesPerSecond: 2 * MiB, cutAfterBytes: 5 * MiB, forbidAfterRequests: 1 } });
  const host = await startWebHost({ stateDirectory: join(root, 'state'), downloadDirectory: join(root, 'Downloads') });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 720 } });
    page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(host.url);
    await page.getByRole('heading', { name: 'Drop links here' }).waitFor();
    await save(page, 'empty.png');

    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Downloads at once').fill('4');
    await page.getByLabel('Connections per download').fill('2');
    await page.getByLabel('Delete abandoned partial files after (days)').fill('14');
    await save(page, 'settings.png');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    await dropLinks(page, [
      server.url('/docs/user-manual.pdf'),
      server.url('/releases/ubuntu-24.04.2-desktop-amd64.iso'),
      server.url('/media/holiday-2025-4k.mp4'),
      server.url('/datasets/census-2020-blocks.tar.gz'),
      server.url(`/reports/quarterly-report-q3.pdf${presignedQuery(Date.now())}`),
    ]);
    await waitForState(page, 'user-manual.pdf', 'Completed', 20_000);
    // The engine reports bytes once a 1 MiB write batch lands; wait until the slow signed link shows a speed and ETA.
    await waitUntil('the signed link shows its ETA', async () => ((await page.locator('.expiry-warning').count()) > 0 ? true : undefined), 30_000, 250);
    await save(page, 'active-queue.png');

    await page.getByRole('button', { name: 'Pause all' }).click();
    await waitForState(page, 'holiday-2025-4k.mp4', 'Paused', 10_000);
    await page.getByRole('row').filter({ hasText: 'holiday-2025-4k.mp4' }).locator('.row-name').click();
    await page.getByRole('row').filter({ hasText: 'census-2020-blocks.tar.gz' }).locator('.row-name').click({ modifiers: ['Control'] });
    await save(page, 'paused.png');
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Add downloads' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add downloads' });
    await dialog.getByLabel('Links, one per line').fill([server.url('/backups/photos-2024.zip'), server.url('/firmware/router-fw-v2.1.bin'), 'ftp//old-mirror/file.iso'].join('\n'));
    await dialog.getByLabel('Connections').fill('1');
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await dialog.getByRole('list', { name: 'Problems with the links' }).waitFor();
    await save(page, 'add-dialog-errors.png', { keepToasts: true });
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    await waitForState(page, 'router-fw-v2.1.bin', 'Failed', 20_000);
    await waitForState(page, 'photos-2024.zip', 'Failed', 30_000);
    await page.getByRole('radio', { name: /^Failed/ }).click();
    const expired = page.getByRole('row').filter({ hasText: 'photos-2024.zip' });
    await expired.getByRole('button', { name: /^Show details/ }).click();
    await page.getByRole('row').filter({ hasText: 'photos-2024.zip' }).getByRole('list', { name: 'Log' }).waitFor();
    await save(page, 'failed-with-error.png');
    await expired.getByRole('button', { name: /^Hide details/ }).click();
    await page.getByRole('radio', { name: /^All/ }).click();

    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByRole('button', { name: 'Resume all' }).click();
    await waitForState(page, 'ubuntu-24.04.2-desktop-amd64.iso', 'Downloading', 10_000);
    await page.getByRole('row').filter({ hasText: 'ubuntu-24.04.2-desktop-amd64.iso' }).getByRole('button', { name: /^Show details/ }).click();
    await page.waitForTimeout(3000);
    await save(page, 'dark-theme.png');
  } catch (error) {
    const pages = browser.contexts().flatMap((context) => context.pages());
    const failurePath = join(REPOSITORY_ROOT, '.tmp', 'screenshot-failure.png');
    if (pages[0] !== undefined) await pages[0].screenshot({ path: failurePath }).then(() => process.stderr.write(`The page at the failure: ${failurePath}\n`));
    throw error;
  } finally {
    await browser.close();
    await host.stop('SIGKILL');
    await server.close();
    await rm(root, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`capture-screenshots failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
