// Runtime: Node (engine). Moves a finished `.part` file to a free name in its folder, safely against crashes and
// against other downloads finishing under the same name at the same moment.
import { link, open, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DownloadError, getSystemErrorCode, toFileSystemError } from './errors';
import { findFreeFileName, isInsideDirectory } from './file-name';
import { syncDirectory } from './sync-directory';

export interface PublishOptions {
  tempPath: string;
  directory: string;
  /** The name wanted; "name (1).ext" and so on when it is taken. */
  desiredName: string;
  /**
   * Called with each name just before it is tried. The caller stores it, so that after a crash mid-way the
   * next run finds the file it already published (see `isSameFile`) instead of fetching it again.
   */
  recordCandidate: (name: string) => void;
}

const NO_HARD_LINK_CODES = new Set(['EPERM', 'ENOTSUP', 'EXDEV', 'ENOSYS', 'EOPNOTSUPP']);

/**
 * Publishes `tempPath` under the first free name and returns that name; the `.part` file is gone afterwards.
 * link() refuses to overwrite, so two downloads never clobber each other or a file the user has. A name that
 * already exists as a link to this very `.part` file is one a crashed earlier run published: it is kept.
 */
export async function publishFile(options: PublishOptions): Promise<string> {
  const { tempPath, directory, desiredName } = options;
  const tried = new Set<string>();
  for (let attempt = 0; attempt < 1000; attempt += 1) {
    const candidate = findFreeFileName(desiredName, (name) => tried.has(name));
    tried.add(candidate);
    const finalPath = join(directory, candidate);
    if (!isInsideDirectory(directory, finalPath)) throw new DownloadError('DL_ERR_INVALID_INPUT', 'The file name would leave the download folder.');
    options.recordCandidate(candidate);
    const isPublished = await linkOrRename(tempPath, finalPath);
    if (!isPublished) continue;
    await syncDirectory(dirname(finalPath));
    return candidate;
  }
  throw new DownloadError('DL_ERR_FILE_SYSTEM', `No free file name was found for ${desiredName}.`);
}

/** False when `finalPath` is taken by another file. */
async function linkOrRename(tempPath: string, finalPath: string): Promise<boolean> {
  try {
    await link(tempPath, finalPath);
  } catch (error) {
    const code = getSystemErrorCode(error);
    if (code === 'EEXIST') {
      if (!(await isSameFile(tempPath, finalPath))) return false;
    } else if (code !== undefined && NO_HARD_LINK_CODES.has(code)) {
      return renameIntoReservedName(tempPath, finalPath);
    } else {
      throw toFileSystemError(error, `move the finished file to ${finalPath}`);
    }
  }
  try {
    await unlink(tempPath);
  } catch (error) {
    throw toFileSystemError(error, `remove ${tempPath} after saving it as ${finalPath}`);
  }
  return true;
}

/**
 * Some file systems (FAT, some network shares) have no hard links. An empty file created exclusively reserves
 * the name, so a second download finishing at the same moment moves on to the next name, and the rename then
 * replaces only the reservation.
 */
async function renameIntoReservedName(tempPath: string, finalPath: string): Promise<boolean> {
  try {
    const reservation = await open(finalPath, 'wx');
    await reservation.close();
  } catch (error) {
    if (getSystemErrorCode(error) === 'EEXIST') return false;
    throw toFileSystemError(error, `create ${finalPath}`);
  }
  try {
    await rename(tempPath, finalPath);
  } catch (error) {
    const failure = toFileSystemError(error, `move the finished file to ${finalPath}`);
    try {
      await unlink(finalPath);
    } catch (cleanupError) {
      throw new DownloadError(failure.code, `${failure.message} The empty file reserving its name could not be removed either.`, {
        cause: new AggregateError([error, cleanupError]),
      });
    }
    throw failure;
  }
  return true;
}

/** Both paths name one file (hard links). A path that does not exist is not the same file. */
export async function isSameFile(pathA: string, pathB: string): Promise<boolean> {
  try {
    const [a, b] = await Promise.all([stat(pathA), stat(pathB)]);
    return a.dev === b.dev && a.ino === b.ino;
  } catch (error) {
    if (getSystemErrorCode(error) === 'ENOENT') return false;
    throw toFileSystemError(error, `read ${pathB}`);
  }
}
