import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EMPTY_SELECTION, reduceSelection, type Selection } from '../../../../../renderer/src/features/downloads/selection';

const ids = ['a', 'b', 'c', 'd', 'e'];
const selected = (selection: Selection) => [...selection.selectedIds].sort();

describe('reduceSelection', () => {
  test('a click selects one row, Ctrl+click adds or removes, Shift+click selects a range', { timeout: 1000 }, () => {
    let selection = reduceSelection(EMPTY_SELECTION, { type: 'click', id: 'b', isRange: false, isToggle: false, orderedIds: ids });
    assert.deepEqual(selected(selection), ['b']);
    selection = reduceSelection(selection, { type: 'click', id: 'd', isRange: false, isToggle: true, orderedIds: ids });
    assert.deepEqual(selected(selection), ['b', 'd']);
    selection = reduceSelection(selection, { type: 'click', id: 'b', isRange: false, isToggle: true, orderedIds: ids });
    assert.deepEqual(selected(selection), ['d']);
    // As in file managers, the Ctrl+click moved the anchor to b.
    selection = reduceSelection(selection, { type: 'click', id: 'd', isRange: true, isToggle: false, orderedIds: ids });
    assert.deepEqual(selected(selection), ['b', 'c', 'd']);
  });

  test('arrows move the focus, Shift+arrows extend from the anchor', { timeout: 1000 }, () => {
    let selection = reduceSelection(EMPTY_SELECTION, { type: 'move', step: 1, isRange: false, orderedIds: ids });
    assert.equal(selection.focusId, 'a');
    selection = reduceSelection(selection, { type: 'move', step: 2, isRange: true, orderedIds: ids });
    assert.deepEqual(selected(selection), ['a', 'b', 'c']);
    selection = reduceSelection(selection, { type: 'move', step: 99, isRange: false, orderedIds: ids });
    assert.deepEqual(selected(selection), ['e']);
  });

  test('Ctrl+A selects every shown row and removed items leave the selection', { timeout: 1000 }, () => {
    let selection = reduceSelection(EMPTY_SELECTION, { type: 'select-all', orderedIds: ids });
    assert.equal(selection.selectedIds.size, 5);
    selection = reduceSelection(selection, { type: 'keep-only', existingIds: new Set(['a', 'e']) });
    assert.deepEqual(selected(selection), ['a', 'e']);
    assert.equal(reduceSelection(selection, { type: 'clear' }).selectedIds.size, 0);
  });
});
