import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  MAX_FILE_NAME_BYTES,
  chooseFileName,
  findFreeFileName,
  isInsideDirectory,
  sanitizeFileName,
} from '../../../../electron/engine/file-name';

const TIMEOUT = { timeout: 5_000 };
const DOWNLOADS = path.resolve('/tmp/fetchpoint-downloads');

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function hasLoneSurrogate(text: string): boolean {
  return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

// The properties every sanitized name must have, whatever went in.
function assertSafe(name: string): void {
  assert.notEqual(name, '');
  assert.ok(!/^\.+$/.test(name), `dots only: ${name}`);
  assert.ok(!/[\u0000-\u001f\u007f<>:"/\\|?*]/.test(name), `forbidden character in ${JSON.stringify(name)}`);
  assert.ok(!/[\s.]$/.test(name), `trailing dot or space in ${JSON.stringify(name)}`);
  assert.ok(utf8Bytes(name) <= MAX_FILE_NAME_BYTES, `${utf8Bytes(name)} bytes`);
  assert.ok(!hasLoneSurrogate(name), 'lone surrogate');
  assert.equal(name, name.normalize('NFC'));
  assert.ok(!/^(con|prn|aux|nul|com[0-9]|lpt[0-9]) *(\..*)?$/i.test(name), `reserved: ${name}`);
  assert.ok(isInsideDirectory(DOWNLOADS, path.join(DOWNLOADS, name)), `escapes: ${name}`);
}

function choose(contentDisposition: string | null, finalUrl = 'https://example.com/', contentType?: string): string {
  return chooseFileName({ contentDisposition, finalUrl, originalUrl: finalUrl, contentType });
}

describe('sanitizeFileName', () => {
  test('keeps an ordinary name unchanged', TIMEOUT, () => {
    assert.equal(sanitizeFileName('report-2024_final v2.pdf'), 'report-2024_final v2.pdf');
    assert.equal(sanitizeFileName('Résumé.docx'), 'Résumé.docx');
    assert.equal(sanitizeFileName('数据.csv'), '数据.csv');
  });

  test('keeps only the last component of a Unix path', TIMEOUT, () => {
    assert.equal(sanitizeFileName('../../etc/passwd'), 'passwd');
    assert.equal(sanitizeFileName('/etc/passwd'), 'passwd');
    assert.equal(sanitizeFileName('dir/sub/'), 'sub');
  });

  test('keeps only the last component of a Windows path', TIMEOUT, () => {
    assert.equal(sanitizeFileName('C:\\Windows\\x'), 'x');
    assert.equal(sanitizeFileName('..\\..\\Windows\\System32\\drivers\\etc\\hosts'), 'hosts');
    assert.equal(sanitizeFileName('\\\\server\\share\\file.txt'), 'file.txt');
    assert.equal(sanitizeFileName('C:evil.txt'), 'Cevil.txt');
  });

  test('never returns ".", ".." or a name made only of dots', TIMEOUT, () => {
    for (const raw of ['.', '..', '...', '. .', ' .. ', '../..', '..\\..', '/..', '....//....']) {
      assert.equal(sanitizeFileName(raw), 'download', raw);
    }
  });

  test('returns the fallback for empty and whitespace-only input', TIMEOUT, () => {
    assert.equal(sanitizeFileName(''), 'download');
    assert.equal(sanitizeFileName('   \t '), 'download');
    assert.equal(sanitizeFileName('', 'video.mp4'), 'video.mp4');
  });

  test('sanitizes the fallback too, and falls back to "download" when it is unusable', TIMEOUT, () => {
    assert.equal(sanitizeFileName('..', '../secret.txt'), 'secret.txt');
    assert.equal(sanitizeFileName('..', '..'), 'download');
  });

  test('removes NUL and other control characters', TIMEOUT, () => {
    assert.equal(sanitizeFileName('a\u0000b.txt'), 'ab.txt');
    assert.equal(sanitizeFileName('evil.txt\u0000.exe'), 'evil.txt.exe');
    assert.equal(sanitizeFileName('line\r\nbreak\t.txt'), 'linebreak.txt');
    assert.equal(sanitizeFileName('del\u007f\u0085.txt'), 'del.txt');
    assert.equal(sanitizeFileName('\u0000'), 'download');
  });

  test('removes characters Windows forbids', TIMEOUT, () => {
    assert.equal(sanitizeFileName('a<b>c:d"e|f?g*h.txt'), 'abcdefgh.txt');
    assert.equal(sanitizeFileName('file.txt:Zone.Identifier'), 'file.txtZone.Identifier');
    assert.equal(sanitizeFileName('???'), 'download');
  });

  test('removes bidi overrides that disguise the extension but keeps joiners scripts need', TIMEOUT, () => {
    assert.equal(sanitizeFileName('invoice\u202Efdp.exe'), 'invoicefdp.exe');
    assert.equal(sanitizeFileName('\u2066a\u2069\u200Bb\uFEFF.txt'), 'ab.txt');
    assert.equal(sanitizeFileName('می\u200Cخواهم.txt'), 'می\u200Cخواهم.txt');
    assert.equal(sanitizeFileName('👨\u200D👩\u200D👧.png'), '👨\u200D👩\u200D👧.png');
  });

  test('trims trailing dots and spaces that Windows would drop', TIMEOUT, () => {
    assert.equal(sanitizeFileName('hello.txt.'), 'hello.txt');
    assert.equal(sanitizeFileName('  hello.txt. . '), 'hello.txt');
    assert.equal(sanitizeFileName('name\u3000'), 'name');
  });

  test('allows dot files', TIMEOUT, () => {
    assert.equal(sanitizeFileName('.bashrc'), '.bashrc');
    assert.equal(sanitizeFileName('..hidden'), '..hidden');
    assert.equal(sanitizeFileName('.env.local'), '.env.local');
  });

  test('prefixes Windows device names, with or without an extension and in any case', TIMEOUT, () => {
    assert.equal(sanitizeFileName('CON.txt'), '_CON.txt');
    assert.equal(sanitizeFileName('con'), '_con');
    assert.equal(sanitizeFileName('Nul.tar.gz'), '_Nul.tar.gz');
    assert.equal(sanitizeFileName('aux .log'), '_aux .log');
    assert.equal(sanitizeFileName('lpt9.'), '_lpt9');
    assert.equal(sanitizeFileName('COM1'), '_COM1');
    assert.equal(sanitizeFileName('com¹.txt'), '_com¹.txt');
    assert.equal(sanitizeFileName('CONOUT$'), '_CONOUT$');
    assert.equal(sanitizeFileName('C<O>N.txt'), '_CON.txt');
    assert.equal(sanitizeFileName('../PRN'), '_PRN');
  });

  test('leaves names that only start like a device name alone', TIMEOUT, () => {
    assert.equal(sanitizeFileName('console.log'), 'console.log');
    assert.equal(sanitizeFileName('COM10.txt'), 'COM10.txt');
    assert.equal(sanitizeFileName('nullable.ts'), 'nullable.ts');
    assert.equal(sanitizeFileName('CON foo.txt'), 'CON foo.txt');
  });

  test('normalizes to NFC so the same name is never stored twice', TIMEOUT, () => {
    const decomposed = 'Re\u0301sume\u0301.pdf';
    assert.equal(sanitizeFileName(decomposed), 'R\u00e9sum\u00e9.pdf');
  });

  test('drops lone surrogates', TIMEOUT, () => {
    assert.equal(sanitizeFileName('\ud800x\udc00.txt'), 'x.txt');
  });

  test('caps a 300-byte CJK name at 255 bytes and keeps its extension', TIMEOUT, () => {
    const raw = `${'語'.repeat(100)}.pdf`;
    assert.equal(utf8Bytes(raw), 304);
    const name = sanitizeFileName(raw);
    assert.ok(name.endsWith('.pdf'));
    assert.ok(utf8Bytes(name) <= 255);
    assert.equal(name, `${'語'.repeat(83)}.pdf`);
  });

  test('never cuts a surrogate pair or a grapheme when capping', TIMEOUT, () => {
    const emoji = sanitizeFileName(`a${'😀'.repeat(100)}.zip`);
    assert.ok(utf8Bytes(emoji) <= 255);
    assert.ok(!hasLoneSurrogate(emoji));
    assert.equal(emoji, `a${'😀'.repeat(62)}.zip`);

    const accented = sanitizeFileName(`${'e\u0301'.repeat(50)}${'\u0915\u094d\u0937'.repeat(30)}.txt`);
    assert.ok(utf8Bytes(accented) <= 255);
    assert.ok(!accented.replace('.txt', '').endsWith('\u0915\u094d'), 'cut inside a conjunct');
    assert.ok(accented.endsWith('\u0915\u094d\u0937.txt'));
  });

  test('cuts a single oversized grapheme between code points rather than dropping it', TIMEOUT, () => {
    // "x" has no precomposed accented form, so NFC leaves the 300 combining marks in one grapheme.
    const zalgo = `x${'\u0301'.repeat(300)}`;
    const name = sanitizeFileName(zalgo);
    assert.equal(name, `x${'\u0301'.repeat(127)}`);
    assert.equal(utf8Bytes(name), 255);
  });

  test('caps a long name without an extension and trims what the cut exposes', TIMEOUT, () => {
    const name = sanitizeFileName(`${'x'.repeat(254)}. and more`);
    assert.equal(name, 'x'.repeat(254));
  });

  test('keeps a compound extension when capping', TIMEOUT, () => {
    const name = sanitizeFileName(`${'b'.repeat(300)}.tar.gz`);
    assert.ok(name.endsWith('.tar.gz'));
    assert.equal(utf8Bytes(name), 255);
  });

  test('produces a safe name for every hostile input', TIMEOUT, () => {
    const hostile = [
      '../../etc/passwd', 'C:\\Windows\\x', '\u0000', '...', 'CON.txt', '/etc/passwd', '',
      ' ', '.', '..\\..\\', 'a'.repeat(1000), '語'.repeat(300), '😀'.repeat(300), 'nul.', 'LPT1 ',
      '\u202E\u202E', '<>:"|?*', 'x/..', 'x\\..', `${'.'.repeat(300)}`, `${' '.repeat(10)}.${'z'.repeat(300)}`,
      '\ud83d', 'a\u0085b',
    ];
    for (const raw of hostile) assertSafe(sanitizeFileName(raw));
  });
});

describe('chooseFileName', () => {
  test('prefers filename* from Content-Disposition and decodes RFC 5987 UTF-8', TIMEOUT, () => {
    assert.equal(choose("attachment; filename*=UTF-8''%E2%82%AC%20rates.pdf"), '€ rates.pdf');
    assert.equal(choose("attachment; filename=\"EUR rates.pdf\"; filename*=UTF-8''%E2%82%AC%20rates.pdf"), '€ rates.pdf');
    assert.equal(choose("attachment; filename*=UTF-8''%E2%82%AC%20rates.pdf; filename=\"EUR rates.pdf\""), '€ rates.pdf');
  });

  test('reads a plain quoted filename', TIMEOUT, () => {
    assert.equal(choose('attachment; filename="annual report.pdf"'), 'annual report.pdf');
    assert.equal(choose('inline; filename=data.json', 'https://example.com/api'), 'data.json');
  });

  test('reads ISO-8859-1 extended values', TIMEOUT, () => {
    assert.equal(choose("attachment; filename*=iso-8859-1'en'%A3%20rates.txt"), '£ rates.txt');
  });

  test('reads raw UTF-8 bytes in filename the way browsers do', TIMEOUT, () => {
    // What undici hands over when the server sends the UTF-8 bytes of "été.txt".
    const latin1Header = `attachment; filename="${Buffer.from('été.txt', 'utf8').toString('latin1')}"`;
    assert.equal(choose(latin1Header), 'été.txt');
    assert.equal(choose('attachment; filename="caf\u00e9.txt"'), 'café.txt');
  });

  test('strips the directories of an absolute or relative path in Content-Disposition', TIMEOUT, () => {
    assert.equal(choose('attachment; filename="/etc/passwd"'), 'passwd');
    assert.equal(choose('attachment; filename="../../.ssh/authorized_keys"'), 'authorized_keys');
    assert.equal(choose("attachment; filename*=UTF-8''..%2F..%2Fetc%2Fshadow"), 'shadow');
    assert.equal(choose('attachment; filename="C:/Windows/System32/evil.dll"'), 'evil.dll');
  });

  test('skips a Content-Disposition name that sanitizes to nothing and uses the URL', TIMEOUT, () => {
    assert.equal(choose('attachment; filename=".."', 'https://example.com/files/real.zip'), 'real.zip');
    assert.equal(choose('attachment; filename=""', 'https://example.com/files/real.zip'), 'real.zip');
    assert.equal(choose('attachment; filename="///"', 'https://example.com/files/real.zip'), 'real.zip');
  });

  test('sanitizes device names from Content-Disposition', TIMEOUT, () => {
    assert.equal(choose('attachment; filename="CON.txt"'), '_CON.txt');
  });

  test('reads a filename the strict parser rejects', TIMEOUT, () => {
    assert.equal(choose('attachment; filename=My File.pdf'), 'My File.pdf');
    assert.equal(choose('attachment;filename=a.txt;'), 'a.txt');
    assert.equal(choose('attachment; filename="unterminated.txt'), 'unterminated.txt');
    assert.equal(choose("attachment; filename*=UTF-8''na%C3%AFve file.txt"), 'naïve file.txt');
  });

  test('falls back to filename when filename* uses an unsupported charset', TIMEOUT, () => {
    assert.equal(choose("attachment; filename*=Shift_JIS''%82%A0.txt; filename=\"fallback.txt\""), 'fallback.txt');
  });

  test('never throws on a malformed Content-Disposition and falls back to the URL', TIMEOUT, () => {
    const url = 'https://example.com/dl/file.bin';
    for (const header of [';;;', '=', 'attachment; filename*=', "attachment; filename*=UTF-8''%E2%82", '"', '\u0000', 'attachment; filename=;']) {
      assert.doesNotThrow(() => choose(header, url), header);
      assertSafe(choose(header, url));
    }
    assert.equal(choose(';;;', url), 'file.bin');
    assert.equal(choose('attachment', url), 'file.bin');
  });

  test('uses the last non-empty path segment of the final URL, percent-decoded', TIMEOUT, () => {
    assert.equal(
      chooseFileName({ finalUrl: 'https://cdn.example.com/a/b/r%C3%A9sum%C3%A9.pdf?sig=1#x', originalUrl: 'https://example.com/get?id=1' }),
      'résumé.pdf',
    );
    assert.equal(chooseFileName({ finalUrl: 'https://example.com/dir/sub/', originalUrl: 'https://example.com/' }), 'sub');
  });

  test('tolerates broken percent-encoding in the URL', TIMEOUT, () => {
    assert.equal(
      chooseFileName({ finalUrl: 'https://example.com/50%25%20off%ZZ.txt', originalUrl: 'https://example.com/' }),
      '50% off%ZZ.txt',
    );
    assert.equal(chooseFileName({ finalUrl: 'https://example.com/%E2%82.txt', originalUrl: 'https://example.com/' }), '%E2%82.txt');
  });

  test('turns encoded slashes in the URL into nothing worse than a basename', TIMEOUT, () => {
    assert.equal(chooseFileName({ finalUrl: 'https://example.com/..%2F..%2Fetc%2Fpasswd', originalUrl: 'https://example.com/' }), 'passwd');
    assert.equal(chooseFileName({ finalUrl: 'https://example.com/%2E%2E', originalUrl: 'https://example.com/x.iso' }), 'x.iso');
  });

  test('falls back to the original URL when the final URL has no name', TIMEOUT, () => {
    assert.equal(chooseFileName({ finalUrl: 'https://cdn.example.com/', originalUrl: 'https://example.com/setup.exe' }), 'setup.exe');
    assert.equal(chooseFileName({ finalUrl: 'not a url', originalUrl: 'https://example.com/setup.exe' }), 'setup.exe');
  });

  test('falls back to "download" with an extension guessed from the content type', TIMEOUT, () => {
    const bare = { finalUrl: 'https://example.com/', originalUrl: 'https://example.com/' };
    assert.equal(chooseFileName({ ...bare, contentType: 'text/html; charset=utf-8' }), 'download.html');
    assert.equal(chooseFileName({ ...bare, contentType: 'Application/JSON' }), 'download.json');
    assert.equal(chooseFileName({ ...bare, contentType: 'application/zip' }), 'download.zip');
    assert.equal(chooseFileName({ ...bare, contentType: 'application/pdf' }), 'download.pdf');
    assert.equal(chooseFileName({ ...bare, contentType: 'application/octet-stream' }), 'download');
    assert.equal(chooseFileName({ ...bare, contentType: 'application/x-unknown' }), 'download');
    assert.equal(chooseFileName({ ...bare, contentType: null }), 'download');
    assert.equal(chooseFileName(bare), 'download');
  });

  test('does not read Object.prototype when the content type is "constructor"', TIMEOUT, () => {
    const bare = { finalUrl: 'https://example.com/', originalUrl: 'https://example.com/' };
    assert.equal(chooseFileName({ ...bare, contentType: 'constructor' }), 'download');
    assert.equal(chooseFileName({ ...bare, contentType: '__proto__' }), 'download');
  });
});

describe('findFreeFileName', () => {
  test('returns the name itself when it is free', TIMEOUT, () => {
    assert.equal(findFreeFileName('a.txt', () => false), 'a.txt');
  });

  test('numbers the stem and keeps the extension', TIMEOUT, () => {
    const taken = new Set(['report.pdf', 'report (1).pdf']);
    assert.equal(findFreeFileName('report.pdf', (candidate) => taken.has(candidate)), 'report (2).pdf');
  });

  test('keeps compound extensions together', TIMEOUT, () => {
    assert.equal(findFreeFileName('archive.tar.gz', (candidate) => candidate === 'archive.tar.gz'), 'archive (1).tar.gz');
    assert.equal(findFreeFileName('linux-6.9.tar.xz', (candidate) => candidate === 'linux-6.9.tar.xz'), 'linux-6.9 (1).tar.xz');
  });

  test('treats dot files and names without an extension sanely', TIMEOUT, () => {
    assert.equal(findFreeFileName('.bashrc', (candidate) => candidate === '.bashrc'), '.bashrc (1)');
    assert.equal(findFreeFileName('README', (candidate) => candidate === 'README'), 'README (1)');
    assert.equal(findFreeFileName('.tar.gz', (candidate) => candidate === '.tar.gz'), '.tar.gz (1)');
    assert.equal(findFreeFileName('.env.local', (candidate) => candidate === '.env.local'), '.env (1).local');
    assert.equal(
      findFreeFileName('Mr. Smith goes to Washington', (candidate) => candidate === 'Mr. Smith goes to Washington'),
      'Mr. Smith goes to Washington (1)',
    );
  });

  test('stays within 255 bytes by shortening the stem', TIMEOUT, () => {
    const name = sanitizeFileName(`${'語'.repeat(100)}.pdf`);
    const free = findFreeFileName(name, (candidate) => candidate === name);
    assert.ok(utf8Bytes(free) <= 255);
    assert.ok(free.endsWith(' (1).pdf'));
    assert.ok(!hasLoneSurrogate(free));

    const emojiName = sanitizeFileName('😀'.repeat(100));
    const freeEmoji = findFreeFileName(emojiName, (candidate) => !candidate.endsWith('(12345)'), 20_000);
    assert.ok(freeEmoji.endsWith(' (12345)'));
    assert.ok(utf8Bytes(freeEmoji) <= 255);
    assert.ok(!hasLoneSurrogate(freeEmoji));
  });

  test('throws an Error after maxTries when every candidate is taken', TIMEOUT, () => {
    let calls = 0;
    assert.throws(
      () => findFreeFileName('a.txt', () => { calls += 1; return true; }, 5),
      (error: unknown) => error instanceof Error && /after 5 tries/.test(error.message),
    );
    assert.equal(calls, 6);
  });
});

describe('isInsideDirectory', () => {
  test('accepts a file directly or deeply inside the directory', TIMEOUT, () => {
    assert.equal(isInsideDirectory('/home/u/Downloads', '/home/u/Downloads/a.txt'), true);
    assert.equal(isInsideDirectory('/home/u/Downloads/', '/home/u/Downloads/sub/b.txt'), true);
    assert.equal(isInsideDirectory('/home/u/Downloads', '/home/u/Downloads/..hidden'), true);
  });

  test('rejects the directory itself, its parent and siblings', TIMEOUT, () => {
    assert.equal(isInsideDirectory('/home/u/Downloads', '/home/u/Downloads'), false);
    assert.equal(isInsideDirectory('/home/u/Downloads', '/home/u/Downloads/'), false);
    assert.equal(isInsideDirectory('/home/u/Downloads', '/home/u'), false);
    assert.equal(isInsideDirectory('/home/u/Downloads', '/home/u/Downloads-evil/a.txt'), false);
    assert.equal(isInsideDirectory('/home/u/Downloads', '/etc/passwd'), false);
  });

  test('resolves ".." before judging', TIMEOUT, () => {
    assert.equal(isInsideDirectory('/home/u/Downloads', '/home/u/Downloads/../.bashrc'), false);
    assert.equal(isInsideDirectory('/home/u/Downloads', path.join('/home/u/Downloads', '../../etc/passwd')), false);
    assert.equal(isInsideDirectory('/home/u/Downloads', '/home/u/Downloads/sub/../a.txt'), true);
  });

  test('resolves relative paths against the working directory', TIMEOUT, () => {
    assert.equal(isInsideDirectory('.', 'a.txt'), true);
    assert.equal(isInsideDirectory('.', '../a.txt'), false);
  });

  test('judges Windows paths with path.win32, across drives and case', TIMEOUT, () => {
    const win = path.win32;
    assert.equal(isInsideDirectory('C:\\Users\\u\\Downloads', 'c:\\users\\U\\downloads\\a.txt', win), true);
    assert.equal(isInsideDirectory('C:\\Users\\u\\Downloads', 'D:\\a.txt', win), false);
    assert.equal(isInsideDirectory('C:\\Users\\u\\Downloads', 'C:\\Users\\u\\Downloads\\..\\a.txt', win), false);
    assert.equal(isInsideDirectory('C:\\Users\\u\\Downloads', '\\\\server\\share\\a.txt', win), false);
    assert.equal(isInsideDirectory('C:\\Users\\u\\Downloads', 'C:\\Users\\u\\Downloads/sub/a.txt', win), true);
  });

  test('keeps every sanitized name inside the download folder', TIMEOUT, () => {
    for (const raw of ['../../etc/passwd', '..\\..\\x', '/abs', 'C:\\x', '..', '.', '', 'a/../../b']) {
      assert.equal(isInsideDirectory(DOWNLOADS, path.join(DOWNLOADS, sanitizeFileName(raw))), true, raw);
      assert.equal(isInsideDirectory('C:\\dl', path.win32.join('C:\\dl', sanitizeFileName(raw)), path.win32), true, raw);
    }
  });
});
