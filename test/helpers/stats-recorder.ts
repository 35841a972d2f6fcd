// Runtime: Node (tests only). Live per-path counters behind FaultServer.stats().
import type { IncomingMessage } from 'node:http';
import type { RequestRecord, ResourceStats } from './resource-stats';

interface PathStats extends ResourceStats {
  /** GETs currently in flight; not cleared by a reset, because those requests are still open. */
  inFlightGets: number;
}

/** Keeps one set of counters per request path and hands out snapshots. */
export class StatsRecorder {
  private readonly statsByPath = new Map<string, PathStats>();

  /** Records a new request on `path` and returns its live record, which the caller updates as it answers. */
  beginRequest(path: string, req: IncomingMessage): RequestRecord {
    const stats = this.getOrCreate(path);
    const record: RequestRecord = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      rangeHeader: readSingleHeader(req, 'range'),
      ifRange: readSingleHeader(req, 'if-range'),
      ifMatch: readSingleHeader(req, 'if-match'),
      status: 0,
      bodyBytesSent: 0,
      outcome: 'in-flight',
      headers: { ...req.headers },
    };
    stats.requests.push(record);
    if (record.method === 'GET') {
      stats.inFlightGets += 1;
      stats.maxConcurrentRequests = Math.max(stats.maxConcurrentRequests, stats.inFlightGets);
    }
    return record;
  }

  /** Marks a GET on `path` as no longer in flight. */
  endGet(path: string): void {
    this.getOrCreate(path).inFlightGets -= 1;
  }

  /** Adds body bytes to both the request and its path's total. */
  addBodyBytes(path: string, record: RequestRecord, byteCount: number): void {
    record.bodyBytesSent += byteCount;
    this.getOrCreate(path).bodyBytesSent += byteCount;
  }

  /** A copy of the counters for `path`; all zero for a path never requested. */
  snapshot(path: string): ResourceStats {
    const stats = this.statsByPath.get(path);
    if (!stats) return { requests: [], bodyBytesSent: 0, maxConcurrentRequests: 0 };
    return {
      requests: stats.requests.map((record) => ({ ...record, headers: { ...record.headers } })),
      bodyBytesSent: stats.bodyBytesSent,
      maxConcurrentRequests: stats.maxConcurrentRequests,
    };
  }

  /** Forgets past requests; GETs still open keep counting toward the new totals and peak. */
  reset(): void {
    for (const stats of this.statsByPath.values()) {
      stats.requests = [];
      stats.bodyBytesSent = 0;
      stats.maxConcurrentRequests = stats.inFlightGets;
    }
  }

  private getOrCreate(path: string): PathStats {
    let stats = this.statsByPath.get(path);
    if (!stats) {
      stats = { requests: [], bodyBytesSent: 0, maxConcurrentRequests: 0, inFlightGets: 0 };
      this.statsByPath.set(path, stats);
    }
    return stats;
  }
}

function readSingleHeader(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}
