// Runtime: Node (tests). A later `fetchpoint get` for a URL the store already has: what this command line says
// applies to that item, and a refused command line changes nothing.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { startCli } from '../../helpers/cli-process';
import { createEngineHarness } from '../../helpers/engine-harness';
import { waitFor } from '../../helpers/download-checks';
import { generateBody, sha256File, sha256Hex } from '../../helpers/fault-server';
import { useCliFixture } from '../../helpers/cli-fixture';

describe('a later run of the CLI for a URL it already has', () => {
  const fixture = useCliFixture('fetchpoint-cli-rerun-');

  test('verifies a --checksum given only on the run that resumes it, and fails on a mismatch', { timeout: 60_000 }, async () => {
    fixture.server.addResource('/checked-later.bin', { body: generateBody(16 * 1024 * 1024, 9), faults: { throttleBytesPerSecond: 4 * 1024 * 1024 } });
    const args = ['--dir', join(fixture.root, 'd1'), '--state', join(fixture.root, 's1'), '--connections', '1'];
    const first = startCli(['get', fixture.server.url('/checked-later.bin'), ...args]);
    await waitFor(() => fixture.server.stats('/checked-later.bin').bodyBytesSent > 2 * 1024 * 1024, 20_000);
    first.child.kill('SIGINT');
    assert.equal((await first.exited).code, 130);
    const second = await startCli(['get', fixture.server.url('/checked-later.bin'), '--checksum', `sha256:${'0'.repeat(64)}`, ...args]).exited;
    assert.equal(second.code, 1, second.stderr);
    assert.match(second.stderr, /checksum does not match/);
  });

  test('checks a file finished by an earlier run against a --checksum given only now, and keeps the file', { timeout: 30_000 }, async () => {
    const body = generateBody(100_000, 12);
    fixture.server.addResource('/finished-before.bin', { body });
    const args = ['--dir', join(fixture.root, 'd4'), '--state', join(fixture.root, 's4')];
    assert.equal((await startCli(['get', fixture.server.url('/finished-before.bin'), ...args]).exited).code, 0);
    const wrong = await startCli(['get', fixture.server.url('/finished-before.bin'), '--checksum', `sha256:${'0'.repeat(64)}`, ...args]).exited;
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /does not match sha256:0{64}.*kept as it is/);
    const right = await startCli(['get', fixture.server.url('/finished-before.bin'), '--checksum', `sha256:${sha256Hex(body)}`, ...args]).exited;
    assert.equal(right.code, 0, right.stderr);
    assert.equal(await sha256File(join(fixture.root, 'd4', 'finished-before.bin')), sha256Hex(body));
    assert.equal(fixture.server.stats('/finished-before.bin').requests.filter((request) => request.method === 'GET').length, 1);
  });

  test('sends a --header given only on a later run', { timeout: 60_000 }, async () => {
    const body = generateBody(64 * 1024, 10);
    const privateServer = createServer((request, response) => {
      if (request.headers.authorization !== 'Bearer t') {
        response.writeHead(401).end();
        return;
      }
      response.writeHead(200, { 'content-length': body.length }).end(request.method === 'HEAD' ? undefined : body);
    });
    await new Promise<void>((resolve) => privateServer.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(privateServer.address() as AddressInfo).port}/private.bin`;
    const args = ['--dir', join(fixture.root, 'd2'), '--state', join(fixture.root, 's2')];
    try {
      assert.equal((await startCli(['get', url, ...args]).exited).code, 1);
      const second = await startCli(['get', url, '--header', 'Authorization: Bearer t', ...args]).exited;
      assert.equal(second.code, 0, second.stderr);
    } finally {
      privateServer.close();
    }
  });

  test('a command line with a refused URL leaves the known items as they were (exit code 2)', { timeout: 30_000 }, async () => {
    const seeded = await createEngineHarness({}, join(fixture.root, 'r3'));
    fixture.server.addResource('/known-paused.bin', { body: generateBody(1024, 11) });
    const [outcome] = await seeded.engine.add([fixture.server.url('/known-paused.bin')], { directory: seeded.downloadDirectory, startPaused: true });
    const id = outcome?.status === 'added' ? outcome.id : '';
    await seeded.stop();
    const args = ['--dir', seeded.downloadDirectory, '--state', seeded.stateDirectory];
    const refused = await startCli(['get', fixture.server.url('/known-paused.bin'), 'ftp://example.com/x', ...args]).exited;
    assert.equal(refused.code, 2);
    const reopened = await createEngineHarness({}, join(fixture.root, 'r3'));
    try {
      assert.equal(reopened.repository.getDownload(id)?.state, 'paused');
      assert.equal(fixture.server.stats('/known-paused.bin').requests.length, 0);
    } finally {
      await reopened.stop();
    }
  });
});
