import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DOWNLOAD_STATES } from '../../../../shared/download-types';
import { assertTransition, canTransition } from '../../../../electron/engine/task-state';

describe('download state transitions', () => {
  test('allow the lifecycle a user expects', () => {
    assert.ok(canTransition('queued', 'active'));
    assert.ok(canTransition('active', 'paused'));
    assert.ok(canTransition('paused', 'queued'));
    assert.ok(canTransition('active', 'completed'));
    assert.ok(canTransition('failed', 'queued'));
  });

  test('refuse changes that make no sense, with a sentence', () => {
    assert.ok(!canTransition('completed', 'active'));
    assert.ok(!canTransition('canceled', 'paused'));
    assert.throws(() => assertTransition('completed', 'paused'), /A completed download cannot become paused/);
  });

  test('never let a state move to itself through a transition', () => {
    for (const state of DOWNLOAD_STATES) assert.ok(!canTransition(state, state));
  });
});
