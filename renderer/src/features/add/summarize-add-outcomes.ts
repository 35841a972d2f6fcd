// Runtime: renderer. One sentence about what happened to a batch of dropped or pasted links.
import type { AddOutcome } from '../../../../shared/download-types';
import type { ToastKind } from '../../lib/toast-store';

export interface AddSummary {
  readonly kind: ToastKind;
  readonly message: string;
}

/** Links the engine never answered for, because a call failed part way through a big batch. */
export interface UnsentLinks {
  readonly count: number;
  /** The failed call's sentence. */
  readonly message: string;
}

/**
 * @param outcomes The engine's answer for each link sent.
 * @param rejectedMessages Sentences for links rejected before sending.
 * @param unsent Links not added because a call failed; null when every call succeeded.
 */
export function summarizeAddOutcomes(
  outcomes: readonly AddOutcome[],
  rejectedMessages: readonly string[] = [],
  unsent: UnsentLinks | null = null,
): AddSummary {
  const addedCount = outcomes.filter((outcome) => outcome.status === 'added').length;
  const duplicateCount = outcomes.filter((outcome) => outcome.status === 'duplicate').length;
  const invalidMessages = [
    ...rejectedMessages,
    ...outcomes.flatMap((outcome) => (outcome.status === 'invalid' ? [outcome.message] : [])),
  ];
  const unsentCount = unsent?.count ?? 0;
  const parts: string[] = [];
  if (addedCount > 0) parts.push(`Added ${countDownloads(addedCount)}.`);
  if (duplicateCount > 0) {
    if (addedCount === 0 && invalidMessages.length === 0 && unsentCount === 0) {
      parts.push(duplicateCount === 1 ? 'Already in the queue.' : `All ${duplicateCount.toLocaleString()} links are already in the queue.`);
    } else {
      parts.push(duplicateCount === 1 ? '1 link is already in the queue.' : `${duplicateCount.toLocaleString()} links are already in the queue.`);
    }
  }
  if (invalidMessages.length > 0) {
    const more = invalidMessages.length > 1 ? ` (and ${(invalidMessages.length - 1).toLocaleString()} more)` : '';
    parts.push(`${invalidMessages[0]}${more}`);
  }
  if (unsent !== null && unsentCount > 0) {
    parts.push(describeUnsentLinks(unsent));
    return { kind: 'error', message: parts.join(' ') };
  }
  if (parts.length === 0) return { kind: 'error', message: 'No links were found.' };
  return { kind: addedCount === 0 && invalidMessages.length > 0 ? 'error' : 'info', message: parts.join(' ') };
}

/** "3 links were not added: <why>." */
export function describeUnsentLinks(unsent: UnsentLinks): string {
  const links = unsent.count === 1 ? '1 link was' : `${unsent.count.toLocaleString()} links were`;
  return `${links} not added: ${unsent.message}`;
}

/** "1 download", "1,234 downloads". */
export function countDownloads(count: number): string {
  return count === 1 ? '1 download' : `${count.toLocaleString()} downloads`;
}
