// Runtime: renderer. Actions for the selected rows, the buttons behind Space and Delete.
import type { DownloadItem } from '../../../../shared/download-types';
import { IconButton } from '../../components/icon-button';
import { selectActionIds } from './selection-action-ids';
import type { QueueActions } from './use-queue-actions';

export interface SelectionBarProps {
  selectedItems: readonly DownloadItem[];
  actions: QueueActions;
  onRequestRemove: (ids: readonly string[]) => void;
  onClear: () => void;
}

export function SelectionBar({ selectedItems, actions, onRequestRemove, onClear }: SelectionBarProps) {
  const ids = selectedItems.map((item) => item.id);
  const actionIds = selectActionIds(selectedItems);
  return (
    <div className="selection-bar" role="toolbar" aria-label="Selected downloads">
      <span className="selection-count">{selectedItems.length.toLocaleString()} selected</span>
      <IconButton icon="pause" label="Pause selected" isLabelShown disabled={actionIds.pause.length === 0} onClick={() => void actions.pause(actionIds.pause)} />
      <IconButton icon="play" label="Resume selected" isLabelShown disabled={actionIds.resume.length === 0} onClick={() => void actions.resume(actionIds.resume)} />
      <IconButton icon="retry" label="Retry selected" isLabelShown disabled={actionIds.retry.length === 0} onClick={() => void actions.retry(actionIds.retry)} />
      <IconButton icon="trash" label="Remove selected…" isLabelShown onClick={() => onRequestRemove(ids)} />
      <IconButton icon="cancel" label="Clear selection" onClick={onClear} />
    </div>
  );
}
