// Runtime: renderer. The add dialog: many links at once, with a folder, connections, a checksum and extra headers.
// Bad lines get their own error and stay in the box; the good ones are added anyway.
import { useId, useState, type FormEvent } from 'react';
import type { AddOptions } from '../../../../shared/download-types';
import { ModalDialog } from '../../components/modal-dialog';
import { useAppServices } from '../../lib/app-services';
import { useSettings } from '../settings/use-settings';
import { addInChunks } from './add-in-chunks';
import { keepUnaddedLines } from './keep-unadded-lines';
import { parseHeaderLines } from './parse-header-lines';
import { parseUrlLines, type UrlLineError } from './parse-url-lines';
import { countDownloads, describeUnsentLinks } from './summarize-add-outcomes';
import { DialogActions } from '../../components/dialog-actions';

export interface AddDialogProps {
  /** Text to start with, e.g. links that were pasted. */
  initialText?: string;
  onClose: () => void;
}

interface FieldErrors {
  links: readonly UrlLineError[];
  connections: string | null;
  headers: readonly string[];
  general: string | null;
}

const NO_ERRORS: FieldErrors = { links: [], connections: null, headers: [], general: null };

export function AddDialog({ initialText = '', onClose }: AddDialogProps) {
  const { api, toasts } = useAppServices();
  const settings = useSettings();
  const [linksText, setLinksText] = useState(initialText);
  const [directory, setDirectory] = useState('');
  const [connections, setConnections] = useState('');
  const [checksum, setChecksum] = useState('');
  const [headersText, setHeadersText] = useState('');
  const [isStartPaused, setIsStartPaused] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>(NO_ERRORS);
  const [progressNote, setProgressNote] = useState<string | null>(null);
  const [duplicateUrls, setDuplicateUrls] = useState<readonly string[]>([]);
  const [isSubmitting, setIsSubmitting] = useState(false);
  const ids = { links: useId(), linkErrors: useId(), directory: useId(), connections: useId(), connectionsError: useId(), checksum: useId(), headers: useId(), headersError: useId(), note: useId() };

  const defaultSettings = settings.status === 'loaded' ? settings.settings : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProgressNote(null);
    setDuplicateUrls([]);
    const parsedLinks = parseUrlLines(linksText);
    const parsedHeaders = parseHeaderLines(headersText);
    const connectionCount = connections.trim() === '' ? undefined : Number(connections);
    const connectionsError =
      connectionCount === undefined || (Number.isInteger(connectionCount) && connectionCount >= 1 && connectionCount <= 32)
        ? null
        : 'Connections must be a whole number from 1 to 32.';
    if (parsedHeaders.errors.length > 0 || connectionsError !== null) {
      setErrors({ links: parsedLinks.errors, connections: connectionsError, headers: parsedHeaders.errors, general: null });
      return;
    }
    if (parsedLinks.links.length === 0) {
      setErrors({
        ...NO_ERRORS,
        links: parsedLinks.errors,
        general: parsedLinks.errors.length === 0 ? 'Paste at least one link, one per line.' : null,
      });
      return;
    }

    const options: AddOptions = {};
    if (directory.trim() !== '') options.directory = directory.trim();
    if (connectionCount !== undefined) options.connections = connectionCount;
    if (checksum.trim() !== '') options.checksum = checksum.trim();
    if (Object.keys(parsedHeaders.headers).length > 0) options.requestHeaders = { ...parsedHeaders.headers };
    if (isStartPaused) options.startPaused = true;

    setIsSubmitting(true);
    const result = await addInChunks(api, parsedLinks.links.map((link) => link.url), options);
    setIsSubmitting(false);
    const kept = keepUnaddedLines(linksText, parsedLinks, result);

    if (kept.errors.length === 0 && kept.unsentCount === 0 && kept.duplicateUrls.length === 0) {
      toasts.show('info', `Added ${countDownloads(kept.addedCount)}.`);
      onClose();
      return;
    }
    setLinksText(kept.text);
    const unsentSentence = result.failure === null ? null : describeUnsentLinks({ count: kept.unsentCount, message: result.failure.message });
    setErrors({ ...NO_ERRORS, links: kept.errors, general: unsentSentence });
    setDuplicateUrls(kept.duplicateUrls);
    const addedText = kept.addedCount === 0 ? 'Nothing was added.' : `Added ${countDownloads(kept.addedCount)}.`;
    const leftText = kept.errors.length > 0 ? ' The lines left below need fixing.' : kept.unsentCount > 0 ? ' The lines left below can be added again.' : '';
    setProgressNote(`${addedText}${leftText}`);
  };

  const linkDescribedBy = [errors.links.length > 0 || errors.general !== null ? ids.linkErrors : null, progressNote !== null ? ids.note : null]
    .filter((value) => value !== null)
    .join(' ');

  return (
    <ModalDialog title="Add downloads" onClose={onClose} className="dialog-wide">
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <label htmlFor={ids.links} className="field-label">
          Links, one per line
        </label>
        <textarea
          id={ids.links}
          className="input textarea"
          rows={6}
          autoFocus
          spellCheck={false}
          placeholder={'https://example.com/file.zip\nhttps://example.org/video.mp4'}
          value={linksText}
          aria-invalid={errors.links.length > 0 || errors.general !== null}
          aria-describedby={linkDescribedBy === '' ? undefined : linkDescribedBy}
          onChange={(event) => {
            setLinksText(event.target.value);
            setDuplicateUrls([]);
          }}
        />
        {progressNote !== null ? (
          <p id={ids.note} className="field-note" role="status">
            {progressNote}
          </p>
        ) : null}
        {errors.links.length > 0 || errors.general !== null ? (
          <ul id={ids.linkErrors} className="field-errors" aria-label="Problems with the links">
            {errors.general !== null ? <li>{errors.general}</li> : null}
            {errors.links.map((error) => (
              <li key={`${error.lineNumber}-${error.input}`}>
                <span className="field-error-line">Line {error.lineNumber}:</span> {error.message}
              </li>
            ))}
          </ul>
        ) : null}
        {duplicateUrls.length > 0 ? (
          <ul className="field-notes" aria-label="Links already in the queue">
            {duplicateUrls.map((url) => (
              <li key={url}>
                Already in the queue: <span className="break-anywhere">{url}</span>
              </li>
            ))}
          </ul>
        ) : null}

        <div className="form-grid">
          <div className="field">
            <label htmlFor={ids.directory} className="field-label">
              Save to folder
            </label>
            <input
              id={ids.directory}
              className="input"
              value={directory}
              placeholder={defaultSettings?.downloadDirectory ?? 'The default download folder'}
              onChange={(event) => setDirectory(event.target.value)}
            />
          </div>
          <div className="field field-narrow">
            <label htmlFor={ids.connections} className="field-label">
              Connections
            </label>
            <input
              id={ids.connections}
              className="input"
              inputMode="numeric"
              value={connections}
              placeholder={defaultSettings === null ? '' : String(defaultSettings.connectionsPerDownload)}
              aria-invalid={errors.connections !== null}
              aria-describedby={errors.connections !== null ? ids.connectionsError : undefined}
              onChange={(event) => setConnections(event.target.value)}
            />
            {errors.connections !== null ? (
              <p id={ids.connectionsError} className="field-error">
                {errors.connections}
              </p>
            ) : null}
          </div>
        </div>

        <div className="field">
          <label htmlFor={ids.checksum} className="field-label">
            Checksum <span className="muted">(optional; checked when the download ends)</span>
          </label>
          <input
            id={ids.checksum}
            className="input"
            spellCheck={false}
            value={checksum}
            placeholder="sha256:… or md5:…"
            onChange={(event) => setChecksum(event.target.value)}
          />
        </div>

        <div className="field">
          <label htmlFor={ids.headers} className="field-label">
            Extra headers <span className="muted">(optional; one “Name: value” per line)</span>
          </label>
          <textarea
            id={ids.headers}
            className="input textarea"
            rows={2}
            spellCheck={false}
            placeholder={'Referer: https://example.com/\nCookie: session=…'}
            value={headersText}
            aria-invalid={errors.headers.length > 0}
            aria-describedby={errors.headers.length > 0 ? ids.headersError : undefined}
            onChange={(event) => setHeadersText(event.target.value)}
          />
          {errors.headers.length > 0 ? (
            <ul id={ids.headersError} className="field-errors">
              {errors.headers.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          ) : null}
        </div>

        <label className="checkbox">
          <input type="checkbox" checked={isStartPaused} onChange={(event) => setIsStartPaused(event.target.checked)} />
          <span>Add paused</span>
        </label>

        <DialogActions dismissLabel="Close" onDismiss={onClose} submitLabel="Add" busyLabel="Adding…" isBusy={isSubmitting} />
      </form>
    </ModalDialog>
  );
}
