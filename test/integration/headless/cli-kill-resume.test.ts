import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startCli } from '../../helpers/cli-process';
import { sleep, waitFor } from '../../helpers/download-checks';
import { generateBody, sha256File, sha256Hex, startFaultServer, type FaultServer } from '../../helpers/fault-server';

interface KillScenario {
  connections: number;
  sizeBytes: number;
  kills: number;
  /** Server pacing per response, so kills land mid-download. */
  throttleBytesPerSecond: number;
  maxRefetchFraction: number;
}

/**
 * Kills the CLI with SIGKILL at random moments, restarts it each time, and checks what a user would:
 * the finished file's sha256, and how many bytes the server had to send again.
 */
async function runKillScenario(server: FaultServer, scenario: KillScenario, report: (line: string) => void): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'fetchpoint-kill-'));
  try {
    const body = generateBody(scenario.sizeBytes, 42 + scenario.connections);
    const path = `/kill-${scenario.connections}.bin`;
    server.addResource(path, { body, faults: { throttleBytesPerSecond: scenario.throttleBytesPerSecond } });
    const args = ['get', server.url(path), '--dir', join(root, 'downloads'), '--state', join(root, 'state'), '--connections', String(scenario.connections)];
    const sentBytes = (): number => server.stats(path).bodyBytesSent;
    const resumeDelaysMs: number[] = [];
    for (let kill = 1; kill <= scenario.kills; kill += 1) {
      const startedAtMs = performance.now();
      const bytesBefore = sentBytes();
      const run = startCli(args);
      await waitFor(() => sentBytes() > bytesBefore, 20_000);
      resumeDelaysMs.push(performance.now() - startedAtMs);
      // A random moment while bytes flow: between 150 ms and ~1/(kills+1) of the whole transfer.
      const transferMs = (scenario.sizeBytes / (scenario.throttleBytesPerSecond * scenario.connections)) * 1000;
      const waitMs = 150 + Math.random() * Math.max(100, transferMs / (scenario.kills + 1) - 150);
      await sleep(waitMs);
      run.child.kill('SIGKILL');
      const exit = await run.exited;
      assert.equal(exit.signal, 'SIGKILL', `run ${kill} ended before the kill: ${exit.stderr}`);
      report(`kill ${kill}: after ${Math.round(waitMs)} ms, server had sent ${sentBytes()} bytes`);
    }
    const startedAtMs = performance.now();
    const bytesBefore = sentBytes();
    const final = startCli(args);
    await waitFor(() => sentBytes() > bytesBefore || final.child.exitCode !== null, 20_000);
    resumeDelaysMs.push(performance.now() - startedAtMs);
    const exit = await final.exited;
    assert.equal(exit.code, 0, `final run failed: ${exit.stderr}`);
    const savedPath = join(root, 'downloads', path.slice(1));
    assert.equal(await sha256File(savedPath), sha256Hex(body));
    const refetchedBytes = sentBytes() - scenario.sizeBytes;
    const fraction = refetchedBytes / scenario.sizeBytes;
    report(
      `${scenario.connections} connection(s), ${scenario.sizeBytes} bytes, ${scenario.kills} kills: ` +
        `re-downloaded ${refetchedBytes} bytes (${(fraction * 100).toFixed(2)}%), ` +
        `time from restart to first byte: ${resumeDelaysMs.map((ms) => Math.round(ms)).join(', ')} ms`,
    );
    assert.ok(fraction <= scenario.maxRefetchFraction, `re-downloaded ${(fraction * 100).toFixed(2)}% > ${scenario.maxRefetchFraction * 100}%`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

describe('the CLI killed with SIGKILL', () => {
  let server: FaultServer;
  before(async () => {
    server = await startFaultServer();
  });
  after(async () => {
    await server.close();
  });

  test('resumes after 5 random kills with one connection, byte-exact, re-downloading at most 5%', { timeout: 180_000 }, async (t) => {
    await runKillScenario(
      server,
      { connections: 1, sizeBytes: 512 * 1024 * 1024, kills: 5, throttleBytesPerSecond: 48 * 1024 * 1024, maxRefetchFraction: 0.05 },
      (line) => t.diagnostic(line),
    );
  });

  test('resumes after 5 random kills with 8 connections, byte-exact, re-downloading at most 2%', { timeout: 180_000 }, async (t) => {
    await runKillScenario(
      server,
      { connections: 8, sizeBytes: 1024 * 1024 * 1024, kills: 5, throttleBytesPerSecond: 8 * 1024 * 1024, maxRefetchFraction: 0.02 },
      (line) => t.diagnostic(line),
    );
  });
});
