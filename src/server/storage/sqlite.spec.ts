/**
 * SqliteStorage against a real SQLite file in a temporary directory: the shared Storage contract
 * (the same cases PostgreSQL passes), then what only SQLite has (the checkpoint worker).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ORIGIN, storageContract, summary, updatesOf } from '$tests/helpers/storage-contract';
import { loadDoc } from '../rooms/load-doc';
import { DATABASE_FILE, openSqliteStorage } from './sqlite';

storageContract('SQLite', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'warrant-storage-'));
	return {
		open: async () => openSqliteStorage(dir),
		cleanup: async () => rmSync(dir, { recursive: true, force: true })
	};
});

let dir: string;
let storage: ReturnType<typeof openSqliteStorage>;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'warrant-storage-'));
	storage = openSqliteStorage(dir);
});
afterEach(async () => {
	await storage.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('SqliteStorage checkpoints', () => {
	it('a worker copies the WAL into the database file; every commit is kept', async () => {
		await storage.createMap(summary('c'), Y.encodeStateAsUpdate(new Y.Doc()));
		const file = join(dir, DATABASE_FILE);
		const before = statSync(file).size;
		// Well over the 1000 WAL pages at which SQLite would checkpoint inside a commit.
		const source = new Y.Doc();
		const text = source.getText('t');
		const updates = updatesOf(source, () => {
			for (let i = 0; i < 1500; i++) text.insert(0, 'x'.repeat(100));
		});
		for (const u of updates) await storage.appendUpdate('c', u, ORIGIN);
		// The writer does not checkpoint (wal_autocheckpoint = 0); the worker does, every second.
		await expect
			.poll(() => statSync(file).size, { timeout: 10_000, interval: 100 })
			.toBeGreaterThan(before + 100_000);
		const loaded = await loadDoc(storage, 'c');
		expect(loaded?.doc.getText('t').length).toBe(150_000);
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
		await storage.createMap(summary('s'), Y.encodeStateAsUpdate(new Y.Doc()));
	});

	it('adds the editor grants column to a shares table made before it, keeping its records', async () => {
		await storage.close();
		const Database = (await import('better-sqlite3')).default;
		const raw = new Database(join(dir, DATABASE_FILE));
		raw.exec('DROP TABLE shares');
		raw.exec(
			`CREATE TABLE shares (map_id TEXT PRIMARY KEY REFERENCES maps(id) ON DELETE CASCADE,
			 edit_token TEXT NOT NULL, view_token TEXT NOT NULL, created_at TEXT NOT NULL)`
		);
		raw
			.prepare('INSERT INTO shares VALUES (?, ?, ?, ?)')
			.run('s', 'edit-old', 'view-old', '2025-01-01T00:00:00.000Z');
		raw.close();
		storage = openSqliteStorage(dir);
		expect(await storage.getShare('s')).toEqual({
			mapId: 's',
			editToken: 'edit-old',
			viewToken: 'view-old',
			createdAt: '2025-01-01T00:00:00.000Z',
			editorGrants: []
		});
		expect(await storage.saveShare(share('s', '4'), 'replace')).toEqual(share('s', '4'));
	});
});
