// Runtime: Node (tests). The set-up most engine suites share: one fault server for the suite, and a started
// engine on a fresh state folder, per test or per suite, all torn down afterwards.
import { after, afterEach, before, beforeEach } from 'node:test';
import type { SettingsPatch } from '../../shared/download-types';
import { createEngineHarness, type EngineHarness } from './engine-harness';
import { startFaultServer, type FaultServer } from './fault-server';

export interface EngineFixtureOptions {
  /** A fresh engine for every test (the default), or one engine for the whole suite. */
  enginePer?: 'test' | 'suite';
  /** Applied before the engine starts. */
  settings?: SettingsPatch;
}

export interface EngineFixture {
  readonly server: FaultServer;
  readonly harness: EngineHarness;
  /** Restarts the engine on the same state folder, as a new process would; the restarted engine is not started. */
  restartEngine(): Promise<EngineHarness>;
}

/** Registers its hooks in the calling describe(); read `server` and `harness` only from tests and hooks. */
export function useEngineFixture(options: EngineFixtureOptions = {}): EngineFixture {
  const enginePer = options.enginePer ?? 'test';
  let server: FaultServer | null = null;
  let harness: EngineHarness | null = null;
  const startEngine = async (): Promise<void> => {
    harness = await createEngineHarness();
    if (options.settings !== undefined) harness.engine.updateSettings(options.settings);
    await harness.engine.start();
  };
  const disposeEngine = async (): Promise<void> => {
    await harness?.dispose();
    harness = null;
  };
  before(async () => {
    server = await startFaultServer();
    if (enginePer === 'suite') await startEngine();
  });
  after(async () => {
    if (enginePer === 'suite') await disposeEngine();
    await server?.close();
  });
  if (enginePer === 'test') {
    beforeEach(startEngine);
    afterEach(disposeEngine);
  }
  return {
    get server() {
      if (server === null) throw new Error('The fault server exists only while the suite runs.');
      return server;
    },
    get harness() {
      if (harness === null) throw new Error('The engine exists only while a test runs.');
      return harness;
    },
    async restartEngine() {
      if (harness === null) throw new Error('The engine exists only while a test runs.');
      harness = await harness.restart();
      return harness;
    },
  };
}
