// Runtime: Node (tests). The CLI shares the app's state folder as a guest: it runs what it is asked for and
// leaves the app's queue as it found it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { startCli } from '../../helpers/cli-process';
import { createEngineHarness } from '../../helpers/engine-harness';
import { generateBody, sha256File, sha256Hex } from '../../helpers/fault-server';
import { useCliFixture } from '../../helpers/cli-fixture';

describe('the CLI in a queue it shares with the app', () => {
  const fixture = useCliFixture('fetchpoint-cli-shared-');

  test('fetches the URLs it is given even with resume-at-start off, and leaves the app’s items as they were', { timeout: 30_000 }, async () => {
    const app = await createEngineHarness({}, fixture.root);
    app.engine.updateSettings({ autoResumeOnStart: false });
    const appItems = await app.engine.add([fixture.server.url('/app-waiting.bin'), fixture.server.url('/app-was-running.bin')], { directory: app.downloadDirectory });
    const [waitingId, wasRunningId] = appItems.map((outcome) => (outcome.status === 'added' ? outcome.id : ''));
    app.repository.updateDownload(wasRunningId ?? '', { state: 'active' });
    await app.stop();

    const body = generateBody(50_000, 3);
    fixture.server.addResource('/asked-for.bin', { body });
    const result = await startCli(['get', fixture.server.url('/asked-for.bin'), '--dir', app.downloadDirectory, '--state', app.stateDirectory]).exited;
    assert.equal(result.code, 0, result.stderr);
    assert.equal(await sha256File(join(app.downloadDirectory, 'asked-for.bin')), sha256Hex(body));

    const reopened = await createEngineHarness({}, fixture.root);
    try {
      assert.equal(reopened.repository.getDownload(waitingId ?? '')?.state, 'queued');
      assert.equal(reopened.repository.getDownload(wasRunningId ?? '')?.state, 'active', 'the app reconciles its own items at its next start');
      assert.equal(fixture.server.stats('/app-waiting.bin').requests.length, 0);
    } finally {
      await reopened.stop();
    }
  });
});
