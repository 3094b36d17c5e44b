/**
 * A real SQLite store in a temporary directory, for the SQLite specs: a factory for the shared
 * contracts (`storageContract`, `historyContract`), and a store opened afresh for each test and
 * removed after it. One set-up, so that the specs that test the same store set it up one way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openSqliteStorage } from '../../src/server/storage/sqlite';
import type { StoreFactory } from './storage-contract';

export type SqliteStore = ReturnType<typeof openSqliteStorage>;

/** A contract's factory: each call a new temp directory with a store in it. */
export const sqliteFactory = (prefix: string) => async (): Promise<StoreFactory> => {
	const dir = mkdtempSync(join(tmpdir(), prefix));
	return {
		open: async () => openSqliteStorage(dir),
		cleanup: async () => rmSync(dir, { recursive: true, force: true })
	};
};

/**
 * A store for each test of the file (`beforeEach`), closed and removed after it. A test may close
 * it, change the file and open it again into `storage`: the one in `storage` is closed at the end.
 */
export function useTempSqlite(prefix: string): { dir: string; storage: SqliteStore } {
	const t = { dir: '', storage: null as unknown as SqliteStore };
	beforeEach(() => {
		t.dir = mkdtempSync(join(tmpdir(), prefix));
		t.storage = openSqliteStorage(t.dir);
	});
	afterEach(async () => {
		await t.storage.close();
		rmSync(t.dir, { recursive: true, force: true });
	});
	return t;
}
