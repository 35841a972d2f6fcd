// Runtime: renderer. Cuts a long list of links into batches that each fit in one addDownloads call.

/** Links per addDownloads call, the contract's limit. */
export const MAX_LINKS_PER_CALL = 10_000;

/**
 * Bytes of link text per addDownloads call. The web host closes the socket (code 1009) on a message over 32 MiB;
 * 4 MiB stays well under it even if JSON escaping grew every byte sixfold (`\u0001`).
 */
export const MAX_URL_BYTES_PER_CALL = 4 * 1024 * 1024;

/** The quotes and comma around each link in the JSON array. */
const JSON_BYTES_PER_URL = 3;

export interface UrlBatchLimits {
  readonly maxLinks: number;
  readonly maxUrlBytes: number;
}

const CONTRACT_LIMITS: UrlBatchLimits = { maxLinks: MAX_LINKS_PER_CALL, maxUrlBytes: MAX_URL_BYTES_PER_CALL };

/**
 * Splits `urls` in order into batches of at most `maxLinks` links and `maxUrlBytes` UTF-8 bytes. A single link
 * longer than `maxUrlBytes` gets a batch of its own, so nothing is ever dropped.
 */
export function splitUrlBatches(urls: readonly string[], limits: UrlBatchLimits = CONTRACT_LIMITS): string[][] {
  const encoder = new TextEncoder();
  const batches: string[][] = [];
  let batch: string[] = [];
  let batchBytes = 0;
  for (const url of urls) {
    const urlBytes = encoder.encode(url).byteLength + JSON_BYTES_PER_URL;
    if (batch.length > 0 && (batch.length >= limits.maxLinks || batchBytes + urlBytes > limits.maxUrlBytes)) {
      batches.push(batch);
      batch = [];
      batchBytes = 0;
    }
    batch.push(url);
    batchBytes += urlBytes;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}
