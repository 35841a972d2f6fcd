// Runtime: renderer. The footer every form dialog shares: a dismiss button, then the submit button, which shows
// what it is doing while the submission runs and cannot be pressed twice.

export interface DialogActionsProps {
  dismissLabel: string;
  onDismiss: () => void;
  submitLabel: string;
  /** Shown on the submit button while `isBusy`, e.g. "Saving…". */
  busyLabel: string;
  isBusy: boolean;
}

export function DialogActions({ dismissLabel, onDismiss, submitLabel, busyLabel, isBusy }: DialogActionsProps) {
  return (
    <div className="dialog-actions">
      <button type="button" className="button button-plain button-with-label" onClick={onDismiss}>
        <span>{dismissLabel}</span>
      </button>
      <button type="submit" className="button button-primary button-with-label" disabled={isBusy}>
        <span>{isBusy ? busyLabel : submitLabel}</span>
      </button>
    </div>
  );
}
