// Runtime: Node (tests). What the queue looks like after the app quits and starts again.
import assert from 'node:assert/strict';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createDefaultSettings } from '../../../electron/engine/default-settings';
import { addOne, assertByteExact, waitFor } from '../../helpers/download-checks';
import { useEngineFixture } from '../../helpers/engine-fixture';
import { generateBody } from '../../helpers/fault-server';

describe('the queue across a quit and a restart', () => {
  const fixture = useEngineFixture();

  /** Starts a slow one-connection download and waits until some of it is checkpointed. */
  async function startSlowDownload(path: string, seed: number): Promise<string> {
    fixture.server.addResource(path, { body: generateBody(8 * 1024 * 1024, seed), faults: { throttleBytesPerSecond: 1024 * 1024 } });
    const id = await addOne(fixture.harness.engine, fixture.server.url(path), { connections: 1 });
    await waitFor(() => (fixture.harness.repository.getDownload(id)?.bytesDone ?? 0) > 256 * 1024, 10_000);
    return id;
  }

  test('keeps a pause that was still stopping when the app quit: the item stays paused at the next start', { timeout: 20_000 }, async () => {
    const id = await startSlowDownload('/pause-quit.bin', 12);
    const pausing = fixture.harness.engine.pauseAll();
    await fixture.harness.engine.shutdown();
    await pausing;
    const next = await fixture.restartEngine();
    await next.engine.start();
    assert.equal(next.engine.get(id).state, 'paused');
    assert.equal(next.engine.get(id).pauseReason, 'user');
  });

  test('keeps a cancel that was still stopping when the app quit: the item stays canceled and is not fetched again', { timeout: 20_000 }, async () => {
    const id = await startSlowDownload('/cancel-quit.bin', 11);
    const canceling = fixture.harness.engine.cancel([id]);
    await fixture.harness.engine.shutdown();
    await canceling;
    const next = await fixture.restartEngine();
    await next.engine.start();
    assert.equal(next.engine.get(id).state, 'canceled');
    assert.equal(next.engine.get(id).bytesDone, 0);
  });

  test('starts the queue even when an old partial file cannot be checked or deleted, and says so on that item', { timeout: 20_000 }, async () => {
    const { engine, repository, rootDirectory, downloadDirectory } = fixture.harness;
    const body = generateBody(100_000, 13);
    fixture.server.addResource('/was-running.bin', { body });
    const runningId = await addOne(engine, fixture.server.url('/was-running.bin'), { startPaused: true });
    // A path under a file fails stat() with ENOTDIR, and a directory fails unlink() with EISDIR: stand-ins for a
    // share that went away (EIO) or a file held by another program (EBUSY, EACCES).
    const uncheckableId = await addOne(engine, fixture.server.url('/uncheckable.bin'), { startPaused: true });
    await writeFile(join(rootDirectory, 'a-file'), 'x');
    const undeletableId = await addOne(engine, fixture.server.url('/undeletable.bin'), { startPaused: true });
    const undeletablePath = join(downloadDirectory, 'undeletable.bin.12345678.part');
    await mkdir(join(undeletablePath, 'inside'), { recursive: true });
    const monthAgo = new Date(Date.now() - 30 * 86_400_000);
    await utimes(undeletablePath, monthAgo, monthAgo);
    const failure = { code: 'DL_ERR_NETWORK' as const, message: 'The connection was lost.', retryable: true };
    repository.updateDownload(uncheckableId, { state: 'failed', tempPath: join(rootDirectory, 'a-file', 'x.part'), error: failure });
    repository.updateDownload(undeletableId, { state: 'failed', tempPath: undeletablePath, updatedAtMs: monthAgo.getTime(), error: failure });
    repository.updateDownload(runningId, { state: 'active', pauseReason: null });

    const next = await fixture.restartEngine();
    await next.engine.start();
    await next.engine.waitUntilSettled([runningId]);
    await assertByteExact(next.engine.get(runningId), body);
    const cleanupLines = (id: string): string[] => next.engine.getLog(id).filter((entry) => entry.kind === 'cleanup').map((entry) => entry.message);
    assert.match(cleanupLines(uncheckableId).join('\n'), /could not be checked/);
    assert.match(cleanupLines(undeletableId).join('\n'), /could not be deleted/);
    assert.equal(next.engine.get(undeletableId).state, 'failed');
  });

  test('falls back only for a saved setting that fails today’s checks, and keeps the others', { timeout: 20_000 }, async () => {
    const savedDirectory = join(fixture.harness.rootDirectory, 'my-downloads');
    fixture.harness.engine.updateSettings({ downloadDirectory: savedDirectory, autoResumeOnStart: false, maxRetries: 3 });
    // As another version of Fetchpoint might have saved it: a value outside today's bounds.
    fixture.harness.repository.saveSettings({ ...fixture.harness.engine.getSettings(), maxActiveDownloads: 64 });
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning.message);
    };
    process.on('warning', onWarning);
    try {
      const next = await fixture.restartEngine();
      const settings = next.engine.getSettings();
      assert.equal(settings.downloadDirectory, savedDirectory);
      assert.equal(settings.autoResumeOnStart, false);
      assert.equal(settings.maxRetries, 3);
      assert.equal(settings.maxActiveDownloads, createDefaultSettings().maxActiveDownloads);
      await new Promise((resolve) => setImmediate(resolve));
      assert.ok(warnings.some((message) => /maxActiveDownloads/.test(message)), JSON.stringify(warnings));
    } finally {
      process.off('warning', onWarning);
    }
  });
});
