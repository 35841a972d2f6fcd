// Runtime: renderer. The window: toolbar, filters, the queue, the status bar, and the dialogs on top.
import { useCallback, useDeferredValue, useEffect, useMemo, useReducer, useState } from 'react';
import type { DownloadItem } from '../../../shared/download-types';
import { ToastRegion } from '../components/toast-region';
import { AddDialog } from '../features/add/add-dialog';
import { DropOverlay } from '../features/add/drop-overlay';
import { useAddLinks } from '../features/add/use-add-links';
import { useDropAndPaste } from '../features/add/use-drop-and-paste';
import { EmptyQueue } from '../features/downloads/empty-queue';
import { getDisplayName } from '../features/downloads/get-display-name';
import { NoMatches } from '../features/downloads/no-matches';
import { QueueFilters } from '../features/downloads/queue-filters';
import { QueueList } from '../features/downloads/queue-list';
import { QueueToolbar } from '../features/downloads/queue-toolbar';
import { DEFAULT_QUEUE_VIEW, type QueueView } from '../features/downloads/queue-view';
import { RefreshLinkDialog } from '../features/downloads/refresh-link-dialog';
import { RemoveDialog } from '../features/downloads/remove-dialog';
import { countByState, selectVisibleIds } from '../features/downloads/select-visible-ids';
import { EMPTY_SELECTION, reduceSelection } from '../features/downloads/selection';
import { SelectionBar } from '../features/downloads/selection-bar';
import { useQueueActions } from '../features/downloads/use-queue-actions';
import { useQueueShortcuts } from '../features/downloads/use-queue-shortcuts';
import { SettingsDialog } from '../features/settings/settings-dialog';
import { useDownloadsSnapshot } from '../lib/use-downloads-snapshot';
import { StatusBar } from './status-bar';

type OpenDialog =
  | { kind: 'none' }
  | { kind: 'add' }
  | { kind: 'settings' }
  | { kind: 'remove'; ids: readonly string[] }
  | { kind: 'refresh-link'; item: DownloadItem };

export function App() {
  const snapshot = useDownloadsSnapshot();
  const actions = useQueueActions();
  const addLinks = useAddLinks();
  const isDragActive = useDropAndPaste(addLinks);
  const [view, setView] = useState<QueueView>(DEFAULT_QUEUE_VIEW);
  const [selection, dispatchSelection] = useReducer(reduceSelection, EMPTY_SELECTION);
  const [expandedIds, setExpandedIds] = useState<ReadonlySet<string>>(() => new Set());
  const [dialog, setDialog] = useState<OpenDialog>({ kind: 'none' });

  // Typing in the search box stays responsive with 10,000 items: the list follows a moment later.
  const deferredView = useDeferredValue(view);
  const visibleIds = useMemo(() => selectVisibleIds(snapshot.items, deferredView), [snapshot.items, deferredView]);
  const counts = useMemo(() => countByState(snapshot.items), [snapshot.items]);

  useEffect(() => {
    dispatchSelection({ type: 'keep-only', existingIds: snapshot.items });
  }, [snapshot.items]);

  const selectedItems = useMemo(
    () => [...selection.selectedIds].flatMap((id) => snapshot.items.get(id) ?? []),
    [selection.selectedIds, snapshot.items],
  );

  const closeDialog = useCallback(() => setDialog({ kind: 'none' }), []);
  const requestRemove = useCallback((ids: readonly string[]) => {
    if (ids.length > 0) setDialog({ kind: 'remove', ids });
  }, []);
  const requestRefreshLink = useCallback((item: DownloadItem) => setDialog({ kind: 'refresh-link', item }), []);
  const toggleExpanded = useCallback((id: string) => {
    setExpandedIds((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }, []);

  useQueueShortcuts({
    onDelete: () => requestRemove([...selection.selectedIds]),
    onTogglePause: () => void actions.togglePause(selectedItems),
    onSelectAll: () => dispatchSelection({ type: 'select-all', orderedIds: visibleIds }),
    onClearSelection: () => dispatchSelection({ type: 'clear' }),
  });

  const isEmpty = snapshot.isLoaded && snapshot.items.size === 0;
  const removeName = dialog.kind === 'remove' && dialog.ids.length === 1 ? snapshot.items.get(dialog.ids[0] ?? '') : undefined;

  return (
    <div className="app">
      <QueueToolbar
        actions={actions}
        canPauseAll={counts.active + counts.queued > 0}
        canResumeAll={counts.paused > 0}
        canClearCompleted={counts.completed > 0}
        onAdd={() => setDialog({ kind: 'add' })}
        onOpenSettings={() => setDialog({ kind: 'settings' })}
      />
      {isEmpty ? null : <QueueFilters view={view} counts={counts} totalCount={snapshot.items.size} onChange={setView} />}
      {selectedItems.length > 0 ? (
        <SelectionBar
          selectedItems={selectedItems}
          actions={actions}
          onRequestRemove={requestRemove}
          onClear={() => dispatchSelection({ type: 'clear' })}
        />
      ) : null}
      <main className="queue">
        {snapshot.loadError !== null ? <p className="load-error" role="alert">{snapshot.loadError}</p> : null}
        {isEmpty ? <EmptyQueue onAdd={() => setDialog({ kind: 'add' })} /> : null}
        {!isEmpty && visibleIds.length === 0 && snapshot.items.size > 0 ? <NoMatches onReset={() => setView(DEFAULT_QUEUE_VIEW)} /> : null}
        {visibleIds.length > 0 ? (
          <QueueList
            ids={visibleIds}
            items={snapshot.items}
            selection={selection}
            dispatchSelection={dispatchSelection}
            expandedIds={expandedIds}
            onToggleExpanded={toggleExpanded}
            actions={actions}
            onRequestRemove={requestRemove}
            onRequestRefreshLink={requestRefreshLink}
          />
        ) : null}
      </main>
      <StatusBar totalCount={snapshot.items.size} isLoaded={snapshot.isLoaded} />
      {dialog.kind === 'add' ? <AddDialog onClose={closeDialog} /> : null}
      {dialog.kind === 'settings' ? <SettingsDialog onClose={closeDialog} /> : null}
      {dialog.kind === 'remove' ? (
        <RemoveDialog
          count={dialog.ids.length}
          name={removeName === undefined ? null : getDisplayName(removeName)}
          onClose={closeDialog}
          onRemove={(deleteFiles) => {
            closeDialog();
            void actions.remove(dialog.ids, deleteFiles);
          }}
        />
      ) : null}
      {dialog.kind === 'refresh-link' ? <RefreshLinkDialog item={dialog.item} onClose={closeDialog} /> : null}
      {isDragActive ? <DropOverlay /> : null}
      <ToastRegion />
    </div>
  );
}
