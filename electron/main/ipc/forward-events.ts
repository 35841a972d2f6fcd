// Runtime: Electron main. Sends the engine's events to the window under their contract channel names.
import type { WebContents } from 'electron';
import { bridgeEngineEvents } from '../../engine/contract-handlers';
import type { DownloadEngine } from '../../engine/engine';

/**
 * Forwards every engine event to whatever window `getTarget` returns at that moment (none while it is being
 * recreated). Returns the unsubscribe function.
 */
export function forwardEngineEvents(engine: DownloadEngine, getTarget: () => WebContents | null): () => void {
  return bridgeEngineEvents(engine, (channel, payload) => {
    const target = getTarget();
    if (target !== null && !target.isDestroyed()) target.send(channel, payload);
  });
}
