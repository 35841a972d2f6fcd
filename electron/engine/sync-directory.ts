// Runtime: Node (engine).
import { open } from 'node:fs/promises';
import { getSystemErrorCode, toFileSystemError } from './errors';

/**
 * fsyncs a directory so a rename inside it survives a power cut. Windows cannot open directories for syncing
 * (EISDIR/EPERM there), and its NTFS journal already orders the metadata, so that case is skipped on purpose.
 */
export async function syncDirectory(directory: string): Promise<void> {
  if (process.platform === 'win32') return;
  let handle;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch (error) {
    const code = getSystemErrorCode(error);
    if (code === 'EINVAL' || code === 'ENOTSUP') return;
    throw toFileSystemError(error, `flush the folder ${directory} to disk`);
  } finally {
    await handle?.close();
  }
}
