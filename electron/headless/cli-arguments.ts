// Runtime: Node (no electron). Parses `fetchpoint get …` arguments into a validated plan, or a list of errors.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseByteRate } from '../../shared/byte-format';
import { parseDownloadUrl } from '../../shared/download-url';
import { parseChecksumSpec } from '../engine/checksum-spec';

export interface GetCommand {
  kind: 'get';
  urls: string[];
  directory: string;
  stateDirectory: string | null;
  connections: number | null;
  speedLimitBytesPerSecond: number | null;
  checksum: string | null;
  requestHeaders: Record<string, string>;
  isVerbose: boolean;
}

export interface HelpCommand {
  kind: 'help';
}

export type CliCommand = GetCommand | HelpCommand;

export type CliParseResult = { ok: true; command: CliCommand } | { ok: false; errors: string[] };

export const CLI_USAGE = `Usage: fetchpoint get <url>... [options]

Downloads each URL, resuming from the checkpoint when the same URL was started before.

Options:
  --dir D              Folder to save into (default: the current folder)
  --state D            State folder (default: the per-user folder shared with the app)
  --connections N      Connections per download, 1-32 (default: the setting, 8)
  --limit RATE         Speed limit per download, e.g. 500k, 5M (binary units)
  --checksum ALGO:HEX  Verify the finished file: sha256:<64 hex> or md5:<32 hex>
  --header 'K: V'      Extra request header; repeat for more
  --verbose            Print each item's log (probe, retries, restarts, checksum)
  --help               Show this help`;

/** Parses argv (without node and the script). Every problem is reported, not just the first. */
export function parseCliArguments(argv: readonly string[], workingDirectory: string): CliParseResult {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        dir: { type: 'string' },
        state: { type: 'string' },
        connections: { type: 'string' },
        limit: { type: 'string' },
        checksum: { type: 'string' },
        header: { type: 'string', multiple: true },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return { ok: false, errors: [error instanceof Error ? error.message : String(error)] };
  }
  const { values, positionals } = parsed;
  if (values.help === true || positionals.length === 0) return { ok: true, command: { kind: 'help' } };
  const [verb, ...inputs] = positionals;
  const errors: string[] = [];
  if (verb !== 'get') return { ok: false, errors: [`Unknown command “${verb ?? ''}”. Try: fetchpoint get <url>`] };
  if (inputs.length === 0) errors.push('Give at least one URL to download.');
  const urls: string[] = [];
  for (const input of inputs) {
    const result = parseDownloadUrl(input);
    if (result.ok) urls.push(result.url);
    else errors.push(result.message);
  }
  let connections: number | null = null;
  if (values.connections !== undefined) {
    const count = Number(values.connections);
    if (!Number.isInteger(count) || count < 1 || count > 32) errors.push(`--connections must be a whole number from 1 to 32 (got “${values.connections}”).`);
    else connections = count;
  }
  let speedLimitBytesPerSecond: number | null = null;
  if (values.limit !== undefined) {
    speedLimitBytesPerSecond = parseByteRate(values.limit);
    if (speedLimitBytesPerSecond === null) errors.push(`--limit must be a rate such as 500k or 5M (got “${values.limit}”).`);
  }
  let checksum: string | null = null;
  if (values.checksum !== undefined) {
    const result = parseChecksumSpec(values.checksum);
    if (result.ok) checksum = `${result.spec.algorithm}:${result.spec.hex}`;
    else errors.push(result.message);
  }
  const requestHeaders: Record<string, string> = {};
  for (const header of values.header ?? []) {
    const separator = header.indexOf(':');
    const name = separator > 0 ? header.slice(0, separator).trim() : '';
    if (name === '' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      errors.push(`--header must look like 'Name: value' (got “${header}”).`);
      continue;
    }
    requestHeaders[name.toLowerCase()] = header.slice(separator + 1).trim();
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    command: {
      kind: 'get',
      urls: [...new Set(urls)],
      directory: resolve(workingDirectory, values.dir ?? '.'),
      stateDirectory: values.state === undefined ? null : resolve(workingDirectory, values.state),
      connections,
      speedLimitBytesPerSecond,
      checksum,
      requestHeaders,
      isVerbose: values.verbose === true,
    },
  };
}
