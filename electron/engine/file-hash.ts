// Runtime: Node (engine).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { ChecksumAlgorithm } from './checksum-spec';
import { toFileSystemError } from './errors';

/** Streams a file through a hash; returns lowercase hex. Memory stays flat for multi-gigabyte files. */
export async function hashFile(path: string, algorithm: ChecksumAlgorithm, signal?: AbortSignal): Promise<string> {
  const hash = createHash(algorithm);
  try {
    const stream = createReadStream(path, { highWaterMark: 1024 * 1024, ...(signal === undefined ? {} : { signal }) });
    for await (const chunk of stream) hash.update(chunk as Buffer);
  } catch (error) {
    throw toFileSystemError(error, `read ${path} to verify its checksum`);
  }
  return hash.digest('hex');
}
