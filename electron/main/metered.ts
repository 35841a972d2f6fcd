// Runtime: Electron main, without importing electron (unit-tested under Node). Asks NetworkManager whether the
// current connection is metered (a phone hotspot, a capped mobile plan). Linux only; elsewhere the user's
// "metered now" switch in settings is the only source.
import { execFile } from 'node:child_process';

/**
 * NetworkManager's NMMetered values: 0 unknown, 1 yes, 2 no, 3 guess-yes, 4 guess-no.
 * "Guess yes" is what NetworkManager reports for a phone's hotspot, so it counts as metered.
 */
const METERED_VALUES: ReadonlySet<number> = new Set([1, 3]);
const KNOWN_VALUES: ReadonlySet<number> = new Set([0, 1, 2, 3, 4]);

interface PropertyQuery {
  command: string;
  args: string[];
}

const PROPERTY_QUERIES: readonly PropertyQuery[] = [
  {
    command: 'busctl',
    args: ['--system', 'get-property', 'org.freedesktop.NetworkManager', '/org/freedesktop/NetworkManager', 'org.freedesktop.NetworkManager', 'Metered'],
  },
  {
    command: 'gdbus',
    args: [
      'call', '--system', '--dest', 'org.freedesktop.NetworkManager', '--object-path', '/org/freedesktop/NetworkManager',
      '--method', 'org.freedesktop.DBus.Properties.Get', 'org.freedesktop.NetworkManager', 'Metered',
    ],
  },
];

/**
 * Reads the Metered property as printed by `busctl get-property` (`u 3`) or by `gdbus call` (`(<uint32 3>,)`).
 * Returns true or false, or null when the output holds no known value (including "unknown").
 */
export function parseNetworkManagerMetered(output: string): boolean | null {
  const match = /^\s*u\s+(\d+)\s*$/.exec(output) ?? /^\s*\(\s*<\s*uint32\s+(\d+)\s*>\s*,?\s*\)\s*$/.exec(output);
  if (match === null) return null;
  const value = Number(match[1]);
  if (!KNOWN_VALUES.has(value) || value === 0) return null;
  return METERED_VALUES.has(value);
}

export interface MeteredReadOptions {
  /** Default: this process's platform; only `linux` asks NetworkManager. */
  platform?: NodeJS.Platform;
  /** Per query. Default 2000 ms. */
  timeoutMs?: number;
}

/**
 * Asks NetworkManager over D-Bus through `busctl`, then `gdbus`. Resolves null when neither tool, nor
 * NetworkManager, nor a known answer is there: "not detectable" is an expected outcome, not an error.
 */
export async function readNetworkManagerMetered(options: MeteredReadOptions = {}): Promise<boolean | null> {
  if ((options.platform ?? process.platform) !== 'linux') return null;
  for (const query of PROPERTY_QUERIES) {
    const output = await runQuery(query, options.timeoutMs ?? 2000);
    if (output === null) continue;
    const isMetered = parseNetworkManagerMetered(output);
    if (isMetered !== null) return isMetered;
  }
  return null;
}

function runQuery(query: PropertyQuery, timeoutMs: number): Promise<string | null> {
  return new Promise((resolvePromise) => {
    execFile(query.command, query.args, { timeout: timeoutMs, encoding: 'utf8', windowsHide: true }, (error, stdout) => {
      // A missing tool (ENOENT), no system bus, or no NetworkManager all mean "this source cannot tell".
      resolvePromise(error === null ? stdout : null);
    });
  });
}
