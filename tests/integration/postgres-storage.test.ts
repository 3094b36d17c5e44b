/**
 * PostgresStorage against a real throwaway PostgreSQL (tests/helpers/services.ts): the shared
 * Storage contract (the same cases SQLite passes, a fresh database per test), then what only the
 * shared store has to get right: migrations run once when several processes start together, seqs
 * without gaps under concurrent appends, one compaction at a time.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
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
