/**
 * The one contract suite of `Storage` and `ShareStore` (src/server/storage/storage.ts): the same
 * cases run against SQLite (`src/server/storage/sqlite.spec.ts`) and PostgreSQL
 * (`tests/integration/postgres-storage.test.ts`). Each test gets an empty store of its own from
 * `fresh()`; `open()` may be called again after `close()` to see what survived.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { loadDoc } from '../../src/server/rooms/load-doc';
import type {
	HistoryStore,
	MapSummary,
	ShareStore,
	Storage
} from '../../src/server/storage/storage';

export type FullStorage = Storage & ShareStore & HistoryStore;

export interface StoreFactory {
	/** Opens the store (again, after a close: the same data). */
	open(): Promise<FullStorage>;
	/** Removes everything the store left behind. */
	cleanup(): Promise<void>;
}

/** Who and when of the rows the contract appends (history's own cases check these). */
export const ORIGIN = { at: 1_780_000_000_000, authorId: null };

export const summary = (id: string): MapSummary => ({
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
export function updatesOf(doc: Y.Doc, edit: () => void): Uint8Array[] {
	const out: Uint8Array[] = [];
	const collect = (u: Uint8Array) => out.push(u);
	doc.on('update', collect);
	edit();
	doc.off('update', collect);
	return out;
}

export function storageContract(name: string, fresh: () => Promise<StoreFactory>): void {
	describe(`${name}: the Storage contract`, () => {
		let factory: StoreFactory;
		let storage: FullStorage;
		beforeEach(async () => {
			factory = await fresh();
			storage = await factory.open();
		});
		afterEach(async () => {
			await storage.close();
			await factory.cleanup();
		});
		const reopen = async () => {
			await storage.close();
			storage = await factory.open();
		};

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
			for (const u of updates) seqs.push(await storage.appendUpdate('m', u, ORIGIN));
			expect(new Set(seqs).size).toBe(3);
			expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
			const stored = await storage.loadMap('m');
			expect(stored?.updates.length).toBe(3);
			expect(stored?.lastSeq).toBe(seqs[2]);
			const loaded = await loadDoc(storage, 'm');
			expect(loaded?.doc.getText('t').toString()).toBe('aXb');
			expect(await storage.loadMap('nope')).toBeNull();
			expect(await storage.hasMap('nope')).toBe(false);
			expect(await storage.hasMap('m')).toBe(true);
		});

		it('refuses to append to a map that does not exist', async () => {
			await expect(storage.appendUpdate('ghost', new Uint8Array([0, 0]), ORIGIN)).rejects.toThrow();
			expect(await storage.listMaps()).toEqual([]);
		});

		it('lists maps newest first with their summaries, and keeps summary changes', async () => {
			await storage.createMap(summary('b'), Y.encodeStateAsUpdate(new Y.Doc()));
			await storage.createMap(summary('a'), Y.encodeStateAsUpdate(new Y.Doc()));
			await storage.createMap(summary('c'), Y.encodeStateAsUpdate(new Y.Doc()));
			await storage.saveSummary('c', {
				title: 'Newest',
				updatedAt: '2026-03-01T00:00:00.000Z',
				nodeCount: 4,
				edgeCount: 5
			});
			expect((await storage.listMaps()).map((m) => [m.id, m.title])).toEqual([
				['c', 'Newest'],
				['a', 'Map a'],
				['b', 'Map b']
			]);
			expect((await storage.listMaps())[0]).toEqual({
				...summary('c'),
				title: 'Newest',
				updatedAt: '2026-03-01T00:00:00.000Z',
				nodeCount: 4,
				edgeCount: 5
			});
		});

		it('compaction folds the log into the snapshot and keeps later updates', async () => {
			const source = new Y.Doc();
			await storage.createMap(summary('c'), Y.encodeStateAsUpdate(source));
			let last = 0;
			for (const u of updatesOf(source, () => source.getArray('a').push([1, 2, 3])))
				last = await storage.appendUpdate('c', u, ORIGIN);
			expect(await storage.compact('c', Y.encodeStateAsUpdate(source), last)).toBe(true);
			const after = updatesOf(source, () => source.getArray('a').push([4]));
			for (const u of after) await storage.appendUpdate('c', u, ORIGIN);
			const stored = await storage.loadMap('c');
			expect(stored?.updates.length).toBe(1);
			const loaded = await loadDoc(storage, 'c');
			expect(loaded?.doc.getArray('a').toArray()).toEqual([1, 2, 3, 4]);
		});

		it('never replaces a snapshot with an older one', async () => {
			const source = new Y.Doc();
			await storage.createMap(summary('o'), Y.encodeStateAsUpdate(source));
			const [first] = updatesOf(source, () => source.getArray('a').push(['one']));
			const seq1 = await storage.appendUpdate('o', first, ORIGIN);
			const older = Y.encodeStateAsUpdate(source);
			const [second] = updatesOf(source, () => source.getArray('a').push(['two']));
			const seq2 = await storage.appendUpdate('o', second, ORIGIN);
			expect(await storage.compact('o', Y.encodeStateAsUpdate(source), seq2)).toBe(true);
			// A slower process compacting what it held at seq1 must not undo the newer snapshot.
			expect(await storage.compact('o', older, seq1)).toBe(false);
			expect((await loadDoc(storage, 'o'))?.doc.getArray('a').toArray()).toEqual(['one', 'two']);
			// The same seq again is allowed (the same committed state, rewritten).
			expect(await storage.compact('o', Y.encodeStateAsUpdate(source), seq2)).toBe(true);
		});

		it('never reuses a seq, and compaction keeps the rows (history)', async () => {
			const source = new Y.Doc();
			await storage.createMap(summary('r'), Y.encodeStateAsUpdate(source));
			let last = 0;
			for (const u of updatesOf(source, () => source.getMap('m').set('k', 1)))
				last = await storage.appendUpdate('r', u, ORIGIN);
			await storage.compact('r', Y.encodeStateAsUpdate(source), last);
			expect((await storage.logEntries('r'))?.map((e) => e.seq)).toContain(last);
			const [next] = updatesOf(source, () => source.getMap('m').set('k', 2));
			expect(await storage.appendUpdate('r', next, ORIGIN)).toBeGreaterThan(last);
			expect((await loadDoc(storage, 'r'))?.doc.getMap('m').get('k')).toBe(2);
		});

		it('readSince gives the rows after a seq, or the snapshot once they were compacted', async () => {
			const source = new Y.Doc();
			await storage.createMap(summary('s'), Y.encodeStateAsUpdate(source));
			const copy = new Y.Doc();
			const loaded = await storage.loadMap('s');
			Y.applyUpdate(copy, loaded!.snapshot!);
			const text = source.getText('t');
			const seqs: number[] = [];
			for (const u of updatesOf(source, () => ['a', 'b', 'c'].forEach((c) => text.insert(0, c))))
				seqs.push(await storage.appendUpdate('s', u, ORIGIN));

			const nothing = await storage.readSince('s', seqs[2]);
			expect(nothing).toEqual({ snapshot: null, updates: [], lastSeq: seqs[2] });
			const tail = await storage.readSince('s', seqs[0]);
			expect(tail?.snapshot).toBeNull();
			expect(tail?.updates.length).toBe(2);
			expect(tail?.lastSeq).toBe(seqs[2]);

			// Another process compacts up to seq 2: a copy at seq 0 gets the snapshot plus row 3.
			const atTwo = new Y.Doc();
			Y.applyUpdate(atTwo, loaded!.snapshot!);
			for (const u of (await storage.loadMap('s'))!.updates.slice(0, 2)) Y.applyUpdate(atTwo, u);
			expect(await storage.compact('s', Y.encodeStateAsUpdate(atTwo), seqs[1])).toBe(true);
			const caught = await storage.readSince('s', loaded!.lastSeq);
			expect(caught?.snapshot).not.toBeNull();
			expect(caught?.updates.length).toBe(1);
			expect(caught?.lastSeq).toBe(seqs[2]);
			Y.applyUpdate(copy, caught!.snapshot!);
			for (const u of caught!.updates) Y.applyUpdate(copy, u);
			expect(copy.getText('t').toString()).toBe('cba');
			expect(await storage.readSince('ghost', 0)).toBeNull();
		});

		it('lastSeqs gives the newest seq of each existing map', async () => {
			const source = new Y.Doc();
			await storage.createMap(summary('x'), Y.encodeStateAsUpdate(source));
			await storage.createMap(summary('y'), Y.encodeStateAsUpdate(new Y.Doc()));
			let last = 0;
			for (const u of updatesOf(source, () => source.getMap('m').set('k', 1)))
				last = await storage.appendUpdate('x', u, ORIGIN);
			const seqs = await storage.lastSeqs(['x', 'y', 'ghost']);
			expect(seqs.get('x')).toBe(last);
			expect(seqs.get('y')).toBe(0);
			expect(seqs.has('ghost')).toBe(false);
			await storage.compact('x', Y.encodeStateAsUpdate(source), last);
			expect((await storage.lastSeqs(['x'])).get('x')).toBe(last);
		});

		it('keeps data across reopen (the store is the truth)', async () => {
			const source = new Y.Doc();
			await storage.createMap(summary('p'), Y.encodeStateAsUpdate(source));
			for (const u of updatesOf(source, () => source.getText('t').insert(0, 'kept')))
				await storage.appendUpdate('p', u, ORIGIN);
			await storage.saveSummary('p', {
				title: 'Renamed',
				updatedAt: '2026-02-02T00:00:00.000Z',
				nodeCount: 3,
				edgeCount: 2
			});
			await reopen();
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

		it('refuses every call once closed', async () => {
			await storage.close();
			await expect(storage.listMaps()).rejects.toThrow(/closed/);
			storage = await factory.open();
		});

		it('loads a map whose log holds 1,000 updates, with and without compaction', async () => {
			const source = new Y.Doc();
			await storage.createMap(summary('big'), Y.encodeStateAsUpdate(source));
			const text = source.getText('t');
			const updates = updatesOf(source, () => {
				for (let i = 0; i < 1000; i++) text.insert(i % 7 === 0 ? 0 : text.length, String(i % 10));
			});
			let last = 0;
			for (const u of updates) last = await storage.appendUpdate('big', u, ORIGIN);
			const replayed = await loadDoc(storage, 'big');
			expect(replayed?.logLength).toBe(1000);
			expect(replayed?.doc.getText('t').toString()).toBe(text.toString());
			await storage.compact('big', Y.encodeStateAsUpdate(source), last);
			const compacted = await loadDoc(storage, 'big');
			expect(compacted?.logLength).toBe(0);
			expect(compacted?.doc.getText('t').toString()).toBe(text.toString());
		});

		describe('shares', () => {
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
				await reopen();
				expect(await storage.getShare('s')).toEqual(share('s', '3'));
				expect([...(await storage.protectedMapIds())]).toEqual(['s']);
			});

			it('two concurrent protects end with the same record', async () => {
				const [a, b] = await Promise.all([
					storage.saveShare(share('s', 'a'), 'keep'),
					storage.saveShare(share('s', 'b'), 'keep')
				]);
				expect(a).toEqual(b);
				expect(await storage.getShare('s')).toEqual(a);
			});

			it('refuses to protect a map that does not exist', async () => {
				await expect(storage.saveShare(share('ghost', '1'), 'keep')).rejects.toThrow(
					/no map ghost/
				);
				expect(await storage.getShare('ghost')).toBeNull();
			});
		});
	});
}
