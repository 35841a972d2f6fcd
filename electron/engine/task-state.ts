// Runtime: Node (engine). The only place that knows which state changes are legal.
import type { DownloadState } from '../../shared/download-types';
import { DownloadError } from './errors';

const ALLOWED_TRANSITIONS: Readonly<Record<DownloadState, readonly DownloadState[]>> = {
  queued: ['active', 'paused', 'canceled'],
  active: ['queued', 'paused', 'completed', 'failed', 'canceled'],
  paused: ['queued', 'canceled'],
  completed: ['queued'],
  failed: ['queued', 'canceled', 'paused'],
  canceled: ['queued'],
};

export function canTransition(from: DownloadState, to: DownloadState): boolean {
  return ALLOWED_TRANSITIONS[from].includes(to);
}

/** Throws DL_ERR_INVALID_STATE with a readable sentence when the change is not allowed. */
export function assertTransition(from: DownloadState, to: DownloadState): void {
  if (!canTransition(from, to)) {
    throw new DownloadError('DL_ERR_INVALID_STATE', `A ${from} download cannot become ${to}.`);
  }
}
