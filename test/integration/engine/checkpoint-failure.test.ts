// Runtime: Node (tests). A sync that fails stops the download: fsync reports a write-back error only once, so no
// later checkpoint of that run could be trusted.
import assert from 'node:assert/strict';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { addOne, assertByteExact } from '../../helpers/download-checks';
import { useEngineFixture } from '../../helpers/engine-fixture';
import { generateBody } from '../../helpers/fault-server';

/** Node's own FileHandle class: the fault is injected where the operating system's answer enters Node. */
async function fileHandlePrototype(): Promise<FileHandle> {
  const handle = await open(join(tmpdir(), `fetchpoint-prototype-${process.pid}`), 'w');
  await handle.close();
  return Object.getPrototypeOf(handle) as FileHandle;
}

describe('a checkpoint whose sync fails', () => {
  const fixture = useEngineFixture();

  test('stops the download with the error, and a resume ends byte-exact from the last checkpoint that was saved', { timeout: 60_000 }, async () => {
    const engine = fixture.harness.engine;
    const sizeBytes = 12 * 1024 * 1024;
    const body = generateBody(sizeBytes, 5);
    fixture.server.addResource('/sync.bin', { body, faults: { throttleBytesPerSecond: 8 * 1024 * 1024 } });
    const prototype = await fileHandlePrototype();
    const realDatasync = prototype.datasync;
    let datasyncCalls = 0;
    prototype.datasync = async function datasyncFailingOnce(this: FileHandle): Promise<void> {
      datasyncCalls += 1;
      if (datasyncCalls === 2) throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO', errno: -5, syscall: 'fdatasync' });
      return realDatasync.call(this);
    };
    let id: string;
    try {
      id = await addOne(engine, fixture.server.url('/sync.bin'), { connections: 1 });
      await engine.waitUntilSettled([id]);
    } finally {
      prototype.datasync = realDatasync;
    }
    const failed = engine.get(id);
    assert.equal(failed.state, 'failed', `a download whose sync failed must not complete (${failed.state})`);
    assert.match(failed.error?.message ?? '', /flush/);
    assert.ok(engine.getLog(id).some((entry) => entry.level === 'error' && entry.kind === 'checkpoint'));
    const savedBytes = fixture.harness.repository.getDownload(id)?.bytesDone ?? -1;
    assert.ok(savedBytes >= 0 && savedBytes < sizeBytes, `the checkpoint claims ${savedBytes} bytes`);

    engine.resume([id]);
    await engine.waitUntilSettled([id]);
    await assertByteExact(engine.get(id), body);
  });
});
