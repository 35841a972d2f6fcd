// Runtime: Node (engine). Whether bytes already on disk provably belong to the version a server serves now.
// Bytes fetched at different times may be joined only when a validator proves they come from one version:
// a strong ETag, or Last-Modified, sent as If-Range with every ranged request.
import type { DownloadRecord } from './ports';
import { chooseIfRangeValidator, isStrongEtag, type ProbeResult } from './probe';

type Validators = Pick<ProbeResult, 'etag' | 'lastModified'>;

/** True when a ranged request could carry a validator (If-Range), so a changed file is answered with a 200. */
export function canProveVersion(validators: Validators): boolean {
  return chooseIfRangeValidator(validators.etag, validators.lastModified) !== null;
}

/** True when the probe lacks a validator the checkpoint was saved under, e.g. a HEAD answer that leaves ETag out. */
export function lacksStoredValidator(record: Validators, probe: Validators): boolean {
  return (record.etag !== null && probe.etag === null) || (record.lastModified !== null && probe.lastModified === null);
}

/**
 * Why the checkpoint's bytes cannot be continued with what the server serves now, or null when the same version
 * is proven: by the same strong ETag, or else by the same Last-Modified. A validator that disappeared proves
 * nothing, since the ranged requests would then be sent without it and accept any version's bytes.
 */
export function describeVersionChange(record: DownloadRecord, probe: ProbeResult): string | null {
  if (record.totalBytes !== null && probe.totalBytes !== record.totalBytes) {
    return `the file size changed on the server (${record.totalBytes} → ${probe.totalBytes ?? 'unknown'} bytes).`;
  }
  if (record.etag !== null && probe.etag !== null && record.etag !== probe.etag) {
    return `the file changed on the server (ETag ${record.etag} → ${probe.etag}).`;
  }
  if (!canProveVersion(record)) {
    return 'the server gave no validator a range can rely on (a strong ETag or Last-Modified), so the partial data cannot be proven to match.';
  }
  if (isStrongEtag(record.etag)) {
    if (probe.etag === record.etag) return null;
    return `the server no longer sends the ETag ${record.etag}, so the partial data cannot be proven to match.`;
  }
  if (probe.lastModified === null) {
    return `the server no longer sends Last-Modified (${record.lastModified ?? ''}), so the partial data cannot be proven to match.`;
  }
  if (probe.lastModified !== record.lastModified) {
    return `the file changed on the server (Last-Modified ${record.lastModified ?? ''} → ${probe.lastModified}).`;
  }
  return null;
}
