import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chooseSplitPoint, planSegments, sumDoneBytes } from '../../../../electron/engine/segment-plan';

describe('planSegments', () => {
  test('covers every byte exactly once, in order', () => {
    const segments = planSegments(10 * 1024 * 1024 + 7, 8, 1024 * 1024);
    assert.equal(segments.length, 8);
    assert.equal(segments[0]?.startByte, 0);
    assert.equal(segments.at(-1)?.endByte, 10 * 1024 * 1024 + 6);
    for (let index = 1; index < segments.length; index += 1) {
      assert.equal(segments[index]?.startByte, (segments[index - 1]?.endByte ?? 0) + 1);
    }
  });

  test('never makes a segment smaller than the minimum', () => {
    const segments = planSegments(3 * 1024 * 1024, 32, 1024 * 1024);
    assert.equal(segments.length, 3);
  });

  test('uses one segment for a file smaller than the minimum and none for an empty file', () => {
    assert.equal(planSegments(1000, 8, 1024 * 1024).length, 1);
    assert.deepEqual(planSegments(0, 8, 1024 * 1024), []);
  });

  test('counts done bytes from where each segment starts', () => {
    assert.equal(sumDoneBytes([{ startByte: 0, endByte: 99, nextByte: 50 }, { startByte: 100, endByte: 199, nextByte: 200 }]), 150);
  });
});

describe('chooseSplitPoint', () => {
  test('cuts the remaining range in half when both halves reach the minimum', () => {
    assert.equal(chooseSplitPoint(1000, 1000 + 4 * 1024 * 1024 - 1, 1024 * 1024), 1000 + 2 * 1024 * 1024);
  });

  test('refuses to split a range smaller than two minimum segments', () => {
    assert.equal(chooseSplitPoint(0, 2 * 1024 * 1024 - 2, 1024 * 1024), null);
  });
});
