import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AddOutcome } from '../../../../../shared/download-types';
import { createFetchpointApi, type InvokeRequest } from '../../../../../shared/ipc-contract';
import { addInChunks } from '../../../../../renderer/src/features/add/add-in-chunks';

/** The web host's maxPayload: one WebSocket message larger than this closes the socket with 1009. */
const WEB_HOST_MAX_PAYLOAD_BYTES = 32 * 1024 * 1024;

/** An engine that answers every add with "added", except the calls numbered in `failingCalls` (1-based). */
function createFakeAddApi(failingCalls: ReadonlySet<number> = new Set()) {
  const requests: InvokeRequest<'downloads:add'>[] = [];
  const api = createFetchpointApi({
    invoke: async (channel, request) => {
      assert.equal(channel, 'downloads:add');
      const addRequest = request as InvokeRequest<'downloads:add'>;
      requests.push(addRequest);
      if (failingCalls.has(requests.length)) {
        return { ok: false, error: { code: 'DL_ERR_DISCONNECTED', message: 'The engine went away.', retryable: true } };
      }
      const outcomes: AddOutcome[] = addRequest.urls.map((url) => ({ status: 'added', input: url, id: url }));
      return { ok: true, value: { outcomes } };
    },
    subscribe: () => () => undefined,
  });
  return { api, requests };
}

function makeUrls(count: number, pathChars = 8): string[] {
  return Array.from({ length: count }, (_, index) => `https://example.com/${String(index).padStart(pathChars, '0')}`);
}

describe('addInChunks', () => {
  test('keeps the outcomes of the batches that were added when a later batch fails', { timeout: 5000 }, async () => {
    const urls = makeUrls(25_000);
    const { api, requests } = createFakeAddApi(new Set([2]));
    const result = await addInChunks(api, urls);
    assert.equal(requests.length, 2, 'nothing is sent after the failing call');
    assert.deepEqual(
      result.outcomes.map((outcome) => outcome.input),
      urls.slice(0, 10_000),
    );
    assert.equal(result.failure?.message, 'The engine went away.');
  });

  test('reports no failure and every outcome in order when all batches are added', { timeout: 5000 }, async () => {
    const urls = makeUrls(12_345);
    const { api, requests } = createFakeAddApi();
    const result = await addInChunks(api, urls, { startPaused: true });
    assert.equal(result.failure, null);
    assert.deepEqual(result.outcomes.map((outcome) => outcome.input), urls);
    assert.deepEqual(requests.map((request) => request.urls.length), [10_000, 2_345]);
    assert.ok(requests.every((request) => request.options?.startPaused === true));
  });

  test('sends 10,000 links of 4 KiB in requests the web host accepts, in order', { timeout: 10_000 }, async () => {
    const urls = makeUrls(10_000, 4_096);
    const { api, requests } = createFakeAddApi();
    const result = await addInChunks(api, urls);
    assert.equal(result.failure, null);
    assert.ok(requests.length > 1);
    for (const request of requests) {
      const messageBytes = Buffer.byteLength(JSON.stringify({ channel: 'downloads:add', request }));
      assert.ok(messageBytes < WEB_HOST_MAX_PAYLOAD_BYTES / 4, `${messageBytes} bytes in one request`);
    }
    assert.deepEqual(requests.flatMap((request) => request.urls), urls);
  });
});
