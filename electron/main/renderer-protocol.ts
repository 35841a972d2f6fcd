// Runtime: Electron main. Serves the renderer's build from `app://fetchpoint/`, a privileged custom scheme, rather
// than file:// (Electron security checklist 18): the page gets a real origin, the CSP travels as a response header,
// and no other local file is reachable from it.
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { buildContentSecurityPolicy } from '../headless/content-security-policy';
import { resolveStaticFile } from '../headless/static-files';
import { APP_HOST, APP_SCHEME } from './app-origin';

/** Must run before the app is ready: privileges are fixed at startup. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Answers `app://fetchpoint/<path>` from `rendererDirectory`; anything else is 404. */
export function serveRendererFiles(rendererDirectory: string): void {
  const contentSecurityPolicy = buildContentSecurityPolicy();
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || (request.method !== 'GET' && request.method !== 'HEAD')) return textResponse(404, 'Not found.');
    const file = await resolveStaticFile(rendererDirectory, url.pathname);
    if (file === null) {
      const isRoot = url.pathname === '/' || url.pathname === '/index.html';
      return textResponse(isRoot ? 503 : 404, isRoot ? 'The renderer is not built yet: run `npm run build:renderer`.' : 'Not found.');
    }
    const body = request.method === 'HEAD' ? null : new Uint8Array(await readFile(file.path));
    return new Response(body, {
      status: 200,
      headers: {
        'Content-Type': file.contentType,
        'Cache-Control': file.cacheControl,
        'Content-Security-Policy': contentSecurityPolicy,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}

function textResponse(status: number, message: string): Response {
  return new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
}
