// Runtime: Node (no electron). `npm run cli -- get <url>…`: the engine and the store without the app.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DownloadItem, ProgressSample } from '../../shared/download-types';
import { parseChecksumSpec } from '../engine/checksum-spec';
import { isDownloadError, toDownloadError } from '../engine/errors';
import { hashFile } from '../engine/file-hash';
import type { DownloadEngine } from '../engine/engine';
import { resolveDefaultStateDirectory } from '../store/state-directory';
import { CLI_USAGE, parseCliArguments, type GetCommand } from './cli-arguments';
import { createProgressView, progressRefreshIntervalMs } from './cli-progress';
import { openEngineHost, type EngineHost } from './engine-bootstrap';

/** Exit codes: 0 all completed, 1 some failed, 2 bad input, 3 state folder busy, 130 interrupted. */
export const EXIT_CODES = { ok: 0, failed: 1, badInput: 2, stateLocked: 3, interrupted: 130 } as const;

export async function runCli(argv: readonly string[]): Promise<number> {
  const parsed = parseCliArguments(argv, process.cwd());
  if (!parsed.ok) {
    for (const error of parsed.errors) process.stderr.write(`fetchpoint: ${error}\n`);
    process.stderr.write('Run with --help for usage.\n');
    return EXIT_CODES.badInput;
  }
  if (parsed.command.kind === 'help') {
    process.stdout.write(`${CLI_USAGE}\n`);
    return EXIT_CODES.ok;
  }
  return runGet(parsed.command);
}

async function runGet(command: GetCommand): Promise<number> {
  const stateDirectory = command.stateDirectory ?? resolveDefaultStateDirectory();
  const wantedIds = new Set<string>();
  let host: EngineHost;
  try {
    host = openEngineHost({
      stateDirectory,
      defaultDirectory: command.directory,
      isRunnable: (record) => wantedIds.has(record.id),
      isQueueOwner: false,
      eventIntervalMs: progressRefreshIntervalMs(process.stderr),
      ...(command.connections === null ? {} : { connectionCapFloor: command.connections }),
    });
  } catch (error) {
    const failure = toDownloadError(error);
    process.stderr.write(`fetchpoint: ${failure.message}\n`);
    return failure.code === 'DL_ERR_STATE_LOCKED' ? EXIT_CODES.stateLocked : EXIT_CODES.failed;
  }
  const { engine } = host;
  let isInterrupted = false;
  const onSignal = (): void => {
    isInterrupted = true;
    process.stderr.write('\nfetchpoint: stopping; progress is saved and the next run resumes.\n');
    void host.close().then(() => process.exit(EXIT_CODES.interrupted));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const prepared = await prepareItems(engine, command, wantedIds);
    if (prepared.inputErrors.length > 0) {
      for (const line of prepared.inputErrors) process.stderr.write(`fetchpoint: ${line}\n`);
      return EXIT_CODES.badInput;
    }
    await engine.start();
    const ids = [...wantedIds];
    await followProgress(engine, ids);
    if (isInterrupted) return EXIT_CODES.interrupted;
    return reportResults(engine, ids, command.isVerbose, prepared.mismatchedFiles);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (!isInterrupted) await host.close();
  }
}

interface PreparedItems {
  inputErrors: string[];
  /** Finished files already saved that do not match the --checksum of this run, by item id, with why. */
  mismatchedFiles: Map<string, string>;
}

/** Adds new URLs and continues known ones: one item per URL and folder, never a second. */
async function prepareItems(engine: DownloadEngine, command: GetCommand, wantedIds: Set<string>): Promise<PreparedItems> {
  const inputErrors: string[] = [];
  const mismatchedFiles = new Map<string, string>();
  const newUrls: string[] = [];
  const existingItems: DownloadItem[] = [];
  for (const url of command.urls) {
    const existing = await engine.findByUrl(url, command.directory);
    if (existing === undefined) newUrls.push(url);
    else existingItems.push(existing);
  }
  // New URLs first: when one is refused, nothing known to the queue has been changed yet (exit code 2).
  if (newUrls.length > 0) {
    const outcomes = await engine.add(newUrls, {
      directory: command.directory,
      ...(command.connections === null ? {} : { connections: command.connections }),
      ...(command.checksum === null ? {} : { checksum: command.checksum }),
      requestHeaders: command.requestHeaders,
      speedLimitBytesPerSecond: command.speedLimitBytesPerSecond,
    });
    for (const outcome of outcomes) {
      if (outcome.status === 'invalid') inputErrors.push(`${outcome.input}: ${outcome.message}`);
      else wantedIds.add(outcome.id);
    }
    if (inputErrors.length > 0) {
      // Nothing was started yet; remove what this run added so a corrected command starts clean.
      const addedIds = outcomes.filter((outcome) => outcome.status === 'added').map((outcome) => outcome.id);
      await engine.remove(addedIds, false);
      return { inputErrors, mismatchedFiles };
    }
  }
  for (const existing of existingItems) {
    wantedIds.add(existing.id);
    const mismatch = await continueExisting(engine, existing, command);
    if (mismatch !== null) mismatchedFiles.set(existing.id, mismatch);
  }
  return { inputErrors, mismatchedFiles };
}

/** Continues a known item; returns why its already saved file fails this run's --checksum, or null. */
async function continueExisting(engine: DownloadEngine, item: DownloadItem, command: GetCommand): Promise<string | null> {
  // What this command line says wins over what the item was added with: a checksum to verify, headers to send.
  engine.configureItem(item.id, {
    ...(command.connections === null ? {} : { connections: command.connections }),
    speedLimitBytesPerSecond: command.speedLimitBytesPerSecond,
    ...(command.checksum === null ? {} : { checksum: command.checksum }),
    ...(Object.keys(command.requestHeaders).length === 0 ? {} : { requestHeaders: command.requestHeaders }),
  });
  if (item.state === 'completed') {
    const path = item.fileName === null ? null : join(item.directory, item.fileName);
    const exists = path !== null && (await stat(path).then(() => true, () => false));
    if (exists) return command.checksum === null ? null : checkSavedFile(path, command.checksum);
    // Asked for explicitly on the command line: a deleted finished file is fetched again (never by itself at start).
    engine.retry([item.id]);
  } else if (item.state === 'paused' || item.state === 'active') {
    engine.resume([item.id]);
  } else if (item.state === 'failed' || item.state === 'canceled') {
    engine.retry([item.id]);
  }
  return null;
}

/** A file finished by an earlier run is checked against a checksum given only now. */
async function checkSavedFile(path: string, checksum: string): Promise<string | null> {
  const parsed = parseChecksumSpec(checksum);
  if (!parsed.ok) return parsed.message;
  const actualHex = await hashFile(path, parsed.spec.algorithm);
  if (actualHex === parsed.spec.hex) return null;
  return `The file already saved as ${path} does not match ${parsed.spec.algorithm}:${parsed.spec.hex} (its ${parsed.spec.algorithm} is ${actualHex}). It was kept as it is.`;
}

function followProgress(engine: DownloadEngine, ids: readonly string[]): Promise<void> {
  const view = createProgressView(process.stderr);
  const samples = new Map<string, ProgressSample>();
  const lastStates = new Map<string, string>();
  const idSet = new Set(ids);
  const unsubscribe = engine.subscribe((event) => {
    if (event.type === 'progress') {
      for (const sample of event.batch.samples) if (idSet.has(sample.id)) samples.set(sample.id, sample);
      if (view.isDue()) view.update(ids.map((id) => engine.get(id)), samples);
    } else if (event.type === 'items-changed') {
      for (const item of event.items) {
        if (!idSet.has(item.id) || lastStates.get(item.id) === item.state) continue;
        lastStates.set(item.id, item.state);
        view.announce(`${item.fileName ?? item.url} is ${item.state}`);
      }
    }
  });
  return engine.waitUntilSettled(ids).finally(() => {
    unsubscribe();
    view.finish();
  });
}

function reportResults(engine: DownloadEngine, ids: readonly string[], isVerbose: boolean, mismatchedFiles: ReadonlyMap<string, string>): number {
  let failures = 0;
  for (const id of ids) {
    const item = engine.get(id);
    if (isVerbose) {
      process.stderr.write(`--- log for ${item.url}\n`);
      for (const entry of engine.getLog(id)) {
        process.stderr.write(`${new Date(entry.atMs).toISOString()} ${entry.level} ${entry.kind}: ${entry.message}\n`);
      }
    }
    const mismatch = mismatchedFiles.get(id);
    if (item.state === 'completed' && mismatch !== undefined) {
      failures += 1;
      process.stderr.write(`failed: ${item.url}: ${mismatch}\n`);
    } else if (item.state === 'completed') {
      process.stdout.write(`saved: ${join(item.directory, item.fileName ?? '')}\n`);
    } else {
      failures += 1;
      const reason = item.error?.message ?? (item.state === 'paused' ? `paused (${item.pauseReason ?? 'user'})` : item.state);
      process.stderr.write(`failed: ${item.url}: ${reason}\n`);
    }
  }
  return failures === 0 ? EXIT_CODES.ok : EXIT_CODES.failed;
}

const isEntryPoint = process.argv[1] !== undefined && /cli\.(ts|mjs|js|cjs)$/.test(process.argv[1]);
if (isEntryPoint) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      const failure = toDownloadError(error);
      process.stderr.write(`fetchpoint: ${isDownloadError(error) ? failure.message : String(error)}\n`);
      process.exit(EXIT_CODES.failed);
    },
  );
}
