// Runtime: Node (no electron). How the CLI shows progress: a live block on a terminal, plain lines elsewhere.
import { formatBytes, formatBytesPerSecond, formatDuration } from '../../shared/byte-format';
import type { DownloadItem, ProgressSample } from '../../shared/download-types';

/** Plain-line mode prints a progress line per item at most this often. */
const PLAIN_LINE_INTERVAL_MS = 5000;

export interface ProgressView {
  /** Whether update() would draw now; lets the caller skip gathering what it would draw. */
  isDue(): boolean;
  update(items: readonly DownloadItem[], samples: ReadonlyMap<string, ProgressSample>): void;
  /** Prints a line that must not be overwritten (state changes, results). */
  announce(line: string): void;
  finish(): void;
}

export function describeItemProgress(item: DownloadItem, sample: ProgressSample | undefined): string {
  const name = item.fileName ?? item.url;
  const bytesDone = sample?.bytesDone ?? item.bytesDone;
  const total = sample?.totalBytes ?? item.totalBytes;
  const percent = total !== null && total > 0 ? `${((bytesDone / total) * 100).toFixed(1)}%` : '';
  const size = total === null ? formatBytes(bytesDone) : `${formatBytes(bytesDone)} / ${formatBytes(total)}`;
  const speed = sample === undefined ? '' : `${formatBytesPerSecond(sample.bytesPerSecond)}, ETA ${formatDuration(sample.etaSeconds)}`;
  const connections = sample !== undefined && sample.activeConnections > 1 ? `, ${sample.activeConnections} connections` : '';
  return [name, item.state, percent, size, speed + connections].filter((part) => part !== '').join('  ');
}

export function createProgressView(stream: NodeJS.WriteStream): ProgressView {
  return stream.isTTY === true ? createTerminalView(stream) : createPlainView(stream);
}

/** The live terminal block redraws at most this often. */
const TERMINAL_REDRAW_INTERVAL_MS = 200;
/** Plain output announces state changes within this long; its progress lines are rarer still. */
const PLAIN_REFRESH_INTERVAL_MS = 1000;

/** How often the CLI needs fresh progress for `stream`: engine ticks faster than that would be work nobody sees. */
export function progressRefreshIntervalMs(stream: NodeJS.WriteStream): number {
  return stream.isTTY === true ? TERMINAL_REDRAW_INTERVAL_MS : PLAIN_REFRESH_INTERVAL_MS;
}

function createTerminalView(stream: NodeJS.WriteStream): ProgressView {
  let drawnLines = 0;
  let lastDrawnAtMs = 0;
  const clear = (): void => {
    if (drawnLines > 0) stream.write(`\x1b[${drawnLines}A\x1b[0J`);
    drawnLines = 0;
  };
  return {
    isDue() {
      return Date.now() - lastDrawnAtMs >= TERMINAL_REDRAW_INTERVAL_MS;
    },
    update(items, samples) {
      lastDrawnAtMs = Date.now();
      clear();
      const width = Math.max(20, (stream.columns ?? 100) - 1);
      const lines = items.map((item) => describeItemProgress(item, samples.get(item.id)).slice(0, width));
      if (lines.length > 0) stream.write(`${lines.join('\n')}\n`);
      drawnLines = lines.length;
    },
    announce(line) {
      clear();
      stream.write(`${line}\n`);
    },
    finish() {
      drawnLines = 0;
    },
  };
}

function createPlainView(stream: NodeJS.WriteStream): ProgressView {
  let lastPrintedAtMs = 0;
  return {
    isDue() {
      return Date.now() - lastPrintedAtMs >= PLAIN_LINE_INTERVAL_MS;
    },
    update(items, samples) {
      lastPrintedAtMs = Date.now();
      for (const item of items) {
        if (item.state === 'active') stream.write(`${describeItemProgress(item, samples.get(item.id))}\n`);
      }
    },
    announce(line) {
      stream.write(`${line}\n`);
    },
    finish() {
      lastPrintedAtMs = 0;
    },
  };
}
