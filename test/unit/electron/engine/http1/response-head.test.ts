import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_RESPONSE_HEAD_BYTES, parseResponseHead } from '../../../../../electron/engine/http1/response-head';

function parse(text: string): ReturnType<typeof parseResponseHead> {
  const buffer = Buffer.from(text, 'latin1');
  return parseResponseHead(buffer, buffer.length);
}

describe('the response head parser', () => {
  test('reads the status, lower-cases names, joins repeated fields and reports where the body starts', () => {
    const text = 'HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-9/100\r\nX-Tag: a\r\nx-tag: b\r\n\r\nBODY';
    const head = parse(text);
    assert.ok(head !== null);
    assert.equal(head.status, 206);
    assert.equal(head.minorVersion, 1);
    assert.deepEqual(head.headers, { 'content-range': 'bytes 0-9/100', 'x-tag': 'a, b' });
    assert.equal(text.slice(head.headByteLength), 'BODY');
  });

  test('waits for the blank line, and accepts bare LF line ends and a status line without a reason', () => {
    assert.equal(parse('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n'), null);
    const head = parse('HTTP/1.0 200\nContent-Length: 5\n\nhello');
    assert.ok(head !== null);
    assert.equal(head.minorVersion, 0);
    assert.equal(head.headers['content-length'], '5');
    assert.equal(head.headByteLength, 'HTTP/1.0 200\nContent-Length: 5\n\n'.length);
  });

  test('keeps obsolete text (bytes above 0x7F) in values byte for byte', () => {
    const head = parse('HTTP/1.1 200 OK\r\nContent-Disposition: attachment; filename="\xc3\xa9t\xc3\xa9.txt"\r\n\r\n');
    assert.equal(head?.headers['content-disposition'], 'attachment; filename="\xc3\xa9t\xc3\xa9.txt"');
  });

  test('refuses heads that could be read two ways, with DL_ERR_NETWORK', () => {
    const cases = [
      'HTTP/2 200 OK\r\n\r\n',
      'HTTP/1.1 20 OK\r\n\r\n',
      'HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\n\r\n',
      'HTTP/1.1 200 OK\r\nBad Name: 1\r\n\r\n',
      'HTTP/1.1 200 OK\r\nNoColon\r\n\r\n',
      'HTTP/1.1 200 OK\r\nX-A: a\x00b\r\n\r\n',
    ];
    for (const text of cases) assert.throws(() => parse(text), { code: 'DL_ERR_NETWORK' }, JSON.stringify(text));
  });

  test(`refuses a head that grows past ${MAX_RESPONSE_HEAD_BYTES} bytes without ending`, () => {
    const text = `HTTP/1.1 200 OK\r\nX-Long: ${'a'.repeat(MAX_RESPONSE_HEAD_BYTES)}`;
    assert.throws(() => parse(text), /larger than/);
  });
});
