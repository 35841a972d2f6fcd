// Runtime: Node (tests). The queue UI end to end: real Chromium, the real web host as a child process, the fault
// server on 127.0.0.1. Checks what a user would: rows, moving bars, the state on screen, and the sha256 of each file.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { generateBody, sha256File, sha256Hex, startFaultServer, type FaultServer } from '../../helpers/fault-server';
import { dropLinks, dropTextFile, pasteText } from '../helpers/drop-links';
import { ensureRendererBuild } from '../helpers/ensure-renderer-build';
import { launchBrowser } from '../helpers/launch-browser';
import { startWebHost, type WebHostProcess } from '../helpers/start-web-host';
import { waitUntil } from '../helpers/wait-until';

const FILE_NAMES = ['alpha.bin', 'bravo.iso', 'charlie.zip'] as const;
const FILE_SIZE_BYTES = 4 * 1024 * 1024;
/** Per response; with two connections per item each file takes about 20 s, so every step sees bytes moving. */
const THROTTLE_BYTES_PER_SECOND = 96 * 1024;

describe('the download queue in Chromium', () => {
  let root: string;
  let server: FaultServer;
  let host: WebHostProcess | null = null;
  let browser: Browser;
  let page: Page;
  const bodies = new Map<string, Buffer>();
  const pageErrors: string[] = [];

  const rowOf = (name: string): Locator => page.getByRole('row').filter({ hasText: name });
  const stateOf = async (name: string): Promise<string> => (await rowOf(name).locator('.state-chip').textContent()) ?? '';
  const percentOf = async (name: string): Promise<number> =>
    Number((await rowOf(name).getByRole('progressbar').first().getAttribute('aria-valuenow')) ?? '0');
  const numbersOf = async (name: string): Promise<string> => (await rowOf(name).locator('.row-numbers').textContent()) ?? '';
  const servedBytes = (name: string): number => server.stats(`/files/${name}`).bodyBytesSent;

  const startHost = async (): Promise<WebHostProcess> =>
    startWebHost({ stateDirectory: join(root, 'state'), downloadDirectory: join(root, 'downloads') });

  before(async () => {
    ensureRendererBuild();
    root = await mkdtemp(join(tmpdir(), 'fetchpoint-e2e-'));
    server = await startFaultServer();
    FILE_NAMES.forEach((name, index) => {
      const body = generateBody(FILE_SIZE_BYTES + index * 4099, 100 + index);
      bodies.set(name, body);
      server.addResource(`/files/${name}`, { body, faults: { throttleBytesPerSecond: THROTTLE_BYTES_PER_SECOND } });
    });
    server.addResource('/files/delta.txt', { body: generateBody(64 * 1024, 7) });
    for (const name of ['echo.bin', 'foxtrot.bin']) {
      server.addResource(`/files/${name}`, { body: generateBody(FILE_SIZE_BYTES, 9), faults: { throttleBytesPerSecond: THROTTLE_BYTES_PER_SECOND } });
    }
    host = await startHost();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(host.url);
    await page.getByRole('heading', { name: 'Drop links here' }).waitFor({ timeout: 10_000 });

    // Two connections per download, so the three items share the host's eight connections and all of them move.
    await page.getByRole('button', { name: 'Settings' }).click();
    const connections = page.getByLabel('Connections per download');
    await connections.fill('2');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 5000 });
  });

  after(async () => {
    await browser?.close();
    await host?.stop('SIGKILL');
    await server?.close();
    if (root !== undefined) await rm(root, { recursive: true, force: true });
  });

  test('three dropped links become three rows whose progress bars move', { timeout: 30_000 }, async () => {
    await dropLinks(page, FILE_NAMES.map((name) => server.url(`/files/${name}`)));
    for (const name of FILE_NAMES) await rowOf(name).waitFor({ timeout: 10_000 });
    assert.equal(await page.getByRole('row').count(), 3);
    const firstPercents = await Promise.all(FILE_NAMES.map((name) => percentOf(name)));
    for (const [index, name] of FILE_NAMES.entries()) {
      await waitUntil(`the bar of ${name} moves`, async () => ((await percentOf(name)) > (firstPercents[index] ?? 0) ? true : undefined), 15_000);
      assert.equal(await stateOf(name), 'Downloading');
    }
  });

  test('a paused row stops, and resumes when asked', { timeout: 30_000 }, async () => {
    const name = 'bravo.iso';
    await rowOf(name).getByRole('button', { name: `Pause ${name}` }).click();
    await waitUntil(`${name} shows Paused`, async () => ((await stateOf(name)) === 'Paused' ? true : undefined), 10_000);
    const numbersAtPause = await numbersOf(name);
    const servedAtPause = servedBytes(name);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    assert.equal(await numbersOf(name), numbersAtPause, 'the row kept counting after the pause');
    assert.equal(servedBytes(name), servedAtPause, 'the server kept sending after the pause');

    await rowOf(name).getByRole('button', { name: `Resume ${name}` }).click();
    await waitUntil(`${name} shows Downloading again`, async () => ((await stateOf(name)) === 'Downloading' ? true : undefined), 10_000);
    await waitUntil(`${name} receives bytes again`, () => (servedBytes(name) > servedAtPause ? true : undefined), 10_000);
  });

  test('after the web host is killed with SIGKILL and started again, active items resume by themselves', { timeout: 45_000 }, async () => {
    const killed = host;
    assert.ok(killed !== null);
    killed.child.kill('SIGKILL');
    const exit = await killed.exited;
    assert.equal(exit.signal, 'SIGKILL');
    const percentsBefore = new Map<string, number>();
    for (const name of FILE_NAMES) percentsBefore.set(name, await percentOf(name));

    host = await startHost();
    const servedAtRestart = new Map(FILE_NAMES.map((name) => [name, servedBytes(name)]));
    await page.goto(host.url);
    for (const name of FILE_NAMES) await rowOf(name).waitFor({ timeout: 10_000 });
    for (const name of FILE_NAMES) {
      await waitUntil(
        `${name} downloads again without a click`,
        async () => ((await stateOf(name)) === 'Downloading' || (await stateOf(name)) === 'Completed' ? true : undefined),
        15_000,
      );
      await waitUntil(`${name} receives bytes after the restart`, () => (servedBytes(name) > (servedAtRestart.get(name) ?? 0) ? true : undefined), 15_000);
    }
    // The restart continues from the checkpoint: no bar starts over from zero.
    for (const name of FILE_NAMES) {
      assert.ok((await percentOf(name)) >= Math.max(0, (percentsBefore.get(name) ?? 0) - 15), `${name} lost its progress`);
    }
  });

  test('every file ends byte-exact', { timeout: 90_000 }, async () => {
    for (const name of FILE_NAMES) {
      await waitUntil(`${name} shows Completed`, async () => ((await stateOf(name)) === 'Completed' ? true : undefined), 80_000, 250);
    }
    for (const name of FILE_NAMES) {
      const body = bodies.get(name);
      assert.ok(body !== undefined);
      assert.equal(await sha256File(join(root, 'downloads', name)), sha256Hex(body), `${name} differs from what the server sent`);
    }
  });

  test('a bad link in the add dialog gets an inline error while the good one is added', { timeout: 20_000 }, async () => {
    await page.getByRole('button', { name: 'Add downloads' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add downloads' });
    await dialog.getByLabel('Links, one per line').fill(['not a link', server.url('/files/delta.txt'), server.url('/files/alpha.bin')].join('\n'));
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();

    const problems = dialog.getByRole('list', { name: 'Problems with the links' });
    await problems.waitFor({ timeout: 5000 });
    assert.match((await problems.textContent()) ?? '', /Line 1: “not a link” is not a valid web address\./);
    assert.match((await dialog.getByRole('list', { name: 'Links already in the queue' }).textContent()) ?? '', /Already in the queue/);
    assert.equal(await dialog.getByLabel('Links, one per line').inputValue(), 'not a link');
    await rowOf('delta.txt').waitFor({ timeout: 10_000 });
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    await dialog.waitFor({ state: 'detached', timeout: 5000 });
  });

  test('a dropped .txt file and a paste add links; Space pauses and resumes the selection; Delete removes it', { timeout: 30_000 }, async () => {
    await dropTextFile(page, 'links.txt', `# my list\n${server.url('/files/echo.bin')}\n`);
    await rowOf('echo.bin').waitFor({ timeout: 10_000 });
    await pasteText(page, `see ${server.url('/files/foxtrot.bin')} and more`);
    await rowOf('foxtrot.bin').waitFor({ timeout: 10_000 });

    await rowOf('echo.bin').locator('.row-name').click();
    await waitUntil('echo.bin downloads', async () => ((await stateOf('echo.bin')) === 'Downloading' ? true : undefined), 10_000);
    await page.keyboard.press('Space');
    await waitUntil('Space paused echo.bin', async () => ((await stateOf('echo.bin')) === 'Paused' ? true : undefined), 10_000);
    await page.keyboard.press('Space');
    await waitUntil('Space resumed echo.bin', async () => ((await stateOf('echo.bin')) === 'Downloading' ? true : undefined), 10_000);

    await page.keyboard.press('Delete');
    await page.getByRole('dialog', { name: 'Remove download' }).getByRole('button', { name: 'Remove, keep files' }).click();
    await rowOf('echo.bin').waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(await rowOf('foxtrot.bin').count(), 1);
  });

  test('the page threw no uncaught error along the way', { timeout: 1000 }, () => {
    assert.deepEqual(pageErrors, []);
  });
});
