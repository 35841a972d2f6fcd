// Runtime: Node (engine).
import { createReadStream } from 'node:fs';
import type { ChecksumAlgorithm } from './checksum-spec';
import { toFileSystemError } from './errors';

/** Streams a file through a hash; returns lowercase hex. Memory stays flat for multi-gigabyte files. */
export async function hashFile(path: string, algorithm: ChecksumAlgorithm, signal?: AbortSignal): Promise<string> {
  // Loaded here, not at the top: node:crypto costs every CLI start about 5 ms, and only checksummed downloads use it.
  const { createHash } = await import('node:crypto');
  const hash = createHash(algorithm);
  try {
    const stream = createReadStream(path, { highWaterMark: 1024 * 1024, ...(signal === undefined ? {} : { signal }) });
    for await (const chunk of stream) hash.update(chunk as Buffer);
  } catch (error) {
    throw toFileSystemError(error, `read ${path} to verify its checksum`);
  }
  return hash.digest('hex');
}
