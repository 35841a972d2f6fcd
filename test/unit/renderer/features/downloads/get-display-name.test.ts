import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { getDisplayName } from '../../../../../renderer/src/features/downloads/get-display-name';

describe('getDisplayName', () => {
  test('removes a right-to-left override so a link cannot pose as a PDF', { timeout: 1000 }, () => {
    assert.equal(getDisplayName({ fileName: null, url: 'https://example.com/invoice%E2%80%AEfdp.exe' }), 'invoicefdp.exe');
  });

  test('removes bidi isolates, directional marks and C0 and C1 controls from the link and the file name', { timeout: 1000 }, () => {
    const url = 'https://example.com/a%E2%80%AAb%E2%81%A6c%E2%81%A9d%E2%80%8Ee%E2%80%8Ff%D8%9Cg%00h%1Fi%7Fj%C2%80k%C2%9Fl.bin';
    assert.equal(getDisplayName({ fileName: null, url }), 'abcdefghijkl.bin');
    assert.equal(getDisplayName({ fileName: 'report\u202Ecod.scr\u0007', url }), 'reportcod.scr');
  });

  test('keeps ordinary non-Latin names, including right-to-left scripts', { timeout: 1000 }, () => {
    assert.equal(getDisplayName({ fileName: null, url: 'https://example.com/%D9%85%D9%84%D9%81.zip' }), 'ملف.zip');
    assert.equal(getDisplayName({ fileName: null, url: 'https://example.com/b%C3%BCcher%20list.txt' }), 'bücher list.txt');
  });

  test('falls back to the host when the segment holds nothing but controls', { timeout: 1000 }, () => {
    assert.equal(getDisplayName({ fileName: null, url: 'https://example.com/%E2%80%AE' }), 'example.com');
  });

  test('shows a segment with a stray percent sign as it is', { timeout: 1000 }, () => {
    assert.equal(getDisplayName({ fileName: null, url: 'https://example.com/100%.zip' }), '100%.zip');
  });
});
