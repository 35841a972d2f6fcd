// Runtime: Node (tests). The CLI shares the app's state folder as a guest: it runs what it is asked for and
// leaves the app's queue as it found it.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startCli } from '../../helpers/cli-process';
import { createEngineHarness } from '../../helpers/engine-harness';
import { generateBody, sha256File, sha256Hex, startFaultServer, type FaultServer } from '../../helpers/fault-server';

describe('the CLI in a queue it shares with the app', () => {
  let server: FaultServer;
  let root: string;
  before(async () => {
    server = await startFaultServer();
    root = await mkdtemp(join(tmpdir(), 'fetchpoint-cli-shared-'));
  });
  after(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  test('fetches the URLs it is given even with resume-at-start off, and leaves the app’s items as they were', { timeout: 30_000 }, async () => {
    const app = await createEngineHarness({}, root);
    app.engine.updateSettings({ autoResumeOnStart: false });
    const appItems = await app.engine.add([server.url('/app-waiting.bin'), server.url('/app-was-running.bin')], { directory: app.downloadDirectory });
    const [waitingId, wasRunningId] = appItems.map((outcome) => (outcome.status === 'added' ? outcome.id : ''));
    app.repository.updateDownload(wasRunningId ?? '', { state: 'active' });
    await app.stop();

    const body = generateBody(50_000, 3);
    server.addResource('/asked-for.bin', { body });
    const result = await startCli(['get', server.url('/asked-for.bin'), '--dir', app.downloadDirectory, '--state', app.stateDirectory]).exited;
    assert.equal(result.code, 0, result.stderr);
    assert.equal(await sha256File(join(app.downloadDirectory, 'asked-for.bin')), sha256Hex(body));

    const reopened = await createEngineHarness({}, root);
    try {
      assert.equal(reopened.repository.getDownload(waitingId ?? '')?.state, 'queued');
      assert.equal(reopened.repository.getDownload(wasRunningId ?? '')?.state, 'active', 'the app reconciles its own items at its next start');
      assert.equal(server.stats('/app-waiting.bin').requests.length, 0);
    } finally {
      await reopened.stop();
    }
  });
});
