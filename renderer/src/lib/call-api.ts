// Runtime: renderer. Turns a transport failure (socket closed, host gone) into the same envelope as an engine error,
// so callers handle one shape only.
import type { ApiResult } from '../../../shared/ipc-contract';

/** Code used when the engine could not be reached at all. */
export const DISCONNECTED_ERROR_CODE = 'DL_ERR_DISCONNECTED';

/** Runs one API call and never rejects: a thrown transport error becomes `{ ok: false }` with a sentence. */
export async function callApi<T>(call: () => Promise<ApiResult<T>>): Promise<ApiResult<T>> {
  try {
    return await call();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: { code: DISCONNECTED_ERROR_CODE, message: `Fetchpoint's engine did not answer (${detail}).`, retryable: true },
    };
  }
}
