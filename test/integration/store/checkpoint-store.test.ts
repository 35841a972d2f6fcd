import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat, truncate, unlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { openDatabase, readSchemaVersion, DATABASE_FILE_NAME } from '../../../electron/store/database';
import { MIGRATIONS } from '../../../electron/store/migrations/index';
import { SqliteTaskRepository } from '../../../electron/store/task-repository';
import { sleep, waitFor } from '../../helpers/download-checks';
import { createEngineHarness, type EngineHarness } from '../../helpers/engine-harness';
import { generateBody, sha256File, sha256Hex, startFaultServer, type FaultServer } from '../../helpers/fault-server';

describe('the SQLite checkpoint store', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'fetchpoint-store-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('a fresh store gets every migration, in WAL mode', { timeout: 10_000 }, () => {
    const database = openDatabase({ stateDirectory: join(root, 'fresh') });
    try {
      assert.equal(readSchemaVersion(database), Math.max(...MIGRATIONS.map((migration) => migration.version)));
      assert.equal(database.pragma('journal_mode', { simple: true }), 'wal');
      const tables = database.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((row) => row.name);
      for (const table of ['downloads', 'segments', 'download_log', 'settings']) assert.ok(tables.includes(table), table);
    } finally {
      database.close();
    }
  });

  test('new download ids are distinct version 4 UUIDs', { timeout: 10_000 }, () => {
    const repository = new SqliteTaskRepository(openDatabase({ stateDirectory: join(root, 'ids') }));
    try {
      const ids = Array.from({ length: 2000 }, () => repository.newDownloadId());
      for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal(new Set(ids).size, ids.length);
      // The temporary file name uses the first 8 digits, so they must vary too.
      assert.ok(new Set(ids.map((id) => id.slice(0, 8))).size > 1990);
    } finally {
      repository.close();
    }
  });

  test('an older store is migrated forward and keeps its rows', { timeout: 10_000 }, () => {
    const stateDirectory = join(root, 'old');
    const first = MIGRATIONS[0];
    assert.ok(first !== undefined);
    const old = openDatabase({ stateDirectory });
    // Roll this store back to schema 1 by hand, as an older Fetchpoint would have left it.
    old.exec('DROP INDEX downloads_state_priority; DELETE FROM schema_migrations WHERE version > 1;');
    old.prepare(`INSERT INTO downloads (id, url, fetch_url, directory, state, priority, created_at_ms, updated_at_ms)
      VALUES ('keep-me', 'https://example.com/a', 'https://example.com/a', '/tmp', 'paused', 1, 1, 1)`).run();
    old.close();
    const migrated = openDatabase({ stateDirectory });
    try {
      assert.equal(readSchemaVersion(migrated), 2);
      assert.equal(new SqliteTaskRepository(migrated).getDownload('keep-me')?.state, 'paused');
    } finally {
      migrated.close();
    }
  });

  test('a store written by a newer Fetchpoint is refused with a sentence, not damaged', { timeout: 10_000 }, async () => {
    const stateDirectory = join(root, 'newer');
    openDatabase({ stateDirectory }).close();
    const raw = new Database(join(stateDirectory, DATABASE_FILE_NAME));
    raw.prepare('INSERT INTO schema_migrations (version, applied_at_ms) VALUES (999, 0)').run();
    raw.close();
    assert.throws(() => openDatabase({ stateDirectory }), /newer Fetchpoint/);
  });

  test('a second process on the same state folder gets the lock error', { timeout: 10_000 }, () => {
    const stateDirectory = join(root, 'locked');
    const owner = openDatabase({ stateDirectory });
    try {
      assert.throws(() => openDatabase({ stateDirectory }), (error: unknown) => {
        assert.equal((error as { code?: string }).code, 'DL_ERR_STATE_LOCKED');
        assert.match((error as Error).message, /Another Fetchpoint process/);
        return true;
      });
    } finally {
      owner.close();
    }
  });
});

describe('restarting on the same state folder', () => {
  let server: FaultServer;
  let harness: EngineHarness;
  before(async () => {
    server = await startFaultServer();
  });
  after(async () => {
    await server.close();
  });

  async function startSlowDownload(path: string, body: Buffer, connections = 2): Promise<string> {
    server.addResource(path, { body, faults: { throttleBytesPerSecond: 1024 * 1024 } });
    const [outcome] = await harness.engine.add([server.url(path)], { connections });
    assert.equal(outcome?.status, 'added');
    const id = outcome?.status === 'added' ? outcome.id : '';
    await waitFor(() => harness.repository.getDownload(id)?.bytesDone !== undefined && (harness.repository.getDownload(id)?.bytesDone ?? 0) > 512 * 1024, 10_000);
    return id;
  }

  test('active items resume by themselves, paused ones stay paused, and the files end byte-exact', { timeout: 60_000 }, async () => {
    harness = await createEngineHarness();
    await harness.engine.start();
    const activeBody = generateBody(4 * 1024 * 1024, 71);
    const pausedBody = generateBody(4 * 1024 * 1024, 72);
    const activeId = await startSlowDownload('/restart-active.bin', activeBody);
    const pausedId = await startSlowDownload('/restart-paused.bin', pausedBody);
    await harness.engine.pause([pausedId]);
    harness = await harness.restart();
    await harness.engine.start();
    await harness.engine.waitUntilSettled([activeId]);
    assert.equal(harness.engine.get(activeId).state, 'completed');
    assert.equal(await sha256File(join(harness.downloadDirectory, 'restart-active.bin')), sha256Hex(activeBody));
    assert.equal(harness.engine.get(pausedId).state, 'paused');
    harness.engine.resume([pausedId]);
    await harness.engine.waitUntilSettled([pausedId]);
    assert.equal(await sha256File(join(harness.downloadDirectory, 'restart-paused.bin')), sha256Hex(pausedBody));
    await harness.dispose();
  });

  test('a missing .part file restarts that item from 0 with a log line, never a crash', { timeout: 60_000 }, async () => {
    harness = await createEngineHarness();
    await harness.engine.start();
    const body = generateBody(4 * 1024 * 1024, 73);
    const id = await startSlowDownload('/part-missing.bin', body);
    await harness.engine.pause([id]);
    const tempPath = harness.repository.getDownload(id)?.tempPath;
    assert.ok(tempPath);
    await unlink(tempPath);
    harness = await harness.restart();
    await harness.engine.start();
    harness.engine.resume([id]);
    await harness.engine.waitUntilSettled([id]);
    assert.equal(harness.engine.get(id).state, 'completed');
    assert.equal(await sha256File(join(harness.downloadDirectory, 'part-missing.bin')), sha256Hex(body));
    assert.ok(harness.engine.getLog(id).some((entry) => entry.kind === 'restart' && entry.message.includes('missing')));
    await harness.dispose();
  });

  test('a .part file shorter than its checkpoint is trusted only as far as both agree', { timeout: 60_000 }, async () => {
    harness = await createEngineHarness();
    await harness.engine.start();
    const body = generateBody(4 * 1024 * 1024, 74);
    const id = await startSlowDownload('/part-short.bin', body, 1);
    await harness.engine.pause([id]);
    const record = harness.repository.getDownload(id);
    assert.ok(record?.tempPath);
    assert.ok(record.bytesDone > 256 * 1024);
    await truncate(record.tempPath, 128 * 1024);
    harness = await harness.restart();
    await harness.engine.start();
    harness.engine.resume([id]);
    await harness.engine.waitUntilSettled([id]);
    assert.equal(await sha256File(join(harness.downloadDirectory, 'part-short.bin')), sha256Hex(body));
    assert.ok(harness.engine.getLog(id).some((entry) => entry.message.includes('shorter than the checkpoint')));
    await harness.dispose();
  });

  test('a finished file the user deleted is never downloaded again by itself', { timeout: 60_000 }, async () => {
    harness = await createEngineHarness();
    await harness.engine.start();
    const body = generateBody(256 * 1024, 75);
    server.addResource('/deleted-later.bin', { body });
    const [outcome] = await harness.engine.add([server.url('/deleted-later.bin')]);
    const id = outcome?.status === 'added' ? outcome.id : '';
    await harness.engine.waitUntilSettled([id]);
    assert.equal(harness.engine.get(id).state, 'completed');
    await unlink(join(harness.downloadDirectory, 'deleted-later.bin'));
    server.resetStats();
    harness = await harness.restart();
    await harness.engine.start();
    await sleep(500);
    assert.equal(harness.engine.get(id).state, 'completed');
    assert.equal(server.stats('/deleted-later.bin').requests.length, 0);
    assert.deepEqual(await readdir(harness.downloadDirectory), []);
    assert.equal(harness.repository.getSegments(id).length, 0, 'completed items keep no resume data');
    await harness.dispose();
  });

  test('stale partial files of failed items are removed at start, with a log line', { timeout: 60_000 }, async () => {
    harness = await createEngineHarness();
    await harness.engine.start();
    const body = generateBody(4 * 1024 * 1024, 76);
    server.addResource('/stale.bin', { body, faults: { cutAfterBytes: 1024 * 1024, cutTimes: 1, forbidAfterRequests: 1 } });
    const [outcome] = await harness.engine.add([server.url('/stale.bin')], { connections: 1 });
    const id = outcome?.status === 'added' ? outcome.id : '';
    await harness.engine.waitUntilSettled([id]);
    assert.equal(harness.engine.get(id).state, 'failed');
    const tempPath = harness.repository.getDownload(id)?.tempPath;
    assert.ok(tempPath);
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000);
    await utimes(tempPath, tenDaysAgo, tenDaysAgo);
    harness.repository.updateDownload(id, { updatedAtMs: tenDaysAgo.getTime() });
    harness = await harness.restart();
    await harness.engine.start();
    await assert.rejects(stat(tempPath), /ENOENT/);
    assert.ok(harness.engine.getLog(id).some((entry) => entry.kind === 'cleanup'));
    assert.equal(harness.engine.get(id).state, 'failed', 'the item stays in the list');
    await harness.dispose();
  });

  test('a partial file newer than the age limit is kept', { timeout: 30_000 }, async () => {
    harness = await createEngineHarness();
    const tempPath = join(harness.downloadDirectory, 'fresh.part');
    await harness.engine.start();
    const [outcome] = await harness.engine.add([server.url('/nothing-here.bin')], { startPaused: true });
    const id = outcome?.status === 'added' ? outcome.id : '';
    await writeFile(tempPath, Buffer.alloc(1000));
    harness.repository.updateDownload(id, { state: 'failed', tempPath });
    harness = await harness.restart();
    await harness.engine.start();
    assert.equal((await stat(tempPath)).size, 1000);
    await harness.dispose();
  });
});
