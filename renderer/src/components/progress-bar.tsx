// Runtime: renderer. A progress bar that repaints cheaply: the fill is scaled on the compositor, never re-laid out.

export interface ProgressBarProps {
  /** Between 0 and 1; null when the total is unknown (the bar then shows motion while `isMoving`). */
  fraction: number | null;
  /** The accessible name, e.g. "Progress of report.pdf". */
  label: string;
  /** Colour theme of the fill. */
  tone: 'active' | 'paused' | 'done' | 'failed' | 'idle';
  isMoving?: boolean;
}

export function ProgressBar({ fraction, label, tone, isMoving = false }: ProgressBarProps) {
  const percent = fraction === null ? null : Math.round(Math.min(1, Math.max(0, fraction)) * 1000) / 10;
  return (
    <div
      className={`progress progress-${tone}${fraction === null && isMoving ? ' progress-indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
      aria-valuetext={percent === null ? 'Size unknown' : `${percent}%`}
    >
      <div className="progress-fill" data-progress-fill="" style={{ transform: `scaleX(${fraction ?? (isMoving ? 1 : 0)})` }} />
    </div>
  );
}
