// Runtime: Node (engine). The `.part` file: positional writes, and the sync that makes a checkpoint honest.
import { open, type FileHandle } from 'node:fs/promises';
import { toFileSystemError } from './errors';

export class PartFile {
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
  ) {}

  /** Opens for writing without truncating; creates the file when missing. */
  static async open(path: string): Promise<PartFile> {
    try {
      // 'a+' would force appends, 'r+' fails on a missing file: open-or-create without truncation needs two steps.
      const handle = await open(path, 'r+').catch(async (error: unknown) => {
        if ((error as { code?: string }).code === 'ENOENT') return open(path, 'w+');
        throw error;
      });
      return new PartFile(path, handle);
    } catch (error) {
      throw toFileSystemError(error, `open ${path} for writing`);
    }
  }

  /** Writes all of `data` at `position`, looping over short writes. */
  async writeAt(data: Uint8Array, position: number): Promise<void> {
    let offset = 0;
    try {
      while (offset < data.length) {
        const { bytesWritten } = await this.handle.write(data, offset, data.length - offset, position + offset);
        if (bytesWritten <= 0) throw new Error('the file system accepted no bytes');
        offset += bytesWritten;
      }
    } catch (error) {
      throw toFileSystemError(error, `write to ${this.path}`);
    }
  }

  /** fdatasync: after this resolves, every completed write is on stable storage. */
  async sync(): Promise<void> {
    try {
      await this.handle.datasync();
    } catch (error) {
      throw toFileSystemError(error, `flush ${this.path} to disk`);
    }
  }

  /** Sets the length; growing leaves a hole, so the preallocation is sparse where the file system allows. */
  async resize(sizeBytes: number): Promise<void> {
    try {
      await this.handle.truncate(sizeBytes);
    } catch (error) {
      throw toFileSystemError(error, `resize ${this.path}`);
    }
  }

  async sizeBytes(): Promise<number> {
    try {
      return (await this.handle.stat()).size;
    } catch (error) {
      throw toFileSystemError(error, `read the size of ${this.path}`);
    }
  }

  async close(): Promise<void> {
    try {
      await this.handle.close();
    } catch (error) {
      throw toFileSystemError(error, `close ${this.path}`);
    }
  }
}
