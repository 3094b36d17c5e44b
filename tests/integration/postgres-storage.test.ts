/**
 * PostgresStorage against a real throwaway PostgreSQL (tests/helpers/services.ts): the shared
 * Storage contract (the same cases SQLite passes, a fresh database per test), then what only the
 * shared store has to get right: migrations run once when several processes start together, seqs
 * without gaps under concurrent appends, group commit (appends that wait for a running commit share
 * the next transaction), one compaction at a time.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	commitLane,
	GROUP_COMMIT_MAX_BATCH,
	migratePostgres,
	openPostgresStorage,
	POSTGRES_SCHEMA_VERSION
} from '../../src/server/storage/postgres';
import { historyContract } from '$tests/helpers/history-contract';
import { startPostgres, type TestPostgres } from '$tests/helpers/services';
import { ORIGIN, storageContract, summary, updatesOf } from '$tests/helpers/storage-contract';

let server: TestPostgres;
beforeAll(async () => {
	server = await startPostgres();
});
afterAll(async () => {
	await server?.stop();
});

const freshDatabase = async () => {
	const url = await server.createDatabase();
	return { open: () => openPostgresStorage(url), cleanup: async () => {} };
};
storageContract('PostgreSQL', freshDatabase);
historyContract('PostgreSQL', freshDatabase);

describe('PostgreSQL only', () => {
	it('migrates once when five processes start at the same time, and refuses a newer schema', async () => {
		const url = await server.createDatabase();
		const pools = Array.from({ length: 5 }, () => new pg.Pool({ connectionString: url, max: 1 }));
		try {
			const results = await Promise.all(pools.map((pool) => migratePostgres(pool)));
			// Exactly one of them applied the migrations; the others found them done.
			expect(results.filter((r) => r.from === 0)).toHaveLength(1);
			expect(results.every((r) => r.to === POSTGRES_SCHEMA_VERSION)).toBe(true);
			const { rows } = await pools[0].query(
				'SELECT version FROM warrant_migrations ORDER BY version'
			);
			expect(rows.map((r) => r.version)).toEqual(
				Array.from({ length: POSTGRES_SCHEMA_VERSION }, (_, i) => i + 1)
			);
			await pools[0].query('INSERT INTO warrant_migrations (version) VALUES ($1)', [
				POSTGRES_SCHEMA_VERSION + 1
			]);
			await expect(openPostgresStorage(url)).rejects.toThrow(/schema .*knows up to/);
		} finally {
			await Promise.all(pools.map((pool) => pool.end()));
		}
	});

	it('numbers a map’s rows 1, 2, 3, … without gaps when three stores append at once', async () => {
		const url = await server.createDatabase();
		const stores = await Promise.all([1, 2, 3].map(() => openPostgresStorage(url)));
		try {
			const source = new Y.Doc();
			await stores[0].createMap(summary('g'), Y.encodeStateAsUpdate(source));
			const updates = updatesOf(source, () => {
				for (let i = 0; i < 60; i++) source.getArray('a').push([i]);
			});
			const seqs = await Promise.all(
				updates.map((u, i) => stores[i % 3].appendUpdate('g', u, ORIGIN))
			);
			expect([...seqs].sort((a, b) => a - b)).toEqual(updates.map((_, i) => i + 1));
			const copy = new Y.Doc();
			const stored = await stores[1].loadMap('g');
			Y.applyUpdate(copy, stored!.snapshot!);
			for (const u of stored!.updates) Y.applyUpdate(copy, u);
			expect(copy.getArray('a').length).toBe(60);
		} finally {
			await Promise.all(stores.map((s) => s.close()));
		}
	});

	/** The transactions that wrote a map's rows (rows inserted by one transaction share its xmin). */
	const writers = async (url: string, ids: string[]) => {
		const client = new pg.Client({ connectionString: url });
		await client.connect();
		try {
			const { rows } = await client.query<{ n: string }>(
				'SELECT count(DISTINCT xmin::text) AS n FROM updates WHERE map_id = ANY($1)',
				[ids]
			);
			return Number(rows[0].n);
		} finally {
			await client.end();
		}
	};

	it('group commit: appends made while a commit runs share the next transaction; each map stays gapless; a missing map fails alone', async () => {
		const url = await server.createDatabase();
		// A pool of 2: one commit lane, so the three maps share it.
		const store = await openPostgresStorage(url, { poolSize: 2 });
		try {
			const ids = ['ga', 'gb', 'gc'];
			const docs = ids.map(() => new Y.Doc());
			for (const [i, id] of ids.entries())
				await store.createMap(summary(id), Y.encodeStateAsUpdate(docs[i]));
			const updates = docs.map((doc) =>
				updatesOf(doc, () => {
					for (let i = 0; i < 10; i++) doc.getArray('a').push([i]);
				})
			);
			// Interleaved, all in one tick: the first starts a commit alone, the rest wait for it.
			const calls: Array<Promise<number>> = [];
			const order: string[] = [];
			for (let k = 0; k < 10; k++)
				for (const [i, id] of ids.entries()) {
					calls.push(store.appendUpdate(id, updates[i][k], ORIGIN));
					order.push(id);
					if (k === 4 && i === 1) {
						calls.push(store.appendUpdate('missing', updates[i][k], ORIGIN));
						order.push('missing');
					}
				}
			const results = await Promise.allSettled(calls);
			const seqsOf = (id: string) =>
				results.flatMap((r, i) => (order[i] === id && r.status === 'fulfilled' ? [r.value] : []));
			for (const id of ids) expect(seqsOf(id)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
			const missing = results[order.indexOf('missing')];
			expect(missing.status).toBe('rejected');
			expect(String((missing as PromiseRejectedResult).reason)).toMatch(/no map missing/);
			expect(await writers(url, ids)).toBe(2);
			for (const [i, id] of ids.entries()) {
				const copy = new Y.Doc();
				const stored = await store.loadMap(id);
				Y.applyUpdate(copy, stored!.snapshot!);
				for (const u of stored!.updates) Y.applyUpdate(copy, u);
				expect(copy.getArray('a').toArray()).toEqual(docs[i].getArray('a').toArray());
				expect(stored!.lastSeq).toBe(10);
			}
			// The next append after the batch continues each map's numbering.
			const more = updatesOf(docs[0], () => docs[0].getArray('a').push(['x']));
			expect(await store.appendUpdate('ga', more[0], ORIGIN)).toBe(11);
		} finally {
			await store.close();
		}
	});

	it('group commit lanes: a map whose commit is held back holds back only its lane; a batch is at most GROUP_COMMIT_MAX_BATCH updates', async () => {
		const url = await server.createDatabase();
		const store = await openPostgresStorage(url); // a pool of 8: 4 lanes
		const holder = new pg.Client({ connectionString: url });
		await holder.connect();
		try {
			const ids = ['lane-a', 'lane-b', 'lane-c', 'lane-d', 'lane-e', 'lane-f'];
			const slow = ids[0];
			const other = ids.find((id) => commitLane(id, 4) !== commitLane(slow, 4))!;
			const docs = new Map(ids.map((id) => [id, new Y.Doc()]));
			for (const id of [slow, other])
				await store.createMap(summary(id), Y.encodeStateAsUpdate(docs.get(id)!));
			const one = (id: string) =>
				updatesOf(docs.get(id)!, () => docs.get(id)!.getArray('a').push([id]))[0];
			// Another process holds the slow map's row: its commit waits for that lock.
			await holder.query('BEGIN');
			await holder.query('SELECT 1 FROM maps WHERE id = $1 FOR UPDATE', [slow]);
			let slowDone = false;
			const held = store.appendUpdate(slow, one(slow), ORIGIN).then((seq) => {
				slowDone = true;
				return seq;
			});
			// A map of another lane commits meanwhile.
			expect(await store.appendUpdate(other, one(other), ORIGIN)).toBe(1);
			expect(slowDone).toBe(false);
			await holder.query('COMMIT');
			expect(await held).toBe(1);

			// 1,201 appends to one map in one tick: the first commits alone, the rest in batches of 500.
			const many = updatesOf(docs.get(other)!, () => {
				for (let i = 0; i < 1201; i++) docs.get(other)!.getArray('a').push([i]);
			});
			const seqs = await Promise.all(many.map((u) => store.appendUpdate(other, u, ORIGIN)));
			expect(seqs).toEqual(many.map((_, i) => i + 2));
			expect(GROUP_COMMIT_MAX_BATCH).toBe(500);
			// One transaction for the first append above, then 1 + 500 + 500 + 200.
			expect(await writers(url, [other])).toBe(1 + 4);
		} finally {
			await holder.end();
			await store.close();
		}
	});

	it('group commit off (WARRANT_GROUP_COMMIT=0): each update is its own transaction', async () => {
		const url = await server.createDatabase();
		const store = await openPostgresStorage(url, { groupCommit: false });
		try {
			const doc = new Y.Doc();
			await store.createMap(summary('one'), Y.encodeStateAsUpdate(doc));
			const updates = updatesOf(doc, () => {
				for (let i = 0; i < 10; i++) doc.getArray('a').push([i]);
			});
			const seqs = await Promise.all(updates.map((u) => store.appendUpdate('one', u, ORIGIN)));
			expect([...seqs].sort((a, b) => a - b)).toEqual(updates.map((_, i) => i + 1));
			expect(await writers(url, ['one'])).toBe(10);
		} finally {
			await store.close();
		}
	});

	it('lets one compaction of a map run at a time; the other skips, and nothing is lost', async () => {
		const url = await server.createDatabase();
		const store = await openPostgresStorage(url);
		const holder = new pg.Client({ connectionString: url });
		await holder.connect();
		try {
			const source = new Y.Doc();
			await store.createMap(summary('k'), Y.encodeStateAsUpdate(source));
			let last = 0;
			for (const u of updatesOf(source, () => source.getText('t').insert(0, 'abc')))
				last = await store.appendUpdate('k', u, ORIGIN);
			// Another process holds the map's compaction lock (inside its compaction transaction).
			await holder.query('BEGIN');
			await holder.query("SELECT pg_advisory_xact_lock($1, hashtext('k'))", [0x5741_0002]);
			expect(await store.compact('k', Y.encodeStateAsUpdate(source), last)).toBe(false);
			expect((await store.loadMap('k'))?.updates.length).toBe(1);
			await holder.query('COMMIT');
			expect(await store.compact('k', Y.encodeStateAsUpdate(source), last)).toBe(true);
			expect((await store.loadMap('k'))?.updates.length).toBe(0);
		} finally {
			await holder.end();
			await store.close();
		}
	});
});
