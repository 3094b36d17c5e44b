/**
 * The server's SQLite store (`src/server/storage/sqlite.ts`), opened read-only: the CLI may run
 * while the server does, and must never create, migrate or write the database. Only the reads the
 * exporter needs are implemented; the rest of `Storage` refuses.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE } from '../../src/server/storage/sqlite';
import type { MapSummary, Storage, StoredMap } from '../../src/server/storage/storage';

/** The newest database schema this reader understands (the server's `SCHEMA_VERSION`). */
const KNOWN_SCHEMA = 2;

const readOnly = async (): Promise<never> => {
	throw new Error('the export CLI opens storage read-only');
};

/** null when there is no database at `dataDir` (a fresh checkout, or another DATA_DIR). */
export function openReadOnlyStorage(dataDir: string): (Storage & { path: string }) | null {
	const path = join(dataDir, DATABASE_FILE);
	if (!existsSync(path)) return null;
	const db = new Database(path, { readonly: true, fileMustExist: true });
	db.pragma('busy_timeout = 5000');
	const version = db.pragma('user_version', { simple: true }) as number;
	if (version > KNOWN_SCHEMA) {
		db.close();
		throw new Error(`${path} has schema ${version}; this exporter reads up to ${KNOWN_SCHEMA}`);
	}
	const has = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM maps WHERE id = ?');
	const snapshot = db.prepare<[string], { state: Buffer; up_to_seq: number }>(
		'SELECT state, up_to_seq FROM snapshots WHERE map_id = ?'
	);
	const log = db.prepare<[string, number], { seq: number; data: Buffer }>(
		'SELECT seq, data FROM updates WHERE map_id = ? AND seq > ? ORDER BY seq'
	);
	const bytes = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
	// One read transaction, so a snapshot and the rows after it come from the same moment even
	// while the server compacts.
	const load = db.transaction((id: string): StoredMap | null => {
		if (!has.get(id)) return null;
		const snap = snapshot.get(id);
		const after = snap?.up_to_seq ?? 0;
		const rows = log.all(id, after);
		return {
			snapshot: snap ? bytes(snap.state) : null,
			updates: rows.map((r) => bytes(r.data)),
			lastSeq: rows.length > 0 ? rows[rows.length - 1].seq : after
		};
	});
	return {
		path,
		shared: false,
		listMaps: async (): Promise<MapSummary[]> => [],
		hasMap: async (id) => has.get(id) !== undefined,
		loadMap: async (id) => load(id),
		createMap: readOnly,
		readSince: readOnly,
		lastSeqs: readOnly,
		appendUpdate: readOnly,
		compact: readOnly,
		saveSummary: readOnly,
		close: async () => {
			if (db.open) db.close();
		}
	};
}
