/**
 * `npm run migrate-store` (scripts/migrate-store.ts) between a SQLite data directory and a real
 * throwaway PostgreSQL: the essay map with comments, votes, a share record, a checkpoint and a
 * named version goes to PostgreSQL and back, and the JSON exports are identical at every step;
 * running it twice changes nothing; bad arguments write nothing.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { exportMap } from '$lib/formats/export';
import { addComment } from '$lib/model/comments';
import { getNodesMap } from '$lib/model/doc';
import { docToFile } from '$lib/model/mapfile';
import { castVote } from '$lib/model/votes';
import { ROOT_DIR, tempDir } from '$tests/helpers/server';
import { startPostgres, type TestPostgres } from '$tests/helpers/services';
import type { FullStorage } from '$tests/helpers/storage-contract';
import { importMapFiles } from '../../src/server/maps/map-files';
import { loadDoc } from '../../src/server/rooms/load-doc';
import { openPostgresStorage } from '../../src/server/storage/postgres';
import { openSqliteStorage } from '../../src/server/storage/sqlite';

const ESSAY = 'china-digging-in';
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

let postgres: TestPostgres;
beforeAll(async () => {
	postgres = await startPostgres();
});
afterAll(async () => {
	await postgres?.stop();
});

function migrate(...args: string[]) {
	const run = spawnSync(
		process.execPath,
		['--import', 'tsx', join(ROOT_DIR, 'scripts/migrate-store.ts'), ...args],
		{ cwd: ROOT_DIR, encoding: 'utf8' }
	);
	return { status: run.status, out: run.stdout + run.stderr };
}

/** The map's JSON export, the way `GET /api/maps/<id>/export?format=json` makes it. */
async function jsonExport(storage: FullStorage): Promise<string> {
	const loaded = await loadDoc(storage, ESSAY);
	if (!loaded) throw new Error('no essay map');
	return String(exportMap(docToFile(loaded.doc), 'json').body);
}

/** Everything around the document that must travel too. */
async function around(storage: FullStorage) {
	return {
		share: await storage.getShare(ESSAY),
		versions: await storage.listVersions(ESSAY),
		rows: (await storage.logEntries(ESSAY))!.map(({ at, authorId, size }) => ({
			at,
			authorId,
			size
		})),
		summary: (await storage.listMaps()).find((m) => m.id === ESSAY)
	};
}

/** A data dir holding the essay map with comments and votes stored as a server stores them. */
async function seededDataDir(): Promise<string> {
	const dataDir = tempDir('warrant-migrate-');
	const mapsDir = tempDir('warrant-migrate-maps-');
	mkdirSync(mapsDir, { recursive: true });
	copyFileSync(join(ROOT_DIR, 'maps', `${ESSAY}.json`), join(mapsDir, `${ESSAY}.json`));
	const storage = openSqliteStorage(dataDir);
	await importMapFiles(storage, mapsDir, quiet);
	const doc = (await loadDoc(storage, ESSAY))!.doc;
	let lastSeq = 0;
	let at = 1_780_000_000_000;
	const store = async (edit: () => void, authorId: string) => {
		const updates: Uint8Array[] = [];
		const collect = (u: Uint8Array) => updates.push(u);
		doc.on('update', collect);
		edit();
		doc.off('update', collect);
		for (const u of updates)
			lastSeq = await storage.appendUpdate(ESSAY, u, { at: (at += 1000), authorId });
	};
	const nodes = [...getNodesMap(doc).keys()].slice(0, 6);
	const ada = { id: 'ada-id', name: 'Ada' };
	const bo = { id: 'bo-id', name: 'Bo' };
	for (const [i, node] of nodes.entries()) {
		await store(() => castVote(doc, node, ada, 1 + (i % 5), 'ada'), ada.id);
		await store(() => castVote(doc, node, bo, 5 - (i % 5), 'bo'), bo.id);
	}
	await storage.compact(ESSAY, Y.encodeStateAsUpdate(doc), lastSeq);
	await storage.nameVersion(
		ESSAY,
		{ name: 'Votes in', seq: lastSeq, at: at + 1, authorId: ada.id },
		Y.encodeStateAsUpdate(doc)
	);
	let thread: string | null = null;
	await store(() => {
		thread = addComment(
			doc,
			{ targetType: 'node', targetId: nodes[0], body: 'Is this the thesis?', author: bo },
			'bo'
		);
	}, bo.id);
	await store(() => {
		addComment(
			doc,
			{ targetType: 'node', targetId: nodes[0], body: 'Yes.', parent: thread!, author: ada },
			'ada'
		);
	}, ada.id);
	await storage.saveShare(
		{
			mapId: ESSAY,
			editToken: 'e'.repeat(32),
			viewToken: 'v'.repeat(32),
			createdAt: '2026-12-01T00:00:00.000Z',
			editorGrants: ['grant-of-ada']
		},
		'keep'
	);
	await storage.close();
	return dataDir;
}

describe('npm run migrate-store', () => {
	it('moves the essay map with comments and votes to PostgreSQL and back: identical JSON exports', async () => {
		const from = await seededDataDir();
		const url = await postgres.createDatabase();
		const back = tempDir('warrant-migrate-back-');

		const sqlite = openSqliteStorage(from);
		const expected = await jsonExport(sqlite);
		const expectedAround = await around(sqlite);
		await sqlite.close();
		const file = JSON.parse(expected);
		expect(file.comments).toHaveLength(2);
		expect(file.votes).toHaveLength(12);

		const first = migrate('--from', from, '--to', url);
		expect(first.status, first.out).toBe(0);
		expect(first.out).toMatch(
			/moved 1 map \(14 log rows, 2 checkpoints, 1 named versions, 1 share records\); 0 already there/
		);
		expect(first.out).not.toContain('postgres@'); // the URL's user is not printed

		const pg = await openPostgresStorage(url);
		expect(await jsonExport(pg)).toBe(expected);
		expect(await around(pg)).toEqual(expectedAround);
		await pg.close();

		// Twice: nothing changes.
		const again = migrate('--from', from, '--to', url);
		expect(again.status, again.out).toBe(0);
		expect(again.out).toMatch(/moved 0 maps .*; 1 already there, left unchanged/);

		const home = migrate('--from', url, '--to', back);
		expect(home.status, home.out).toBe(0);
		expect(home.out).toMatch(/moved 1 map /);
		const returned = openSqliteStorage(back);
		expect(await jsonExport(returned)).toBe(expected);
		expect(await around(returned)).toEqual(expectedAround);
		// The history travelled too: the named version rebuilds the map as it was then.
		const version = await returned.getVersion(ESSAY, 'v1');
		const then = new Y.Doc();
		Y.applyUpdate(then, version!.state);
		expect(docToFile(then).votes).toHaveLength(12);
		expect(docToFile(then).comments).toHaveLength(0);
		await returned.close();
	});

	it('refuses bad arguments with a message and writes nothing', async () => {
		const empty = tempDir('warrant-migrate-empty-');
		const target = tempDir('warrant-migrate-target-');
		for (const [args, message] of [
			[['--from', empty, '--to', target], /no warrant\.sqlite there/],
			[['--from', empty], /--to is missing/],
			[['--from', 'http://example.org/db', '--to', target], /only data directories and postgres/],
			[['--form', empty, '--to', target], /unknown argument --form/]
		] as const) {
			const run = migrate(...args);
			expect(run.status, run.out).toBe(1);
			expect(run.out).toMatch(message);
		}
		const url = await postgres.createDatabase();
		const source = await seededDataDir();
		// A target that cannot be reached: exit 2, and the source is untouched.
		const unreachable = migrate('--from', source, '--to', url.replace(/:\d+\//, ':1/'));
		expect(unreachable.status, unreachable.out).toBe(2);
		expect(unreachable.out).toMatch(/failed, nothing was written/);
	});
});
