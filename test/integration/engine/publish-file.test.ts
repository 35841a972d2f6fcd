// Runtime: Node (tests). A process killed while a finished download is being published: the next start finishes
// the job from what is on disk, without fetching the file again and without a second copy.
import assert from 'node:assert/strict';
import { link, readdir, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { DownloadItem } from '../../../shared/download-types';
import { assertByteExact, downloadToEnd } from '../../helpers/download-checks';
import { useEngineFixture } from '../../helpers/engine-fixture';
import { generateBody } from '../../helpers/fault-server';

const SIZE_BYTES = 2 * 1024 * 1024 + 99;

describe('a finished download killed while it is being published', () => {
  const fixture = useEngineFixture();

  /**
   * Downloads `path`, then rewinds the row to "still active, `.part` at tempPath" with the checkpoint of `phase`:
   * every byte checkpointed by segment, or the "publishing" checkpoint written just before the move.
   */
  async function finishThenRewind(
    path: string,
    body: Buffer,
    phase: 'checkpointed' | 'publishing',
  ): Promise<{ item: DownloadItem; finalPath: string; tempPath: string }> {
    fixture.server.addResource(path, { body });
    const item = await downloadToEnd(fixture.harness.engine, fixture.server.url(path));
    await assertByteExact(item, body);
    const finalPath = join(item.directory, item.fileName ?? '');
    const tempPath = join(item.directory, `${item.fileName ?? ''}.${item.id.slice(0, 8)}.part`);
    const { repository } = fixture.harness;
    repository.updateDownload(item.id, { state: 'active', tempPath, finishedAtMs: null });
    const segments = phase === 'publishing' ? [] : [{ startByte: 0, endByte: body.length - 1, nextByte: body.length }];
    repository.saveCheckpoint(item.id, { bytesDone: body.length, segments });
    return { item, finalPath, tempPath };
  }

  async function restartAndSettle(id: string): Promise<DownloadItem> {
    fixture.server.resetStats();
    const next = await fixture.restartEngine();
    await next.engine.start();
    await next.engine.waitUntilSettled([id]);
    return next.engine.get(id);
  }

  test('after the .part file was removed: completes at the next start, and a file the user deleted is not fetched again', { timeout: 20_000 }, async () => {
    const body = generateBody(SIZE_BYTES, 21);
    const { item, finalPath } = await finishThenRewind('/deleted.bin', body, 'publishing');
    await rm(finalPath);
    const after = await restartAndSettle(item.id);
    assert.equal(after.state, 'completed');
    assert.deepEqual(await readdir(item.directory), [], 'nothing was downloaded again');
    assert.equal(fixture.server.stats('/deleted.bin').requests.length, 0);
    assert.ok(fixture.harness.engine.getLog(item.id).some((entry) => /no longer in the folder/.test(entry.message)));
  });

  test('between the hard link and removing the .part file: completes with one file and no copy', { timeout: 20_000 }, async () => {
    const body = generateBody(SIZE_BYTES, 22);
    const { item, finalPath, tempPath } = await finishThenRewind('/linked.bin', body, 'publishing');
    await link(finalPath, tempPath);
    const after = await restartAndSettle(item.id);
    await assertByteExact(after, body);
    assert.equal(after.fileName, 'linked.bin');
    assert.deepEqual(await readdir(item.directory), ['linked.bin']);
    assert.equal(fixture.server.stats('/linked.bin').requests.length, 0);
  });

  test('after the last checkpoint, before publishing: publishes the saved bytes without asking the server, which changed since', { timeout: 20_000 }, async () => {
    const body = generateBody(SIZE_BYTES, 23);
    const { item, finalPath, tempPath } = await finishThenRewind('/unpublished.bin', body, 'checkpointed');
    await link(finalPath, tempPath);
    await unlink(finalPath);
    fixture.server.addResource('/unpublished.bin', { body: generateBody(SIZE_BYTES + 5, 24) });
    const after = await restartAndSettle(item.id);
    await assertByteExact(after, body);
    assert.deepEqual(await readdir(item.directory), ['unpublished.bin']);
    assert.equal(fixture.server.stats('/unpublished.bin').requests.length, 0);
  });

  test('after the last checkpoint, with the .part file gone before publishing began: fetches it again, never "completed" without a file', { timeout: 20_000 }, async () => {
    const body = generateBody(SIZE_BYTES, 25);
    const { item, finalPath } = await finishThenRewind('/part-lost.bin', body, 'checkpointed');
    await rm(finalPath);
    const after = await restartAndSettle(item.id);
    await assertByteExact(after, body);
    assert.ok(fixture.server.stats('/part-lost.bin').bodyBytesSent >= body.length);
  });
});
