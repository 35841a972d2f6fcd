import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { watchNetwork, type NetworkStateSink } from '../../../../electron/main/network-watch';

class RecordingSink implements NetworkStateSink {
  readonly changes: Array<{ isOnline?: boolean; isMetered?: boolean }> = [];
  async setNetworkState(state: { isOnline?: boolean; isMetered?: boolean }): Promise<void> {
    this.changes.push(state);
  }
}

const NEVER_MS = 3_600_000;

/** Makes check() reject, failing the test, when the watcher reports an error it should not have hit. */
function rethrow(error: unknown): never {
  throw error;
}

describe('watchNetwork', () => {
  test('reports the first observation at once, then only changes', { timeout: 5000 }, async () => {
    const sink = new RecordingSink();
    let isOnline = true;
    const watch = watchNetwork({ sink, isOnline: () => isOnline, onlinePollMs: NEVER_MS, onError: rethrow });
    try {
      await watch.check();
      await watch.check();
      assert.deepEqual(sink.changes, [{ isOnline: true }]);
      isOnline = false;
      await watch.check();
      await watch.check();
      isOnline = true;
      await watch.check();
      assert.deepEqual(sink.changes, [{ isOnline: true }, { isOnline: false }, { isOnline: true }]);
    } finally {
      watch.stop();
    }
  });

  test('waits for offline to be seen twice in a row before pausing, so a roaming blip does not stop downloads', { timeout: 5000 }, async () => {
    const sink = new RecordingSink();
    const observations = [true, false, true, false, false];
    const watch = watchNetwork({ sink, isOnline: () => observations.shift() ?? false, onlinePollMs: NEVER_MS, onError: rethrow });
    try {
      for (let poll = 0; poll < 5; poll += 1) await watch.check();
      assert.deepEqual(sink.changes, [{ isOnline: true }, { isOnline: false }]);
    } finally {
      watch.stop();
    }
  });

  test('starts offline at once when the machine is offline at launch', { timeout: 5000 }, async () => {
    const sink = new RecordingSink();
    const watch = watchNetwork({ sink, isOnline: () => false, onlinePollMs: NEVER_MS, onError: rethrow });
    try {
      await watch.check();
      assert.deepEqual(sink.changes, [{ isOnline: false }]);
    } finally {
      watch.stop();
    }
  });

  test('forwards the metered flag when it changes and keeps the last answer when the OS cannot tell', { timeout: 5000 }, async () => {
    const sink = new RecordingSink();
    const answers: Array<boolean | null> = [false, null, true, true];
    const watch = watchNetwork({
      sink,
      isOnline: () => true,
      readMetered: async () => answers.shift() ?? null,
      onlinePollMs: NEVER_MS,
      meteredPollMs: 0,
      onError: rethrow,
    });
    try {
      for (let poll = 0; poll < 4; poll += 1) await watch.check();
      assert.deepEqual(sink.changes, [{ isOnline: true, isMetered: false }, { isMetered: true }]);
    } finally {
      watch.stop();
    }
  });

  test('polls on its own timer', { timeout: 5000 }, async () => {
    const sink = new RecordingSink();
    const watch = watchNetwork({ sink, isOnline: () => true, onlinePollMs: 10, onError: rethrow });
    try {
      const deadline = Date.now() + 2000;
      while (sink.changes.length === 0 && Date.now() < deadline) await new Promise((resolvePromise) => setTimeout(resolvePromise, 10));
      assert.deepEqual(sink.changes, [{ isOnline: true }]);
    } finally {
      watch.stop();
    }
  });

  test('reports an engine failure and tries again on the next poll', { timeout: 5000 }, async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const sink: NetworkStateSink = {
      setNetworkState: async () => {
        calls += 1;
        if (calls === 1) throw new Error('store is busy');
      },
    };
    const watch = watchNetwork({ sink, isOnline: () => false, onlinePollMs: NEVER_MS, onError: (error) => errors.push(error) });
    try {
      await watch.check();
      await watch.check();
      assert.equal(errors.length, 1);
      assert.equal(calls, 2);
    } finally {
      watch.stop();
    }
  });
});
