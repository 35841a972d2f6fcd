// Runtime: renderer. Which rows are selected, the way file managers do it: click, Ctrl+click, Shift+click, arrows.

export interface Selection {
  readonly selectedIds: ReadonlySet<string>;
  /** Where a Shift range starts. */
  readonly anchorId: string | null;
  /** The row the keyboard is on. */
  readonly focusId: string | null;
}

export type SelectionAction =
  | { type: 'click'; id: string; isRange: boolean; isToggle: boolean; orderedIds: readonly string[] }
  | { type: 'move'; step: number; isRange: boolean; orderedIds: readonly string[] }
  | { type: 'select-all'; orderedIds: readonly string[] }
  | { type: 'clear' }
  | { type: 'keep-only'; existingIds: ReadonlySet<string> | ReadonlyMap<string, unknown> };

export const EMPTY_SELECTION: Selection = { selectedIds: new Set(), anchorId: null, focusId: null };

export function reduceSelection(selection: Selection, action: SelectionAction): Selection {
  switch (action.type) {
    case 'click': {
      if (action.isRange && selection.anchorId !== null) {
        const range = rangeBetween(action.orderedIds, selection.anchorId, action.id);
        const selectedIds = action.isToggle ? new Set([...selection.selectedIds, ...range]) : new Set(range);
        return { selectedIds, anchorId: selection.anchorId, focusId: action.id };
      }
      if (action.isToggle) {
        const selectedIds = new Set(selection.selectedIds);
        if (!selectedIds.delete(action.id)) selectedIds.add(action.id);
        return { selectedIds, anchorId: action.id, focusId: action.id };
      }
      return { selectedIds: new Set([action.id]), anchorId: action.id, focusId: action.id };
    }
    case 'move': {
      if (action.orderedIds.length === 0) return selection;
      const currentIndex = selection.focusId === null ? -1 : action.orderedIds.indexOf(selection.focusId);
      const nextIndex =
        currentIndex === -1
          ? action.step > 0
            ? 0
            : action.orderedIds.length - 1
          : Math.min(action.orderedIds.length - 1, Math.max(0, currentIndex + action.step));
      const focusId = action.orderedIds[nextIndex] ?? null;
      if (focusId === null) return selection;
      if (action.isRange && selection.anchorId !== null) {
        return { selectedIds: new Set(rangeBetween(action.orderedIds, selection.anchorId, focusId)), anchorId: selection.anchorId, focusId };
      }
      return { selectedIds: new Set([focusId]), anchorId: focusId, focusId };
    }
    case 'select-all':
      return { selectedIds: new Set(action.orderedIds), anchorId: action.orderedIds[0] ?? null, focusId: selection.focusId };
    case 'clear':
      return selection.selectedIds.size === 0 ? selection : { ...EMPTY_SELECTION, focusId: selection.focusId };
    case 'keep-only': {
      const selectedIds = [...selection.selectedIds].filter((id) => action.existingIds.has(id));
      if (selectedIds.length === selection.selectedIds.size) return selection;
      return { ...selection, selectedIds: new Set(selectedIds) };
    }
  }
}

function rangeBetween(orderedIds: readonly string[], fromId: string, toId: string): string[] {
  const from = orderedIds.indexOf(fromId);
  const to = orderedIds.indexOf(toId);
  if (from === -1 || to === -1) return [toId];
  return orderedIds.slice(Math.min(from, to), Math.max(from, to) + 1);
}
