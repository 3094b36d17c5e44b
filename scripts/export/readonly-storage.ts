/**
 * The server's SQLite store (`src/server/storage/sqlite.ts`), opened read-only: the CLI may run
 * while the server does, and must never create, migrate or write the database. Only the reads the
 * exporter needs are implemented; the rest of `Storage` refuses.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE } from '../../src/server/storage/sqlite';
import type {
	HistoryStore,
	LogEntry,
	MapSummary,
	NamedVersion,
	StateAt,
	Storage,
	StoredMap
} from '../../src/server/storage/storage';

/** The newest database schema this reader understands (the server's `SCHEMA_VERSION`). */
const KNOWN_SCHEMA = 2;

const readOnly = async (): Promise<never> => {
	throw new Error('the export CLI opens storage read-only');
};

/** The history reads `--version` needs (`history/moment-state.ts`); pruning refuses. */
type HistoryReads = HistoryStore;

/** null when there is no database at `dataDir` (a fresh checkout, or another DATA_DIR). */
export function openReadOnlyStorage(
	dataDir: string
): (Storage & HistoryReads & { path: string }) | null {
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
	type Row = { seq: number; at: number; author_id: string | null; size: number };
	const entryOf = (r: Row): LogEntry => ({
		seq: r.seq,
		at: r.at,
		authorId: r.author_id,
		size: r.size
	});
	const entriesAfter = db.prepare<[string, number, number], Row>(
		'SELECT seq, at, author_id, length(data) AS size FROM updates WHERE map_id = ? AND seq > ? ORDER BY seq LIMIT ?'
	);
	const entriesBefore = db.prepare<[string, number, number], Row>(
		`SELECT * FROM (SELECT seq, at, author_id, length(data) AS size FROM updates
		 WHERE map_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?) ORDER BY seq`
	);
	const oldestCheckpoint = db.prepare<[string], { seq: number }>(
		'SELECT seq FROM checkpoints WHERE map_id = ? ORDER BY seq LIMIT 1'
	);
	const checkpointAtOrBefore = db.prepare<[string, number], { seq: number; state: Buffer }>(
		'SELECT seq, state FROM checkpoints WHERE map_id = ? AND seq <= ? ORDER BY seq DESC LIMIT 1'
	);
	const rowsBetween = db.prepare<[string, number, number], { seq: number; data: Buffer }>(
		'SELECT seq, data FROM updates WHERE map_id = ? AND seq > ? AND seq <= ? ORDER BY seq'
	);
	const versionRow = db.prepare<
		[string, number],
		{ num: number; name: string; seq: number; at: number; author_id: string | null; state: Buffer }
	>('SELECT num, name, seq, at, author_id, state FROM versions WHERE map_id = ? AND num = ?');
	const stateAt = db.transaction((id: string, seq: number): StateAt | 'pruned' | null => {
		if (!has.get(id)) return null;
		const base = checkpointAtOrBefore.get(id, seq);
		if (!base) return 'pruned';
		const rows = rowsBetween.all(id, base.seq, seq);
		return {
			base: bytes(base.state),
			baseSeq: base.seq,
			updates: rows.map((r) => bytes(r.data)),
			seqs: rows.map((r) => r.seq)
		};
	});
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
		logEntries: async (id, page) => {
			if (!has.get(id)) return null;
			if (!page) return entriesAfter.all(id, -1, -1).map(entryOf);
			const rows =
				'afterSeq' in page
					? entriesAfter.all(id, page.afterSeq, page.limit)
					: entriesBefore.all(id, page.beforeSeq, page.limit);
			return rows.map(entryOf);
		},
		oldestSeq: async (id) => (has.get(id) ? (oldestCheckpoint.get(id)?.seq ?? null) : null),
		stateAt: async (id, seq) => stateAt(id, seq),
		getVersion: async (id, versionId) => {
			const num = /^v([1-9][0-9]{0,8})$/.exec(versionId)?.[1];
			const row = num === undefined ? undefined : versionRow.get(id, Number(num));
			if (!row) return null;
			const version: NamedVersion = {
				id: `v${row.num}`,
				name: row.name,
				seq: row.seq,
				at: row.at,
				authorId: row.author_id
			};
			return { version, state: bytes(row.state) };
		},
		listVersions: readOnly,
		nameVersion: readOnly,
		pruneHistory: readOnly,
		close: async () => {
			if (db.open) db.close();
		}
	};
}
