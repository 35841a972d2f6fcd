import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildSocketUrl, takeWebAccessToken, type TokenSources } from '../../../../renderer/src/lib/web-access-token';

function sources(hash: string, kept: string | null = null): TokenSources & { replacedWith: string[]; stored: Map<string, string> } {
  const stored = new Map<string, string>();
  if (kept !== null) stored.set('fetchpoint.webAccessToken', kept);
  const replacedWith: string[] = [];
  return {
    location: { protocol: 'http:', host: '127.0.0.1:7690', pathname: '/', search: '', hash },
    storage: { getItem: (key) => stored.get(key) ?? null, setItem: (key, value) => void stored.set(key, value) },
    replaceUrl: (url) => void replacedWith.push(url),
    replacedWith,
    stored,
  };
}

describe('takeWebAccessToken', () => {
  test('takes the token from the link’s fragment, keeps it, and removes it from the address bar', { timeout: 1000 }, () => {
    const page = sources('#token=abc_DEF-123');
    assert.equal(takeWebAccessToken(page), 'abc_DEF-123');
    assert.deepEqual(page.replacedWith, ['/']);
    assert.equal(page.stored.get('fetchpoint.webAccessToken'), 'abc_DEF-123');
  });

  test('uses the kept token on a reload or a new tab, and a new link replaces it', { timeout: 1000 }, () => {
    assert.equal(takeWebAccessToken(sources('', 'kept')), 'kept');
    assert.equal(takeWebAccessToken(sources('#token=fresh', 'kept')), 'fresh');
    assert.equal(takeWebAccessToken(sources('')), null);
    assert.equal(takeWebAccessToken({ ...sources('#token=only-now'), storage: null }), 'only-now');
  });
});

describe('buildSocketUrl', () => {
  test('addresses the page’s own host, with the token in the query', { timeout: 1000 }, () => {
    assert.equal(buildSocketUrl({ protocol: 'http:', host: '127.0.0.1:7690' }, 'a b'), 'ws://127.0.0.1:7690/api?token=a%20b');
    assert.equal(buildSocketUrl({ protocol: 'https:', host: 'box:1' }, null), 'wss://box:1/api');
  });
});
