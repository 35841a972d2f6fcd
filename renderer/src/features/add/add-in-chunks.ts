// Runtime: renderer. The contract takes at most 10,000 links per call; bigger drops are sent in several calls.
import type { AddOptions, AddOutcome } from '../../../../shared/download-types';
import type { ApiResult, FetchpointApi } from '../../../../shared/ipc-contract';
import { callApi } from '../../lib/call-api';

/** Links per addDownloads call, the contract's limit. */
export const MAX_LINKS_PER_CALL = 10_000;

/** Adds every link; the outcomes come back in the order of `urls`. Stops at the first call that fails. */
export async function addInChunks(api: FetchpointApi, urls: readonly string[], options?: AddOptions): Promise<ApiResult<AddOutcome[]>> {
  const outcomes: AddOutcome[] = [];
  for (let start = 0; start < urls.length; start += MAX_LINKS_PER_CALL) {
    const chunk = urls.slice(start, start + MAX_LINKS_PER_CALL);
    const result = await callApi(() => api.addDownloads(options === undefined ? { urls: chunk } : { urls: chunk, options }));
    if (!result.ok) return result;
    outcomes.push(...result.value.outcomes);
  }
  return { ok: true, value: outcomes };
}
