// Runtime: renderer. Gives an item a fresh link (e.g. a new presigned URL) while keeping the bytes already fetched.
import { useId, useState, type FormEvent } from 'react';
import type { DownloadItem } from '../../../../shared/download-types';
import { parseDownloadUrl } from '../../../../shared/download-url';
import { ModalDialog } from '../../components/modal-dialog';
import { useAppServices } from '../../lib/app-services';
import { callApi } from '../../lib/call-api';
import { getDisplayName } from './get-display-name';
import { DialogActions } from '../../components/dialog-actions';

export interface RefreshLinkDialogProps {
  item: DownloadItem;
  onClose: () => void;
}

export function RefreshLinkDialog({ item, onClose }: RefreshLinkDialogProps) {
  const { api, toasts } = useAppServices();
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const inputId = useId();
  const errorId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseDownloadUrl(url);
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    setIsSaving(true);
    const result = await callApi(() => api.refreshLink({ id: item.id, url: parsed.url }));
    setIsSaving(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    toasts.show('info', 'New link set; the download continues where it stopped if the file is the same.');
    onClose();
  };

  return (
    <ModalDialog title="Refresh link" onClose={onClose}>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <p>
          Paste a fresh link for <strong>{getDisplayName(item)}</strong>. If it serves the same file, the bytes already
          downloaded are kept.
        </p>
        <div className="field">
          <label htmlFor={inputId} className="field-label">
            New link
          </label>
          <input
            id={inputId}
            className="input"
            type="url"
            autoFocus
            value={url}
            placeholder="https://…"
            aria-invalid={error !== null}
            aria-describedby={error !== null ? errorId : undefined}
            onChange={(event) => {
              setUrl(event.target.value);
              setError(null);
            }}
          />
          {error !== null ? (
            <p id={errorId} className="field-error">
              {error}
            </p>
          ) : null}
        </div>
        <DialogActions dismissLabel="Cancel" onDismiss={onClose} submitLabel="Use this link" busyLabel="Saving…" isBusy={isSaving} />
      </form>
    </ModalDialog>
  );
}
