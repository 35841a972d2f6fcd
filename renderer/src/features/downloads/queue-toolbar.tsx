// Runtime: renderer. The top bar: add, the bulk actions, settings.
import { IconButton } from '../../components/icon-button';
import type { QueueActions } from './use-queue-actions';

export interface QueueToolbarProps {
  actions: QueueActions;
  canPauseAll: boolean;
  canResumeAll: boolean;
  canClearCompleted: boolean;
  onAdd: () => void;
  onOpenSettings: () => void;
}

export function QueueToolbar({ actions, canPauseAll, canResumeAll, canClearCompleted, onAdd, onOpenSettings }: QueueToolbarProps) {
  return (
    <header className="toolbar">
      <div className="brand" aria-hidden="true">
        <span className="brand-mark">
          <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" strokeLinejoin="round">
            <path d="M12 4v11M7 10l5 5 5-5M5 20h14" />
          </svg>
        </span>
        <span className="brand-name">Fetchpoint</span>
      </div>
      <IconButton icon="add" label="Add downloads" isLabelShown variant="primary" onClick={onAdd} />
      <div className="toolbar-group" role="group" aria-label="All downloads">
        <IconButton icon="pause" label="Pause all" isLabelShown disabled={!canPauseAll} onClick={() => void actions.pauseAll()} />
        <IconButton icon="play" label="Resume all" isLabelShown disabled={!canResumeAll} onClick={() => void actions.resumeAll()} />
        <IconButton icon="clear" label="Clear completed" isLabelShown disabled={!canClearCompleted} onClick={() => void actions.clearCompleted()} />
      </div>
      <div className="toolbar-spacer" />
      <IconButton icon="settings" label="Settings" isLabelShown onClick={onOpenSettings} />
    </header>
  );
}
