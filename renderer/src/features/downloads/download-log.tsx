// Runtime: renderer. The engine's log for one item: retries, restarts and why, the checksum result.
import { useEffect, useState } from 'react';
import type { LogEntry } from '../../../../shared/download-types';
import { useAppServices } from '../../lib/app-services';
import { callApi } from '../../lib/call-api';

export interface DownloadLogProps {
  id: string;
  /** Changes whenever the item changes, so the log is fetched again. */
  revision: number;
}

const LOG_LIMIT = 200;
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

type LogState = { entries: readonly LogEntry[]; error: string | null; isLoading: boolean };

export function DownloadLog({ id, revision }: DownloadLogProps) {
  const { api } = useAppServices();
  const [log, setLog] = useState<LogState>({ entries: [], error: null, isLoading: true });

  useEffect(() => {
    let isCurrent = true;
    void callApi(() => api.getDownloadLog({ id, limit: LOG_LIMIT })).then((result) => {
      if (!isCurrent) return;
      setLog(result.ok ? { entries: result.value, error: null, isLoading: false } : { entries: [], error: result.error.message, isLoading: false });
    });
    return () => {
      isCurrent = false;
    };
  }, [api, id, revision]);

  if (log.error !== null) return <p className="error-text">The log could not be read: {log.error}</p>;
  if (log.entries.length === 0) return <p className="muted">{log.isLoading ? 'Loading the log…' : 'Nothing logged yet.'}</p>;
  return (
    <ol className="log" aria-label="Log">
      {log.entries.map((entry, index) => (
        <li key={`${entry.atMs}-${index}`} className={`log-entry log-${entry.level}`}>
          <time dateTime={new Date(entry.atMs).toISOString()}>{timeFormat.format(entry.atMs)}</time>
          <span className="log-kind">{entry.kind}</span>
          <span className="log-message">{entry.message}</span>
        </li>
      ))}
    </ol>
  );
}
