/**
 * The one place that picks the store: PostgreSQL when `DATABASE_URL` is set (several processes may
 * share it), otherwise the embedded SQLite file under the data directory (one process).
 */
import { openPostgresStorage } from './postgres';
import { openSqliteStorage } from './sqlite';
import type { HistoryStore, ShareStore, Storage, TransferStore } from './storage';

export interface StoreChoice {
	/** `postgres://…` or `postgresql://…`; empty or absent: SQLite in `dataDir`. */
	databaseUrl?: string;
	dataDir: string;
	onIdleError?: (error: Error) => void;
	/** PostgreSQL: batch the appends that arrive while a commit runs (default true). */
	groupCommit?: boolean;
}

export function isPostgresUrl(url: string): boolean {
	return /^postgres(?:ql)?:\/\//.test(url);
}

export async function openStorage(
	choice: StoreChoice
): Promise<Storage & ShareStore & HistoryStore & TransferStore> {
	const url = choice.databaseUrl?.trim();
	if (!url) return openSqliteStorage(choice.dataDir);
	if (!isPostgresUrl(url))
		throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
	return openPostgresStorage(url, {
		onIdleError: choice.onIdleError,
		groupCommit: choice.groupCommit
	});
}
