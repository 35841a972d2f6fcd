// Runtime: renderer. What an expanded row shows: where the file comes from and goes, its segments, and its log.
import type { DownloadItem } from '../../../../shared/download-types';
import { useProgressSample } from '../../lib/use-progress-sample';
import { DownloadLog } from './download-log';
import { SegmentBar } from './segment-bar';

export interface RowDetailsProps {
  item: DownloadItem;
  name: string;
}

export function RowDetails({ item, name }: RowDetailsProps) {
  const sample = useProgressSample(item.id);
  const segments = sample?.segments ?? item.segments;
  const totalBytes = sample?.totalBytes ?? item.totalBytes;
  return (
    <div className="row-details">
      <dl className="details-list">
        <dt>Link</dt>
        <dd className="break-anywhere">{item.url}</dd>
        {item.fetchUrl !== item.url ? (
          <>
            <dt>Fetched from</dt>
            <dd className="break-anywhere">{item.fetchUrl}</dd>
          </>
        ) : null}
        <dt>Folder</dt>
        <dd className="break-anywhere">{item.directory}</dd>
        <dt>Connections</dt>
        <dd>{sample === undefined ? `up to ${item.connections}` : `${sample.activeConnections} open, up to ${item.connections}`}</dd>
        {item.checksum !== null ? (
          <>
            <dt>Checksum</dt>
            <dd className="break-anywhere">{item.checksum}</dd>
          </>
        ) : null}
        {item.error !== null ? (
          <>
            <dt>Error</dt>
            <dd className="error-text">
              {item.error.message} <span className="muted">({item.error.code})</span>
            </dd>
          </>
        ) : null}
      </dl>
      <h3 className="details-heading">Segments</h3>
      <SegmentBar segments={segments} totalBytes={totalBytes} name={name} />
      <h3 className="details-heading">Log</h3>
      <DownloadLog id={item.id} revision={item.updatedAtMs} />
    </div>
  );
}
