// Runtime: renderer. Actions for the selected rows, the buttons behind Space and Delete.
import type { DownloadItem } from '../../../../shared/download-types';
import { IconButton } from '../../components/icon-button';
import type { QueueActions } from './use-queue-actions';

export interface SelectionBarProps {
  selectedItems: readonly DownloadItem[];
  actions: QueueActions;
  onRequestRemove: (ids: readonly string[]) => void;
  onClear: () => void;
}

export function SelectionBar({ selectedItems, actions, onRequestRemove, onClear }: SelectionBarProps) {
  const ids = selectedItems.map((item) => item.id);
  const canPause = selectedItems.some((item) => item.state === 'active' || item.state === 'queued');
  const canResume = selectedItems.some((item) => item.state === 'paused' || item.state === 'failed');
  const canRetry = selectedItems.some((item) => item.state === 'failed' || item.state === 'canceled');
  return (
    <div className="selection-bar" role="toolbar" aria-label="Selected downloads">
      <span className="selection-count">{selectedItems.length.toLocaleString()} selected</span>
      <IconButton icon="pause" label="Pause selected" isLabelShown disabled={!canPause} onClick={() => void actions.pause(ids)} />
      <IconButton icon="play" label="Resume selected" isLabelShown disabled={!canResume} onClick={() => void actions.resume(ids)} />
      <IconButton icon="retry" label="Retry selected" isLabelShown disabled={!canRetry} onClick={() => void actions.retry(ids)} />
      <IconButton icon="trash" label="Remove selected…" isLabelShown onClick={() => onRequestRemove(ids)} />
      <IconButton icon="cancel" label="Clear selection" onClick={onClear} />
    </div>
  );
}
