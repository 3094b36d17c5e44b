/**
 * The history contract (`HistoryStore` in src/server/storage/storage.ts): the same cases run
 * against SQLite (`src/server/storage/history.spec.ts`) and PostgreSQL
 * (`tests/integration/postgres-storage.test.ts`). Each test gets an empty store from `fresh()`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initMap } from '$lib/model/doc';
import { readMap } from '$lib/model/read';
import { PETS_SENTENCES, petsSource } from '$tests/fixtures/pets';
import { randomOp } from '$tests/helpers/random-ops';
import { seededRng } from '$tests/helpers/rng';
import { rebuildAt } from '../../src/server/history/rebuild';
import { LogDigests } from '../../src/server/history/log-digest';
import { activityOf } from '../../src/server/history/report';
import { sessionsOf } from '../../src/server/history/sessions';
import { loadDoc } from '../../src/server/rooms/load-doc';
import { summary, type FullStorage, type StoreFactory } from './storage-contract';

export function historyContract(name: string, fresh: () => Promise<StoreFactory>): void {
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

	/**
	 * A seeded random edit history stored as a server stores it (each transaction one row, compaction
	 * every `compactEvery` rows). Returns each row's seq with the state a live client had right after
	 * it.
	 */
	async function storeHistory(id: string, seed: number, rows: number, compactEvery: number) {
		const rng = seededRng(seed);
		const doc = new Y.Doc();
		initMap(doc, { title: 'Pets', source: petsSource(), sentences: PETS_SENTENCES });
		await storage.createMap(summary(id), Y.encodeStateAsUpdate(doc));
		const people = [
			{ id: 'ada', name: 'Ada' },
			{ id: 'bo', name: 'Bo' },
			{ id: 'cy', name: 'Cy' }
		];
		const seen: Array<{ seq: number; state: ReturnType<typeof readMap> }> = [];
		let pending: Uint8Array[] = [];
		const collect = (u: Uint8Array) => pending.push(u);
		doc.on('update', collect);
		let sinceCompaction = 0;
		for (let i = 0; i < rows; i++) {
			const who = rng.pick(people);
			randomOp(doc, rng, who, 'edit');
			if (pending.length === 0) continue;
			const update = pending.length === 1 ? pending[0] : Y.mergeUpdates(pending);
			pending = [];
			const seq = await storage.appendUpdate(id, update, {
				at: 1_000 * seen.length,
				authorId: who.id
			});
			seen.push({ seq, state: readMap(doc) });
			if (++sinceCompaction >= compactEvery) {
				await storage.compact(id, Y.encodeStateAsUpdate(doc), seq);
				sinceCompaction = 0;
			}
		}
		doc.off('update', collect);
		return { seen, doc };
	}

	describe(`${name} history`, () => {
		it.each([
			[1, 7],
			[2, 50],
			[3, 1000]
		])(
			'seed %i, compaction every %i rows: any moment rebuilds to what a live client had',
			async (seed, compactEvery) => {
				const { seen, doc } = await storeHistory('h', seed, 300, compactEvery);
				const rng = seededRng(seed + 100);
				for (let i = 0; i < 40; i++) {
					const moment = rng.pick(seen);
					const rebuilt = await rebuildAt(storage, 'h', moment.seq);
					if (!rebuilt.ok) throw new Error(rebuilt.reason);
					expect(readMap(rebuilt.doc)).toEqual(moment.state);
					// The rows after the checkpoint come with their seqs: every seen seq after the
					// checkpoint's, up to the moment, in order.
					const at = await storage.stateAt('h', moment.seq);
					if (!at || at === 'pruned') throw new Error(`no state at ${moment.seq}`);
					expect(at.seqs).toEqual(
						seen.map((s) => s.seq).filter((q) => q > at.baseSeq && q <= moment.seq)
					);
					expect(at.updates.length).toBe(at.seqs.length);
				}
				// Compaction kept every row; loading still gives the live state.
				expect((await storage.logEntries('h'))?.length).toBe(seen.length);
				expect(readMap((await loadDoc(storage, 'h'))!.doc)).toEqual(readMap(doc));
				// Before the first row: the map as created.
				const first = await rebuildAt(storage, 'h', 0);
				expect(first.ok && readMap(first.doc).nodes).toEqual([]);
			}
		);

		it('records the time and author of every row', async () => {
			const { seen } = await storeHistory('t', 5, 20, 500);
			const entries = (await storage.logEntries('t'))!;
			expect(entries.map((e) => e.seq)).toEqual(seen.map((s) => s.seq));
			expect(new Set(entries.map((e) => e.authorId))).toEqual(new Set(['ada', 'bo', 'cy']));
			expect(entries.every((e, i) => i === 0 || e.at > entries[i - 1].at)).toBe(true);
			expect(entries.every((e) => e.size > 0)).toBe(true);
			expect(await storage.logEntries('nope')).toBeNull();
			expect(await storage.stateAt('nope', 1)).toBeNull();
		});

		it('reads the log page by page: after a seq, at most a limit of rows, the pages joining up to the whole', async () => {
			await storeHistory('pg', 11, 37, 10);
			const whole = (await storage.logEntries('pg'))!;
			const paged: typeof whole = [];
			let afterSeq = -1;
			for (;;) {
				const page = (await storage.logEntries('pg', { afterSeq, limit: 8 }))!;
				expect(page.length).toBeLessThanOrEqual(8);
				if (page.length === 0) break;
				expect(page[0].seq).toBeGreaterThan(afterSeq);
				paged.push(...page);
				afterSeq = page[page.length - 1].seq;
			}
			expect(whole.length).toBeGreaterThan(20);
			expect(paged).toEqual(whole);
			const lastSeq = whole[whole.length - 1].seq;
			expect(await storage.logEntries('pg', { afterSeq: lastSeq, limit: 8 })).toEqual([]);
			// Backwards from the end: the newest page, then the one before it.
			const end = Number.MAX_SAFE_INTEGER;
			const n = whole.length;
			expect(await storage.logEntries('pg', { beforeSeq: end, limit: 8 })).toEqual(
				whole.slice(n - 8)
			);
			expect(await storage.logEntries('pg', { beforeSeq: whole[n - 8].seq, limit: 8 })).toEqual(
				whole.slice(n - 16, n - 8)
			);
			expect(await storage.logEntries('pg', { beforeSeq: whole[0].seq, limit: 8 })).toEqual([]);
			expect(await storage.logEntries('nope', { afterSeq: 0, limit: 8 })).toBeNull();
		});

		it('names versions with their state; pruning keeps them and the newest checkpoint before the cut', async () => {
			const { seen } = await storeHistory('p', 7, 120, 30);
			const early = seen[10];
			const rebuilt = await rebuildAt(storage, 'p', early.seq);
			if (!rebuilt.ok) throw new Error(rebuilt.reason);
			const v = await storage.nameVersion(
				'p',
				{ name: 'Before the seminar', seq: early.seq, at: 5, authorId: 'ada' },
				Y.encodeStateAsUpdate(rebuilt.doc)
			);
			expect(v).toEqual({
				id: 'v1',
				name: 'Before the seminar',
				seq: early.seq,
				at: 5,
				authorId: 'ada'
			});
			// Checkpoints were written after rows 30, 60, 90, 120 (row n is at 1000 × (n - 1) ms); prune
			// everything older than row 100's time: the checkpoint at row 90 stays as the base.
			await storage.pruneHistory('p', 100_000);
			const oldest = (await storage.oldestSeq('p'))!;
			expect(oldest).toBe(seen[89].seq);
			expect(await storage.stateAt('p', seen[50].seq)).toBe('pruned');
			for (const moment of seen.slice(89)) {
				const again = await rebuildAt(storage, 'p', moment.seq);
				expect(again.ok && readMap(again.doc)).toEqual(moment.state);
			}
			const kept = await storage.getVersion('p', 'v1');
			const doc = new Y.Doc();
			Y.applyUpdate(doc, kept!.state);
			expect(readMap(doc)).toEqual(early.state);
			expect(await storage.listVersions('p')).toEqual([v]);
			expect(await storage.getVersion('p', 'v2')).toBeNull();
			expect(await storage.getVersion('p', 'x1')).toBeNull();
			await expect(
				storage.nameVersion('ghost', { name: 'x', seq: 0, at: 0, authorId: null }, new Uint8Array())
			).rejects.toThrow();
		});

		it('log digests (sessions, activity) kept between reads are those of the whole log, after appends and after pruning', async () => {
			const { doc } = await storeHistory('c', 11, 40, 20);
			const rng = seededRng(12);
			// Rows after the stored history, at irregular times: some within a session's gap, some not.
			let at = 40_000;
			const append = async (rows: number) => {
				for (let i = 0; i < rows; i++) {
					at += rng.pick([10, 400, 5_000]);
					const before = Y.encodeStateVector(doc);
					doc.getText('notes').insert(0, 'x');
					await storage.appendUpdate('c', Y.encodeStateAsUpdate(doc, before), {
						at,
						authorId: rng.pick(['ada', 'bo', null])
					});
				}
			};
			let rowsRead = 0;
			const counted = {
				logEntries: async (id: string, page?: Parameters<FullStorage['logEntries']>[1]) => {
					const rows = await storage.logEntries(id, page);
					rowsRead += rows?.length ?? 0;
					return rows;
				}
			};
			const cache = new LogDigests(4, 7);
			const sameAsWholeLog = async () => {
				rowsRead = 0;
				const digest = await cache.read(counted, 'c', 1_000);
				const all = (await storage.logEntries('c'))!;
				expect(digest!.sessions.sessions()).toEqual(sessionsOf(all, 1_000));
				expect(digest!.tally.activity()).toEqual(activityOf(all));
				expect(digest!.count).toBe(all.length);
				expect(digest!.last?.seq).toBe(all[all.length - 1].seq);
				return rowsRead;
			};
			const stored = (await storage.logEntries('c'))!.length;
			expect(stored).toBeGreaterThan(20);
			expect(await sameAsWholeLog()).toBe(stored);
			await append(1);
			// The first and last rows checked again, then the one new row.
			expect(await sameAsWholeLog()).toBe(3);
			expect(await sameAsWholeLog()).toBe(2);
			await append(30);
			expect(await sameAsWholeLog()).toBe(32);
			expect(
				new Set(sessionsOf((await storage.logEntries('c'))!, 1_000).map((s) => s.id)).size
			).toBeGreaterThan(3);
			// Pruning drops the first rows: the cache reads the whole log again.
			await storage.compact(
				'c',
				Y.encodeStateAsUpdate(doc),
				(await storage.logEntries('c'))!.at(-5)!.seq
			);
			await storage.pruneHistory('c', at);
			const kept = (await storage.logEntries('c'))!.length;
			expect(kept).toBeLessThan(stored + 31);
			expect(await sameAsWholeLog()).toBe(kept + 1);
			await append(2);
			expect(await sameAsWholeLog()).toBe(4);
			// Another gap is another grouping, read whole; an unknown map has none.
			rowsRead = 0;
			const other = await cache.read(counted, 'c', 10);
			expect(other!.sessions.sessions()).toEqual(sessionsOf((await storage.logEntries('c'))!, 10));
			expect(await cache.read(counted, 'nope', 1_000)).toBeNull();
			// At most `maxMaps` maps are kept.
			for (const id of ['d1', 'd2', 'd3', 'd4', 'd5']) {
				await storeHistory(id, 3, 2, 100);
				await cache.read(counted, id, 1_000);
			}
			expect(cache.size).toBe(4);
		});
	});
}
