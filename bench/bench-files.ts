// Runtime: Node, run by `npm run bench` through tsx.
import { createCipheriv, createHash } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hashFile } from './hash-file';

/** A generated file that nginx serves and every tool downloads. */
export interface BenchFile {
  /** Human label such as `256MiB`; also part of the file name. */
  label: string;
  fileName: string;
  path: string;
  sizeBytes: number;
  /** Lowercase hex sha256 of the contents. */
  sha256: string;
}

const blockBytes = 1024 * 1024;
const mebibyte = 1024 * 1024;
const gibibyte = 1024 * mebibyte;

/**
 * Parses a size such as `256M`, `256MiB`, `1G` or `1GiB` (binary units) into bytes.
 * Throws on anything else, and on sizes that are not whole MiB.
 */
export function parseSizeBytes(text: string): number {
  const match = /^(\d+)\s*([MG])(?:i?B)?$/i.exec(text.trim());
  if (match === null) throw new Error(`Cannot read size "${text}"; use e.g. 256M or 1G.`);
  const count = Number(match[1]);
  const unitBytes = match[2]?.toUpperCase() === 'G' ? gibibyte : mebibyte;
  if (count <= 0) throw new Error(`Size "${text}" must be positive.`);
  return count * unitBytes;
}

/** Formats a whole number of MiB as `256MiB` or `1GiB`. */
export function formatSizeLabel(sizeBytes: number): string {
  return sizeBytes % gibibyte === 0 ? `${sizeBytes / gibibyte}GiB` : `${sizeBytes / mebibyte}MiB`;
}

/**
 * Makes sure one file per size exists in `cacheDir` and still hashes to the sha256 recorded when
 * it was generated; regenerates it otherwise. Contents are an AES-256-CTR keystream seeded by the
 * size, so they are incompressible, identical on every machine, and cheap to produce.
 */
export async function ensureBenchFiles(cacheDir: string, sizesBytes: readonly number[]): Promise<BenchFile[]> {
  // nginx workers run as an unprivileged user, so the files must be world-readable.
  await mkdir(cacheDir, { recursive: true });
  await chmod(cacheDir, 0o755);
  const files: BenchFile[] = [];
  for (const sizeBytes of sizesBytes) {
    files.push(await ensureBenchFile(cacheDir, sizeBytes));
  }
  return files;
}

async function ensureBenchFile(cacheDir: string, sizeBytes: number): Promise<BenchFile> {
  const label = formatSizeLabel(sizeBytes);
  const fileName = `fetchpoint-bench-${label}.bin`;
  const path = join(cacheDir, fileName);
  const manifestPath = `${path}.sha256`;
  const recordedSha256 = await readRecordedSha256(manifestPath);
  if (recordedSha256 !== null && (await sizeOf(path)) === sizeBytes) {
    const startedMs = performance.now();
    const actualSha256 = await hashFile(path);
    if (actualSha256 === recordedSha256) {
      console.log(`bench: reusing ${path} (sha256 verified in ${formatSeconds(startedMs)})`);
      return { label, fileName, path, sizeBytes, sha256: actualSha256 };
    }
    console.log(`bench: ${path} no longer matches its recorded sha256; regenerating`);
  }
  const startedMs = performance.now();
  const sha256 = await generateFile(path, sizeBytes);
  await chmod(path, 0o644);
  await writeFile(manifestPath, `${sha256}  ${fileName}\n`, { mode: 0o644 });
  console.log(`bench: generated ${path} in ${formatSeconds(startedMs)}`);
  return { label, fileName, path, sizeBytes, sha256 };
}

async function generateFile(path: string, sizeBytes: number): Promise<string> {
  const key = createHash('sha256').update(`fetchpoint-bench:${sizeBytes}`).digest();
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  const zeroBlock = Buffer.alloc(blockBytes);
  const hash = createHash('sha256');
  const partialPath = `${path}.partial`;
  const handle = await open(partialPath, 'w', 0o644);
  try {
    for (let writtenBytes = 0; writtenBytes < sizeBytes; writtenBytes += blockBytes) {
      const block = cipher.update(zeroBlock.subarray(0, Math.min(blockBytes, sizeBytes - writtenBytes)));
      hash.update(block);
      await handle.write(block);
    }
  } finally {
    await handle.close();
  }
  await rename(partialPath, path);
  return hash.digest('hex');
}

async function readRecordedSha256(manifestPath: string): Promise<string | null> {
  try {
    const firstField = (await readFile(manifestPath, 'utf8')).split(/\s+/)[0] ?? '';
    return /^[0-9a-f]{64}$/.test(firstField) ? firstField : null;
  } catch (error) {
    if (isMissingFileError(error)) return null;
    throw error;
  }
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if (isMissingFileError(error)) return null;
    throw error;
  }
}

function isMissingFileError(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

function formatSeconds(startedMs: number): string {
  return `${((performance.now() - startedMs) / 1000).toFixed(1)} s`;
}

