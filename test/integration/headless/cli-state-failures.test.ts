// Runtime: Node (tests). The CLI when its state folder is damaged, or the disk under it is full: a sentence that
// says what and where, and nothing already saved is lost or overwritten.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { startCli } from '../../helpers/cli-process';
import { generateBody } from '../../helpers/fault-server';
import { useCliFixture } from '../../helpers/cli-fixture';

describe('the CLI with a damaged or full state folder', () => {
  const fixture = useCliFixture('fetchpoint-cli-state-');

  test('names a damaged queue file, says it was left as it is, and does not touch it', { timeout: 30_000 }, async () => {
    const stateDirectory = join(fixture.root, 'damaged');
    await mkdir(stateDirectory);
    const garbage = Buffer.alloc(8192, 0x5a);
    await writeFile(join(stateDirectory, 'fetchpoint.db'), garbage);
    fixture.server.addResource('/after-damage.bin', { body: generateBody(1024, 1) });
    const result = await startCli(['get', fixture.server.url('/after-damage.bin'), '--state', stateDirectory, '--dir', join(fixture.root, 'out')]).exited;
    assert.equal(result.code, 1);
    assert.match(result.stderr, /queue file .*fetchpoint\.db is damaged .*left as it is/);
    assert.doesNotMatch(result.stderr, /connection failed|SqliteError/);
    assert.deepEqual(await readFile(join(stateDirectory, 'fetchpoint.db')), garbage);
    assert.equal(fixture.server.stats('/after-damage.bin').requests.length, 0);
  });

  test('says the disk is full when the disk under the state folder fills up, with no stack trace', { timeout: 60_000 }, async (t) => {
    const mountPoint = await mkdtemp(join(tmpdir(), 'fetchpoint-small-disk-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mountPoint], { stdio: 'ignore' });
    } catch {
      t.skip('mounting a 3 MiB tmpfs needs root');
      await rm(mountPoint, { recursive: true, force: true });
      return;
    }
    try {
      fixture.server.addResource('/too-big.bin', { body: generateBody(8 * 1024 * 1024, 62) });
      const run = startCli(['get', fixture.server.url('/too-big.bin'), '--state', join(mountPoint, 'state'), '--dir', join(mountPoint, 'out')]);
      const killTimer = setTimeout(() => run.child.kill('SIGKILL'), 30_000);
      const result = await run.exited;
      clearTimeout(killTimer);
      assert.equal(result.signal, null, 'the CLI ended by itself');
      assert.equal(result.code, 1);
      assert.match(result.stderr, /disk .*is full/i, result.stderr);
      assert.doesNotMatch(result.stderr, /SqliteError|\n\s+at /);
    } finally {
      execFileSync('umount', ['-l', mountPoint]);
      await rm(mountPoint, { recursive: true, force: true });
    }
  });
});
