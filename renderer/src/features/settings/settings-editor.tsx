// Runtime: renderer. The settings form. Changes apply when saved, to running downloads too.
import { useState, type FormEvent } from 'react';
import type { Settings } from '../../../../shared/download-types';
import { useAppServices } from '../../lib/app-services';
import { callApi } from '../../lib/call-api';
import { SettingsCheckbox } from './settings-checkbox';
import { readSettingsForm, toSettingsForm, type SettingsForm, type SettingsFormErrors } from './settings-form';
import { SettingsTextField } from './settings-text-field';
import { DialogActions } from '../../components/dialog-actions';

export interface SettingsEditorProps {
  settings: Settings;
  onClose: () => void;
}

export function SettingsEditor({ settings, onClose }: SettingsEditorProps) {
  const { api, toasts } = useAppServices();
  const [initial] = useState(() => toSettingsForm(settings));
  const [form, setForm] = useState<SettingsForm>(initial);
  const [errors, setErrors] = useState<SettingsFormErrors>({});
  const [saveError, setSaveError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);

  const update = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
    setErrors((current) => ({ ...current, [key]: undefined }));
  };
  const text = (key: keyof SettingsForm & ('downloadDirectory' | 'maxActiveDownloads' | 'connectionsPerDownload' | 'globalSpeedLimit' | 'stalePartialMaxAgeDays')) => ({
    value: form[key],
    error: errors[key] ?? null,
    onChange: (value: string) => update(key, value),
  });
  const flag = (key: 'notifyEachDownload' | 'notifyAllDone' | 'closeToTray' | 'autoResumeOnStart' | 'pauseOnMeteredNetwork' | 'meteredNow') => ({
    isChecked: form[key],
    onChange: (value: boolean) => update(key, value),
  });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const result = readSettingsForm(form, initial);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    if (Object.keys(result.patch).length === 0) {
      onClose();
      return;
    }
    setIsSaving(true);
    const saved = await callApi(() => api.updateSettings(result.patch));
    setIsSaving(false);
    if (!saved.ok) {
      setSaveError(`The settings were not saved: ${saved.error.message}`);
      return;
    }
    toasts.show('info', 'Settings saved.');
    onClose();
  };

  return (
    <form className="form settings" onSubmit={(event) => void save(event)} noValidate>
      <fieldset className="settings-section">
        <legend>Downloads</legend>
        <SettingsTextField label="Download folder" {...text('downloadDirectory')} isWide />
        <div className="form-grid form-grid-three">
          <SettingsTextField label="Downloads at once" type="number" {...text('maxActiveDownloads')} />
          <SettingsTextField label="Connections per download" type="number" {...text('connectionsPerDownload')} />
          <SettingsTextField label="Speed limit" hint="e.g. 5M; empty for none" placeholder="No limit" {...text('globalSpeedLimit')} />
        </div>
      </fieldset>
      <fieldset className="settings-section">
        <legend>Network</legend>
        <SettingsCheckbox label="Don’t download on metered connections" {...flag('pauseOnMeteredNetwork')} />
        <SettingsCheckbox label="I am on a metered connection now" {...flag('meteredNow')} />
      </fieldset>
      <fieldset className="settings-section">
        <legend>Behaviour</legend>
        <SettingsCheckbox label="Notify when each download finishes" {...flag('notifyEachDownload')} />
        <SettingsCheckbox label="Notify when all downloads are done" {...flag('notifyAllDone')} />
        <SettingsCheckbox label="Keep running in the tray when the window is closed" {...flag('closeToTray')} />
        <SettingsCheckbox label="Resume unfinished downloads at start" {...flag('autoResumeOnStart')} />
        <SettingsTextField label="Delete abandoned partial files after (days)" type="number" {...text('stalePartialMaxAgeDays')} />
      </fieldset>
      {saveError !== null ? (
        <p className="field-error" role="alert">
          {saveError}
        </p>
      ) : null}
      <DialogActions dismissLabel="Cancel" onDismiss={onClose} submitLabel="Save" busyLabel="Saving…" isBusy={isSaving} />
    </form>
  );
}
