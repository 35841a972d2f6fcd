import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { EngineStatus } from '../../../../shared/download-types';
import type { EngineEvent } from '../../../../electron/engine/engine';
import { holdPowerWhileDownloading, type EngineStatusSource, type PowerSaveBlockerPort } from '../../../../electron/main/power';

function status(activeCount: number): EngineStatus {
  return { activeCount, queuedCount: 0, totalBytesPerSecond: 0, isOnline: true, isMetered: false };
}

class StandInEngine implements EngineStatusSource {
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  constructor(private current: EngineStatus) {}
  status(): EngineStatus {
    return this.current;
  }
  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(next: EngineStatus): void {
    this.current = next;
    for (const listener of this.listeners) listener({ type: 'status', status: next });
  }
  get listenerCount(): number {
    return this.listeners.size;
  }
}

class StandInBlocker implements PowerSaveBlockerPort {
  readonly log: string[] = [];
  private nextId = 1;
  start(type: 'prevent-app-suspension'): number {
    const id = this.nextId++;
    this.log.push(`start ${type} ${id}`);
    return id;
  }
  stop(id: number): boolean {
    this.log.push(`stop ${id}`);
    return true;
  }
}

describe('holdPowerWhileDownloading', () => {
  test('holds one app-suspension blocker while anything is active and releases it when nothing is', { timeout: 2000 }, () => {
    const engine = new StandInEngine(status(0));
    const blocker = new StandInBlocker();
    const release = holdPowerWhileDownloading(engine, blocker);
    engine.emit(status(1));
    engine.emit(status(3));
    engine.emit(status(0));
    engine.emit(status(2));
    release();
    assert.deepEqual(blocker.log, ['start prevent-app-suspension 1', 'stop 1', 'start prevent-app-suspension 2', 'stop 2']);
    assert.equal(engine.listenerCount, 0);
  });

  test('starts blocking at once when downloads are already active', { timeout: 2000 }, () => {
    const blocker = new StandInBlocker();
    const release = holdPowerWhileDownloading(new StandInEngine(status(1)), blocker);
    assert.deepEqual(blocker.log, ['start prevent-app-suspension 1']);
    release();
  });
});
