/**
 * `Storage` on one SQLite file (better-sqlite3, WAL). better-sqlite3 is synchronous: each method does
 * its work before returning an already-settled promise, so a commit has happened when the promise
 * exists. `synchronous = NORMAL` in WAL mode: a committed transaction survives the process being
 * killed (the test for "a client saw it, so it survives"); only a power cut can lose the last commits.
 *
 * Checkpoints (copying the WAL back into the database file, with an fsync of each) run on a second
 * connection in a worker thread, never in a commit: SQLite's automatic checkpoint would run inside
 * the commit that crosses 1000 WAL pages (about every 300 edits), blocking the event loop for
 * several milliseconds of fsync before that edit could be broadcast. A PASSIVE checkpoint never
 * blocks the writer; if the worker cannot run, the automatic checkpoint is turned back on. The
 * worker checkpoints about as often as SQLite would (`CheckpointCadence`), not every second.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type {
	HistoryStore,
	LogEntry,
	MapSummary,
	NamedVersion,
	ShareRecord,
	ShareStore,
	StateAt,
	Storage,
	StoredMap,
	TransferStore
} from './storage';
import { seqMapper, type MapDump } from './storage';
import {
	bytes,
	grantsOf,
	toDumpedVersion,
	toShare,
	toSummary,
	toVersion,
	versionNumber,
	type ShareRow,
	type SummaryRow,
	type VersionRow
} from './rows';

export const DATABASE_FILE = 'warrant.sqlite';

/**
 * Bumped only for changes older readers cannot cope with. `shares` was added without a bump: it is
 * a new table that readers of maps (the export CLI opens this file read-only) never need to know.
 * 2: history (issue 14): log rows carry `at` and `author_id` and are kept by compaction;
 * `checkpoints` and `versions` (see `MIGRATE_1_TO_2`).
 */
export const SQLITE_SCHEMA_VERSION = 2;

/**
 * `updates.seq` is AUTOINCREMENT so a seq is never reused after pruning deleted rows; loading
 * relies on "rows after the snapshot have seq > snapshots.up_to_seq". `at` is ms since the epoch.
 * `checkpoints` are full states after the row `seq` (the snapshot of each compaction, and the first
 * state at seq 0); `versions` are named versions with their own full state, so pruning never loses
 * them.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS maps (
	id TEXT PRIMARY KEY,
	title TEXT NOT NULL,
	source_title TEXT NOT NULL,
	source_author TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	node_count INTEGER NOT NULL,
	edge_count INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS snapshots (
	map_id TEXT PRIMARY KEY REFERENCES maps(id) ON DELETE CASCADE,
	state BLOB NOT NULL,
	up_to_seq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS updates (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	map_id TEXT NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
	data BLOB NOT NULL,
	at INTEGER NOT NULL DEFAULT 0,
	author_id TEXT
);
CREATE INDEX IF NOT EXISTS updates_by_map ON updates(map_id, seq);
CREATE TABLE IF NOT EXISTS shares (
	map_id TEXT PRIMARY KEY REFERENCES maps(id) ON DELETE CASCADE,
	edit_token TEXT NOT NULL,
	view_token TEXT NOT NULL,
	created_at TEXT NOT NULL,
	editor_grants TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS checkpoints (
	map_id TEXT NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
	seq INTEGER NOT NULL,
	at INTEGER NOT NULL,
	state BLOB NOT NULL,
	PRIMARY KEY (map_id, seq)
);
CREATE TABLE IF NOT EXISTS versions (
	map_id TEXT NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
	num INTEGER NOT NULL,
	name TEXT NOT NULL,
	seq INTEGER NOT NULL,
	at INTEGER NOT NULL,
	author_id TEXT,
	state BLOB NOT NULL,
	PRIMARY KEY (map_id, num)
);
`;

/**
 * A version-1 file (no history): its log rows get the time of their map's last edit (the real time
 * is unknown), and each snapshot becomes the map's first checkpoint, so history starts there.
 * Run before `SCHEMA`, whose CREATE TABLE IF NOT EXISTS then adds the new tables.
 */
const MIGRATE_1_TO_2 = `
ALTER TABLE updates ADD COLUMN at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE updates ADD COLUMN author_id TEXT;
UPDATE updates SET at = COALESCE(
	(SELECT CAST(strftime('%s', m.updated_at) AS INTEGER) * 1000 FROM maps m WHERE m.id = updates.map_id), 0);
CREATE TABLE checkpoints (
	map_id TEXT NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
	seq INTEGER NOT NULL,
	at INTEGER NOT NULL,
	state BLOB NOT NULL,
	PRIMARY KEY (map_id, seq)
);
INSERT INTO checkpoints (map_id, seq, at, state)
	SELECT s.map_id, s.up_to_seq,
		COALESCE((SELECT CAST(strftime('%s', m.updated_at) AS INTEGER) * 1000 FROM maps m WHERE m.id = s.map_id), 0),
		s.state
	FROM snapshots s;
`;

/** Columns added to existing tables since they were created (no version bump: readers ignore them). */
const ADDED_COLUMNS: Array<{ table: string; column: string; definition: string }> = [
	{ table: 'shares', column: 'editor_grants', definition: "TEXT NOT NULL DEFAULT '[]'" }
];

type SqliteShareRow = ShareRow<string>;

/** The stored grants: a JSON text of an array of digests; anything else reads as none. */
function readGrants(raw: string): string[] {
	try {
		return grantsOf(JSON.parse(raw));
	} catch {
		return [];
	}
}

const shareOf = (row: SqliteShareRow): ShareRecord => toShare(row, readGrants(row.editor_grants));

const shareParams = (share: ShareRecord) => ({
	mapId: share.mapId,
	editToken: share.editToken,
	viewToken: share.viewToken,
	createdAt: share.createdAt,
	editorGrants: JSON.stringify(share.editorGrants)
});

/**
 * When the checkpoint worker copies the WAL into the database file: once the log has grown by this
 * many appended updates (about 3 WAL pages each: the row, the index and the AUTOINCREMENT counter,
 * so about the 1000 pages at which SQLite's own automatic checkpoint would run), and at the latest
 * every `periodMs` while anything else was written (summaries, compactions, imports). Each
 * checkpoint's fsyncs are followed by a few milliseconds in which a commit on the main thread can
 * stall on the filesystem, in the path of a broadcast: fewer checkpoints, fewer such stalls
 * (`bench/sqlite-append.bench.ts` compares the two cadences). The WAL stays about as small as
 * SQLite would keep it.
 */
export interface CheckpointCadence {
	afterAppends: number;
	periodMs: number;
}

export const DEFAULT_CHECKPOINT_CADENCE: CheckpointCadence = {
	afterAppends: 300,
	periodMs: 10_000
};

/**
 * The checkpoint worker (CommonJS, evaluated: the server is bundled, so it has no file of its own).
 * It checkpoints every period and when told 'checkpoint', and closes its connection on 'stop'.
 */
const CHECKPOINTER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
const checkpoint = () => {
	try {
		db.pragma('wal_checkpoint(PASSIVE)');
	} catch (err) {
		parentPort.postMessage(String(err));
	}
};
const timer = setInterval(checkpoint, workerData.periodMs);
parentPort.on('message', (message) => {
	if (message === 'checkpoint') return checkpoint();
	clearInterval(timer);
	checkpoint();
	db.close();
	parentPort.close();
});
`;

interface Checkpointer {
	/** Counts `rows` appended; asks for a checkpoint when enough have been since the last one. */
	appended(rows: number): void;
	/** Stops the worker; resolves once its connection is closed. */
	stop(): Promise<void>;
}

/** Starts the checkpoint worker on `file`; `onFailure` is called (once) if it cannot run. */
function startCheckpointer(
	file: string,
	cadence: CheckpointCadence,
	onFailure: (error: string) => void
): Checkpointer {
	let failed = false;
	const fail = (error: string) => {
		if (!failed) onFailure(error);
		failed = true;
	};
	let worker: Worker;
	try {
		const driver = createRequire(import.meta.url).resolve('better-sqlite3');
		worker = new Worker(CHECKPOINTER, {
			eval: true,
			workerData: { driver, file, periodMs: cadence.periodMs }
		});
	} catch (err) {
		fail(String(err));
		return { appended: () => {}, stop: async () => {} };
	}
	const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
	worker.on('error', (err) => fail(String(err)));
	worker.on('message', (error: string) => fail(error));
	// After the listeners: a 'message' listener refs the worker again.
	worker.unref();
	let sinceCheckpoint = 0;
	let stopped = false;
	return {
		appended: (rows) => {
			sinceCheckpoint += rows;
			if (sinceCheckpoint < cadence.afterAppends || failed || stopped) return;
			sinceCheckpoint = 0;
			worker.postMessage('checkpoint');
		},
		stop: async () => {
			stopped = true;
			worker.ref(); // keeps the process alive until the worker has closed its connection
			worker.postMessage('stop');
			await exited;
		}
	};
}

export function openSqliteStorage(
	dataDir: string,
	cadence: CheckpointCadence = DEFAULT_CHECKPOINT_CADENCE
): Storage & ShareStore & HistoryStore & TransferStore {
	mkdirSync(dataDir, { recursive: true });
	const file = join(dataDir, DATABASE_FILE);
	const db = new Database(file);
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = NORMAL');
	db.pragma('foreign_keys = ON');
	db.pragma('busy_timeout = 5000');
	const version = db.pragma('user_version', { simple: true }) as number;
	if (version > SQLITE_SCHEMA_VERSION)
		throw new Error(
			`${DATABASE_FILE} has schema ${version}; this server knows up to ${SQLITE_SCHEMA_VERSION}`
		);
	if (version === 1) db.transaction(() => db.exec(MIGRATE_1_TO_2))();
	db.exec(SCHEMA);
	for (const { table, column, definition } of ADDED_COLUMNS) {
		const columns = db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>;
		if (!columns.some((c) => c.name === column))
			db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
	}
	db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION}`);
	db.pragma('wal_autocheckpoint = 0');
	const checkpointer = startCheckpointer(file, cadence, () => {
		if (db.open) db.pragma('wal_autocheckpoint = 1000');
	});

	const q = {
		list: db.prepare<[], SummaryRow>('SELECT * FROM maps ORDER BY updated_at DESC, id'),
		has: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM maps WHERE id = ?'),
		insertMap: db.prepare(
			`INSERT INTO maps (id, title, source_title, source_author, created_at, updated_at, node_count, edge_count)
			 VALUES (@id, @title, @sourceTitle, @sourceAuthor, @createdAt, @updatedAt, @nodeCount, @edgeCount)`
		),
		snapshot: db.prepare<[string], { state: Buffer; up_to_seq: number }>(
			'SELECT state, up_to_seq FROM snapshots WHERE map_id = ?'
		),
		putSnapshot: db.prepare(
			`INSERT INTO snapshots (map_id, state, up_to_seq) VALUES (?, ?, ?)
			 ON CONFLICT(map_id) DO UPDATE SET state = excluded.state, up_to_seq = excluded.up_to_seq`
		),
		log: db.prepare<[string, number], { seq: number; data: Buffer }>(
			'SELECT seq, data FROM updates WHERE map_id = ? AND seq > ? ORDER BY seq'
		),
		lastLogged: db.prepare<[string], { seq: number | null }>(
			'SELECT max(seq) AS seq FROM updates WHERE map_id = ?'
		),
		append: db.prepare<[string, Uint8Array, number, string | null]>(
			'INSERT INTO updates (map_id, data, at, author_id) VALUES (?, ?, ?, ?)'
		),
		putCheckpoint: db.prepare<[string, number, number, Uint8Array]>(
			'INSERT OR REPLACE INTO checkpoints (map_id, seq, at, state) VALUES (?, ?, ?, ?)'
		),
		entries: db.prepare<
			[string],
			{ seq: number; at: number; author_id: string | null; size: number }
		>('SELECT seq, at, author_id, length(data) AS size FROM updates WHERE map_id = ? ORDER BY seq'),
		entriesPage: db.prepare<
			[string, number, number],
			{ seq: number; at: number; author_id: string | null; size: number }
		>(
			'SELECT seq, at, author_id, length(data) AS size FROM updates WHERE map_id = ? AND seq > ? ORDER BY seq LIMIT ?'
		),
		entriesBefore: db.prepare<
			[string, number, number],
			{ seq: number; at: number; author_id: string | null; size: number }
		>(
			`SELECT * FROM (SELECT seq, at, author_id, length(data) AS size FROM updates
			 WHERE map_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?) ORDER BY seq`
		),
		rowAt: db.prepare<[string, number], { at: number }>(
			'SELECT at FROM updates WHERE map_id = ? AND seq = ?'
		),
		oldestCheckpoint: db.prepare<[string], { seq: number }>(
			'SELECT seq FROM checkpoints WHERE map_id = ? ORDER BY seq LIMIT 1'
		),
		checkpointAtOrBefore: db.prepare<[string, number], { seq: number; state: Buffer }>(
			'SELECT seq, state FROM checkpoints WHERE map_id = ? AND seq <= ? ORDER BY seq DESC LIMIT 1'
		),
		rowsBetween: db.prepare<[string, number, number], { seq: number; data: Buffer }>(
			'SELECT seq, data FROM updates WHERE map_id = ? AND seq > ? AND seq <= ? ORDER BY seq'
		),
		pruneBase: db.prepare<[string, number], { seq: number }>(
			'SELECT seq FROM checkpoints WHERE map_id = ? AND at < ? ORDER BY seq DESC LIMIT 1'
		),
		dropCheckpoints: db.prepare<[string, number]>(
			'DELETE FROM checkpoints WHERE map_id = ? AND seq < ?'
		),
		dropRows: db.prepare<[string, number]>('DELETE FROM updates WHERE map_id = ? AND seq <= ?'),
		nextVersion: db.prepare<[string], { num: number }>(
			'SELECT COALESCE(MAX(num), 0) + 1 AS num FROM versions WHERE map_id = ?'
		),
		insertVersion: db.prepare(
			`INSERT INTO versions (map_id, num, name, seq, at, author_id, state)
			 VALUES (@mapId, @num, @name, @seq, @at, @authorId, @state)`
		),
		versions: db.prepare<[string], VersionRow>(
			'SELECT num, name, seq, at, author_id FROM versions WHERE map_id = ? ORDER BY num'
		),
		version: db.prepare<[string, number], VersionRow & { state: Buffer }>(
			'SELECT num, name, seq, at, author_id, state FROM versions WHERE map_id = ? AND num = ?'
		),
		share: db.prepare<[string], SqliteShareRow>('SELECT * FROM shares WHERE map_id = ?'),
		sharedIds: db.prepare<[], { map_id: string }>('SELECT map_id FROM shares'),
		insertShare: db.prepare(
			`INSERT INTO shares (map_id, edit_token, view_token, created_at, editor_grants)
			 VALUES (@mapId, @editToken, @viewToken, @createdAt, @editorGrants)
			 ON CONFLICT(map_id) DO NOTHING`
		),
		replaceShare: db.prepare(
			`INSERT INTO shares (map_id, edit_token, view_token, created_at, editor_grants)
			 VALUES (@mapId, @editToken, @viewToken, @createdAt, @editorGrants)
			 ON CONFLICT(map_id) DO UPDATE SET edit_token = excluded.edit_token,
			   view_token = excluded.view_token, created_at = excluded.created_at,
			   editor_grants = excluded.editor_grants`
		),
		summary: db.prepare(
			`UPDATE maps SET title = @title, updated_at = @updatedAt, node_count = @nodeCount, edge_count = @edgeCount
			 WHERE id = @id`
		)
	};

	const create = db.transaction((summary: MapSummary, state: Uint8Array): 'created' | 'exists' => {
		if (q.has.get(summary.id)) return 'exists';
		q.insertMap.run(summary);
		q.putSnapshot.run(summary.id, state, 0);
		q.putCheckpoint.run(summary.id, 0, Date.now(), state);
		return 'created';
	});

	const compact = db.transaction((id: string, state: Uint8Array, upToSeq: number): boolean => {
		const stored = q.snapshot.get(id);
		if (stored && stored.up_to_seq > upToSeq) return false; // never go back to an older state
		q.putSnapshot.run(id, state, upToSeq);
		// A checkpoint is as old as the row it follows, so pruning by time cuts at rows.
		q.putCheckpoint.run(id, upToSeq, q.rowAt.get(id, upToSeq)?.at ?? Date.now(), state);
		return true;
	});

	const stateAt = db.transaction((id: string, seq: number): StateAt | 'pruned' | null => {
		if (!q.has.get(id)) return null;
		const base = q.checkpointAtOrBefore.get(id, seq);
		if (!base) return 'pruned';
		const rows = q.rowsBetween.all(id, base.seq, seq);
		return {
			base: bytes(base.state),
			baseSeq: base.seq,
			updates: rows.map((r) => bytes(r.data)),
			seqs: rows.map((r) => r.seq)
		};
	});

	const prune = db.transaction((id: string, before: number) => {
		const base = q.pruneBase.get(id, before);
		if (!base) return;
		q.dropCheckpoints.run(id, base.seq);
		q.dropRows.run(id, base.seq);
	});

	const nameVersion = db.transaction(
		(id: string, v: Omit<NamedVersion, 'id'>, state: Uint8Array): NamedVersion => {
			if (!q.has.get(id)) throw new Error(`no map ${id}`);
			const num = q.nextVersion.get(id)!.num;
			q.insertVersion.run({ mapId: id, num, ...v, state });
			return { id: `v${num}`, ...v };
		}
	);

	/** `afterSeq` null: the whole map (snapshot + log); otherwise what came after it (see Storage). */
	const read = db.transaction((id: string, afterSeq: number | null): StoredMap | null => {
		if (!q.has.get(id)) return null;
		const snap = q.snapshot.get(id);
		const withSnapshot = snap !== undefined && (afterSeq === null || snap.up_to_seq > afterSeq);
		const after = withSnapshot ? snap.up_to_seq : (afterSeq ?? 0);
		const rows = q.log.all(id, after);
		return {
			snapshot: withSnapshot ? bytes(snap.state) : null,
			updates: rows.map((r) => bytes(r.data)),
			lastSeq: rows.length > 0 ? rows[rows.length - 1].seq : after
		};
	});

	const lastSeqs = db.transaction((ids: string[]): Map<string, number> => {
		const out = new Map<string, number>();
		for (const id of ids) {
			if (!q.has.get(id)) continue;
			const logged = q.lastLogged.get(id)?.seq ?? null;
			out.set(id, logged ?? q.snapshot.get(id)?.up_to_seq ?? 0);
		}
		return out;
	});

	const saveShare = db.transaction((share: ShareRecord, mode: 'keep' | 'replace'): ShareRecord => {
		if (!q.has.get(share.mapId)) throw new Error(`no map ${share.mapId}`);
		(mode === 'keep' ? q.insertShare : q.replaceShare).run(shareParams(share));
		const row = q.share.get(share.mapId);
		if (!row) throw new Error(`share of ${share.mapId} was not stored`);
		return shareOf(row);
	});

	const dumpMap = db.transaction((id: string): MapDump | null => {
		const map = db.prepare<[string], SummaryRow>('SELECT * FROM maps WHERE id = ?').get(id);
		const snap = q.snapshot.get(id);
		if (!map || !snap) return null;
		const rows = db
			.prepare<[string], { seq: number; data: Buffer; at: number; author_id: string | null }>(
				'SELECT seq, data, at, author_id FROM updates WHERE map_id = ? ORDER BY seq'
			)
			.all(id);
		const checkpoints = db
			.prepare<[string], { seq: number; at: number; state: Buffer }>(
				'SELECT seq, at, state FROM checkpoints WHERE map_id = ? ORDER BY seq'
			)
			.all(id);
		const versions = db
			.prepare<[string], VersionRow & { state: Buffer }>(
				'SELECT num, name, seq, at, author_id, state FROM versions WHERE map_id = ? ORDER BY num'
			)
			.all(id);
		const share = q.share.get(id);
		return {
			summary: toSummary(map),
			snapshot: { state: bytes(snap.state), upToSeq: snap.up_to_seq },
			rows: rows.map((r) => ({ seq: r.seq, data: bytes(r.data), at: r.at, authorId: r.author_id })),
			checkpoints: checkpoints.map((c) => ({ seq: c.seq, at: c.at, state: bytes(c.state) })),
			versions: versions.map(toDumpedVersion),
			share: share ? shareOf(share) : null
		};
	});

	const importMaps = db.transaction((dumps: MapDump[]) => {
		const imported: string[] = [];
		const skipped: string[] = [];
		for (const dump of dumps) {
			const id = dump.summary.id;
			if (q.has.get(id)) {
				skipped.push(id);
				continue;
			}
			q.insertMap.run(dump.summary);
			const newSeqs = dump.rows.map((r) =>
				Number(q.append.run(id, r.data, r.at, r.authorId).lastInsertRowid)
			);
			const seqOf = seqMapper(dump.rows, newSeqs);
			q.putSnapshot.run(id, dump.snapshot.state, seqOf(dump.snapshot.upToSeq));
			for (const c of dump.checkpoints) q.putCheckpoint.run(id, seqOf(c.seq), c.at, c.state);
			for (const v of dump.versions)
				q.insertVersion.run({
					mapId: id,
					num: v.num,
					name: v.name,
					seq: seqOf(v.seq),
					at: v.at,
					authorId: v.authorId,
					state: v.state
				});
			if (dump.share) q.insertShare.run(shareParams(dump.share));
			imported.push(id);
		}
		return { imported, skipped };
	});

	let open = true;
	const live = () => {
		if (!open) throw new Error('storage is closed');
	};

	return {
		shared: false,
		listMaps: async () => (live(), q.list.all().map(toSummary)),
		hasMap: async (id) => (live(), q.has.get(id) !== undefined),
		createMap: async (summary, state) => (live(), create(summary, state)),
		loadMap: async (id) => (live(), read(id, null)),
		readSince: async (id, afterSeq) => (live(), read(id, afterSeq)),
		lastSeqs: async (ids) => (live(), lastSeqs(ids)),
		appendUpdate: async (id, update, origin) => {
			live();
			const seq = Number(q.append.run(id, update, origin.at, origin.authorId).lastInsertRowid);
			checkpointer.appended(1);
			return seq;
		},
		logEntries: async (id, page) => {
			live();
			if (!q.has.get(id)) return null;
			const rows = !page
				? q.entries.all(id)
				: 'afterSeq' in page
					? q.entriesPage.all(id, page.afterSeq, page.limit)
					: q.entriesBefore.all(id, page.beforeSeq, page.limit);
			return rows.map((r): LogEntry => ({
				seq: r.seq,
				at: r.at,
				authorId: r.author_id,
				size: r.size
			}));
		},
		oldestSeq: async (id) => {
			live();
			if (!q.has.get(id)) return null;
			return q.oldestCheckpoint.get(id)?.seq ?? null;
		},
		stateAt: async (id, seq) => (live(), stateAt(id, seq)),
		nameVersion: async (id, version, state) => (live(), nameVersion(id, version, state)),
		listVersions: async (id) => (live(), q.versions.all(id).map(toVersion)),
		getVersion: async (id, versionId) => {
			live();
			const num = versionNumber(versionId);
			const row = num === null ? undefined : q.version.get(id, num);
			return row ? { version: toVersion(row), state: bytes(row.state) } : null;
		},
		pruneHistory: async (id, before) => {
			live();
			prune(id, before);
		},
		compact: async (id, state, upToSeq) => (live(), compact(id, state, upToSeq)),
		dumpMap: async (id) => (live(), dumpMap(id)),
		importMaps: async (dumps) => (live(), importMaps(dumps)),
		saveSummary: async (id, change) => {
			live();
			q.summary.run({ id, ...change });
		},
		getShare: async (id) => {
			live();
			const row = q.share.get(id);
			return row ? shareOf(row) : null;
		},
		saveShare: async (share, mode) => (live(), saveShare(share, mode)),
		protectedMapIds: async () => (live(), new Set(q.sharedIds.all().map((r) => r.map_id))),
		close: async () => {
			if (!open) return;
			open = false;
			await checkpointer.stop();
			db.close();
		}
	};
}
