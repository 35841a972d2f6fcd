import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseContentLength, parseContentRange, parseUnsatisfiedRangeTotal } from '../../../../electron/engine/content-range';

describe('parseContentRange', () => {
  test('reads a complete range', () => {
    assert.deepEqual(parseContentRange('bytes 100-199/1000'), { firstByte: 100, lastByte: 199, totalBytes: 1000 });
  });

  test('reads an unknown total', () => {
    assert.deepEqual(parseContentRange('bytes 0-9/*'), { firstByte: 0, lastByte: 9, totalBytes: null });
  });

  test('rejects ranges that end before they start or past the total', () => {
    assert.equal(parseContentRange('bytes 10-5/100'), null);
    assert.equal(parseContentRange('bytes 0-100/100'), null);
  });

  test('rejects garbage and the unsatisfied form', () => {
    assert.equal(parseContentRange('items 0-1/2'), null);
    assert.equal(parseContentRange('bytes */100'), null);
    assert.equal(parseContentRange(undefined), null);
  });
});

describe('parseUnsatisfiedRangeTotal and parseContentLength', () => {
  test('read the total of a 416 and a plain length', () => {
    assert.equal(parseUnsatisfiedRangeTotal('bytes */4096'), 4096);
    assert.equal(parseContentLength(' 42 '), 42);
    assert.equal(parseContentLength('-1'), null);
    assert.equal(parseContentLength(undefined), null);
  });
});
