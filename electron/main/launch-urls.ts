// Runtime: Electron main, without importing electron (unit-tested under Node). Finds the links to download in a
// command line: `fetchpoint https://example.com/file.iso`, or the argv a second instance forwards.
import { parseDownloadUrl } from '../../shared/download-url';

/**
 * Returns the http(s) URLs in `argv`, normalized and without duplicates, in order. Switches (`--foo`), the
 * executable, the app path and anything that is not a web address are skipped, so Chromium's own flags never
 * become downloads.
 */
export function extractLaunchUrls(argv: readonly string[]): string[] {
  const urls: string[] = [];
  for (const argument of argv) {
    if (argument.startsWith('-')) continue;
    // Only arguments that name a scheme themselves count; a bare path like "dist/x" must not become a URL.
    if (!/^https?:\/\//i.test(argument.trim())) continue;
    const parsed = parseDownloadUrl(argument);
    if (parsed.ok && !urls.includes(parsed.url)) urls.push(parsed.url);
  }
  return urls;
}
