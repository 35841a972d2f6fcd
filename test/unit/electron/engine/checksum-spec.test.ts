import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  checksumFromHeaders,
  formatChecksumSpec,
  parseChecksumSpec,
  type ChecksumSpec,
} from '../../../../electron/engine/checksum-spec';

const TIMEOUT = { timeout: 5_000 };
const BODY = 'hello fetchpoint\n';
const SHA256_HEX = createHash('sha256').update(BODY).digest('hex');
const SHA256_BASE64 = createHash('sha256').update(BODY).digest('base64');
const MD5_HEX = createHash('md5').update(BODY).digest('hex');
const MD5_BASE64 = createHash('md5').update(BODY).digest('base64');
const SHA512_BASE64 = createHash('sha512').update(BODY).digest('base64');

function parsedSpec(input: string): ChecksumSpec {
  const result = parseChecksumSpec(input);
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.spec;
}

function parseFailure(input: string): string {
  const result = parseChecksumSpec(input);
  assert.ok(!result.ok, `expected ${JSON.stringify(input)} to be rejected`);
  return result.message;
}

describe('parseChecksumSpec', () => {
  test('reads sha256 and md5 with their hex in lowercase', TIMEOUT, () => {
    assert.deepEqual(parsedSpec(`sha256:${SHA256_HEX}`), { algorithm: 'sha256', hex: SHA256_HEX });
    assert.deepEqual(parsedSpec(`md5:${MD5_HEX}`), { algorithm: 'md5', hex: MD5_HEX });
  });

  test('accepts the algorithm and the hex in any case, and SHA-256 with a dash', TIMEOUT, () => {
    assert.deepEqual(parsedSpec(`SHA256:${SHA256_HEX.toUpperCase()}`), { algorithm: 'sha256', hex: SHA256_HEX });
    assert.deepEqual(parsedSpec(`Sha-256:${SHA256_HEX}`), { algorithm: 'sha256', hex: SHA256_HEX });
    assert.deepEqual(parsedSpec(`MD5:${MD5_HEX.toUpperCase()}`), { algorithm: 'md5', hex: MD5_HEX });
  });

  test('ignores whitespace around the whole value and around the colon', TIMEOUT, () => {
    assert.deepEqual(parsedSpec(`  sha256 : ${SHA256_HEX}\n`), { algorithm: 'sha256', hex: SHA256_HEX });
  });

  test('reads a bare hex digest by its length', TIMEOUT, () => {
    assert.deepEqual(parsedSpec(SHA256_HEX), { algorithm: 'sha256', hex: SHA256_HEX });
    assert.deepEqual(parsedSpec(MD5_HEX.toUpperCase()), { algorithm: 'md5', hex: MD5_HEX });
  });

  test('explains an empty checksum', TIMEOUT, () => {
    assert.match(parseFailure(''), /^Enter a checksum like sha256:/);
    assert.match(parseFailure('   '), /^Enter a checksum/);
  });

  test('explains a value without an algorithm', TIMEOUT, () => {
    assert.match(parseFailure('abc123'), /needs an algorithm and a value/);
    assert.match(parseFailure(`:${SHA256_HEX}`), /missing its algorithm/);
  });

  test('names an unsupported algorithm', TIMEOUT, () => {
    assert.equal(parseFailure('sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709'), '“sha1” checksums are not supported; use sha256 or md5.');
    assert.match(parseFailure(`crc32:${'0'.repeat(8)}`), /“crc32”/);
  });

  test('does not treat Object.prototype names as algorithms', TIMEOUT, () => {
    assert.match(parseFailure(`constructor:${SHA256_HEX}`), /not supported/);
    assert.match(parseFailure(`__proto__:${SHA256_HEX}`), /not supported/);
    assert.match(parseFailure(`toString:${MD5_HEX}`), /not supported/);
  });

  test('shortens a very long algorithm name in the message', TIMEOUT, () => {
    const message = parseFailure(`${'x'.repeat(500)}:abc`);
    assert.ok(message.length < 120, message);
  });

  test('rejects non-hex characters', TIMEOUT, () => {
    assert.equal(parseFailure(`sha256:${'g'.repeat(64)}`), 'The sha256 checksum may contain only the hex digits 0–9 and a–f.');
    assert.match(parseFailure(`md5:${MD5_HEX.slice(0, 30)} x`), /only the hex digits/);
    assert.match(parseFailure(`sha256:${SHA256_BASE64}`), /only the hex digits/);
  });

  test('says how many digits were expected and how many were given', TIMEOUT, () => {
    assert.equal(parseFailure(`sha256:${SHA256_HEX.slice(1)}`), 'A sha256 checksum has 64 hex digits, but this one has 63.');
    assert.equal(parseFailure(`md5:${SHA256_HEX}`), 'An md5 checksum has 32 hex digits, but this one has 64.');
    assert.match(parseFailure('sha256:'), /empty; it needs 64 hex digits/);
  });
});

describe('formatChecksumSpec', () => {
  test('writes algorithm:hex in lowercase and round-trips through the parser', TIMEOUT, () => {
    assert.equal(formatChecksumSpec({ algorithm: 'sha256', hex: SHA256_HEX }), `sha256:${SHA256_HEX}`);
    assert.equal(formatChecksumSpec({ algorithm: 'md5', hex: MD5_HEX.toUpperCase() }), `md5:${MD5_HEX}`);
    const spec = parsedSpec(`SHA-256:${SHA256_HEX.toUpperCase()}`);
    assert.deepEqual(parsedSpec(formatChecksumSpec(spec)), spec);
  });
});

describe('checksumFromHeaders', () => {
  test('reads sha-256 from Repr-Digest (RFC 9530)', TIMEOUT, () => {
    assert.deepEqual(checksumFromHeaders({ 'repr-digest': `sha-256=:${SHA256_BASE64}:` }), { algorithm: 'sha256', hex: SHA256_HEX });
  });

  test('picks sha-256 out of a Repr-Digest list with unknown algorithms and parameters', TIMEOUT, () => {
    const header = `sha-512=:${SHA512_BASE64}:, unknown=:AAAA:, sha-256=:${SHA256_BASE64}:;foo=1`;
    assert.deepEqual(checksumFromHeaders({ 'Repr-Digest': header }), { algorithm: 'sha256', hex: SHA256_HEX });
  });

  test('reads SHA-256 and MD5 from Digest (RFC 3230) and prefers SHA-256', TIMEOUT, () => {
    assert.deepEqual(checksumFromHeaders({ digest: `SHA-256=${SHA256_BASE64}` }), { algorithm: 'sha256', hex: SHA256_HEX });
    assert.deepEqual(checksumFromHeaders({ Digest: `MD5=${MD5_BASE64}` }), { algorithm: 'md5', hex: MD5_HEX });
    assert.deepEqual(checksumFromHeaders({ digest: `MD5=${MD5_BASE64}, SHA-256=${SHA256_BASE64}` }), { algorithm: 'sha256', hex: SHA256_HEX });
  });

  test('reads Content-MD5', TIMEOUT, () => {
    assert.deepEqual(checksumFromHeaders({ 'content-md5': MD5_BASE64 }), { algorithm: 'md5', hex: MD5_HEX });
    assert.deepEqual(checksumFromHeaders({ 'Content-MD5': ` ${MD5_BASE64} ` }), { algorithm: 'md5', hex: MD5_HEX });
  });

  test('prefers sha-256 from any header over md5 from any header', TIMEOUT, () => {
    const headers = { 'repr-digest': `md5=:${MD5_BASE64}:`, digest: `SHA-256=${SHA256_BASE64}`, 'content-md5': MD5_BASE64 };
    assert.deepEqual(checksumFromHeaders(headers), { algorithm: 'sha256', hex: SHA256_HEX });
  });

  test('prefers Repr-Digest over Digest for the same algorithm', TIMEOUT, () => {
    const other = createHash('sha256').update('other').digest();
    const headers = { digest: `SHA-256=${other.toString('base64')}`, 'repr-digest': `sha-256=:${SHA256_BASE64}:` };
    assert.deepEqual(checksumFromHeaders(headers), { algorithm: 'sha256', hex: SHA256_HEX });
  });

  test('reads repeated headers given as arrays', TIMEOUT, () => {
    const headers = { 'repr-digest': [`sha-512=:${SHA512_BASE64}:`, `sha-256=:${SHA256_BASE64}:`] };
    assert.deepEqual(checksumFromHeaders(headers), { algorithm: 'sha256', hex: SHA256_HEX });
  });

  test('returns null without digest headers', TIMEOUT, () => {
    assert.equal(checksumFromHeaders({}), null);
    assert.equal(checksumFromHeaders({ 'content-type': 'application/zip', etag: `"${MD5_HEX}"`, digest: undefined }), null);
  });

  test('ignores unknown algorithms', TIMEOUT, () => {
    assert.equal(checksumFromHeaders({ 'repr-digest': `sha-512=:${SHA512_BASE64}:` }), null);
    assert.equal(checksumFromHeaders({ digest: 'UNIXsum=1234, SHA=2jmj7l5rSw0yVb/vlWAYkK/YBwk=' }), null);
    assert.equal(checksumFromHeaders({ digest: `constructor=${SHA256_BASE64}` }), null);
  });

  test('ignores malformed values and falls through to the next usable one', TIMEOUT, () => {
    const malformed: Record<string, string>[] = [
      { 'repr-digest': `sha-256=${SHA256_BASE64}` },
      { 'repr-digest': `sha-256=:${SHA256_BASE64}` },
      { 'repr-digest': 'sha-256=::' },
      { 'repr-digest': 'sha-256' },
      { digest: `SHA-256=${SHA256_HEX}` },
      { digest: `SHA-256=${SHA256_BASE64.slice(0, 20)}` },
      { digest: 'SHA-256=!!!not base64!!!' },
      { digest: `SHA-256=${MD5_BASE64}` },
      { 'content-md5': SHA256_BASE64 },
      { 'content-md5': '' },
      { 'content-md5': 'A' },
    ];
    for (const headers of malformed) assert.equal(checksumFromHeaders(headers), null, JSON.stringify(headers));

    const headers = { 'repr-digest': 'sha-256=:garbage:', 'content-md5': MD5_BASE64 };
    assert.deepEqual(checksumFromHeaders(headers), { algorithm: 'md5', hex: MD5_HEX });
  });

  test('accepts base64 without padding', TIMEOUT, () => {
    assert.deepEqual(checksumFromHeaders({ digest: `SHA-256=${SHA256_BASE64.replace(/=+$/, '')}` }), { algorithm: 'sha256', hex: SHA256_HEX });
  });
});
