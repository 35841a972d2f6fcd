import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startNode } from '../../helpers/cli-process';
import { generateBody, sha256File, sha256Hex, startFaultServer, type FaultServer } from '../../helpers/fault-server';

// The bench measures this bundle, so it must download exactly what `npm run cli` does.
describe('the bundled CLI (npm run build:cli)', () => {
  let server: FaultServer;
  let root: string;
  before(async () => {
    server = await startFaultServer();
    root = await mkdtemp(join(tmpdir(), 'fetchpoint-cli-bundle-'));
  });
  after(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  test('builds, loads SQLite from node_modules, and downloads byte-exact', { timeout: 60_000 }, async () => {
    const bundleDirectory = join(root, 'bundle');
    const built = await startNode(['scripts/build-cli.mjs', bundleDirectory]).exited;
    assert.equal(built.code, 0, built.stderr);
    const body = generateBody(3 * 1024 * 1024 + 17, 41);
    server.addResource('/bundle.bin', { body });
    const result = await startNode([
      join(bundleDirectory, 'cli.cjs'),
      'get',
      server.url('/bundle.bin'),
      '--dir',
      join(root, 'downloads'),
      '--state',
      join(root, 'state'),
      '--connections',
      '2',
    ]).exited;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /saved: .*bundle\.bin/);
    assert.equal(await sha256File(join(root, 'downloads', 'bundle.bin')), sha256Hex(body));
  });
});
