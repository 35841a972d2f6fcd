import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { summarizeAddOutcomes } from '../../../../../renderer/src/features/add/summarize-add-outcomes';

describe('summarizeAddOutcomes', () => {
  test('says how many were added and how many were already in the queue', { timeout: 1000 }, () => {
    const summary = summarizeAddOutcomes([
      { status: 'added', input: 'a', id: '1' },
      { status: 'added', input: 'b', id: '2' },
      { status: 'duplicate', input: 'c', id: '3', message: 'Already in the queue.' },
    ]);
    assert.deepEqual(summary, { kind: 'info', message: 'Added 2 downloads. 1 link is already in the queue.' });
  });

  test('answers a lone duplicate with "Already in the queue."', { timeout: 1000 }, () => {
    assert.deepEqual(summarizeAddOutcomes([{ status: 'duplicate', input: 'c', id: '3', message: 'Already in the queue.' }]), {
      kind: 'info',
      message: 'Already in the queue.',
    });
  });

  test('reports the first invalid link as an error when nothing was added', { timeout: 1000 }, () => {
    const summary = summarizeAddOutcomes([{ status: 'invalid', input: 'x', code: 'DL_ERR_INVALID_URL', message: '“x” is not a valid web address.' }], [
      'Only http and https links can be downloaded (got ftp:).',
    ]);
    assert.deepEqual(summary, { kind: 'error', message: 'Only http and https links can be downloaded (got ftp:). (and 1 more)' });
  });

  test('says what was added and how many links were not when a later call failed', { timeout: 1000 }, () => {
    const summary = summarizeAddOutcomes(
      [
        { status: 'added', input: 'a', id: '1' },
        { status: 'duplicate', input: 'b', id: '2', message: 'Already in the queue.' },
      ],
      [],
      { count: 10_000, message: 'The engine went away.' },
    );
    assert.deepEqual(summary, {
      kind: 'error',
      message: `Added 1 download. 1 link is already in the queue. ${(10_000).toLocaleString()} links were not added: The engine went away.`,
    });
  });

  test('does not call duplicates "all" the links when some were not sent', { timeout: 1000 }, () => {
    const summary = summarizeAddOutcomes([{ status: 'duplicate', input: 'b', id: '2', message: 'Already in the queue.' }], [], { count: 1, message: 'Gone.' });
    assert.deepEqual(summary, { kind: 'error', message: '1 link is already in the queue. 1 link was not added: Gone.' });
  });
});
