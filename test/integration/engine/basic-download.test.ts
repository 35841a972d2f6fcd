import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertByteExact, downloadToEnd } from '../../helpers/download-checks';
import { useEngineFixture } from '../../helpers/engine-fixture';
import { generateBody } from '../../helpers/fault-server';

describe('a plain download', () => {
  const fixture = useEngineFixture({ enginePer: 'suite' });

  test('ends byte-exact under its name from the URL', { timeout: 20_000 }, async () => {
    const body = generateBody(5 * 1024 * 1024 + 123, 7);
    fixture.server.addResource('/files/report.bin', { body });
    const item = await downloadToEnd(fixture.harness.engine, fixture.server.url('/files/report.bin'));
    await assertByteExact(item, body);
    assert.equal(item.fileName, 'report.bin');
    assert.equal(item.directory, fixture.harness.downloadDirectory);
  });
});
