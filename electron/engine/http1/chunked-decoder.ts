// Runtime: Node (engine). Decodes `Transfer-Encoding: chunked` in place, so body bytes never need a second buffer.
import { DownloadError } from '../errors';

/** More hex digits than this would pass 2^48 bytes: no real chunk is that large, so it is an attack or garbage. */
const MAX_CHUNK_SIZE_DIGITS = 12;
/** Chunk extensions and trailers are skipped, but only up to this many bytes. */
const MAX_METADATA_BYTES = 16 * 1024;

type DecoderState = 'size' | 'extension' | 'size-line-feed' | 'data' | 'data-carriage-return' | 'data-line-feed' | 'trailer' | 'done';

export interface DecodedSpan {
  /** Body bytes now at the start of the buffer. */
  bodyByteLength: number;
  /** Input bytes used; anything after them, once the body is complete, is not part of this response. */
  consumedByteLength: number;
}

export class ChunkedDecoder {
  private state: DecoderState = 'size';
  private chunkSizeBytes = 0;
  private sizeDigitCount = 0;
  private chunkRemainingBytes = 0;
  private metadataBytes = 0;
  private trailerLineBytes = 0;

  get isComplete(): boolean {
    return this.state === 'done';
  }

  /** Decodes `buffer[0, byteLength)`, moving the body bytes down to the start. Throws DL_ERR_NETWORK on bad framing. */
  decodeInPlace(buffer: Buffer, byteLength: number): DecodedSpan {
    let readIndex = 0;
    let writeIndex = 0;
    while (readIndex < byteLength && this.state !== 'done') {
      if (this.state === 'data') {
        const take = Math.min(this.chunkRemainingBytes, byteLength - readIndex);
        if (writeIndex !== readIndex) buffer.copyWithin(writeIndex, readIndex, readIndex + take);
        readIndex += take;
        writeIndex += take;
        this.chunkRemainingBytes -= take;
        if (this.chunkRemainingBytes === 0) this.state = 'data-carriage-return';
        continue;
      }
      this.step(buffer[readIndex] ?? 0);
      readIndex += 1;
    }
    return { bodyByteLength: writeIndex, consumedByteLength: readIndex };
  }

  private step(byte: number): void {
    switch (this.state) {
      case 'size':
        return this.stepSize(byte);
      case 'extension':
        this.countMetadataByte();
        if (byte === 0x0a) this.endSizeLine();
        return;
      case 'size-line-feed':
        if (byte !== 0x0a) throw malformed('a chunk size line does not end with CRLF');
        return this.endSizeLine();
      case 'data-carriage-return':
        if (byte === 0x0d) this.state = 'data-line-feed';
        else if (byte === 0x0a) this.state = 'size';
        else throw malformed('a chunk is longer than its declared size');
        return;
      case 'data-line-feed':
        if (byte !== 0x0a) throw malformed('a chunk is not followed by CRLF');
        this.state = 'size';
        return;
      case 'trailer':
        this.countMetadataByte();
        if (byte === 0x0a) {
          if (this.trailerLineBytes === 0) this.state = 'done';
          this.trailerLineBytes = 0;
        } else if (byte !== 0x0d) {
          this.trailerLineBytes += 1;
        }
        return;
      default:
        return;
    }
  }

  private stepSize(byte: number): void {
    const digit = hexDigitValue(byte);
    if (digit >= 0) {
      this.sizeDigitCount += 1;
      if (this.sizeDigitCount > MAX_CHUNK_SIZE_DIGITS) throw malformed('a chunk size is absurdly large');
      this.chunkSizeBytes = this.chunkSizeBytes * 16 + digit;
      return;
    }
    if (this.sizeDigitCount === 0) throw malformed('a chunk size is missing');
    if (byte === 0x3b || byte === 0x20 || byte === 0x09) this.state = 'extension';
    else if (byte === 0x0d) this.state = 'size-line-feed';
    else if (byte === 0x0a) this.endSizeLine();
    else throw malformed('a chunk size is not hexadecimal');
  }

  private endSizeLine(): void {
    if (this.chunkSizeBytes === 0) {
      this.state = 'trailer';
    } else {
      this.state = 'data';
      this.chunkRemainingBytes = this.chunkSizeBytes;
    }
    this.chunkSizeBytes = 0;
    this.sizeDigitCount = 0;
  }

  private countMetadataByte(): void {
    this.metadataBytes += 1;
    if (this.metadataBytes > MAX_METADATA_BYTES) throw malformed('its chunk extensions or trailers are too long');
  }
}

function hexDigitValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  return -1;
}

function malformed(reason: string): DownloadError {
  return new DownloadError('DL_ERR_NETWORK', `The server sent a malformed chunked body: ${reason}.`, { retryable: true });
}
