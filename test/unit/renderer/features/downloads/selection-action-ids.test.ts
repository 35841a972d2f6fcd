import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DownloadState } from '../../../../../shared/download-types';
import { selectActionIds } from '../../../../../renderer/src/features/downloads/selection-action-ids';
import { makeItem } from '../../../../helpers/make-download-item';

describe('selectActionIds', () => {
  test('each bulk action gets only the selected rows it fits: Retry never reaches a completed or paused row', { timeout: 1000 }, () => {
    const states: DownloadState[] = ['active', 'queued', 'paused', 'failed', 'canceled', 'completed'];
    const items = states.map((state) => makeItem({ id: state, state }));
    assert.deepEqual(selectActionIds(items), {
      pause: ['active', 'queued'],
      resume: ['paused', 'failed'],
      retry: ['failed', 'canceled'],
    });
  });

  test('a selection of finished rows leaves every one of these actions empty, so their buttons are disabled', { timeout: 1000 }, () => {
    const items = [makeItem({ id: 'done', state: 'completed' }), makeItem({ id: 'done-too', state: 'completed' })];
    assert.deepEqual(selectActionIds(items), { pause: [], resume: [], retry: [] });
  });
});
