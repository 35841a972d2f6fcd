import assert from 'node:assert/strict';
import { mkdir, readdir, stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { addOne, assertByteExact, sleep, waitFor } from '../../helpers/download-checks';
import { useEngineFixture } from '../../helpers/engine-fixture';
import { generateBody } from '../../helpers/fault-server';

describe('the queue and its actions', () => {
  const fixture = useEngineFixture({ enginePer: 'suite' });

  test('keeps queue order and moves items up, down, to the top and to the bottom', { timeout: 10_000 }, async () => {
    const ids: string[] = [];
    for (const name of ['a', 'b', 'c', 'd']) ids.push(await addOne(fixture.harness.engine, fixture.server.url(`/order/${name}`), { startPaused: true }));
    const order = (): string[] =>
      fixture.harness.engine.list({ offset: 0, limit: 100 }).items.filter((item) => ids.includes(item.id)).map((item) => item.url.slice(-1));
    assert.deepEqual(order(), ['a', 'b', 'c', 'd']);
    fixture.harness.engine.reorder(ids[3] ?? '', 'top');
    assert.deepEqual(order(), ['d', 'a', 'b', 'c']);
    fixture.harness.engine.reorder(ids[0] ?? '', 'bottom');
    assert.deepEqual(order(), ['d', 'b', 'c', 'a']);
    fixture.harness.engine.reorder(ids[2] ?? '', 'up');
    assert.deepEqual(order(), ['d', 'c', 'b', 'a']);
    fixture.harness.engine.reorder(ids[3] ?? '', 'down');
    assert.deepEqual(order(), ['c', 'd', 'b', 'a']);
    await fixture.harness.engine.remove(ids, false);
  });

  test('answers "already in the queue" for a URL it already has in that folder', { timeout: 10_000 }, async () => {
    const url = fixture.server.url('/dup.bin');
    const first = await fixture.harness.engine.add([url], { startPaused: true });
    const second = await fixture.harness.engine.add([url, url], { startPaused: true });
    assert.equal(first[0]?.status, 'added');
    assert.deepEqual(second.map((outcome) => outcome.status), ['duplicate', 'duplicate']);
    assert.equal(second[0]?.status === 'duplicate' ? second[0].message : '', 'Already in the queue.');
    await fixture.harness.engine.remove(first.flatMap((outcome) => (outcome.status === 'added' ? [outcome.id] : [])), false);
  });

  test('runs at most the configured number of downloads at once, in queue order', { timeout: 30_000 }, async () => {
    fixture.harness.engine.updateSettings({ maxActiveDownloads: 2 });
    const ids: string[] = [];
    for (let index = 0; index < 4; index += 1) {
      fixture.server.addResource(`/slot${index}.bin`, { body: generateBody(1024 * 1024, 90 + index), faults: { throttleBytesPerSecond: 1024 * 1024 } });
      ids.push(await addOne(fixture.harness.engine, fixture.server.url(`/slot${index}.bin`), { connections: 1 }));
    }
    let peakActive = 0;
    const unsubscribe = fixture.harness.engine.subscribe(() => {
      peakActive = Math.max(peakActive, fixture.harness.engine.status().activeCount);
    });
    await sleep(300);
    assert.deepEqual(ids.map((id) => fixture.harness.engine.get(id).state), ['active', 'active', 'queued', 'queued']);
    await fixture.harness.engine.waitUntilSettled(ids);
    unsubscribe();
    assert.equal(peakActive, 2);
    assert.ok(ids.every((id) => fixture.harness.engine.get(id).state === 'completed'));
    fixture.harness.engine.updateSettings({ maxActiveDownloads: 3 });
  });

  test('cancel deletes the partial data, and retry after cancel starts over and ends byte-exact', { timeout: 30_000 }, async () => {
    const body = generateBody(4 * 1024 * 1024, 95);
    fixture.server.addResource('/cancel.bin', { body, faults: { throttleBytesPerSecond: 1024 * 1024 } });
    const id = await addOne(fixture.harness.engine, fixture.server.url('/cancel.bin'), { connections: 1 });
    await waitFor(() => (fixture.harness.repository.getDownload(id)?.bytesDone ?? 0) > 256 * 1024, 10_000);
    const tempPath = fixture.harness.repository.getDownload(id)?.tempPath ?? '';
    await fixture.harness.engine.cancel([id]);
    assert.equal(fixture.harness.engine.get(id).state, 'canceled');
    assert.equal(fixture.harness.engine.get(id).bytesDone, 0);
    await assert.rejects(stat(tempPath), /ENOENT/);
    fixture.server.addResource('/cancel.bin', { body });
    fixture.harness.engine.retry([id]);
    await fixture.harness.engine.waitUntilSettled([id]);
    await assertByteExact(fixture.harness.engine.get(id), body);
  });

  test('remove keeps the finished file unless asked to delete it', { timeout: 30_000 }, async () => {
    const keepBody = generateBody(10_000, 96);
    const dropBody = generateBody(10_000, 97);
    fixture.server.addResource('/keep-me.txt', { body: keepBody });
    fixture.server.addResource('/drop-me.txt', { body: dropBody });
    const keepId = await addOne(fixture.harness.engine, fixture.server.url('/keep-me.txt'));
    const dropId = await addOne(fixture.harness.engine, fixture.server.url('/drop-me.txt'));
    await fixture.harness.engine.waitUntilSettled([keepId, dropId]);
    await fixture.harness.engine.remove([keepId], false);
    await fixture.harness.engine.remove([dropId], true);
    const names = await readdir(fixture.harness.downloadDirectory);
    assert.ok(names.includes('keep-me.txt'));
    assert.ok(!names.includes('drop-me.txt'));
    assert.throws(() => fixture.harness.engine.get(keepId), /No download with id/);
    assert.equal((await stat(join(fixture.harness.downloadDirectory, 'keep-me.txt'))).size, keepBody.length);
  });

  test('refuses an impossible action with a sentence', { timeout: 10_000 }, async () => {
    const body = generateBody(1000, 98);
    fixture.server.addResource('/done.txt', { body });
    const id = await addOne(fixture.harness.engine, fixture.server.url('/done.txt'));
    await fixture.harness.engine.waitUntilSettled([id]);
    assert.throws(() => fixture.harness.engine.resume([id]), /A completed download cannot be resumed/);
  });

  test('applies a bulk resume to all of the items or to none of them', { timeout: 10_000 }, async () => {
    const engine = fixture.harness.engine;
    fixture.server.addResource('/bulk-done.txt', { body: generateBody(1000, 96) });
    fixture.server.addResource('/bulk-paused.txt', { body: generateBody(1000, 97) });
    const doneId = await addOne(engine, fixture.server.url('/bulk-done.txt'));
    await engine.waitUntilSettled([doneId]);
    const pausedId = await addOne(engine, fixture.server.url('/bulk-paused.txt'), { startPaused: true });
    assert.throws(() => engine.resume([pausedId, doneId]), /A completed download cannot be resumed/);
    assert.equal(engine.get(pausedId).state, 'paused', 'nothing was queued by the refused bulk action');
    assert.throws(() => engine.resume([pausedId, 'no-such-id']), /No download with id/);
    assert.equal(engine.get(pausedId).state, 'paused');
  });

  test('answers "already in the queue" for a URL added again through a symlink to its folder', { timeout: 10_000 }, async () => {
    const engine = fixture.harness.engine;
    const realDirectory = join(fixture.harness.rootDirectory, 'real-folder');
    const linkedDirectory = join(fixture.harness.rootDirectory, 'linked-folder');
    await mkdir(realDirectory);
    await symlink(realDirectory, linkedDirectory);
    const url = fixture.server.url('/same-folder.iso');
    const [first] = await engine.add([url], { directory: linkedDirectory, startPaused: true });
    const [second] = await engine.add([url], { directory: realDirectory, startPaused: true });
    const [third] = await engine.add([url], { directory: join(realDirectory, 'sub', '..'), startPaused: true });
    assert.equal(first?.status, 'added');
    assert.equal(second?.status, 'duplicate');
    assert.equal(third?.status, 'duplicate');
  });
});
