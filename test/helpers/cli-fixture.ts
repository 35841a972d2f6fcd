// Runtime: Node (tests). The set-up the CLI suites share: one fault server and one temporary folder per suite,
// both gone afterwards.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { startFaultServer, type FaultServer } from './fault-server';

export interface CliFixture {
  readonly server: FaultServer;
  /** A fresh folder for this suite's state and download folders. */
  readonly root: string;
}

/** Registers its hooks in the calling describe(); read `server` and `root` only from tests and hooks. */
export function useCliFixture(folderPrefix: string): CliFixture {
  let server: FaultServer | null = null;
  let root: string | null = null;
  before(async () => {
    server = await startFaultServer();
    root = await mkdtemp(join(tmpdir(), folderPrefix));
  });
  after(async () => {
    await server?.close();
    if (root !== null) await rm(root, { recursive: true, force: true });
  });
  return {
    get server() {
      if (server === null) throw new Error('The fault server exists only while the suite runs.');
      return server;
    },
    get root() {
      if (root === null) throw new Error('The folder exists only while the suite runs.');
      return root;
    },
  };
}
