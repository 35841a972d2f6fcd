// Runtime: Node (tests only). Answers GET and HEAD for one registered resource, injecting its faults.
import { STATUS_CODES, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { parseByteRange } from './parse-byte-range';
import type { RequestRecord } from './resource-stats';
import type { ResourceState, ResourceVersion } from './resource-state';
import { destroyAfterFlush, streamBody } from './stream-body';
import { isIfMatchSatisfied, isIfRangeSatisfied } from './validator-match';

/** Bytes by which `contentLengthMismatch` makes the declared length and the sent body disagree. */
export const CONTENT_LENGTH_MISMATCH_BYTES = 1024;

export interface ServeResourceContext {
  req: IncomingMessage;
  res: ServerResponse;
  state: ResourceState;
  /** The live record of this request; its status and outcome are filled in here. */
  record: RequestRecord;
  /** Called for every resource body byte handed to the socket. */
  onBodyBytes: (byteCount: number) => void;
}

/** Answers one request for a resource: HEAD mirrors GET's headers, GET runs the fault checks in documented order. */
export async function serveResource(context: ServeResourceContext): Promise<void> {
  const { req } = context;
  if (req.method === 'HEAD') {
    serveHead(context);
    return;
  }
  if (req.method !== 'GET') {
    sendStatus(context, context.state.version, 405, { Allow: 'GET, HEAD' });
    return;
  }
  await serveGet(context);
}

function serveHead(context: ServeResourceContext): void {
  const { req, res, state } = context;
  const { faults } = state;
  const version = state.version;
  if (faults.headStatus !== undefined) {
    const extra: OutgoingHttpHeaders = faults.headStatus === 405 ? { Allow: 'GET' } : {};
    writeHead(context, faults.headStatus, { ...buildValidatorHeaders(version), ...extra });
    res.end();
    return;
  }
  const ifMatch = readHeader(req, 'if-match');
  if (ifMatch !== null && !isIfMatchSatisfied(ifMatch, version)) {
    sendStatus(context, version, 412);
    return;
  }
  const headers = buildRepresentationHeaders(context.state, version);
  const declaredLength = declareContentLength(state, version.body.length);
  if (declaredLength !== null) headers['Content-Length'] = declaredLength;
  const lies = faults.headLies;
  if (lies?.contentLength !== undefined) headers['Content-Length'] = lies.contentLength;
  if (lies?.acceptRanges === true) headers['Accept-Ranges'] = 'bytes';
  if (lies?.acceptRanges === false) delete headers['Accept-Ranges'];
  if (lies?.withoutValidators === true) {
    delete headers['ETag'];
    delete headers['Last-Modified'];
  }
  writeHead(context, 200, headers);
  res.end();
}

async function serveGet(context: ServeResourceContext): Promise<void> {
  const { req, res, state } = context;
  const { faults } = state;
  state.getCount += 1;
  // Later requests see a change that happens while this one streams; this response keeps its bytes.
  const version = state.version;
  const retryAfter: OutgoingHttpHeaders =
    faults.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(faults.retryAfterSeconds) };

  if (faults.forbidAfterRequests !== undefined && state.getCount > faults.forbidAfterRequests) {
    sendStatus(context, version, 403);
    return;
  }
  if (faults.failTimes !== undefined && state.getCount <= faults.failTimes) {
    sendStatus(context, version, faults.failStatus ?? 503, retryAfter);
    return;
  }
  if (faults.maxConcurrentRequests !== undefined && state.activeGetCount >= faults.maxConcurrentRequests) {
    sendStatus(context, version, faults.refuseStatus ?? 503, retryAfter);
    return;
  }
  state.activeGetCount += 1;
  res.once('close', () => {
    state.activeGetCount -= 1;
  });

  const ifMatch = readHeader(req, 'if-match');
  if (ifMatch !== null && !isIfMatchSatisfied(ifMatch, version)) {
    sendStatus(context, version, 412);
    return;
  }

  const totalBytes = version.body.length;
  const isRangeHonoured = state.spec.supportsRanges !== false && faults.chunked !== true && faults.rangeAnswers200 !== true;
  const ifRange = readHeader(req, 'if-range');
  const rangeHeader = isRangeHonoured ? readHeader(req, 'range') : null;
  const isRangeStale = rangeHeader !== null && ifRange !== null && !isIfRangeSatisfied(ifRange, version);
  const decision = parseByteRange(isRangeStale ? null : rangeHeader, totalBytes);

  if (decision.kind === 'unsatisfiable') {
    sendStatus(context, version, 416, { 'Content-Range': `bytes */${totalBytes}` });
    return;
  }

  const headers = buildRepresentationHeaders(state, version);
  let status = 200;
  let payload = version.body;
  if (decision.kind === 'partial') {
    status = 206;
    payload = version.body.subarray(decision.startByte, decision.endByte + 1);
    headers['Content-Range'] = formatContentRange(decision.startByte, decision.endByte, totalBytes, faults.wrongContentRange === true);
  }
  const declaredLength = declareContentLength(state, payload.length);
  if (declaredLength !== null) headers['Content-Length'] = declaredLength;
  writeHead(context, status, headers);

  const result = await streamBody(res, payload, {
    cutAfterBytes: state.takeCut(payload.length),
    stallAfterBytes: state.takeStall(payload.length),
    throttleBytesPerSecond: state.takeThrottle(),
    onBytesWritten: context.onBodyBytes,
  });
  await finishResponse(context, result);
}

async function finishResponse(context: ServeResourceContext, result: Awaited<ReturnType<typeof streamBody>>): Promise<void> {
  const { res, record, state } = context;
  const mismatch = state.faults.chunked === true ? undefined : state.faults.contentLengthMismatch;
  if (result === 'aborted') return;
  if (result === 'stalled') {
    record.outcome = 'stalled';
    return;
  }
  if (result === 'cut' || mismatch === 'short') {
    record.outcome = 'cut';
    await destroyAfterFlush(res);
    return;
  }
  if (mismatch === 'long') {
    record.outcome = 'cut';
    res.write(Buffer.alloc(CONTENT_LENGTH_MISMATCH_BYTES, 0x5a));
    context.onBodyBytes(CONTENT_LENGTH_MISMATCH_BYTES);
    await destroyAfterFlush(res);
    return;
  }
  res.end();
}

function declareContentLength(state: ResourceState, payloadBytes: number): number | null {
  if (state.faults.chunked === true) return null;
  return state.faults.contentLengthMismatch === 'short' ? payloadBytes + CONTENT_LENGTH_MISMATCH_BYTES : payloadBytes;
}

function formatContentRange(startByte: number, endByte: number, totalBytes: number, isWrong: boolean): string {
  if (!isWrong) return `bytes ${startByte}-${endByte}/${totalBytes}`;
  // Same length as the real range, start off by one; the total grows only if the shifted end would not fit.
  return `bytes ${startByte + 1}-${endByte + 1}/${Math.max(totalBytes, endByte + 2)}`;
}

function buildValidatorHeaders(version: ResourceVersion): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  if (version.etag !== null) headers['ETag'] = version.etag;
  if (version.lastModified !== null) headers['Last-Modified'] = version.lastModified;
  return headers;
}

function buildRepresentationHeaders(state: ResourceState, version: ResourceVersion): OutgoingHttpHeaders {
  const { spec, faults } = state;
  const headers: OutgoingHttpHeaders = {
    ...buildValidatorHeaders(version),
    'Content-Type': spec.contentType ?? 'application/octet-stream',
  };
  if (spec.contentDisposition !== undefined) headers['Content-Disposition'] = spec.contentDisposition;
  const canRange = spec.supportsRanges !== false && faults.chunked !== true;
  if (canRange || faults.rangeAnswers200 === true) headers['Accept-Ranges'] = 'bytes';
  return { ...headers, ...spec.extraHeaders };
}

/** A short text response (no resource body) that still carries the resource's validators. */
function sendStatus(context: ServeResourceContext, version: ResourceVersion, status: number, extraHeaders: OutgoingHttpHeaders = {}): void {
  const text = `${status} ${STATUS_CODES[status] ?? 'Fault'}\n`;
  writeHead(context, status, {
    ...buildValidatorHeaders(version),
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...extraHeaders,
  });
  context.res.end(text);
}

function writeHead(context: ServeResourceContext, status: number, headers: OutgoingHttpHeaders): void {
  context.record.status = status;
  context.res.writeHead(status, headers);
}

function readHeader(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}
