// Runtime: Node (engine). One HTTP/1.1 connection (plain TCP or TLS) that carries one exchange at a time.
//
// Why not undici: a download is one long body, and undici delivers it in 64 KiB socket chunks, each a fresh
// allocation that crosses its parser and handler layers. Measured on a 1 GiB loopback download that costs about
// 1.0 CPU s of JavaScript, against 0.25 s here, where the socket is read (Node's `onread`) straight into the
// buffers that are then written to disk.
import net from 'node:net';
import type tls from 'node:tls';
import { createAbortError } from '../abortable-delay';
import { DownloadError, getSystemErrorCode } from '../errors';
import { isRetryableError } from '../retry-policy';
import type { BodySink, ResponseBody } from './body-sink';
import { decideBodyFraming, type BodyFraming } from './body-framing';
import { ChunkedDecoder } from './chunked-decoder';
import { MAX_RESPONSE_HEAD_BYTES, parseResponseHead, type ResponseHead } from './response-head';

export interface Http1Request {
  method: 'GET' | 'HEAD';
  url: URL;
  /** Lower-case names; `host` is added here. */
  headers: Record<string, string>;
  signal: AbortSignal;
  /** From the moment the request is sent (or the connection opened) until the response head has arrived. */
  headersTimeoutMs: number;
  /** Longest silence allowed while reading the body: the stall detector. */
  bodyTimeoutMs: number;
}

export interface Http1Response {
  head: ResponseHead;
  body: ResponseBody;
}

/** Room past the largest head, for reads that must not land on the head's bytes (see nextReadBuffer). */
const HEAD_BUFFER_SLACK_BYTES = 16 * 1024;

type Phase = 'idle' | 'head' | 'awaiting-consume' | 'body' | 'closed';

/** Thrown when a reused keep-alive connection turned out to be closed before any byte of the answer arrived. */
export class StaleConnectionError extends DownloadError {
  constructor(cause: unknown) {
    super('DL_ERR_NETWORK', 'The connection was closed by the server while idle.', { retryable: true, cause });
  }
}

export interface ConnectionHooks {
  /** The exchange ended and the connection is fit for another request. */
  release(connection: Http1Connection): void;
  /** The socket closed for good. */
  closed(connection: Http1Connection): void;
}

export class Http1Connection {
  readonly originKey: string;
  private readonly socket: net.Socket;
  private readonly headBuffer = Buffer.allocUnsafe(MAX_RESPONSE_HEAD_BYTES + HEAD_BUFFER_SLACK_BYTES);
  private headFilledBytes = 0;
  private phase: Phase = 'idle';
  private exchangeCount = 0;
  private hasAnswerBytes = false;

  private request: Http1Request | null = null;
  private resolveResponse: ((response: Http1Response) => void) | null = null;
  private rejectResponse: ((error: unknown) => void) | null = null;
  private headersTimer: NodeJS.Timeout | null = null;
  private readonly onAbort = (): void => this.fail(createAbortError(this.request?.signal));

  private framing: BodyFraming = { kind: 'none' };
  private isReusable = false;
  private remainingBodyBytes = 0;
  private chunkedDecoder: ChunkedDecoder | null = null;
  /** Body bytes that arrived with the head, kept in headBuffer until consume(). */
  private earlyBody: { start: number; end: number } | null = null;
  private isBodyComplete = false;
  private pendingError: unknown = null;
  private sink: BodySink | null = null;
  private sinkRegion: Buffer | null = null;
  private settleBody: { resolve: () => void; reject: (error: unknown) => void } | null = null;
  private isPausedForSink = false;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(
    url: URL,
    private readonly hooks: ConnectionHooks,
  ) {
    this.originKey = url.origin;
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    // WHATWG keeps IPv6 literals in brackets; sockets want them bare.
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const onread: net.OnReadOpts = {
      buffer: () => this.nextReadBuffer(),
      callback: (byteCount: number, buffer: Uint8Array) => this.onRead(byteCount, buffer),
    };
    if (url.protocol === 'https:') {
      // Node's TLS sockets honour `onread` too (tls.connect passes it on), though its typings do not list it.
      const tlsOptions: tls.ConnectionOptions & { onread: net.OnReadOpts } = { host, port, ALPNProtocols: ['http/1.1'], onread };
      if (net.isIP(host) === 0) tlsOptions.servername = host;
      // Loaded on first use: plain-HTTP runs (and the CLI's start-up) skip TLS's module graph.
      this.socket = process.getBuiltinModule('node:tls').connect(tlsOptions);
    } else {
      this.socket = net.connect({ host, port, onread });
    }
    this.socket.setNoDelay(true);
    this.socket.on('end', () => this.onEnd());
    this.socket.on('error', (error) => this.fail(toConnectionError(error, this.isRepeatExchange && !this.hasAnswerBytes)));
    this.socket.on('close', () => this.fail(new DownloadError('DL_ERR_NETWORK', 'The connection closed unexpectedly.', { retryable: true })));
    this.socket.on('timeout', () =>
      this.fail(
        new DownloadError('DL_ERR_STALLED', `No data arrived for ${Math.round((this.request?.bodyTimeoutMs ?? 0) / 1000)} s (stalled); reconnecting.`, {
          retryable: true,
        }),
      ),
    );
  }

  get isOpen(): boolean {
    return this.phase !== 'closed' && !this.socket.destroyed;
  }

  /** Whether the current exchange is not the connection's first: a failure before any answer may just mean it went stale. */
  private get isRepeatExchange(): boolean {
    return this.exchangeCount > 1;
  }

  /** Sends `request` and resolves with the response head; the body waits, paused, until consume() or discard(). */
  send(request: Http1Request): Promise<Http1Response> {
    return new Promise<Http1Response>((resolve, reject) => {
      if (this.phase !== 'idle') {
        reject(new DownloadError('DL_ERR_INTERNAL', 'A connection was asked to carry two requests at once.'));
        return;
      }
      if (request.signal.aborted) {
        reject(createAbortError(request.signal));
        return;
      }
      let requestText: string;
      try {
        requestText = formatRequest(request);
      } catch (error) {
        reject(error);
        return;
      }
      this.clearIdleTimer();
      this.socket.ref();
      this.exchangeCount += 1;
      this.request = request;
      this.resolveResponse = resolve;
      this.rejectResponse = reject;
      this.phase = 'head';
      this.headFilledBytes = 0;
      this.hasAnswerBytes = false;
      this.resetBodyState();
      request.signal.addEventListener('abort', this.onAbort, { once: true });
      this.headersTimer = setTimeout(
        () =>
          this.fail(
            new DownloadError('DL_ERR_TIMEOUT', `The server did not answer within ${Math.round(request.headersTimeoutMs / 1000)} s; reconnecting.`, {
              retryable: true,
            }),
          ),
        request.headersTimeoutMs,
      );
      this.socket.write(requestText, 'latin1');
      this.resumeReading();
    });
  }

  /**
   * The body of exchange `exchangeId`. Once that exchange is over the connection may already carry the next one,
   * so a late call on an old body must never touch the new exchange.
   */
  private bodyOf(exchangeId: number): ResponseBody {
    return {
      consume: (sink) => (exchangeId === this.exchangeCount ? this.consume(sink) : Promise.resolve()),
      discard: () => {
        if (exchangeId === this.exchangeCount) this.discard();
      },
    };
  }

  private consume(sink: BodySink): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.phase !== 'awaiting-consume') {
        if (this.pendingError !== null) reject(this.pendingError);
        else if (this.isBodyComplete || this.phase === 'idle') resolve();
        else reject(new DownloadError('DL_ERR_INTERNAL', 'A response body was consumed twice.'));
        return;
      }
      this.settleBody = { resolve, reject };
      this.sink = sink;
      this.phase = 'body';
      const early = this.earlyBody;
      this.earlyBody = null;
      let wait: Promise<void> | null = null;
      try {
        wait = early === null ? null : this.deliverCopied(this.headBuffer.subarray(early.start, early.end));
      } catch (error) {
        this.fail(error);
      }
      if (this.phase !== 'body') return;
      if (wait !== null) this.pauseUntil(wait);
      else this.resumeReading();
    });
  }

  private discard(): void {
    // A body that just ended is handed back to the agent by completeBody(); dropping it would waste the connection.
    if (this.isBodyComplete) return;
    if (this.phase === 'awaiting-consume' || this.phase === 'body' || this.phase === 'head') {
      this.settleBody?.resolve();
      this.settleBody = null;
      this.destroy();
    }
  }

  /** Closes the socket for good; an exchange still running fails with DL_ERR_ABORTED. */
  destroy(): void {
    if (this.phase === 'closed') return;
    this.fail(new DownloadError('DL_ERR_ABORTED', 'The connection was closed.'));
  }

  /** Parks the connection between exchanges: it does not keep the process alive, and closes after `idleTimeoutMs`. */
  park(idleTimeoutMs: number): void {
    this.socket.unref();
    // Reading on while parked notices a server that closes the connection, so it is not handed out again.
    this.socket.resume();
    this.idleTimer = setTimeout(() => this.destroy(), idleTimeoutMs);
    this.idleTimer.unref();
  }

  private nextReadBuffer(): Buffer {
    if (this.phase === 'body' && this.sink !== null && !this.isBodyComplete) {
      this.sinkRegion = this.sink.provideBuffer();
      return this.sinkRegion;
    }
    this.sinkRegion = null;
    if (this.phase === 'head') return this.headBuffer.subarray(this.headFilledBytes, MAX_RESPONSE_HEAD_BYTES);
    // Any other read (on a parked connection, or one lent before consume()) lands in the slack past the head, so it
    // can never overwrite body bytes that came with the head.
    return this.headBuffer.subarray(MAX_RESPONSE_HEAD_BYTES);
  }

  private onRead(byteCount: number, buffer: Uint8Array): boolean {
    this.hasAnswerBytes = true;
    try {
      if (this.phase === 'head') {
        this.onHeadBytes(byteCount, buffer);
      } else if (this.phase === 'body') {
        const wait =
          buffer === this.sinkRegion ? this.deliverInPlace(this.sinkRegion, byteCount) : this.deliverCopied(Buffer.from(buffer.buffer, buffer.byteOffset, byteCount));
        if (wait !== null) this.pauseUntil(wait);
      } else {
        // Bytes nobody asked for (on a parked connection, or before consume()) mean the stream is out of step.
        this.destroy();
      }
    } catch (error) {
      this.fail(error);
    }
    // Returning false stops reading: until consume() is called, and while the sink makes the transport wait.
    return this.phase === 'head' || this.phase === 'idle' || (this.phase === 'body' && !this.isPausedForSink);
  }

  private onHeadBytes(byteCount: number, buffer: Uint8Array): void {
    const expectedOffset = this.headBuffer.byteOffset + this.headFilledBytes;
    if (buffer.buffer !== this.headBuffer.buffer || buffer.byteOffset !== expectedOffset) {
      // The read landed in a region lent earlier; move it to where the head continues.
      if (byteCount > this.headBuffer.length - this.headFilledBytes) throw new DownloadError('DL_ERR_NETWORK', 'The response header is too large.', { retryable: true });
      this.headBuffer.set(buffer.subarray(0, byteCount), this.headFilledBytes);
    }
    this.headFilledBytes += byteCount;
    for (;;) {
      const head = parseResponseHead(this.headBuffer, this.headFilledBytes);
      if (head === null) return;
      const isInterim = head.status >= 100 && head.status < 200 && head.status !== 101;
      if (isInterim) {
        // 100 Continue and 103 Early Hints precede the real answer.
        this.headBuffer.copyWithin(0, head.headByteLength, this.headFilledBytes);
        this.headFilledBytes -= head.headByteLength;
        continue;
      }
      this.acceptHead(head);
      return;
    }
  }

  private acceptHead(head: ResponseHead): void {
    const request = this.request;
    if (request === null) return;
    if (head.status === 101) throw new DownloadError('DL_ERR_NETWORK', 'The server tried to switch protocols.', { retryable: false });
    const decision = decideBodyFraming(head, request.method);
    this.framing = decision.framing;
    this.isReusable = decision.isReusable;
    this.remainingBodyBytes = decision.framing.kind === 'length' ? decision.framing.byteLength : 0;
    this.chunkedDecoder = decision.framing.kind === 'chunked' ? new ChunkedDecoder() : null;
    this.clearHeadersTimer();
    const leftoverStart = head.headByteLength;
    const leftoverEnd = this.headFilledBytes;
    this.phase = 'awaiting-consume';
    this.socket.setTimeout(0);
    if (this.framing.kind === 'none' || (this.framing.kind === 'length' && this.framing.byteLength === 0)) {
      if (leftoverEnd > leftoverStart) this.isReusable = false;
      this.completeBody();
    } else if (leftoverEnd > leftoverStart) {
      this.earlyBody = { start: leftoverStart, end: leftoverEnd };
    }
    const resolve = this.resolveResponse;
    this.resolveResponse = null;
    this.rejectResponse = null;
    resolve?.({ head, body: this.bodyOf(this.exchangeCount) });
  }

  /**
   * Body bytes read straight into the sink's region: decode the framing there and hand them over.
   * `trailingByteCount`: bytes that came after these in the same read and are still to be delivered.
   */
  private deliverInPlace(region: Buffer, byteCount: number, trailingByteCount = 0): Promise<void> | null {
    let bodyBytes: number;
    let consumedBytes: number;
    if (this.framing.kind === 'chunked' && this.chunkedDecoder !== null) {
      const span = this.chunkedDecoder.decodeInPlace(region, byteCount);
      bodyBytes = span.bodyByteLength;
      consumedBytes = span.consumedByteLength;
      if (this.chunkedDecoder.isComplete) this.isBodyComplete = true;
    } else if (this.framing.kind === 'length') {
      bodyBytes = Math.min(byteCount, this.remainingBodyBytes);
      consumedBytes = bodyBytes;
      this.remainingBodyBytes -= bodyBytes;
      if (this.remainingBodyBytes === 0) this.isBodyComplete = true;
    } else {
      bodyBytes = byteCount;
      consumedBytes = byteCount;
    }
    // More bytes than the framing allows: the stream is out of step, so this connection carries nothing more.
    // Decided before completeBody(), which may hand the connection back for reuse.
    if (consumedBytes < byteCount || (this.isBodyComplete && trailingByteCount > 0)) this.isReusable = false;
    const wait = bodyBytes > 0 && this.sink !== null ? this.sink.commit(bodyBytes) : null;
    if (this.isBodyComplete) this.completeBody();
    return wait;
  }

  /** Body bytes that landed elsewhere (with the head, or in a region lent before consume()): copy them in. */
  private deliverCopied(source: Buffer): Promise<void> | null {
    const waits: Promise<void>[] = [];
    let offset = 0;
    while (offset < source.length && this.phase === 'body' && !this.isBodyComplete && this.sink !== null) {
      const region = this.sink.provideBuffer();
      const copied = source.copy(region, 0, offset, offset + Math.min(region.length, source.length - offset));
      offset += copied;
      const wait = this.deliverInPlace(region, copied, source.length - offset);
      if (wait !== null) waits.push(wait);
    }
    if (offset < source.length) this.isReusable = false;
    if (waits.length === 0) return null;
    return waits.length === 1 ? (waits[0] ?? null) : Promise.all(waits).then(() => undefined);
  }

  private pauseUntil(wait: Promise<void>): void {
    this.isPausedForSink = true;
    // A wait the consumer asked for (disk, speed limit) is not a stall.
    this.socket.setTimeout(0);
    wait.then(
      () => {
        this.isPausedForSink = false;
        if (this.phase === 'body') this.resumeReading();
      },
      (error: unknown) => this.fail(error),
    );
  }

  private resumeReading(): void {
    if (this.phase === 'body' && this.request !== null) this.socket.setTimeout(this.request.bodyTimeoutMs);
    this.socket.resume();
  }

  private onEnd(): void {
    if (this.phase === 'body' && this.framing.kind === 'until-close' && !this.isPausedForSink) {
      this.isReusable = false;
      this.completeBody();
      return;
    }
    if (this.phase === 'head' && !this.hasAnswerBytes && this.isRepeatExchange) {
      this.fail(new StaleConnectionError(null));
      return;
    }
    this.fail(
      new DownloadError(
        'DL_ERR_NETWORK',
        this.phase === 'head' ? 'The server closed the connection without answering.' : 'The connection closed before the whole response arrived.',
        { retryable: true },
      ),
    );
  }

  private completeBody(): void {
    this.isBodyComplete = true;
    this.sinkRegion = null;
    this.headFilledBytes = 0;
    const settle = this.settleBody;
    this.settleBody = null;
    this.sink = null;
    this.request?.signal.removeEventListener('abort', this.onAbort);
    this.request = null;
    this.socket.setTimeout(0);
    if (this.isReusable && this.phase !== 'closed') {
      this.phase = 'idle';
      this.hooks.release(this);
    } else {
      this.close();
    }
    settle?.resolve();
  }

  /** Ends the exchange with `error`: whoever waits (for the head or the body) gets it, and the socket closes. */
  private fail(error: unknown): void {
    if (this.phase === 'closed') return;
    const wasIdle = this.phase === 'idle';
    this.close();
    if (wasIdle) return;
    if (this.rejectResponse !== null) {
      const reject = this.rejectResponse;
      this.rejectResponse = null;
      this.resolveResponse = null;
      reject(error);
      return;
    }
    if (this.settleBody !== null) {
      const settle = this.settleBody;
      this.settleBody = null;
      settle.reject(error);
      return;
    }
    if (!this.isBodyComplete) this.pendingError = error;
  }

  private close(): void {
    this.phase = 'closed';
    this.clearHeadersTimer();
    this.clearIdleTimer();
    this.request?.signal.removeEventListener('abort', this.onAbort);
    this.sink = null;
    this.sinkRegion = null;
    this.socket.destroy();
    this.hooks.closed(this);
  }

  private resetBodyState(): void {
    this.framing = { kind: 'none' };
    this.isReusable = false;
    this.remainingBodyBytes = 0;
    this.chunkedDecoder = null;
    this.earlyBody = null;
    this.isBodyComplete = false;
    this.pendingError = null;
    this.sink = null;
    this.sinkRegion = null;
    this.settleBody = null;
    this.isPausedForSink = false;
  }

  private clearHeadersTimer(): void {
    if (this.headersTimer !== null) clearTimeout(this.headersTimer);
    this.headersTimer = null;
  }

  private clearIdleTimer(): void {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}

/** Header values become part of the request line stream: CR, LF or NUL in them would forge another header. */
const UNSAFE_HEADER_TEXT = /[\r\n\0]/;

function formatRequest(request: Http1Request): string {
  const target = `${request.url.pathname}${request.url.search}`;
  let text = `${request.method} ${target} HTTP/1.1\r\nhost: ${request.url.host}\r\n`;
  for (const [name, value] of Object.entries(request.headers)) {
    if (name === 'host') continue;
    if (UNSAFE_HEADER_TEXT.test(name) || UNSAFE_HEADER_TEXT.test(value) || name.includes(':') || name.length === 0) {
      throw new DownloadError('DL_ERR_INVALID_INPUT', `The request header “${name}” contains characters HTTP does not allow.`);
    }
    text += `${name}: ${value}\r\n`;
  }
  return `${text}\r\n`;
}

const CERTIFICATE_ERROR_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** A sentence for the user, with the system error kept as the cause and the retry policy's verdict. */
function toConnectionError(error: Error, mayBeStale: boolean): DownloadError {
  const code = getSystemErrorCode(error);
  if (mayBeStale && (code === 'ECONNRESET' || code === 'EPIPE')) return new StaleConnectionError(error);
  if (code !== undefined && CERTIFICATE_ERROR_CODES.has(code)) {
    return new DownloadError('DL_ERR_NETWORK', `The server's certificate is not trusted (${code}).`, { retryable: false, cause: error });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new DownloadError('DL_ERR_NETWORK', `The server's name could not be resolved (${code}).`, { retryable: true, cause: error });
  }
  if (code === 'ECONNREFUSED') {
    return new DownloadError('DL_ERR_NETWORK', 'The server refused the connection (ECONNREFUSED).', { retryable: true, cause: error });
  }
  return new DownloadError('DL_ERR_NETWORK', `The connection failed (${code ?? error.message}).`, { retryable: isRetryableError(error), cause: error });
}
