import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { startNode } from '../../helpers/cli-process';
import { generateBody, sha256File, sha256Hex } from '../../helpers/fault-server';
import { useCliFixture } from '../../helpers/cli-fixture';

// The bench measures this bundle, so it must download exactly what `npm run cli` does.
describe('the bundled CLI (npm run build:cli)', () => {
  const fixture = useCliFixture('fetchpoint-cli-bundle-');

  test('builds, loads SQLite from node_modules, and downloads byte-exact', { timeout: 60_000 }, async () => {
    const bundleDirectory = join(fixture.root, 'bundle');
    const built = await startNode(['scripts/build-cli.mjs', bundleDirectory]).exited;
    assert.equal(built.code, 0, built.stderr);
    const body = generateBody(3 * 1024 * 1024 + 17, 41);
    fixture.server.addResource('/bundle.bin', { body });
    const result = await startNode([
      join(bundleDirectory, 'cli.cjs'),
      'get',
      fixture.server.url('/bundle.bin'),
      '--dir',
      join(fixture.root, 'downloads'),
      '--state',
      join(fixture.root, 'state'),
      '--connections',
      '2',
    ]).exited;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /saved: .*bundle\.bin/);
    assert.equal(await sha256File(join(fixture.root, 'downloads', 'bundle.bin')), sha256Hex(body));
  });
});
