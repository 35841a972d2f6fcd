// Runtime: renderer. The settings panel: loads the settings, then lets SettingsEditor change them.
import { ModalDialog } from '../../components/modal-dialog';
import { SettingsEditor } from './settings-editor';
import { useSettings } from './use-settings';

export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const load = useSettings();
  return (
    <ModalDialog title="Settings" onClose={onClose} className="dialog-settings">
      {load.status === 'loading' ? <p className="muted">Loading the settings…</p> : null}
      {load.status === 'failed' ? <p className="error-text">The settings could not be loaded: {load.message}</p> : null}
      {load.status === 'loaded' ? <SettingsEditor settings={load.settings} onClose={onClose} /> : null}
    </ModalDialog>
  );
}
