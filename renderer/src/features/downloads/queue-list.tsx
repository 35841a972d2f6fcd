// Runtime: renderer. The virtualized queue: only the rows in view exist in the DOM, so 10,000 items scroll smoothly.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, type Dispatch, type KeyboardEvent, type MouseEvent } from 'react';
import type { DownloadItem } from '../../../../shared/download-types';
import { DownloadRow } from './download-row';
import type { Selection, SelectionAction } from './selection';
import type { QueueActions } from './use-queue-actions';

export interface QueueListProps {
  ids: readonly string[];
  items: ReadonlyMap<string, DownloadItem>;
  selection: Selection;
  dispatchSelection: Dispatch<SelectionAction>;
  expandedIds: ReadonlySet<string>;
  onToggleExpanded: (id: string) => void;
  actions: QueueActions;
  onRequestRemove: (ids: readonly string[]) => void;
  onRequestRefreshLink: (item: DownloadItem) => void;
}

/** A collapsed row's fixed height (see `.row` in styles.css); only expanded rows are measured. */
export const ROW_HEIGHT_PX = 72;
/** An expanded row's height until it is measured. */
const ESTIMATED_EXPANDED_ROW_HEIGHT_PX = 360;

export function QueueList(props: QueueListProps) {
  const { ids, items, selection, dispatchSelection, expandedIds } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const idsRef = useRef(ids);
  useEffect(() => {
    idsRef.current = ids;
  }, [ids]);

  // A new getItemKey makes the virtualizer rebuild its measurements of every item, so it changes only with the list.
  const getItemKey = useCallback((index: number) => ids[index] ?? index, [ids]);
  const virtualizer = useVirtualizer({
    count: ids.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => (expandedIds.has(ids[index] ?? '') ? ESTIMATED_EXPANDED_ROW_HEIGHT_PX : ROW_HEIGHT_PX),
    getItemKey,
    overscan: 6,
  });

  // Collapsing forgets a measured height; measuring again from the estimates is cheap since only expanded rows are measured.
  useEffect(() => {
    virtualizer.measure();
  }, [expandedIds, virtualizer]);

  const handleRowClick = useCallback(
    (id: string, event: MouseEvent) => {
      const target = event.target;
      // Buttons inside the row act on their own; they must not change the selection too.
      if (target instanceof Element && target.closest('button, a, input, [role="menu"]') !== null) return;
      dispatchSelection({ type: 'click', id, isRange: event.shiftKey, isToggle: event.ctrlKey || event.metaKey, orderedIds: idsRef.current });
      scrollRef.current?.focus({ preventScroll: true });
    },
    [dispatchSelection],
  );

  const focusIndex = selection.focusId === null ? -1 : ids.indexOf(selection.focusId);
  const scrolledFocusIdRef = useRef<string | null>(null);
  useEffect(() => {
    // Follow the keyboard, but a list that merely changed around the focused row must not yank the scroll position.
    if (selection.focusId === scrolledFocusIdRef.current) return;
    scrolledFocusIdRef.current = selection.focusId;
    if (focusIndex >= 0) virtualizer.scrollToIndex(focusIndex, { align: 'auto' });
  }, [selection.focusId, focusIndex, virtualizer]);

  const handleKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    const step = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10, Home: -ids.length, End: ids.length }[event.key];
    if (step !== undefined) {
      event.preventDefault();
      dispatchSelection({ type: 'move', step, isRange: event.shiftKey, orderedIds: ids });
    } else if (event.key === 'Enter' && selection.focusId !== null) {
      event.preventDefault();
      props.onToggleExpanded(selection.focusId);
    }
  };

  return (
    <div
      ref={scrollRef}
      className="queue-scroll"
      role="grid"
      aria-label="Downloads"
      aria-multiselectable="true"
      aria-rowcount={ids.length}
      tabIndex={0}
      onKeyDown={handleKeyDown}
    >
      <div className="queue-canvas" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((virtualRow) => {
          const id = ids[virtualRow.index];
          const item = id === undefined ? undefined : items.get(id);
          if (item === undefined) return null;
          return (
            <DownloadRow
              key={item.id}
              item={item}
              index={virtualRow.index}
              startPx={virtualRow.start}
              isSelected={selection.selectedIds.has(item.id)}
              isExpanded={expandedIds.has(item.id)}
              measureRef={expandedIds.has(item.id) ? virtualizer.measureElement : undefined}
              isFocused={selection.focusId === item.id}
              actions={props.actions}
              onRowClick={handleRowClick}
              onToggleExpanded={props.onToggleExpanded}
              onRequestRemove={props.onRequestRemove}
              onRequestRefreshLink={props.onRequestRefreshLink}
            />
          );
        })}
      </div>
    </div>
  );
}
