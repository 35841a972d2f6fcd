// Runtime: Node (tests). A real engine on a real SQLite file in a temporary folder.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DownloadEngine, type EngineOptions } from '../../electron/engine/engine';
import { openDatabase } from '../../electron/store/database';
import { SqliteTaskRepository } from '../../electron/store/task-repository';

export interface EngineHarness {
  engine: DownloadEngine;
  repository: SqliteTaskRepository;
  rootDirectory: string;
  downloadDirectory: string;
  stateDirectory: string;
  /** Shuts the engine down and closes the store, keeping the files (to simulate a restart). */
  stop(): Promise<void>;
  /** Opens a fresh engine on the same state folder, as a restarted process would. */
  restart(overrides?: Partial<EngineOptions>): Promise<EngineHarness>;
  /** Stops and deletes everything. */
  dispose(): Promise<void>;
}

/** Fast timings so retries and stalls do not slow tests down; overridable per test. */
export const FAST_ENGINE_OPTIONS: Partial<EngineOptions> = {
  stallTimeoutMs: 1500,
  headersTimeoutMs: 3000,
  retryBaseDelayMs: 20,
  checkpointIntervalMs: 200,
  eventIntervalMs: 50,
};

export async function createEngineHarness(overrides: Partial<EngineOptions> = {}, existingRoot?: string): Promise<EngineHarness> {
  const rootDirectory = existingRoot ?? (await mkdtemp(join(tmpdir(), 'fetchpoint-test-')));
  const downloadDirectory = join(rootDirectory, 'downloads');
  const stateDirectory = join(rootDirectory, 'state');
  const database = openDatabase({ stateDirectory });
  const repository = new SqliteTaskRepository(database);
  const engine = new DownloadEngine({ repository, defaultDirectory: downloadDirectory, ...FAST_ENGINE_OPTIONS, ...overrides });
  let isStopped = false;
  const stop = async (): Promise<void> => {
    if (isStopped) return;
    isStopped = true;
    await engine.shutdown();
    repository.close();
  };
  return {
    engine,
    repository,
    rootDirectory,
    downloadDirectory,
    stateDirectory,
    stop,
    restart: async (nextOverrides = overrides) => {
      await stop();
      return createEngineHarness(nextOverrides, rootDirectory);
    },
    dispose: async () => {
      await stop();
      await rm(rootDirectory, { recursive: true, force: true });
    },
  };
}
