// Runtime: Node (no electron). Who may talk to the web host: the Host and Origin checks that stop DNS rebinding and
// cross-site pages on every request, and the token the contract's socket needs. Pure, so every rule is unit-tested
// without a socket.
import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { WEB_TOKEN_PARAMETER } from '../../shared/web-protocol';

export interface WebRequestFacts {
  /** The Host header, if any. */
  host: string | undefined;
  /** The Origin header, if any; browsers always send it on WebSocket upgrades and cross-origin requests. */
  origin: string | undefined;
  /** The request target as received, e.g. `/api?token=…`. */
  url: string;
}

/**
 * What is asked for: a `page` (the UI's static files, which hold no secret and need no token) or the contract's
 * `socket`, which needs the token in its query.
 */
export type WebRequestKind = 'page' | 'socket';

export type WebRequestVerdict =
  | {
      ok: true;
      /** The origin the browser addressed us by, e.g. `http://127.0.0.1:7690`. */
      origin: string;
      /** True when a page was asked for with the token in its query: the host moves it into the fragment. */
      hasQueryToken: boolean;
    }
  | { ok: false; status: 401 | 403; message: string };

export interface WebRequestGuardOptions {
  /** The address the server is bound to, as given (`127.0.0.1`, `::1`, `localhost`, `0.0.0.0`, a LAN address). */
  boundHost: string;
  port: number;
  token: string;
}

export interface WebRequestGuard {
  check(facts: WebRequestFacts, kind: WebRequestKind): WebRequestVerdict;
}

const LOOPBACK_HOST_NAMES: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '::1']);

/** True for addresses only this machine can reach: `localhost`, 127.0.0.0/8 and ::1. */
export function isLoopbackHost(host: string): boolean {
  const name = stripBrackets(host).toLowerCase();
  if (LOOPBACK_HOST_NAMES.has(name)) return true;
  return isIP(name) === 4 && name.startsWith('127.');
}

/** True for `0.0.0.0` and `::`, which listen on every interface. */
export function isWildcardHost(host: string): boolean {
  const name = stripBrackets(host);
  return name === '0.0.0.0' || name === '::';
}

/** Builds the checks for one running host. */
export function createWebRequestGuard(options: WebRequestGuardOptions): WebRequestGuard {
  const expectedToken = Buffer.from(options.token, 'utf8');
  const boundName = stripBrackets(options.boundHost).toLowerCase();
  const isHostNameAllowed = (name: string): boolean => {
    if (LOOPBACK_HOST_NAMES.has(name) || name === boundName) return true;
    // Behind a wildcard bind any address of this machine may be used. A rebinding attack needs a domain name in
    // Host, so literal IP addresses are safe to accept.
    return isWildcardHost(options.boundHost) && isIP(name) !== 0;
  };
  const isTokenValid = (candidate: string | undefined): boolean => {
    if (candidate === undefined) return false;
    const given = Buffer.from(candidate, 'utf8');
    return given.length === expectedToken.length && timingSafeEqual(given, expectedToken);
  };

  return {
    check(facts, kind) {
      const host = parseHostHeader(facts.host);
      if (host === null || host.port !== options.port || !isHostNameAllowed(host.name)) {
        return { ok: false, status: 403, message: 'This address is not one Fetchpoint serves (Host header refused).' };
      }
      const origin = `http://${host.authority}`;
      if (facts.origin !== undefined && facts.origin.toLowerCase() !== origin) {
        return { ok: false, status: 403, message: 'Requests from other sites are refused (Origin header refused).' };
      }
      const queryToken = readQueryToken(facts.url);
      if (queryToken !== undefined && !isTokenValid(queryToken)) {
        return { ok: false, status: 401, message: 'The token in this link is not valid; open the URL Fetchpoint printed at start.' };
      }
      if (kind === 'page') return { ok: true, origin, hasQueryToken: queryToken !== undefined };
      if (queryToken !== undefined) return { ok: true, origin, hasQueryToken: true };
      return { ok: false, status: 401, message: 'Open the URL Fetchpoint printed at start; it carries the access token.' };
    },
  };
}

interface ParsedHost {
  name: string;
  port: number;
  /** Lower-cased `name:port` as it goes in an origin, IPv6 in brackets. */
  authority: string;
}

function parseHostHeader(value: string | undefined): ParsedHost | null {
  if (value === undefined || value === '') return null;
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(value.trim());
  if (match === null) return null;
  const rawName = (match[1] as string).toLowerCase();
  const port = match[2] === undefined ? 80 : Number(match[2]);
  const name = stripBrackets(rawName);
  // Browsers leave the default port out of Origin.
  return { name, port, authority: port === 80 ? rawName : `${rawName}:${port}` };
}

function readQueryToken(target: string): string | undefined {
  const queryStart = target.indexOf('?');
  if (queryStart < 0) return undefined;
  return new URLSearchParams(target.slice(queryStart + 1)).get(WEB_TOKEN_PARAMETER) ?? undefined;
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
