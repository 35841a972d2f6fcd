import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createWebRequestGuard,
  isLoopbackHost,
  isWildcardHost,
  type WebRequestFacts,
} from '../../../../electron/headless/web-request-guard';

const TOKEN = 'k'.repeat(43);
const guard = createWebRequestGuard({ boundHost: '127.0.0.1', port: 7690, token: TOKEN });

function facts(overrides: Partial<WebRequestFacts>): WebRequestFacts {
  return { host: '127.0.0.1:7690', origin: undefined, url: '/', ...overrides };
}

function socketFacts(overrides: Partial<WebRequestFacts> = {}): WebRequestFacts {
  return facts({ url: `/api?token=${TOKEN}`, ...overrides });
}

describe('createWebRequestGuard', () => {
  test('serves the pages without a token, for its own host names, and names its own origin', { timeout: 2000 }, () => {
    assert.deepEqual(guard.check(facts({}), 'page'), { ok: true, origin: 'http://127.0.0.1:7690', hasQueryToken: false });
    assert.deepEqual(guard.check(facts({ host: 'localhost:7690', origin: 'http://localhost:7690' }), 'page'), {
      ok: true,
      origin: 'http://localhost:7690',
      hasQueryToken: false,
    });
    assert.equal(guard.check(facts({ host: '[::1]:7690', origin: 'http://[::1]:7690' }), 'page').ok, true);
  });

  test('lets the socket through with the token in its query', { timeout: 2000 }, () => {
    assert.deepEqual(guard.check(socketFacts(), 'socket'), { ok: true, origin: 'http://127.0.0.1:7690', hasQueryToken: true });
  });

  test('recognises a page link in the older ?token= form so the host can move the token into the fragment', { timeout: 2000 }, () => {
    assert.deepEqual(guard.check(facts({ url: `/?token=${TOKEN}` }), 'page'), { ok: true, origin: 'http://127.0.0.1:7690', hasQueryToken: true });
  });

  test('answers 401 to the socket without a token or with a wrong one, and to a page link with a wrong one', { timeout: 2000 }, () => {
    const refused: Array<[WebRequestFacts, 'page' | 'socket']> = [
      [facts({ url: '/api' }), 'socket'],
      [facts({ url: `/api?token=${TOKEN.slice(1)}` }), 'socket'],
      [facts({ url: '/api?token=' }), 'socket'],
      [facts({ url: '/?token=wrong' }), 'page'],
    ];
    for (const [candidate, kind] of refused) {
      const verdict = guard.check(candidate, kind);
      assert.equal(verdict.ok ? 200 : verdict.status, 401, JSON.stringify(candidate));
    }
  });

  test('answers 403 to a foreign Host, the wrong port or a malformed Host, before looking at the token', { timeout: 2000 }, () => {
    for (const host of ['evil.example:7690', 'evil.example', '127.0.0.1:7691', '127.0.0.1', '192.168.1.10:7690', 'a b', '', undefined]) {
      for (const kind of ['page', 'socket'] as const) {
        const verdict = guard.check(socketFacts({ host }), kind);
        assert.equal(verdict.ok ? 200 : verdict.status, 403, `${String(host)} ${kind}`);
      }
    }
  });

  test('answers 403 when Origin is present and is not its own', { timeout: 2000 }, () => {
    for (const origin of ['http://evil.example', 'http://127.0.0.1:7691', 'https://127.0.0.1:7690', 'null', 'http://localhost:7690']) {
      for (const kind of ['page', 'socket'] as const) {
        const verdict = guard.check(socketFacts({ origin }), kind);
        assert.equal(verdict.ok ? 200 : verdict.status, 403, `${origin} ${kind}`);
      }
    }
  });

  test('behind a wildcard bind accepts literal IP addresses but never names', { timeout: 2000 }, () => {
    const wide = createWebRequestGuard({ boundHost: '0.0.0.0', port: 7690, token: TOKEN });
    assert.equal(wide.check(socketFacts({ host: '192.168.1.10:7690', origin: 'http://192.168.1.10:7690' }), 'socket').ok, true);
    const named = wide.check(socketFacts({ host: 'nas.local:7690' }), 'socket');
    assert.equal(named.ok ? 200 : named.status, 403);
  });
});

describe('isLoopbackHost', () => {
  test('knows loopback from everything else', { timeout: 2000 }, () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', 'LOCALHOST']) assert.equal(isLoopbackHost(host), true, host);
    for (const host of ['0.0.0.0', '::', '192.168.0.2', 'example.com', '128.0.0.1']) assert.equal(isLoopbackHost(host), false, host);
    assert.equal(isWildcardHost('0.0.0.0'), true);
    assert.equal(isWildcardHost('[::]'), true);
    assert.equal(isWildcardHost('127.0.0.1'), false);
  });
});
