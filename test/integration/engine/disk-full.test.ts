import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createEngineHarness, type EngineHarness } from '../../helpers/engine-harness';
import { generateBody, sha256File, sha256Hex, startFaultServer, type FaultServer } from '../../helpers/fault-server';

/** A real full disk: a small tmpfs mounted over the download folder (needs root, as on CI). */
function tryMountTmpfs(directory: string, sizeBytes: number): string | null {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', directory], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

describe('a full disk', () => {
  let server: FaultServer;
  let harness: EngineHarness;
  let mountedDirectory: string | null = null;
  before(async () => {
    server = await startFaultServer();
    harness = await createEngineHarness();
    await harness.engine.start();
  });
  after(async () => {
    await harness.stop();
    if (mountedDirectory !== null) execFileSync('umount', ['-l', mountedDirectory]);
    await harness.dispose();
    await server.close();
  });

  test('pauses the item with a clear error, loses nothing, and finishes byte-exact once there is room', { timeout: 60_000 }, async (t) => {
    const directory = join(harness.rootDirectory, 'small-disk');
    await mkdir(directory, { recursive: true });
    const mountError = tryMountTmpfs(directory, 3 * 1024 * 1024);
    if (mountError !== null) {
      t.skip(`cannot mount a tmpfs here (${mountError.split('\n')[0]})`);
      return;
    }
    mountedDirectory = directory;
    const body = generateBody(8 * 1024 * 1024, 61);
    server.addResource('/too-big.bin', { body });
    const [outcome] = await harness.engine.add([server.url('/too-big.bin')], { directory, connections: 2 });
    const id = outcome?.status === 'added' ? outcome.id : '';
    await harness.engine.waitUntilSettled([id]);
    const paused = harness.engine.get(id);
    assert.equal(paused.state, 'paused');
    assert.equal(paused.pauseReason, 'disk-full');
    assert.equal(paused.error?.code, 'DL_ERR_DISK_FULL');
    assert.match(paused.error?.message ?? '', /disk is full/);
    const keptBytes = paused.bytesDone;
    assert.ok(keptBytes > 0, 'the bytes that fit are kept');
    assert.ok((await readdir(directory)).every((name) => name.endsWith('.part')), 'no file under a final name');

    execFileSync('mount', ['-o', 'remount,size=32m', directory]);
    server.resetStats();
    harness.engine.resume([id]);
    await harness.engine.waitUntilSettled([id]);
    const done = harness.engine.get(id);
    assert.equal(done.state, 'completed', done.error?.message);
    assert.equal(await sha256File(join(directory, 'too-big.bin')), sha256Hex(body));
    assert.ok(server.stats('/too-big.bin').bodyBytesSent <= body.length - keptBytes + 1024 * 1024, 'resumed, not restarted');
  });
});
