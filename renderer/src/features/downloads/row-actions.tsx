// Runtime: renderer. The buttons of one row: the one or two that fit its state, the rest in a menu.
import type { DownloadItem } from '../../../../shared/download-types';
import { IconButton } from '../../components/icon-button';
import { MenuButton, type MenuEntry } from '../../components/menu-button';
import { isLinkRefreshSuggested } from './is-link-refresh-suggested';
import type { QueueActions } from './use-queue-actions';

export interface RowActionsProps {
  item: DownloadItem;
  name: string;
  actions: QueueActions;
  onRequestRemove: (ids: readonly string[]) => void;
  onRequestRefreshLink: (item: DownloadItem) => void;
}

export function RowActions({ item, name, actions, onRequestRemove, onRequestRefreshLink }: RowActionsProps) {
  const ids = [item.id];
  const isRunning = item.state === 'active' || item.state === 'queued';
  const isRefreshSuggested = isLinkRefreshSuggested(item);
  const menu: MenuEntry[] = [{ label: 'Copy link', icon: 'copy', onSelect: () => void actions.copyLink(item) }];
  if (item.state !== 'completed') {
    menu.push({ label: 'Refresh link…', icon: 'refresh', onSelect: () => onRequestRefreshLink(item) });
  }
  if (item.state === 'completed') {
    menu.push({ label: 'Download again', icon: 'retry', onSelect: () => void actions.retry(ids) });
  }
  if (item.state !== 'completed' && item.state !== 'canceled') {
    menu.push({ label: 'Cancel and delete partial data', icon: 'cancel', onSelect: () => void actions.cancel(ids) });
  }
  menu.push({ label: 'Remove…', icon: 'trash', onSelect: () => onRequestRemove(ids), isDanger: true });

  return (
    <div className="row-actions">
      {isRunning ? <IconButton icon="pause" label={`Pause ${name}`} onClick={() => void actions.pause(ids)} /> : null}
      {item.state === 'paused' ? <IconButton icon="play" label={`Resume ${name}`} onClick={() => void actions.resume(ids)} /> : null}
      {isRefreshSuggested ? (
        <IconButton
          icon="refresh"
          label={`Refresh link of ${name}`}
          text="Refresh link"
          title="Paste a fresh link; the progress is kept"
          variant="primary"
          onClick={() => onRequestRefreshLink(item)}
        />
      ) : null}
      {item.state === 'failed' || item.state === 'canceled' ? (
        <IconButton icon="retry" label={`Retry ${name}`} onClick={() => void actions.retry(ids)} />
      ) : null}
      {item.state === 'completed' ? (
        <>
          <IconButton icon="open" label={`Open ${name}`} onClick={() => void actions.openFile(item.id)} />
          <IconButton icon="folder" label={`Show ${name} in folder`} onClick={() => void actions.showInFolder(item.id)} />
        </>
      ) : null}
      {isRunning || item.state === 'paused' ? (
        <IconButton icon="cancel" label={`Cancel ${name}`} onClick={() => void actions.cancel(ids)} />
      ) : null}
      <MenuButton label={`More actions for ${name}`} entries={menu} />
    </div>
  );
}
