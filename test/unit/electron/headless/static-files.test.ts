import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { getContentType, resolveStaticFile } from '../../../../electron/headless/static-files';

describe('resolveStaticFile', () => {
  let root: string;
  let outside: string;
  before(async () => {
    outside = await mkdtemp(join(tmpdir(), 'fetchpoint-static-'));
    root = join(outside, 'renderer');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<!doctype html>');
    await writeFile(join(root, 'assets', 'index-abc.js'), 'export {};');
    await writeFile(join(root, 'assets', 'with space.css'), 'body{}');
    await writeFile(join(outside, 'secret.txt'), 'secret');
  });
  after(async () => {
    await rm(outside, { recursive: true, force: true });
  });

  test('serves the index for / and files by path with type and caching', { timeout: 2000 }, async () => {
    const index = await resolveStaticFile(root, '/');
    assert.equal(index?.path, join(root, 'index.html'));
    assert.equal(index?.contentType, 'text/html; charset=utf-8');
    assert.equal(index?.cacheControl, 'no-cache');
    const script = await resolveStaticFile(root, '/assets/index-abc.js');
    assert.equal(script?.sizeBytes, 10);
    assert.equal(script?.cacheControl, 'private, max-age=31536000, immutable');
    assert.equal((await resolveStaticFile(root, '/assets/with%20space.css'))?.contentType, 'text/css; charset=utf-8');
    assert.equal((await resolveStaticFile(root, '/assets'))?.path, undefined);
  });

  test('refuses every way out of the root', { timeout: 2000 }, async () => {
    for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/..%5csecret.txt', '/%00', '/%E0%A4%A', 'relative']) {
      assert.equal(await resolveStaticFile(root, path), null, path);
    }
  });

  test('answers null for missing files', { timeout: 2000 }, async () => {
    assert.equal(await resolveStaticFile(root, '/nope.js'), null);
    assert.equal(await resolveStaticFile(join(root, 'missing'), '/'), null);
  });
});

describe('getContentType', () => {
  test('maps the renderer build extensions and falls back to octet-stream', { timeout: 2000 }, () => {
    assert.equal(getContentType('a.mjs'), 'text/javascript; charset=utf-8');
    assert.equal(getContentType('a.WOFF2'), 'font/woff2');
    assert.equal(getContentType('a.svg'), 'image/svg+xml');
    assert.equal(getContentType('a.exe'), 'application/octet-stream');
  });
});
