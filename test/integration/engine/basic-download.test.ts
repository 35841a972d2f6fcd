import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertByteExact, downloadToEnd } from '../../helpers/download-checks';
import { createEngineHarness, type EngineHarness } from '../../helpers/engine-harness';
import { generateBody, startFaultServer, type FaultServer } from '../../helpers/fault-server';

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
    const item = await downloadToEnd(harness.engine, server.url('/files/report.bin'));
    await assertByteExact(item, body);
    assert.equal(item.fileName, 'report.bin');
    assert.equal(item.directory, harness.downloadDirectory);
  });
});
