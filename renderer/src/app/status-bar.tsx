// Runtime: renderer. The line at the bottom: what is running, the total speed, and why nothing runs when offline.
import { formatBytesPerSecond } from '../../../shared/byte-format';
import { useEngineStatus } from '../lib/use-engine-status';
import { useIsConnected } from '../lib/use-is-connected';

export function StatusBar({ totalCount, isLoaded }: { totalCount: number; isLoaded: boolean }) {
  const status = useEngineStatus();
  const isConnected = useIsConnected();
  const parts: string[] = [];
  if (!isLoaded) parts.push(`Loading the queue… ${totalCount.toLocaleString()} so far`);
  else parts.push(totalCount === 1 ? '1 download' : `${totalCount.toLocaleString()} downloads`);
  if (status !== null) {
    if (status.activeCount > 0) parts.push(`${status.activeCount} downloading`);
    if (status.queuedCount > 0) parts.push(`${status.queuedCount} waiting`);
    if (status.activeCount > 0) parts.push(formatBytesPerSecond(status.totalBytesPerSecond));
  }
  return (
    <footer className="status-bar">
      <span>{parts.join(' · ')}</span>
      {!isConnected ? (
        <span className="status-warning" role="status">
          Fetchpoint cannot be reached; reconnecting…
        </span>
      ) : null}
      {status !== null && !status.isOnline ? <span className="status-warning">Offline: downloads resume when the network returns.</span> : null}
      {status !== null && status.isOnline && status.isMetered ? <span className="status-warning">Metered connection.</span> : null}
    </footer>
  );
}
