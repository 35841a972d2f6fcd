// Runtime: renderer. The live part of a row: bar, bytes, %, speed, ETA and the link's expiry. It alone subscribes to
// progress, so a progress batch repaints this and not the row around it.
import { formatBytes, formatBytesPerSecond, formatDuration } from '../../../../shared/byte-format';
import type { DownloadItem } from '../../../../shared/download-types';
import { ProgressBar } from '../../components/progress-bar';
import { useProgressSample } from '../../lib/use-progress-sample';
import { LinkExpiryNote } from './link-expiry-note';

export interface RowProgressProps {
  item: DownloadItem;
  name: string;
}

const TONE_BY_STATE = {
  active: 'active',
  queued: 'idle',
  paused: 'paused',
  completed: 'done',
  failed: 'failed',
  canceled: 'idle',
} as const;

export function RowProgress({ item, name }: RowProgressProps) {
  const sample = useProgressSample(item.id);
  const bytesDone = sample?.bytesDone ?? item.bytesDone;
  const totalBytes = sample?.totalBytes ?? item.totalBytes;
  const isRunning = item.state === 'active';
  const fraction = item.state === 'completed' ? 1 : totalBytes !== null && totalBytes > 0 ? bytesDone / totalBytes : null;

  const facts: string[] = [];
  if (item.state === 'completed') facts.push(formatBytes(totalBytes ?? bytesDone));
  else if (item.state !== 'canceled') {
    facts.push(totalBytes === null ? formatBytes(bytesDone) : `${formatBytes(bytesDone)} of ${formatBytes(totalBytes)}`);
    if (fraction !== null) facts.push(`${Math.floor(fraction * 100)}%`);
  }
  if (isRunning && sample !== undefined) {
    facts.push(formatBytesPerSecond(sample.bytesPerSecond));
    if (sample.etaSeconds !== null) facts.push(`${formatDuration(sample.etaSeconds)} left`);
  }

  return (
    <>
      <ProgressBar fraction={fraction} label={`Progress of ${name}`} tone={TONE_BY_STATE[item.state]} isMoving={isRunning} />
      <div className="row-facts">
        <span className="row-numbers">{facts.join(' · ')}</span>
        <LinkExpiryNote item={item} etaSeconds={isRunning ? (sample?.etaSeconds ?? null) : null} />
        {item.error !== null && item.state !== 'completed' ? (
          <span className="row-error" title={item.error.message}>
            {item.error.message}
          </span>
        ) : null}
      </div>
    </>
  );
}
