/**
 * SqliteStorage against a real SQLite file in a temporary directory: the shared Storage contract
 * (the same cases PostgreSQL passes), then what only SQLite has (the checkpoint worker).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { sqliteFactory, useTempSqlite } from '$tests/helpers/sqlite-temp';
import { ORIGIN, storageContract, summary, updatesOf } from '$tests/helpers/storage-contract';
import { loadDoc } from '../rooms/load-doc';
import { DATABASE_FILE, openSqliteStorage } from './sqlite';

storageContract('SQLite', sqliteFactory('warrant-storage-'));

const sqlite = useTempSqlite('warrant-sqlite.storage-');

describe('SqliteStorage checkpoints', () => {
	it('a worker copies the WAL into the database file; every commit is kept', async () => {
		await sqlite.storage.createMap(summary('c'), Y.encodeStateAsUpdate(new Y.Doc()));
		const file = join(sqlite.dir, DATABASE_FILE);
		const before = statSync(file).size;
		// Well over the 1000 WAL pages at which SQLite would checkpoint inside a commit.
		const source = new Y.Doc();
		const text = source.getText('t');
		const updates = updatesOf(source, () => {
			for (let i = 0; i < 1500; i++) text.insert(0, 'x'.repeat(100));
		});
		for (const u of updates) await sqlite.storage.appendUpdate('c', u, ORIGIN);
		// The writer does not checkpoint (wal_autocheckpoint = 0); the worker does, after 300 appends.
		await expect
			.poll(() => statSync(file).size, { timeout: 10_000, interval: 100 })
			.toBeGreaterThan(before + 100_000);
		const loaded = await loadDoc(sqlite.storage, 'c');
		expect(loaded?.doc.getText('t').length).toBe(150_000);
	});
});

describe('SqliteStorage checkpoint cadence', () => {
	it('checkpoints once the given number of updates were appended, not on a timer', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'warrant-cadence-'));
		// A period far beyond the test: only the count can start this checkpoint.
		const storage = openSqliteStorage(dir, { afterAppends: 40, periodMs: 600_000 });
		try {
			await storage.createMap(summary('k'), Y.encodeStateAsUpdate(new Y.Doc()));
			const file = join(dir, DATABASE_FILE);
			const before = statSync(file).size;
			const source = new Y.Doc();
			const text = source.getText('t');
			const updates = updatesOf(source, () => {
				for (let i = 0; i < 40; i++) text.insert(0, 'y'.repeat(2000));
			});
			for (const u of updates.slice(0, 39)) await storage.appendUpdate('k', u, ORIGIN);
			expect(statSync(file).size).toBe(before);
			await storage.appendUpdate('k', updates[39], ORIGIN);
			await expect
				.poll(() => statSync(file).size, { timeout: 10_000, interval: 50 })
				.toBeGreaterThan(before + 40 * 2000);
		} finally {
			await storage.close();
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('SqliteStorage shares', () => {
	const share = (mapId: string, tag: string) => ({
		mapId,
		editToken: `edit-${tag}`,
		viewToken: `view-${tag}`,
		createdAt: '2026-01-01T00:00:00.000Z',
		editorGrants: [`grant-${tag}-a`, `grant-${tag}-b`]
	});

	beforeEach(async () => {
		await sqlite.storage.createMap(summary('s'), Y.encodeStateAsUpdate(new Y.Doc()));
	});

	it('adds the editor grants column to a shares table made before it, keeping its records', async () => {
		await sqlite.storage.close();
		const Database = (await import('better-sqlite3')).default;
		const raw = new Database(join(sqlite.dir, DATABASE_FILE));
		raw.exec('DROP TABLE shares');
		raw.exec(
			`CREATE TABLE shares (map_id TEXT PRIMARY KEY REFERENCES maps(id) ON DELETE CASCADE,
			 edit_token TEXT NOT NULL, view_token TEXT NOT NULL, created_at TEXT NOT NULL)`
		);
		raw
			.prepare('INSERT INTO shares VALUES (?, ?, ?, ?)')
			.run('s', 'edit-old', 'view-old', '2025-01-01T00:00:00.000Z');
		raw.close();
		sqlite.storage = openSqliteStorage(sqlite.dir);
		expect(await sqlite.storage.getShare('s')).toEqual({
			mapId: 's',
			editToken: 'edit-old',
			viewToken: 'view-old',
			createdAt: '2025-01-01T00:00:00.000Z',
			editorGrants: []
		});
		expect(await sqlite.storage.saveShare(share('s', '4'), 'replace')).toEqual(share('s', '4'));
	});
});
