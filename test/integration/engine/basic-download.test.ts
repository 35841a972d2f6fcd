import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import { createEngineHarness, type EngineHarness } from '../../helpers/engine-harness';
import { generateBody, sha256File, sha256Hex, startFaultServer, type FaultServer } from '../../helpers/fault-server';

describe('a plain download', () => {
  let server: FaultServer;
  let harness: EngineHarness;
  before(async () => {
    server = await startFaultServer();
    harness = await createEngineHarness();
    await harness.engine.start();
  });
  after(async () => {
    await harness.dispose();
    await server.close();
  });

  test('ends byte-exact under its name from the URL', { timeout: 20_000 }, async () => {
    const body = generateBody(5 * 1024 * 1024 + 123, 7);
    server.addResource('/files/report.bin', { body });
    const [outcome] = await harness.engine.add([server.url('/files/report.bin')]);
    assert.equal(outcome?.status, 'added');
    const id = outcome?.status === 'added' ? outcome.id : '';
    await harness.engine.waitUntilSettled([id]);
    const item = harness.engine.get(id);
    assert.equal(item.state, 'completed', JSON.stringify(item.error));
    assert.equal(item.fileName, 'report.bin');
    assert.equal(await sha256File(join(harness.downloadDirectory, 'report.bin')), sha256Hex(body));
  });
});
