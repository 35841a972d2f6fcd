// Runtime: Node (no electron). Opens the store and the engine on a state folder: used by the CLI, the web host
// and the Electron main process alike.
import { DownloadEngine, type EngineOptions } from '../engine/engine';
import { openDatabase } from '../store/database';
import { SqliteTaskRepository } from '../store/task-repository';

export interface EngineHost {
  engine: DownloadEngine;
  stateDirectory: string;
  /** Stops every download with a final checkpoint, then closes the store. Safe to call twice. */
  close(): Promise<void>;
}

export interface OpenEngineOptions extends Omit<EngineOptions, 'repository'> {
  stateDirectory: string;
  nativeBindingPath?: string | undefined;
}

/** Throws DL_ERR_STATE_LOCKED when another process owns the folder. */
export function openEngineHost(options: OpenEngineOptions): EngineHost {
  const { stateDirectory, nativeBindingPath, ...engineOptions } = options;
  const database = openDatabase({ stateDirectory, nativeBindingPath });
  const repository = new SqliteTaskRepository(database);
  const engine = new DownloadEngine({ repository, ...engineOptions });
  let closing: Promise<void> | null = null;
  return {
    engine,
    stateDirectory,
    close: () => {
      closing ??= engine.shutdown().finally(() => repository.close());
      return closing;
    },
  };
}
