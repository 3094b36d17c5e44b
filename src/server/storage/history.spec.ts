/**
 * The SQLite store's history: the history contract (the same cases PostgreSQL passes:
 * log rows kept with time and author, checkpoints, versions, pruning), then the migration of a
 * SQLite file made before history.
 */
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { historyContract } from '$tests/helpers/history-contract';
import { sqliteFactory, useTempSqlite } from '$tests/helpers/sqlite-temp';
import { rebuildAt } from '../history/rebuild';
import { loadDoc } from '../rooms/load-doc';
import { DATABASE_FILE, openSqliteStorage } from './sqlite';

historyContract('SQLite', sqliteFactory('warrant-history-'));

const sqlite = useTempSqlite('warrant-history-');

describe('SQLite file of schema 1 (before history)', () => {
	it('is migrated: its snapshot becomes the first checkpoint, its rows get times', async () => {
		await sqlite.storage.close();
		rmSync(join(sqlite.dir, DATABASE_FILE), { force: true });
		const db = new Database(join(sqlite.dir, DATABASE_FILE));
		db.exec(`
			CREATE TABLE maps (id TEXT PRIMARY KEY, title TEXT NOT NULL, source_title TEXT NOT NULL,
				source_author TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
				node_count INTEGER NOT NULL, edge_count INTEGER NOT NULL);
			CREATE TABLE snapshots (map_id TEXT PRIMARY KEY REFERENCES maps(id) ON DELETE CASCADE,
				state BLOB NOT NULL, up_to_seq INTEGER NOT NULL);
			CREATE TABLE updates (seq INTEGER PRIMARY KEY AUTOINCREMENT,
				map_id TEXT NOT NULL REFERENCES maps(id) ON DELETE CASCADE, data BLOB NOT NULL);
			CREATE TABLE shares (map_id TEXT PRIMARY KEY, edit_token TEXT NOT NULL,
				view_token TEXT NOT NULL, created_at TEXT NOT NULL);
		`);
		const doc = new Y.Doc();
		doc.getText('t').insert(0, 'old');
		const sv = Y.encodeStateVector(doc);
		db.prepare('INSERT INTO maps VALUES (?, ?, ?, ?, ?, ?, 0, 0)').run(
			'old',
			'Old',
			'',
			'',
			'2026-01-01T00:00:00.000Z',
			'2026-01-02T00:00:00.000Z'
		);
		db.prepare('INSERT INTO snapshots VALUES (?, ?, ?)').run('old', Y.encodeStateAsUpdate(doc), 4);
		doc.getText('t').insert(3, '!');
		db.prepare('INSERT INTO updates (seq, map_id, data) VALUES (?, ?, ?)').run(
			5,
			'old',
			Y.encodeStateAsUpdate(doc, sv)
		);
		db.pragma('user_version = 1');
		db.close();
		sqlite.storage = openSqliteStorage(sqlite.dir);
		expect((await loadDoc(sqlite.storage, 'old'))?.doc.getText('t').toString()).toBe('old!');
		const at = Date.parse('2026-01-02T00:00:00.000Z');
		expect(await sqlite.storage.logEntries('old')).toEqual([
			{ seq: 5, at, authorId: null, size: expect.any(Number) }
		]);
		expect(await sqlite.storage.oldestSeq('old')).toBe(4);
		expect(await sqlite.storage.stateAt('old', 3)).toBe('pruned');
		const rebuilt = await rebuildAt(sqlite.storage, 'old', 4);
		expect(rebuilt.ok && rebuilt.doc.getText('t').toString()).toBe('old');
	});
});
