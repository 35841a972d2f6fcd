// Runtime: renderer. Big drops are sent in several addDownloads calls, each within the contract's and the transport's limits.
import type { AddOptions, AddOutcome, ErrorInfo } from '../../../../shared/download-types';
import type { FetchpointApi } from '../../../../shared/ipc-contract';
import { callApi } from '../../lib/call-api';
import { splitUrlBatches } from './split-url-batches';

export interface ChunkedAddResult {
  /**
   * The engine's answer for each link it received, in the order of `urls`. When a call failed this covers only
   * the links before it: `urls.slice(outcomes.length)` were not added.
   */
  readonly outcomes: readonly AddOutcome[];
  /** Why the links after `outcomes` were not added, or null when every call succeeded. */
  readonly failure: ErrorInfo | null;
}

/**
 * Adds every link, batch after batch. Stops at the first call that fails, so the links that were not added are
 * exactly the ones after the outcomes, and sending them again duplicates nothing.
 */
export async function addInChunks(api: FetchpointApi, urls: readonly string[], options?: AddOptions): Promise<ChunkedAddResult> {
  const outcomes: AddOutcome[] = [];
  for (const batch of splitUrlBatches(urls)) {
    const result = await callApi(() => api.addDownloads(options === undefined ? { urls: batch } : { urls: batch, options }));
    if (!result.ok) return { outcomes, failure: result.error };
    outcomes.push(...result.value.outcomes);
  }
  return { outcomes, failure: null };
}
