// Runtime: Node, run by `npm run bench` through tsx.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

const readChunkBytes = 1024 * 1024;

/** Returns the lowercase hex sha256 of a file's contents. */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: readChunkBytes })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}
