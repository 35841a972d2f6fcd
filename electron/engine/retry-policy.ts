// Runtime: Node (engine). The one place that decides what is retried and how long to wait.
import { DownloadError, getSystemErrorCode, isDownloadError } from './errors';

export interface RetryPolicyOptions {
  /** Retries after the first attempt. Default 5. */
  maxRetries: number;
  /** First backoff step. Default 1000 ms. */
  baseDelayMs: number;
  /** Longest backoff step, also the cap for Retry-After. Default 60000 ms. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicyOptions = { maxRetries: 5, baseDelayMs: 1000, maxDelayMs: 60_000 };

const RETRYABLE_HTTP_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

const RETRYABLE_SYSTEM_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/** Whether an HTTP status is worth retrying: server trouble, timeouts and rate limiting. */
export function isRetryableHttpStatus(status: number): boolean {
  return RETRYABLE_HTTP_STATUSES.has(status);
}

/** Whether a failure may go away by trying again. */
export function isRetryableError(error: unknown): boolean {
  if (isDownloadError(error)) {
    if (error.code === 'DL_ERR_HTTP_STATUS' && error.httpStatus !== undefined) return isRetryableHttpStatus(error.httpStatus);
    return error.retryable;
  }
  const systemCode = getSystemErrorCode(error);
  if (systemCode !== undefined && RETRYABLE_SYSTEM_CODES.has(systemCode)) return true;
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (cause !== undefined && cause !== error) return isRetryableError(cause);
  return false;
}

/**
 * Parses Retry-After (delta seconds or an HTTP date) into milliseconds from now.
 * Returns undefined when absent or unreadable.
 */
export function parseRetryAfterMs(value: string | null | undefined, nowMs: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const dateMs = Date.parse(trimmed);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(0, dateMs - nowMs);
}

/**
 * Delay before retry number `attempt` (1-based): exponential with full jitter,
 * but never shorter than what the server asked for in Retry-After.
 */
export function computeRetryDelayMs(
  attempt: number,
  policy: RetryPolicyOptions,
  error: unknown,
  random: () => number = Math.random,
): number {
  const exponentialMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  // Half fixed, half random: spreads reconnect storms without ever retrying instantly.
  const jitteredMs = exponentialMs / 2 + random() * (exponentialMs / 2);
  const serverAskedMs = isDownloadError(error) ? error.retryAfterMs : undefined;
  if (serverAskedMs !== undefined) return Math.min(policy.maxDelayMs, Math.max(jitteredMs, serverAskedMs));
  return jitteredMs;
}

/** A short reason for the item's log, e.g. "HTTP 503" or "ECONNRESET". */
export function describeRetryReason(error: unknown): string {
  if (isDownloadError(error)) {
    return error.httpStatus !== undefined ? `HTTP ${error.httpStatus}: ${error.message}` : `${error.code}: ${error.message}`;
  }
  return getSystemErrorCode(error) ?? (error instanceof Error ? error.message : String(error));
}

export function createHttpStatusError(status: number, url: string, retryAfterMs?: number): DownloadError {
  const host = safeHost(url);
  const sentence = describeHttpStatus(status, host);
  return new DownloadError('DL_ERR_HTTP_STATUS', sentence, {
    httpStatus: status,
    retryable: isRetryableHttpStatus(status),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

function describeHttpStatus(status: number, host: string): string {
  switch (status) {
    case 400:
      return `The server at ${host} rejected the request (HTTP 400).`;
    case 401:
      return `The server at ${host} asks for a login (HTTP 401).`;
    case 403:
      return `The server at ${host} refused access to this file (HTTP 403).`;
    case 404:
      return `The file was not found on ${host} (HTTP 404).`;
    case 410:
      return `The file is gone from ${host} (HTTP 410).`;
    case 408:
      return `The server at ${host} timed out waiting for the request (HTTP 408).`;
    case 429:
      return `The server at ${host} says there are too many requests (HTTP 429).`;
    default:
      if (status >= 500) return `The server at ${host} had an error (HTTP ${status}).`;
      return `The server at ${host} answered HTTP ${status}.`;
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}
