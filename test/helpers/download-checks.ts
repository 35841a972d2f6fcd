// Runtime: Node (tests). What a user checks after a download, and small waiting helpers shared by the suites.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { AddOptions, DownloadItem } from '../../shared/download-types';
import type { DownloadEngine } from '../../electron/engine/engine';
import { sha256File, sha256Hex } from './fault-server';

export async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `predicate` every 10 ms; throws when it is still false after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(10);
  }
}

/** Adds one URL and returns its id, failing the test when it was not added. */
export async function addOne(engine: DownloadEngine, url: string, options: AddOptions = {}): Promise<string> {
  const [outcome] = await engine.add([url], options);
  assert.equal(outcome?.status, 'added', JSON.stringify(outcome));
  return outcome?.status === 'added' ? outcome.id : '';
}

/** Adds one URL and waits until it is no longer queued or active. */
export async function downloadToEnd(engine: DownloadEngine, url: string, options: AddOptions = {}): Promise<DownloadItem> {
  const id = await addOne(engine, url, options);
  await engine.waitUntilSettled([id]);
  return engine.get(id);
}

/** The item completed and its file has exactly the served bytes. */
export async function assertByteExact(item: DownloadItem, body: Buffer): Promise<void> {
  assert.equal(item.state, 'completed', `expected completed, got ${item.state}: ${item.error?.message ?? ''}`);
  assert.ok(item.fileName !== null);
  assert.equal(await sha256File(join(item.directory, item.fileName)), sha256Hex(body));
}
