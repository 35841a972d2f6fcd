// Runtime: any (main process, web host, renderer). Sizes, speeds and durations as people type and read them.

/** Shown instead of a number that is unknown or meaningless (null, NaN, Infinity). */
export const UNKNOWN_VALUE_TEXT = '—';

const BINARY_UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;
const MULTIPLIER_BY_PREFIX: ReadonlyMap<string, number> = new Map([
  ['', 1],
  ['k', 1024],
  ['m', 1024 ** 2],
  ['g', 1024 ** 3],
]);

/**
 * Reads a speed limit as typed: `500k`, `1.5M`, `2 MiB/s`, `800 KB/s`, `1048576`. Prefixes are
 * binary and case-insensitive (k = 1024, M = 1024², G = 1024³), matching the KiB/MiB labels of
 * {@link formatBytes}, so `5M` shows back as `5.0 MiB/s`. A plain number is bytes per second.
 * An optional `i`, `B` and `/s` may follow; since `b` is read as bytes too, bits per second are
 * not supported.
 *
 * @returns Whole bytes per second (rounded), or null for anything invalid, zero or negative.
 */
export function parseByteRate(input: string): number | null {
  const match = /^(\d+(?:\.\d+)?|\.\d+)\s*(?:([kmg])(i)?)?(b)?(?:\s*\/\s*s(?:ec)?)?$/i.exec(input.trim());
  if (match === null) return null;
  const multiplier = MULTIPLIER_BY_PREFIX.get((match[2] ?? '').toLowerCase());
  if (multiplier === undefined) return null;
  const bytesPerSecond = Math.round(Number(match[1]) * multiplier);
  return bytesPerSecond >= 1 && Number.isSafeInteger(bytesPerSecond) ? bytesPerSecond : null;
}

/**
 * Formats a byte count with binary units: `512 B`, `1.5 KiB`, `15.3 MiB`, `153 GiB`. One decimal
 * below 100 of a unit, none above, so widths stay steady while a number grows.
 *
 * @param bytes A count of bytes; negative values get a minus sign.
 * @returns The text, or {@link UNKNOWN_VALUE_TEXT} when `bytes` is not finite.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return UNKNOWN_VALUE_TEXT;
  if (bytes < 0) return `-${formatBytes(-bytes)}`;
  if (Math.round(bytes) < 1024) return `${Math.round(bytes)} B`;

  let unitIndex = 0;
  let value = bytes / 1024;
  while (value >= 1024 && unitIndex < BINARY_UNITS.length - 1) {
    value /= 1024;
    unitIndex += 1;
  }
  let text = value < 100 ? value.toFixed(1) : value.toFixed(0);
  // Rounding can carry into the next unit (1023.96 KiB) or past the one-decimal range (99.96 MiB).
  if (Number(text) >= 1024 && unitIndex < BINARY_UNITS.length - 1) {
    value /= 1024;
    unitIndex += 1;
    text = value.toFixed(1);
  } else if (Number(text) >= 100) {
    text = value.toFixed(0);
  }
  return `${text} ${BINARY_UNITS[unitIndex]}`;
}

/**
 * Formats a speed: `1.5 MiB/s`.
 *
 * @param bytesPerSecond Bytes per second.
 * @returns The text, or {@link UNKNOWN_VALUE_TEXT} when the speed is not finite.
 */
export function formatBytesPerSecond(bytesPerSecond: number): string {
  return Number.isFinite(bytesPerSecond) ? `${formatBytes(bytesPerSecond)}/s` : UNKNOWN_VALUE_TEXT;
}

/**
 * Formats a duration with its two largest units: `42 s`, `3 min 05 s`, `1 h 02 min`,
 * `2 d 03 h`. Rounded to the nearest second first.
 *
 * @param seconds A duration in seconds; null when unknown.
 * @returns The text, or {@link UNKNOWN_VALUE_TEXT} for null, negative, NaN or Infinity.
 */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return UNKNOWN_VALUE_TEXT;
  const totalSeconds = Math.round(seconds);
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3_600);
  const minutes = Math.floor((totalSeconds % 3_600) / 60);
  const secondsPart = totalSeconds % 60;
  if (days > 0) return `${days} d ${pad(hours)} h`;
  if (hours > 0) return `${hours} h ${pad(minutes)} min`;
  if (minutes > 0) return `${minutes} min ${pad(secondsPart)} s`;
  return `${secondsPart} s`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
