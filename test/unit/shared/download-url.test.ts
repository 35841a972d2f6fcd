import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { extractUrlCandidates, parseDownloadUrl } from '../../../shared/download-url';

const TIMEOUT = { timeout: 5_000 };

function acceptedUrl(input: string): string {
  const result = parseDownloadUrl(input);
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.url;
}

describe('parseDownloadUrl', () => {
  test('accepts http and https links and returns the normalized href', TIMEOUT, () => {
    assert.equal(acceptedUrl('https://example.com/file.zip'), 'https://example.com/file.zip');
    assert.equal(acceptedUrl('http://example.com'), 'http://example.com/');
    assert.equal(acceptedUrl('HTTPS://EXAMPLE.COM:443/a b/ü.iso?q=1 2'), 'https://example.com/a%20b/%C3%BC.iso?q=1%202');
    assert.equal(acceptedUrl('http://127.0.0.1:8080/x'), 'http://127.0.0.1:8080/x');
    assert.equal(acceptedUrl('http://[::1]/x'), 'http://[::1]/x');
    assert.equal(acceptedUrl('https://bücher.example/x'), 'https://xn--bcher-kva.example/x');
  });

  test('trims surrounding whitespace and newlines', TIMEOUT, () => {
    assert.equal(acceptedUrl('  \n https://example.com/a.zip \t\r\n'), 'https://example.com/a.zip');
  });

  test('strips the fragment but keeps the query', TIMEOUT, () => {
    assert.equal(acceptedUrl('https://example.com/a.zip?x=1#section'), 'https://example.com/a.zip?x=1');
    assert.equal(acceptedUrl('https://example.com/a.zip#'), 'https://example.com/a.zip');
  });

  test('keeps credentials in the URL', TIMEOUT, () => {
    assert.equal(acceptedUrl('https://user:p%40ss@example.com/private.zip'), 'https://user:p%40ss@example.com/private.zip');
  });

  test('rejects other schemes with a sentence naming the scheme', TIMEOUT, () => {
    const cases: [string, string][] = [
      ['file:///etc/passwd', 'file:'],
      ['javascript:alert(1)', 'javascript:'],
      ['data:text/plain,hello', 'data:'],
      ['ftp://example.com/a.zip', 'ftp:'],
      ['blob:https://example.com/uuid', 'blob:'],
      ['mailto:someone@example.com', 'mailto:'],
      ['  JavaScript:alert(document.cookie)', 'javascript:'],
    ];
    for (const [input, scheme] of cases) {
      assert.deepEqual(parseDownloadUrl(input), {
        ok: false,
        code: 'DL_ERR_UNSUPPORTED_SCHEME',
        message: `Only http and https links can be downloaded (got ${scheme}).`,
      });
    }
  });

  test('rejects garbage with a sentence quoting it', TIMEOUT, () => {
    assert.deepEqual(parseDownloadUrl('abc'), { ok: false, code: 'DL_ERR_INVALID_URL', message: '“abc” is not a valid web address.' });
    for (const input of ['http://', 'https://exa mple.com/', 'http://[::1', '//example.com/a', 'example.com/file.zip', 'http://a:99999/']) {
      const result = parseDownloadUrl(input);
      assert.equal(result.ok, false, input);
      assert.equal(result.ok ? '' : result.code, 'DL_ERR_INVALID_URL', input);
    }
  });

  test('rejects empty input', TIMEOUT, () => {
    for (const input of ['', '   ', '\n']) {
      const result = parseDownloadUrl(input);
      assert.ok(!result.ok);
      assert.equal(result.code, 'DL_ERR_INVALID_URL');
      assert.match(result.message, /empty/);
    }
  });

  test('suggests a scheme for a host with a port but no scheme', TIMEOUT, () => {
    for (const input of ['localhost:8080/file.zip', 'example.com:8443/x', 'LOCALHOST:3000']) {
      const result = parseDownloadUrl(input);
      assert.ok(!result.ok, input);
      assert.equal(result.code, 'DL_ERR_INVALID_URL');
      assert.match(result.message, /start it with http:\/\/ or https:\/\//);
    }
    const tel = parseDownloadUrl('tel:5551234');
    assert.ok(!tel.ok);
    assert.equal(tel.code, 'DL_ERR_UNSUPPORTED_SCHEME');
  });

  test('rejects http links without a host', TIMEOUT, () => {
    // The WHATWG parser turns "http:foo" into "http://foo/", so a hostless special URL cannot be built;
    // this checks that nothing that parses slips through with an empty host.
    assert.equal(acceptedUrl('http:example.com/a'), 'http://example.com/a');
    assert.equal(parseDownloadUrl('http://:80/').ok, false);
  });

  test('shortens a very long input in the message', TIMEOUT, () => {
    const result = parseDownloadUrl(`not a url ${'x'.repeat(5_000)}`);
    assert.ok(!result.ok);
    assert.ok(result.message.length < 150, `${result.message.length} characters`);
    assert.match(result.message, /…” is not a valid web address\.$/);
  });
});

describe('extractUrlCandidates', () => {
  test('splits lines of any style and drops blank ones', TIMEOUT, () => {
    assert.deepEqual(extractUrlCandidates('https://a/1\r\nhttps://b/2\rhttps://c/3\n\n\n'), ['https://a/1', 'https://b/2', 'https://c/3']);
  });

  test('skips text/uri-list comment lines', TIMEOUT, () => {
    const uriList = '# exported by a browser\r\nhttps://a/1\r\n  # indented comment\r\nhttps://b/2\r\n';
    assert.deepEqual(extractUrlCandidates(uriList), ['https://a/1', 'https://b/2']);
  });

  test('keeps a hash inside a line because it is a fragment, not a comment', TIMEOUT, () => {
    assert.deepEqual(extractUrlCandidates('https://a/1#frag'), ['https://a/1#frag']);
  });

  test('splits links separated by spaces, tabs and commas', TIMEOUT, () => {
    assert.deepEqual(extractUrlCandidates('https://a/1 https://b/2\thttps://c/3, https://d/4,https://e/5'), [
      'https://a/1',
      'https://b/2',
      'https://c/3',
      'https://d/4',
      'https://e/5',
    ]);
  });

  test('keeps commas that belong to a link', TIMEOUT, () => {
    assert.deepEqual(extractUrlCandidates('https://a/get?ids=1,2,3 https://b/x,y.zip'), ['https://a/get?ids=1,2,3', 'https://b/x,y.zip']);
  });

  test('removes duplicates and keeps the first occurrence order', TIMEOUT, () => {
    assert.deepEqual(extractUrlCandidates('https://b/2\nhttps://a/1\nhttps://b/2\n  https://a/1  '), ['https://b/2', 'https://a/1']);
  });

  test('unwraps angle brackets and quotes', TIMEOUT, () => {
    assert.deepEqual(extractUrlCandidates('<https://a/1> "https://b/2", \'https://c/3\''), ['https://a/1', 'https://b/2', 'https://c/3']);
  });

  test('splits quoted CSV cells into one link each', TIMEOUT, () => {
    assert.deepEqual(extractUrlCandidates('"https://a/1.zip","https://b/2.zip"'), ['https://a/1.zip', 'https://b/2.zip']);
    assert.deepEqual(extractUrlCandidates('"mirror","https://x/a?b=1,2;c=3",42'), ['mirror', 'https://x/a?b=1,2;c=3', '42']);
  });

  test('splits links joined by a semicolon', TIMEOUT, () => {
    assert.deepEqual(extractUrlCandidates('https://a/1.zip;https://b/2.zip'), ['https://a/1.zip', 'https://b/2.zip']);
  });

  test('splits angle-bracketed links joined by a comma', TIMEOUT, () => {
    assert.deepEqual(extractUrlCandidates('<https://a/1.zip>,<https://b/2.zip>'), ['https://a/1.zip', 'https://b/2.zip']);
  });

  test('finds links in parentheses and in markdown without their label', TIMEOUT, () => {
    assert.deepEqual(extractUrlCandidates('(https://a/1.zip) and [mirror](https://b/2.zip)'), ['https://a/1.zip', 'and', 'https://b/2.zip']);
    assert.deepEqual(extractUrlCandidates('[https://c/3.zip](https://c/3.zip)'), ['https://c/3.zip']);
  });

  test('keeps parentheses that belong to the link', TIMEOUT, () => {
    assert.deepEqual(extractUrlCandidates('(see https://en.example/wiki/Fetch_(software))'), ['see', 'https://en.example/wiki/Fetch_(software)']);
  });

  test('drops the full stop that ends a sentence', TIMEOUT, () => {
    assert.deepEqual(extractUrlCandidates('Get it from https://c/3.zip. Or https://d/4.zip!'), ['Get', 'it', 'from', 'https://c/3.zip', 'Or', 'https://d/4.zip']);
  });

  test('keeps commas and semicolons inside a query, and a link inside a query whole', TIMEOUT, () => {
    assert.deepEqual(extractUrlCandidates('https://x/a?b=1,2;c=3'), ['https://x/a?b=1,2;c=3']);
    assert.deepEqual(extractUrlCandidates('https://x/go?to=https://y/z https://web.example/2020/https://y/z'), [
      'https://x/go?to=https://y/z',
      'https://web.example/2020/https://y/z',
    ]);
  });

  test('takes linear time on a long run of closing brackets', TIMEOUT, () => {
    const startedAtMs = performance.now();
    assert.deepEqual(extractUrlCandidates(`https://a/1${')'.repeat(200_000)}`), ['https://a/1']);
    assert.ok(performance.now() - startedAtMs < 1_000);
  });

  test('returns candidates that still need validating', TIMEOUT, () => {
    const candidates = extractUrlCandidates('https://ok/1\nnot-a-url\nfile:///etc/passwd');
    assert.deepEqual(candidates, ['https://ok/1', 'not-a-url', 'file:///etc/passwd']);
    assert.deepEqual(candidates.map((candidate) => parseDownloadUrl(candidate).ok), [true, false, false]);
  });

  test('returns nothing for empty text, whitespace, commas and comments', TIMEOUT, () => {
    assert.deepEqual(extractUrlCandidates(''), []);
    assert.deepEqual(extractUrlCandidates(' \n\t , ,, \n# only a comment'), []);
  });
});
