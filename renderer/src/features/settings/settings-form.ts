// Runtime: renderer. The settings as the form edits them (text), and the way back to a validated patch.
import { formatBytesPerSecond, parseByteRate } from '../../../../shared/byte-format';
import type { Settings, SettingsPatch } from '../../../../shared/download-types';

export interface SettingsForm {
  downloadDirectory: string;
  maxActiveDownloads: string;
  connectionsPerDownload: string;
  /** Empty means unlimited. */
  globalSpeedLimit: string;
  notifyEachDownload: boolean;
  notifyAllDone: boolean;
  closeToTray: boolean;
  autoResumeOnStart: boolean;
  stalePartialMaxAgeDays: string;
  pauseOnMeteredNetwork: boolean;
  meteredNow: boolean;
}

export type SettingsFormErrors = Partial<Record<keyof SettingsForm, string>>;

export type SettingsFormResult = { ok: true; patch: SettingsPatch } | { ok: false; errors: SettingsFormErrors };

export function toSettingsForm(settings: Settings): SettingsForm {
  return {
    downloadDirectory: settings.downloadDirectory,
    maxActiveDownloads: String(settings.maxActiveDownloads),
    connectionsPerDownload: String(settings.connectionsPerDownload),
    globalSpeedLimit: settings.globalSpeedLimitBytesPerSecond === null ? '' : formatBytesPerSecond(settings.globalSpeedLimitBytesPerSecond),
    notifyEachDownload: settings.notifyEachDownload,
    notifyAllDone: settings.notifyAllDone,
    closeToTray: settings.closeToTray,
    autoResumeOnStart: settings.autoResumeOnStart,
    stalePartialMaxAgeDays: String(settings.stalePartialMaxAgeDays),
    pauseOnMeteredNetwork: settings.pauseOnMeteredNetwork,
    meteredNow: settings.meteredNow,
  };
}

/**
 * Validates the form and returns only what changed, so a value shown rounded (a speed limit of "1.2 MiB/s") is
 * never written back unless the user edited it.
 */
export function readSettingsForm(form: SettingsForm, initial: SettingsForm): SettingsFormResult {
  const errors: SettingsFormErrors = {};
  const patch: SettingsPatch = {};
  const changed = (key: keyof SettingsForm) => form[key] !== initial[key];

  if (changed('downloadDirectory')) {
    if (form.downloadDirectory.trim() === '') errors.downloadDirectory = 'Choose a folder for downloads.';
    else patch.downloadDirectory = form.downloadDirectory.trim();
  }
  readWholeNumber(form, 'maxActiveDownloads', 1, 50, 'Downloads at once', changed, errors, (value) => (patch.maxActiveDownloads = value));
  readWholeNumber(form, 'connectionsPerDownload', 1, 32, 'Connections per download', changed, errors, (value) => (patch.connectionsPerDownload = value));
  readWholeNumber(form, 'stalePartialMaxAgeDays', 1, 3650, 'The cleanup age', changed, errors, (value) => (patch.stalePartialMaxAgeDays = value));
  if (changed('globalSpeedLimit')) {
    const text = form.globalSpeedLimit.trim();
    if (text === '') patch.globalSpeedLimitBytesPerSecond = null;
    else {
      const bytesPerSecond = parseByteRate(text);
      if (bytesPerSecond === null) errors.globalSpeedLimit = `“${text}” is not a speed; write it like 500k, 5M or 2 MiB/s, or leave it empty for no limit.`;
      else patch.globalSpeedLimitBytesPerSecond = bytesPerSecond;
    }
  }
  for (const key of ['notifyEachDownload', 'notifyAllDone', 'closeToTray', 'autoResumeOnStart', 'pauseOnMeteredNetwork', 'meteredNow'] as const) {
    if (changed(key)) patch[key] = form[key];
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, patch };
}

function readWholeNumber(
  form: SettingsForm,
  key: 'maxActiveDownloads' | 'connectionsPerDownload' | 'stalePartialMaxAgeDays',
  min: number,
  max: number,
  what: string,
  changed: (key: keyof SettingsForm) => boolean,
  errors: SettingsFormErrors,
  accept: (value: number) => void,
): void {
  if (!changed(key)) return;
  const value = Number(form[key].trim());
  if (form[key].trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    errors[key] = `${what} must be a whole number from ${min} to ${max}.`;
    return;
  }
  accept(value);
}
