import assert from 'node:assert/strict';
import { readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { startCli } from '../../helpers/cli-process';
import { waitFor } from '../../helpers/download-checks';
import { generateBody, sha256File, sha256Hex } from '../../helpers/fault-server';
import { useCliFixture } from '../../helpers/cli-fixture';

describe('the CLI with bad input and failures', () => {
  const fixture = useCliFixture('fetchpoint-cli-input-');

  function run(args: readonly string[]): ReturnType<typeof startCli>['exited'] {
    return startCli(args).exited;
  }

  test('a malformed URL gets a clear error and exit code 2', { timeout: 30_000 }, async () => {
    const result = await run(['get', 'not a url', '--dir', join(fixture.root, 'd1'), '--state', join(fixture.root, 's1')]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /is not a valid web address/);
  });

  test('file: and javascript: links are refused as unsupported schemes', { timeout: 30_000 }, async () => {
    const result = await run(['get', 'file:///etc/passwd', 'javascript:alert(1)', '--dir', join(fixture.root, 'd2'), '--state', join(fixture.root, 's2')]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Only http and https links can be downloaded \(got file:\)/);
    assert.match(result.stderr, /got javascript:/);
  });

  test('an unwritable folder gets a clear error and nothing is started', { timeout: 30_000 }, async () => {
    const notAFolder = join(fixture.root, 'plain-file');
    await writeFile(notAFolder, 'x');
    fixture.server.addResource('/never.bin', { body: generateBody(1024, 1) });
    const result = await run(['get', fixture.server.url('/never.bin'), '--dir', join(notAFolder, 'sub'), '--state', join(fixture.root, 's3')]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /cannot be written to/);
    assert.equal(fixture.server.stats('/never.bin').requests.length, 0);
  });

  test('bad options are all reported at once', { timeout: 30_000 }, async () => {
    const result = await run(['get', fixture.server.url('/x'), '--connections', '99', '--limit', 'fast', '--checksum', 'sha1:abc', '--header', 'nocolon']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--connections must be a whole number from 1 to 32/);
    assert.match(result.stderr, /--limit must be a rate/);
    assert.match(result.stderr, /--header must look like/);
    assert.match(result.stderr, /sha1|checksum/i);
  });

  test('a failed item exits non-zero with one line that says why', { timeout: 30_000 }, async () => {
    const body = generateBody(64 * 1024, 2);
    fixture.server.addResource('/fine.bin', { body });
    const result = await run(['get', fixture.server.url('/fine.bin'), fixture.server.url('/missing.bin'), '--dir', join(fixture.root, 'd4'), '--state', join(fixture.root, 's4')]);
    assert.equal(result.code, 1, result.stderr);
    const failures = result.stderr.split('\n').filter((line) => line.startsWith('failed: '));
    assert.equal(failures.length, 1, result.stderr);
    assert.match(failures[0] ?? '', /missing\.bin: The file was not found/);
    assert.match(result.stdout, /saved: .*fine\.bin/);
    assert.equal(await sha256File(join(fixture.root, 'd4', 'fine.bin')), sha256Hex(body));
  });

  test('bad input on a later run loses nothing already downloaded, and the next good run continues the same item', { timeout: 60_000 }, async () => {
    const body = generateBody(16 * 1024 * 1024, 3);
    fixture.server.addResource('/keep.bin', { body, faults: { throttleBytesPerSecond: 2 * 1024 * 1024 } });
    const args = ['--dir', join(fixture.root, 'd5'), '--state', join(fixture.root, 's5'), '--connections', '1'];
    const first = startCli(['get', fixture.server.url('/keep.bin'), ...args]);
    await waitFor(() => fixture.server.stats('/keep.bin').bodyBytesSent > 4 * 1024 * 1024, 20_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const partName = (await readdir(join(fixture.root, 'd5'))).find((name) => name.endsWith('.part'));
    assert.ok(partName !== undefined);
    const partSizeBefore = (await stat(join(fixture.root, 'd5', partName))).size;

    const bad = await run(['get', fixture.server.url('/keep.bin'), 'ftp://example.com/x', ...args]);
    assert.equal(bad.code, 2);
    assert.equal((await stat(join(fixture.root, 'd5', partName))).size, partSizeBefore, 'the partial file is untouched');

    const requestsBefore = fixture.server.stats('/keep.bin').requests.length;
    const good = await run(['get', fixture.server.url('/keep.bin'), ...args]);
    assert.equal(good.code, 0, good.stderr);
    assert.equal(await sha256File(join(fixture.root, 'd5', 'keep.bin')), sha256Hex(body));
    const goodGets = fixture.server.stats('/keep.bin').requests.slice(requestsBefore).filter((request) => request.method === 'GET');
    const resumedFromByte = Number(/^bytes=(\d+)-/.exec(goodGets[0]?.rangeHeader ?? '')?.[1] ?? 0);
    assert.ok(resumedFromByte >= 1024 * 1024, `continued, not restarted (first range ${goodGets[0]?.rangeHeader ?? 'none'})`);
    assert.equal(goodGets.reduce((sum, request) => sum + request.bodyBytesSent, 0), body.length - resumedFromByte, 'only the rest was fetched');
    assert.deepEqual((await readdir(join(fixture.root, 'd5'))).sort(), ['keep.bin'], 'one item, one file');
  });

  test('asking again for a finished file reports it without downloading it again', { timeout: 30_000 }, async () => {
    const body = generateBody(32 * 1024, 4);
    fixture.server.addResource('/again.bin', { body });
    const args = ['get', fixture.server.url('/again.bin'), '--dir', join(fixture.root, 'd6'), '--state', join(fixture.root, 's6')];
    assert.equal((await run(args)).code, 0);
    fixture.server.resetStats();
    const second = await run(args);
    assert.equal(second.code, 0);
    assert.match(second.stdout, /saved: .*again\.bin/);
    assert.equal(fixture.server.stats('/again.bin').requests.length, 0);
  });
});
