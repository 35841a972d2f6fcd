import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createWebRequestGuard,
  getTokenCookieName,
  isLoopbackHost,
  isWildcardHost,
  type WebRequestFacts,
} from '../../../../electron/headless/web-request-guard';

const TOKEN = 'k'.repeat(43);
const guard = createWebRequestGuard({ boundHost: '127.0.0.1', port: 7690, token: TOKEN });
const cookie = `${getTokenCookieName(7690)}=${TOKEN}`;

function facts(overrides: Partial<WebRequestFacts>): WebRequestFacts {
  return { host: '127.0.0.1:7690', origin: undefined, cookie, url: '/', ...overrides };
}

describe('createWebRequestGuard', () => {
  test('lets a request with the cookie token through and names its own origin', { timeout: 2000 }, () => {
    assert.deepEqual(guard.check(facts({})), { ok: true, origin: 'http://127.0.0.1:7690', hasQueryToken: false });
    assert.deepEqual(guard.check(facts({ host: 'localhost:7690', origin: 'http://localhost:7690' })), {
      ok: true,
      origin: 'http://localhost:7690',
      hasQueryToken: false,
    });
    assert.equal(guard.check(facts({ host: '[::1]:7690', origin: 'http://[::1]:7690' })).ok, true);
  });

  test('recognises a query token so the host can move it into the cookie', { timeout: 2000 }, () => {
    assert.deepEqual(guard.check(facts({ cookie: undefined, url: `/?token=${TOKEN}` })), {
      ok: true,
      origin: 'http://127.0.0.1:7690',
      hasQueryToken: true,
    });
  });

  test('answers 401 without a token, with a wrong one, or with a token for another port', { timeout: 2000 }, () => {
    for (const candidate of [
      facts({ cookie: undefined }),
      facts({ cookie: `${getTokenCookieName(7690)}=${TOKEN.slice(1)}` }),
      facts({ cookie: `${getTokenCookieName(7691)}=${TOKEN}` }),
      facts({ cookie: undefined, url: '/?token=' }),
      facts({ url: '/?token=wrong' }),
    ]) {
      const verdict = guard.check(candidate);
      assert.equal(verdict.ok ? 200 : verdict.status, 401, JSON.stringify(candidate));
    }
  });

  test('answers 403 to a foreign Host, the wrong port or a malformed Host, before looking at the token', { timeout: 2000 }, () => {
    for (const host of ['evil.example:7690', 'evil.example', '127.0.0.1:7691', '127.0.0.1', '192.168.1.10:7690', 'a b', '', undefined]) {
      const verdict = guard.check(facts({ host }));
      assert.equal(verdict.ok ? 200 : verdict.status, 403, String(host));
    }
  });

  test('answers 403 when Origin is present and is not its own', { timeout: 2000 }, () => {
    for (const origin of ['http://evil.example', 'http://127.0.0.1:7691', 'https://127.0.0.1:7690', 'null', 'http://localhost:7690']) {
      const verdict = guard.check(facts({ origin }));
      assert.equal(verdict.ok ? 200 : verdict.status, 403, origin);
    }
  });

  test('behind a wildcard bind accepts literal IP addresses but never names', { timeout: 2000 }, () => {
    const wide = createWebRequestGuard({ boundHost: '0.0.0.0', port: 7690, token: TOKEN });
    assert.equal(wide.check(facts({ host: '192.168.1.10:7690', origin: 'http://192.168.1.10:7690' })).ok, true);
    const named = wide.check(facts({ host: 'nas.local:7690' }));
    assert.equal(named.ok ? 200 : named.status, 403);
  });

  test('sets an HttpOnly, SameSite=Strict cookie named after the port', { timeout: 2000 }, () => {
    assert.equal(guard.createTokenCookie(), `fetchpoint_token_7690=${TOKEN}; Path=/; HttpOnly; SameSite=Strict`);
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
