// Runtime: Node (tests only). One registered resource: its current version and its fault counters.
import type { FaultSpec, ResourceSpec } from './resource-spec';
import { sha256Hex } from './sha256';
import type { Validators } from './validator-match';

/** The bytes and validators the server currently serves for a resource. */
export interface ResourceVersion extends Validators {
  body: Buffer;
}

/** Default Last-Modified: fixed so that If-Range by date is reproducible. */
export const DEFAULT_LAST_MODIFIED = 'Wed, 01 Jan 2025 00:00:00 GMT';

const CHANGE_DELAY_MS = 24 * 60 * 60 * 1000;

/** Mutable per-resource state; created fresh by every addResource(). */
export class ResourceState {
  readonly spec: ResourceSpec;
  readonly faults: FaultSpec;
  /** GETs received so far (every outcome), the index used by failTimes and forbidAfterRequests. */
  getCount = 0;
  /** GETs being served right now, for maxConcurrentRequests. */
  activeGetCount = 0;
  private current: ResourceVersion;
  private hasChanged = false;
  private bodyBytesSent = 0;
  private cutsUsed = 0;
  private stallsUsed = 0;

  constructor(spec: ResourceSpec) {
    this.spec = spec;
    this.faults = spec.faults ?? {};
    this.current = {
      body: spec.body,
      etag: spec.etag === undefined ? deriveEtag(spec.body, false) : spec.etag,
      lastModified: spec.lastModified === undefined ? DEFAULT_LAST_MODIFIED : spec.lastModified,
    };
    this.applyChangeIfDue();
  }

  get version(): ResourceVersion {
    return this.current;
  }

  /** Body responses started so far, for slowFirstResponses. */
  bodyResponsesStarted = 0;

  /** The pacing for the next body response. */
  takeThrottle(): number | null {
    this.bodyResponsesStarted += 1;
    const slow = this.faults.slowFirstResponses;
    if (slow !== undefined && this.bodyResponsesStarted <= slow.count) return slow.bytesPerSecond;
    return this.faults.throttleBytesPerSecond ?? null;
  }

  /** Counts body bytes written for this resource; may switch to the changed version. */
  recordBodyBytes(byteCount: number): void {
    this.bodyBytesSent += byteCount;
    this.applyChangeIfDue();
  }

  /** The cut point for a response of `responseBytes`, using up one cut, or null when this response is not cut. */
  takeCut(responseBytes: number): number | null {
    const { cutAfterBytes, cutTimes = Infinity } = this.faults;
    if (cutAfterBytes === undefined || cutAfterBytes >= responseBytes || this.cutsUsed >= cutTimes) return null;
    this.cutsUsed += 1;
    return cutAfterBytes;
  }

  /** The stall point for a response of `responseBytes`, using up one stall, or null when this response does not stall. */
  takeStall(responseBytes: number): number | null {
    const { stallAfterBytes, stallTimes = Infinity } = this.faults;
    if (stallAfterBytes === undefined || stallAfterBytes >= responseBytes || this.stallsUsed >= stallTimes) return null;
    this.stallsUsed += 1;
    return stallAfterBytes;
  }

  private applyChangeIfDue(): void {
    const { changeAfterBytes } = this.faults;
    if (this.hasChanged || changeAfterBytes === undefined || this.bodyBytesSent < changeAfterBytes) return;
    this.hasChanged = true;
    const previous = this.current;
    const body = this.faults.changedBody ?? invertBytes(previous.body);
    let etag = previous.etag === null ? null : deriveEtag(body, previous.etag.startsWith('W/'));
    // Identical changed bytes would otherwise keep the old tag and hide the change.
    if (etag !== null && etag === previous.etag) etag = etag.replace(/"$/, '-changed"');
    this.current = { body, etag, lastModified: shiftHttpDate(previous.lastModified) };
  }
}

function deriveEtag(body: Buffer, isWeak: boolean): string {
  const tag = `"${sha256Hex(body).slice(0, 32)}"`;
  return isWeak ? `W/${tag}` : tag;
}

function invertBytes(body: Buffer): Buffer {
  const inverted = Buffer.allocUnsafe(body.length);
  for (let index = 0; index < body.length; index += 1) inverted[index] = ~(body[index] ?? 0) & 0xff;
  return inverted;
}

function shiftHttpDate(httpDate: string | null): string | null {
  if (httpDate === null) return null;
  const parsedMs = Date.parse(httpDate);
  const baseMs = Number.isNaN(parsedMs) ? Date.parse(DEFAULT_LAST_MODIFIED) : parsedMs;
  return new Date(baseMs + CHANGE_DELAY_MS).toUTCString();
}
