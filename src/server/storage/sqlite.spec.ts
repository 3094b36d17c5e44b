/** SqliteStorage against a real SQLite file in a temporary directory. */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { loadDoc } from '../rooms/load-doc';
import { DATABASE_FILE, openSqliteStorage } from './sqlite';
import type { MapSummary } from './storage';

const summary = (id: string): MapSummary => ({
	id,
	title: `Map ${id}`,
	sourceTitle: 'Essay',
	sourceAuthor: 'Someone',
	createdAt: '2026-01-01T00:00:00.000Z',
	updatedAt: '2026-01-01T00:00:00.000Z',
	nodeCount: 0,
	edgeCount: 0
});

/** Records the updates a doc emits while `edit` runs, one per transaction. */
function updatesOf(doc: Y.Doc, edit: () => void): Uint8Array[] {
	const out: Uint8Array[] = [];
	const collect = (u: Uint8Array) => out.push(u);
	doc.on('update', collect);
	edit();
	doc.off('update', collect);
	return out;
}

/** Every test gets a fresh database in a temp dir of its own, closed and removed after it. */
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

describe('SqliteStorage', () => {
	it('creates a map once: a second create with the same id writes nothing', async () => {
		const doc = new Y.Doc();
		doc.getMap('meta').set('title', 'first');
		expect(await storage.createMap(summary('a'), Y.encodeStateAsUpdate(doc))).toBe('created');
		expect(
			await storage.createMap({ ...summary('a'), title: 'second' }, new Uint8Array([0, 0]))
		).toBe('exists');
		expect((await storage.listMaps()).map((m) => m.title)).toEqual(['Map a']);
		const loaded = await loadDoc(storage, 'a');
		expect(loaded?.doc.getMap('meta').get('title')).toBe('first');
	});

	it('loads snapshot + appended updates in order, and null for unknown ids', async () => {
		const source = new Y.Doc();
		await storage.createMap(summary('m'), Y.encodeStateAsUpdate(source));
		const updates = updatesOf(source, () => {
			source.getText('t').insert(0, 'abc');
			source.getText('t').insert(1, 'X');
			source.getText('t').delete(3, 1);
		});
		const seqs: number[] = [];
		for (const u of updates)
			seqs.push(await storage.appendUpdate('m', u, { at: Date.now(), authorId: null }));
		expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
		const stored = await storage.loadMap('m');
		expect(stored?.updates.length).toBe(3);
		expect(stored?.lastSeq).toBe(seqs[2]);
		const loaded = await loadDoc(storage, 'm');
		expect(loaded?.doc.getText('t').toString()).toBe('aXb');
		expect(await storage.loadMap('nope')).toBeNull();
		expect(await storage.hasMap('nope')).toBe(false);
	});

	it('refuses to append to a map that does not exist', async () => {
		await expect(
			storage.appendUpdate('ghost', new Uint8Array([0, 0]), { at: Date.now(), authorId: null })
		).rejects.toThrow();
	});

	it('compaction folds the log into the snapshot and keeps later updates', async () => {
		const source = new Y.Doc();
		await storage.createMap(summary('c'), Y.encodeStateAsUpdate(source));
		let last = 0;
		for (const u of updatesOf(source, () => source.getArray('a').push([1, 2, 3])))
			last = await storage.appendUpdate('c', u, { at: Date.now(), authorId: null });
		await storage.compact('c', Y.encodeStateAsUpdate(source), last);
		const after = updatesOf(source, () => source.getArray('a').push([4]));
		for (const u of after) await storage.appendUpdate('c', u, { at: Date.now(), authorId: null });
		const stored = await storage.loadMap('c');
		expect(stored?.updates.length).toBe(1);
		const loaded = await loadDoc(storage, 'c');
		expect(loaded?.doc.getArray('a').toArray()).toEqual([1, 2, 3, 4]);
	});

	it('never reuses a seq, and compaction keeps the rows (history)', async () => {
		const source = new Y.Doc();
		await storage.createMap(summary('r'), Y.encodeStateAsUpdate(source));
		let last = 0;
		for (const u of updatesOf(source, () => source.getMap('m').set('k', 1)))
			last = await storage.appendUpdate('r', u, { at: Date.now(), authorId: null });
		await storage.compact('r', Y.encodeStateAsUpdate(source), last);
		const [next] = updatesOf(source, () => source.getMap('m').set('k', 2));
		expect(
			await storage.appendUpdate('r', next, { at: Date.now(), authorId: null })
		).toBeGreaterThan(last);
		expect((await loadDoc(storage, 'r'))?.doc.getMap('m').get('k')).toBe(2);
	});

	it('keeps data across reopen (the file is the truth)', async () => {
		const source = new Y.Doc();
		await storage.createMap(summary('p'), Y.encodeStateAsUpdate(source));
		for (const u of updatesOf(source, () => source.getText('t').insert(0, 'kept')))
			await storage.appendUpdate('p', u, { at: Date.now(), authorId: null });
		await storage.saveSummary('p', {
			title: 'Renamed',
			updatedAt: '2026-02-02T00:00:00.000Z',
			nodeCount: 3,
			edgeCount: 2
		});
		await storage.close();
		storage = openSqliteStorage(dir);
		expect((await loadDoc(storage, 'p'))?.doc.getText('t').toString()).toBe('kept');
		expect(await storage.listMaps()).toMatchObject([
			{
				id: 'p',
				title: 'Renamed',
				nodeCount: 3,
				edgeCount: 2,
				updatedAt: '2026-02-02T00:00:00.000Z'
			}
		]);
	});

	it('loads a map whose log holds 10,000 updates, with and without compaction', async () => {
		const source = new Y.Doc();
		await storage.createMap(summary('big'), Y.encodeStateAsUpdate(source));
		const text = source.getText('t');
		const updates = updatesOf(source, () => {
			for (let i = 0; i < 10_000; i++) text.insert(i % 7 === 0 ? 0 : text.length, String(i % 10));
		});
		expect(updates.length).toBe(10_000);
		let last = 0;
		for (const u of updates)
			last = await storage.appendUpdate('big', u, { at: Date.now(), authorId: null });
		const replayed = await loadDoc(storage, 'big');
		expect(replayed?.logLength).toBe(10_000);
		expect(replayed?.doc.getText('t').toString()).toBe(text.toString());
		await storage.compact('big', Y.encodeStateAsUpdate(source), last);
		const compacted = await loadDoc(storage, 'big');
		expect(compacted?.logLength).toBe(0);
		expect(compacted?.doc.getText('t').toString()).toBe(text.toString());
	});
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
		for (const u of updates) await storage.appendUpdate('c', u, { at: Date.now(), authorId: null });
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

	it('keeps the first record unless told to replace it, across reopen', async () => {
		expect(await storage.getShare('s')).toBeNull();
		expect(await storage.saveShare(share('s', '1'), 'keep')).toEqual(share('s', '1'));
		expect(await storage.saveShare(share('s', '2'), 'keep')).toEqual(share('s', '1'));
		expect(await storage.saveShare(share('s', '3'), 'replace')).toEqual(share('s', '3'));
		await storage.close();
		storage = openSqliteStorage(dir);
		expect(await storage.getShare('s')).toEqual(share('s', '3'));
		expect([...(await storage.protectedMapIds())]).toEqual(['s']);
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

	it('refuses to protect a map that does not exist', async () => {
		await expect(storage.saveShare(share('ghost', '1'), 'keep')).rejects.toThrow(/no map ghost/);
		expect(await storage.getShare('ghost')).toBeNull();
	});
});
