// Runtime: Node (no electron). Maps URL paths to files of the renderer build, for the web host and for the
// Electron app's own protocol, so both serve the same files under the same rules.
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
};

/** Served for any extension not listed; browsers will not sniff it into something executable (with nosniff). */
export const FALLBACK_CONTENT_TYPE = 'application/octet-stream';

export interface StaticFile {
  /** Absolute path inside the root. */
  path: string;
  sizeBytes: number;
  contentType: string;
  /** Vite puts content-hashed names under assets/, so those may be cached for good; everything else is revalidated. */
  cacheControl: string;
}

/** The MIME type for a file name, by extension. */
export function getContentType(fileName: string): string {
  return CONTENT_TYPES[extname(fileName).toLowerCase()] ?? FALLBACK_CONTENT_TYPE;
}

/**
 * Resolves a URL path (still percent-encoded, as in `new URL(...).pathname`) to a regular file inside `rootDirectory`,
 * or null when there is none or the path tries to leave the root (`..`, encoded slashes, NUL bytes).
 * `/` and directory paths serve their `index.html`.
 */
export async function resolveStaticFile(rootDirectory: string, urlPathname: string): Promise<StaticFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPathname);
  } catch (error) {
    // A malformed escape is a client error; URIError is the only thing decodeURIComponent throws.
    if (error instanceof URIError) return null;
    throw error;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || !decoded.startsWith('/')) return null;
  const root = resolve(rootDirectory);
  let candidate = resolve(join(root, decoded));
  const inside = relative(root, candidate);
  if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return null;
  let info = await statOrNull(candidate);
  if (info?.isDirectory() === true) {
    candidate = join(candidate, 'index.html');
    info = await statOrNull(candidate);
  }
  if (info === null || !info.isFile()) return null;
  const relativePath = relative(root, candidate).split(sep).join('/');
  return {
    path: candidate,
    sizeBytes: info.size,
    contentType: getContentType(candidate),
    cacheControl: relativePath.startsWith('assets/') ? 'private, max-age=31536000, immutable' : 'no-cache',
  };
}

async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw error;
  }
}
