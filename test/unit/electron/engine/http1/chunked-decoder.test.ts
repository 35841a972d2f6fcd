import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { ChunkedDecoder } from '../../../../../electron/engine/http1/chunked-decoder';

function encodeChunked(body: Buffer, chunkSizes: readonly number[], trailer = ''): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (const size of chunkSizes) {
    const piece = body.subarray(offset, offset + size);
    offset += piece.length;
    parts.push(Buffer.from(`${piece.length.toString(16)};ext=1\r\n`), piece, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`0\r\n${trailer}\r\n`));
  return Buffer.concat(parts);
}

/** Feeds `wire` to a decoder in pieces cut at `cuts`, the way socket reads would, and returns the body. */
function decodeInPieces(wire: Buffer, cuts: readonly number[]): { body: Buffer; isComplete: boolean; leftover: number } {
  const decoder = new ChunkedDecoder();
  const body: Buffer[] = [];
  let leftover = 0;
  const bounds = [0, ...cuts, wire.length];
  for (let index = 0; index + 1 < bounds.length; index += 1) {
    const piece = Buffer.from(wire.subarray(bounds[index], bounds[index + 1]));
    const span = decoder.decodeInPlace(piece, piece.length);
    body.push(Buffer.from(piece.subarray(0, span.bodyByteLength)));
    leftover += piece.length - span.consumedByteLength;
  }
  return { body: Buffer.concat(body), isComplete: decoder.isComplete, leftover };
}

describe('the in-place chunked decoder', () => {
  test('rebuilds the exact body whatever the chunk sizes and wherever the reads are cut', () => {
    const body = randomBytes(200_000);
    const wire = encodeChunked(body, [1, 15, 16, 4096, 65_536, 130_336], 'X-Checksum: abc\r\n');
    for (let round = 0; round < 50; round += 1) {
      const cuts = Array.from({ length: 1 + (round % 20) }, () => Math.floor(Math.random() * wire.length)).sort((a, b) => a - b);
      const decoded = decodeInPieces(wire, round === 0 ? [] : cuts);
      assert.equal(decoded.isComplete, true);
      assert.equal(decoded.leftover, 0);
      assert.ok(decoded.body.equals(body), `round ${round}`);
    }
  });

  test('decodes byte by byte, with upper-case hex and bare LF line ends', () => {
    const wire = Buffer.from('A\nabcdefghij\n1F\r\n' + 'x'.repeat(31) + '\r\n0\n\n');
    const decoded = decodeInPieces(wire, Array.from({ length: wire.length - 1 }, (_, index) => index + 1));
    assert.equal(decoded.body.toString(), 'abcdefghij' + 'x'.repeat(31));
    assert.equal(decoded.isComplete, true);
  });

  test('stops at the end of the body and reports the bytes after it as not consumed', () => {
    const wire = Buffer.concat([encodeChunked(Buffer.from('hello'), [5]), Buffer.from('HTTP/1.1 200 OK')]);
    const decoded = decodeInPieces(wire, []);
    assert.equal(decoded.body.toString(), 'hello');
    assert.equal(decoded.leftover, 'HTTP/1.1 200 OK'.length);
  });

  test('refuses bad framing with DL_ERR_NETWORK', () => {
    const cases = ['g\r\n', '\r\n', '5\r\nhelloX\r\n', '5\r\nhello\rX', '1234567890abc\r\n', `1;${'e'.repeat(20_000)}\r\n`];
    for (const text of cases) {
      const buffer = Buffer.from(text);
      assert.throws(() => new ChunkedDecoder().decodeInPlace(buffer, buffer.length), { code: 'DL_ERR_NETWORK' }, JSON.stringify(text.slice(0, 20)));
    }
  });
});
