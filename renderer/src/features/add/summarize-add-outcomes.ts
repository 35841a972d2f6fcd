// Runtime: renderer. One sentence about what happened to a batch of dropped or pasted links.
import type { AddOutcome } from '../../../../shared/download-types';
import type { ToastKind } from '../../lib/toast-store';

export interface AddSummary {
  readonly kind: ToastKind;
  readonly message: string;
}

/**
 * @param outcomes The engine's answer for each link sent.
 * @param rejectedMessages Sentences for links rejected before sending.
 */
export function summarizeAddOutcomes(outcomes: readonly AddOutcome[], rejectedMessages: readonly string[] = []): AddSummary {
  const addedCount = outcomes.filter((outcome) => outcome.status === 'added').length;
  const duplicateCount = outcomes.filter((outcome) => outcome.status === 'duplicate').length;
  const invalidMessages = [
    ...rejectedMessages,
    ...outcomes.flatMap((outcome) => (outcome.status === 'invalid' ? [outcome.message] : [])),
  ];
  const parts: string[] = [];
  if (addedCount > 0) parts.push(`Added ${countDownloads(addedCount)}.`);
  if (duplicateCount > 0) {
    if (addedCount === 0 && invalidMessages.length === 0) {
      parts.push(duplicateCount === 1 ? 'Already in the queue.' : `All ${duplicateCount.toLocaleString()} links are already in the queue.`);
    } else {
      parts.push(duplicateCount === 1 ? '1 link is already in the queue.' : `${duplicateCount.toLocaleString()} links are already in the queue.`);
    }
  }
  if (invalidMessages.length > 0) {
    const more = invalidMessages.length > 1 ? ` (and ${(invalidMessages.length - 1).toLocaleString()} more)` : '';
    parts.push(`${invalidMessages[0]}${more}`);
  }
  if (parts.length === 0) return { kind: 'error', message: 'No links were found.' };
  return { kind: addedCount === 0 && invalidMessages.length > 0 ? 'error' : 'info', message: parts.join(' ') };
}

function countDownloads(count: number): string {
  return count === 1 ? '1 download' : `${count.toLocaleString()} downloads`;
}
