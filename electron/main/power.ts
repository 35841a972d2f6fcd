// Runtime: Electron main. Keeps the machine awake while bytes are flowing. Electron's powerSaveBlocker is passed in,
// so this file does not import electron and is unit-tested under Node.
import type { EngineStatus } from '../../shared/download-types';
import type { EngineEvent } from '../engine/engine';

/** The part of Electron's `powerSaveBlocker` this needs. */
export interface PowerSaveBlockerPort {
  start(type: 'prevent-app-suspension'): number;
  stop(id: number): unknown;
}

/** The part of the engine this needs. */
export interface EngineStatusSource {
  status(): EngineStatus;
  subscribe(listener: (event: EngineEvent) => void): () => void;
}

/**
 * Holds a `prevent-app-suspension` blocker (the system may dim the screen, but not sleep) while at least one
 * download is active, and releases it when none is. Returns a function that stops watching and releases it.
 */
export function holdPowerWhileDownloading(engine: EngineStatusSource, blocker: PowerSaveBlockerPort): () => void {
  let blockerId: number | null = null;
  const apply = (status: EngineStatus): void => {
    if (status.activeCount > 0 && blockerId === null) blockerId = blocker.start('prevent-app-suspension');
    else if (status.activeCount === 0 && blockerId !== null) {
      blocker.stop(blockerId);
      blockerId = null;
    }
  };
  apply(engine.status());
  const unsubscribe = engine.subscribe((event) => {
    if (event.type === 'status') apply(event.status);
  });
  return () => {
    unsubscribe();
    if (blockerId !== null) blocker.stop(blockerId);
    blockerId = null;
  };
}
