/**
 * `Storage` on PostgreSQL (node-postgres), shared by every server process of a deployment
 * (`DATABASE_URL=postgres://…`). The tables mirror the SQLite ones, with one difference that the
 * scale-out rests on: each map numbers its log rows itself (`maps.last_seq`), 1, 2, 3, … in commit
 * order, so a process that holds a map up to seq n and hears of seq n+2 knows exactly what it
 * missed and reads it back (`readSince`).
 *
 * Durability: `appendUpdate` resolves once its row is committed, with the server's
 * `synchronous_commit` (on by default): an update is on disk in PostgreSQL before the room
 * publishes or broadcasts it. Group commit (`groupCommit`, on unless `WARRANT_GROUP_COMMIT=0`):
 * appends of this process that arrive while a commit is running wait for it and then go together
 * in one transaction (`appendBatch`), so under load a WAL flush is paid once per batch instead of
 * once per update; an append that finds nothing running starts at once (no added delay when
 * quiet). A room appends one update at a time (its queue), so a batch gathers the rooms of
 * different maps. Off, each update is its own one-statement transaction (`appendOne`).
 *
 * Migrations (`MIGRATIONS`, versioned): run on open, all pending ones in one transaction that
 * first takes a transaction-level advisory lock, so that several processes starting at once apply
 * each migration exactly once (the others wait, then find nothing to do). A database migrated by a
 * newer server (a version this one does not know) is refused.
 *
 * Compaction: in one transaction that first tries a transaction-level advisory lock on the map;
 * a process that does not get it skips (another one is compacting), and the snapshot is only
 * replaced by one that covers at least as many rows. Like SQLite it keeps every log row and
 * records the snapshot as a checkpoint (history, `HistoryStore`: the same tables and rules as
 * `sqlite.ts`; times are ms since the epoch).
 */
import pg from 'pg';
import type {
	HistoryStore,
	LogEntry,
	ShareRecord,
	ShareStore,
	Storage,
	StoredMap,
	TransferStore,
	UpdateOrigin
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

/** Keys of the advisory locks (first int4 of the two-key form; the second is the map's hash). */
const MIGRATION_LOCK = 0x5741_0001;
const COMPACTION_LOCK = 0x5741_0002;

/** Each entry brings the database from version index to index + 1. Never edit a shipped one. */
const MIGRATIONS: readonly string[] = [
	`
	CREATE TABLE maps (
		id TEXT PRIMARY KEY,
		title TEXT NOT NULL,
		source_title TEXT NOT NULL,
		source_author TEXT NOT NULL,
		created_at TEXT NOT NULL,
		updated_at TEXT NOT NULL,
		node_count INTEGER NOT NULL,
		edge_count INTEGER NOT NULL,
		last_seq BIGINT NOT NULL DEFAULT 0
	);
	CREATE TABLE snapshots (
		map_id TEXT PRIMARY KEY REFERENCES maps(id) ON DELETE CASCADE,
		state BYTEA NOT NULL,
		up_to_seq BIGINT NOT NULL
	);
	CREATE TABLE updates (
		map_id TEXT NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
		seq BIGINT NOT NULL,
		data BYTEA NOT NULL,
		at BIGINT NOT NULL,
		author_id TEXT,
		PRIMARY KEY (map_id, seq)
	);
	CREATE TABLE checkpoints (
		map_id TEXT NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
		seq BIGINT NOT NULL,
		at BIGINT NOT NULL,
		state BYTEA NOT NULL,
		PRIMARY KEY (map_id, seq)
	);
	CREATE TABLE versions (
		map_id TEXT NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
		num INTEGER NOT NULL,
		name TEXT NOT NULL,
		seq BIGINT NOT NULL,
		at BIGINT NOT NULL,
		author_id TEXT,
		state BYTEA NOT NULL,
		PRIMARY KEY (map_id, num)
	);
	CREATE TABLE shares (
		map_id TEXT PRIMARY KEY REFERENCES maps(id) ON DELETE CASCADE,
		edit_token TEXT NOT NULL,
		view_token TEXT NOT NULL,
		created_at TEXT NOT NULL,
		editor_grants JSONB NOT NULL DEFAULT '[]'
	);
	`
];

/** The schema version this server writes (the number of migrations). */
export const POSTGRES_SCHEMA_VERSION = MIGRATIONS.length;

export interface PostgresOptions {
	/** Connections in this process's pool. */
	poolSize?: number;
	/** Batch the appends that arrive while a commit runs into one transaction (default true). */
	groupCommit?: boolean;
	/** Reports errors of idle pooled connections (a restarted server); the pool replaces them. */
	onIdleError?: (error: Error) => void;
}

/** node-postgres parses JSONB: normally an array of digests. */
type PostgresShareRow = ShareRow<unknown>;

// Anything but an array of strings reads as no grants (nobody admitted), as in SQLite.
const shareOf = (row: PostgresShareRow): ShareRecord => toShare(row, grantsOf(row.editor_grants));

/** node-postgres gives BIGINT as a string (it may pass 2^53); our seqs never come near that. */
const seqOf = (value: string | number): number => Number(value);

const buffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/** Runs `fn` in one transaction on one pooled connection; rolls back on any error. */
async function inTransaction<T>(
	pool: pg.Pool,
	begin: string,
	fn: (client: pg.PoolClient) => Promise<T>
): Promise<T> {
	const client = await pool.connect();
	try {
		await client.query(begin);
		const result = await fn(client);
		await client.query('COMMIT');
		return result;
	} catch (err) {
		await client.query('ROLLBACK').catch(() => {});
		throw err;
	} finally {
		client.release();
	}
}

/** One update to add to a map's log. */
interface Append {
	id: string;
	update: Uint8Array;
	origin: UpdateOrigin;
}

/**
 * One update in its own transaction: one statement, so the map's row stays locked until the
 * commit, and seqs of one map are handed out and committed in the same order, without gaps.
 */
async function appendOne(pool: pg.Pool, { id, update, origin }: Append): Promise<number> {
	const { rows } = await pool.query<{ seq: string }>(
		`WITH next AS (UPDATE maps SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq)
		 INSERT INTO updates (map_id, seq, data, at, author_id)
		 SELECT $1, last_seq, $2, $3, $4 FROM next RETURNING seq`,
		[id, buffer(update), origin.at, origin.authorId]
	);
	if (rows.length === 0) throw new Error(`no map ${id}`);
	return seqOf(rows[0].seq);
}

/**
 * Several updates (of one or several maps) in one transaction. The maps' rows are locked first,
 * in id order, so that two processes' batches over the same maps cannot deadlock; each map's new
 * rows are numbered after its `last_seq` in the order of `batch`, so seqs stay gapless and in
 * commit order. Resolves with each entry's seq, or null where its map does not exist (that entry
 * fails alone); any other error fails the whole batch (nothing of it is committed).
 */
async function appendBatch(pool: pg.Pool, batch: Append[]): Promise<(number | null)[]> {
	return inTransaction(pool, 'BEGIN', async (client) => {
		const ids = [...new Set(batch.map((a) => a.id))].sort();
		const { rows } = await client.query<{ id: string; last_seq: string }>(
			'SELECT id, last_seq FROM maps WHERE id = ANY($1) ORDER BY id COLLATE "C" FOR UPDATE',
			[ids]
		);
		const next = new Map(rows.map((r) => [r.id, seqOf(r.last_seq)]));
		const seqs = batch.map((a) => {
			const last = next.get(a.id);
			if (last === undefined) return null;
			next.set(a.id, last + 1);
			return last + 1;
		});
		const kept = batch.flatMap((a, i) => (seqs[i] === null ? [] : [{ ...a, seq: seqs[i]! }]));
		if (kept.length === 0) return seqs;
		await client.query(
			`INSERT INTO updates (map_id, seq, data, at, author_id)
			 SELECT * FROM unnest($1::text[], $2::bigint[], $3::bytea[], $4::bigint[], $5::text[])`,
			[
				kept.map((a) => a.id),
				kept.map((a) => a.seq),
				kept.map((a) => buffer(a.update)),
				kept.map((a) => a.origin.at),
				kept.map((a) => a.origin.authorId)
			]
		);
		const touched = ids.filter((id) => rows.some((r) => r.id === id));
		await client.query(
			`UPDATE maps SET last_seq = v.seq FROM unnest($1::text[], $2::bigint[]) AS v(id, seq)
			 WHERE maps.id = v.id`,
			[touched, touched.map((id) => next.get(id)!)]
		);
		return seqs;
	});
}

/** At most this many updates go in one group-commit transaction; the rest wait for the next. */
export const GROUP_COMMIT_MAX_BATCH = 500;

/** The lane of map `id` among `lanes`: a fixed hash of the id (FNV-1a), the same in every process. */
export function commitLane(id: string, lanes: number): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
	return (h >>> 0) % lanes;
}

/**
 * Group commit: `append` resolves once its update is committed. Maps are spread over `lanes` by
 * `commitLane`; in each lane one commit runs at a time, and the appends that arrive meanwhile go
 * together in its next transaction (at most GROUP_COMMIT_MAX_BATCH of them). So a map's updates
 * commit in the order they came, a slow commit (a map's row locked by another process, a large
 * update) holds back only the maps of its lane, and at most `lanes` connections of the pool commit
 * at once, leaving the rest to reads.
 */
function groupCommitter(pool: pg.Pool, lanes: number): (entry: Append) => Promise<number> {
	interface Waiting {
		entry: Append;
		resolve: (seq: number) => void;
		reject: (e: Error) => void;
	}
	const queues: Waiting[][] = Array.from({ length: lanes }, () => []);
	const running: boolean[] = Array.from({ length: lanes }, () => false);
	const drain = async (lane: number) => {
		const queue = queues[lane];
		while (queue.length > 0) {
			const batch = queue.splice(0, GROUP_COMMIT_MAX_BATCH);
			try {
				// A lone update takes the one-statement path: fewer round trips.
				const seqs =
					batch.length === 1
						? [await appendOne(pool, batch[0].entry)]
						: await appendBatch(
								pool,
								batch.map((w) => w.entry)
							);
				batch.forEach((w, i) => {
					const seq = seqs[i];
					if (seq === null) w.reject(new Error(`no map ${w.entry.id}`));
					else w.resolve(seq);
				});
			} catch (err) {
				for (const w of batch) w.reject(err instanceof Error ? err : new Error(String(err)));
			}
		}
		running[lane] = false;
	};
	return (entry) =>
		new Promise<number>((resolve, reject) => {
			const lane = commitLane(entry.id, lanes);
			queues[lane].push({ entry, resolve, reject });
			if (running[lane]) return;
			running[lane] = true;
			void drain(lane);
		});
}

/** Brings the database to `POSTGRES_SCHEMA_VERSION`; safe when several processes do it at once. */
export async function migratePostgres(pool: pg.Pool): Promise<{ from: number; to: number }> {
	return inTransaction(pool, 'BEGIN', async (client) => {
		await client.query('SELECT pg_advisory_xact_lock($1, 0)', [MIGRATION_LOCK]);
		await client.query(
			`CREATE TABLE IF NOT EXISTS warrant_migrations (
				version INTEGER PRIMARY KEY,
				applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
			)`
		);
		const { rows } = await client.query<{ version: number | null }>(
			'SELECT max(version) AS version FROM warrant_migrations'
		);
		const from = rows[0].version ?? 0;
		if (from > MIGRATIONS.length)
			throw new Error(
				`the database has schema ${from}; this server knows up to ${MIGRATIONS.length}`
			);
		for (let version = from + 1; version <= MIGRATIONS.length; version++) {
			await client.query(MIGRATIONS[version - 1]);
			await client.query('INSERT INTO warrant_migrations (version) VALUES ($1)', [version]);
		}
		return { from, to: MIGRATIONS.length };
	});
}

/** Opens the pool and migrates; rejects (closing the pool) when the database cannot be used. */
export async function openPostgresStorage(
	url: string,
	opts: PostgresOptions = {}
): Promise<Storage & ShareStore & HistoryStore & TransferStore> {
	const poolSize = opts.poolSize ?? 8;
	const pool = new pg.Pool({ connectionString: url, max: poolSize });
	// Without a listener an idle connection's error (the database restarted) would crash the process.
	pool.on('error', (err) => opts.onIdleError?.(err));
	try {
		await migratePostgres(pool);
	} catch (err) {
		await pool.end().catch(() => {});
		throw err;
	}

	let open = true;
	const live = () => {
		if (!open) throw new Error('storage is closed');
	};

	/** `afterSeq` null: the whole map; otherwise what came after it (see `Storage.readSince`). */
	/**
	 * One statement, so one snapshot of the database (a compaction committing meanwhile cannot split
	 * snapshot and rows) in one round trip: catch-ups run on every gap in a map edited through
	 * several processes, and on a busy machine each round trip waits for a time slice. The first
	 * row (seq null) says where the rows start and carries the snapshot when it is needed; no row
	 * at all: no such map.
	 */
	const read = async (id: string, afterSeq: number | null): Promise<StoredMap | null> => {
		const { rows } = await pool.query<{ seq: string | null; data: Buffer | null; after: string }>(
			`WITH head AS (
				SELECT s.state, s.up_to_seq,
				       s.up_to_seq IS NOT NULL AND ($2::bigint IS NULL OR s.up_to_seq > $2::bigint) AS with_snapshot
				FROM maps m LEFT JOIN snapshots s ON s.map_id = m.id WHERE m.id = $1
			), start AS (
				SELECT CASE WHEN with_snapshot THEN up_to_seq ELSE COALESCE($2::bigint, 0) END AS after FROM head
			)
			SELECT NULL::bigint AS seq, CASE WHEN h.with_snapshot THEN h.state END AS data, st.after
			  FROM head h, start st
			UNION ALL
			SELECT u.seq, u.data, st.after FROM updates u, start st WHERE u.map_id = $1 AND u.seq > st.after
			ORDER BY seq NULLS FIRST`,
			[id, afterSeq]
		);
		if (rows.length === 0) return null;
		const [head, ...log] = rows;
		return {
			snapshot: head.data ? bytes(head.data) : null,
			updates: log.map((r) => bytes(r.data!)),
			lastSeq: log.length > 0 ? seqOf(log[log.length - 1].seq!) : seqOf(head.after)
		};
	};

	const append =
		opts.groupCommit === false
			? (entry: Append) => appendOne(pool, entry)
			: // Half the pool commits at most; the other half stays free for loads, catch-up and history.
				groupCommitter(pool, Math.max(1, Math.floor(poolSize / 2)));

	return {
		shared: true,
		async listMaps() {
			live();
			const { rows } = await pool.query<SummaryRow>(
				`SELECT id, title, source_title, source_author, created_at, updated_at, node_count, edge_count
				 FROM maps ORDER BY updated_at COLLATE "C" DESC, id COLLATE "C"`
			);
			return rows.map(toSummary);
		},
		async hasMap(id) {
			live();
			const { rowCount } = await pool.query('SELECT 1 FROM maps WHERE id = $1', [id]);
			return (rowCount ?? 0) > 0;
		},
		async createMap(summary, state) {
			live();
			return inTransaction(pool, 'BEGIN', async (client) => {
				const inserted = await client.query(
					`INSERT INTO maps (id, title, source_title, source_author, created_at, updated_at, node_count, edge_count)
					 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
					[
						summary.id,
						summary.title,
						summary.sourceTitle,
						summary.sourceAuthor,
						summary.createdAt,
						summary.updatedAt,
						summary.nodeCount,
						summary.edgeCount
					]
				);
				if (inserted.rowCount === 0) return 'exists' as const;
				await client.query('INSERT INTO snapshots (map_id, state, up_to_seq) VALUES ($1, $2, 0)', [
					summary.id,
					buffer(state)
				]);
				await client.query(
					'INSERT INTO checkpoints (map_id, seq, at, state) VALUES ($1, 0, $2, $3)',
					[summary.id, Date.now(), buffer(state)]
				);
				return 'created' as const;
			});
		},
		loadMap: async (id) => (live(), read(id, null)),
		readSince: async (id, afterSeq) => (live(), read(id, afterSeq)),
		async lastSeqs(ids) {
			live();
			const { rows } = await pool.query<{ id: string; last_seq: string }>(
				'SELECT id, last_seq FROM maps WHERE id = ANY($1)',
				[ids]
			);
			return new Map(rows.map((r) => [r.id, seqOf(r.last_seq)]));
		},
		async appendUpdate(id, update, origin) {
			live();
			return append({ id, update, origin });
		},
		async compact(id, state, upToSeq) {
			live();
			return inTransaction(pool, 'BEGIN', async (client) => {
				const lock = await client.query<{ got: boolean }>(
					'SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS got',
					[COMPACTION_LOCK, id]
				);
				if (!lock.rows[0].got) return false;
				const stored = await client.query(
					`INSERT INTO snapshots (map_id, state, up_to_seq) VALUES ($1, $2, $3)
					 ON CONFLICT (map_id) DO UPDATE SET state = excluded.state, up_to_seq = excluded.up_to_seq
					 WHERE snapshots.up_to_seq <= excluded.up_to_seq`,
					[id, buffer(state), upToSeq]
				);
				if (stored.rowCount === 0) return false;
				// A checkpoint is as old as the row it follows, so pruning by time cuts at rows.
				await client.query(
					`INSERT INTO checkpoints (map_id, seq, at, state)
					 VALUES ($1, $2, COALESCE((SELECT at FROM updates WHERE map_id = $1 AND seq = $2), $3), $4)
					 ON CONFLICT (map_id, seq) DO UPDATE SET at = excluded.at, state = excluded.state`,
					[id, upToSeq, Date.now(), buffer(state)]
				);
				return true;
			});
		},
		async saveSummary(id, change) {
			live();
			await pool.query(
				`UPDATE maps SET title = $2, updated_at = $3, node_count = $4, edge_count = $5 WHERE id = $1`,
				[id, change.title, change.updatedAt, change.nodeCount, change.edgeCount]
			);
		},
		async getShare(id) {
			live();
			const { rows } = await pool.query<PostgresShareRow>(
				'SELECT * FROM shares WHERE map_id = $1',
				[id]
			);
			return rows.length > 0 ? shareOf(rows[0]) : null;
		},
		async saveShare(share, mode) {
			live();
			return inTransaction(pool, 'BEGIN', async (client) => {
				const exists = await client.query('SELECT 1 FROM maps WHERE id = $1', [share.mapId]);
				if (exists.rowCount === 0) throw new Error(`no map ${share.mapId}`);
				const conflict =
					mode === 'keep'
						? 'DO NOTHING'
						: `DO UPDATE SET edit_token = excluded.edit_token, view_token = excluded.view_token,
						   created_at = excluded.created_at, editor_grants = excluded.editor_grants`;
				await client.query(
					`INSERT INTO shares (map_id, edit_token, view_token, created_at, editor_grants)
					 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (map_id) ${conflict}`,
					[
						share.mapId,
						share.editToken,
						share.viewToken,
						share.createdAt,
						JSON.stringify(share.editorGrants)
					]
				);
				const { rows } = await client.query<PostgresShareRow>(
					'SELECT * FROM shares WHERE map_id = $1',
					[share.mapId]
				);
				return shareOf(rows[0]);
			});
		},
		async protectedMapIds() {
			live();
			const { rows } = await pool.query<{ map_id: string }>('SELECT map_id FROM shares');
			return new Set(rows.map((r) => r.map_id));
		},
		async logEntries(id, page) {
			live();
			return inTransaction(pool, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (c) => {
				if ((await c.query('SELECT 1 FROM maps WHERE id = $1', [id])).rowCount === 0) return null;
				const { rows } = await c.query<{
					seq: string;
					at: string;
					author_id: string | null;
					size: number;
				}>(
					!page
						? `SELECT seq, at, author_id, octet_length(data) AS size FROM updates
						   WHERE map_id = $1 ORDER BY seq`
						: 'afterSeq' in page
							? `SELECT seq, at, author_id, octet_length(data) AS size FROM updates
							   WHERE map_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`
							: `SELECT * FROM (SELECT seq, at, author_id, octet_length(data) AS size
							   FROM updates WHERE map_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3) AS page
							   ORDER BY seq`,
					!page ? [id] : [id, 'afterSeq' in page ? page.afterSeq : page.beforeSeq, page.limit]
				);
				return rows.map((r): LogEntry => ({
					seq: seqOf(r.seq),
					at: Number(r.at),
					authorId: r.author_id,
					size: r.size
				}));
			});
		},
		async oldestSeq(id) {
			live();
			const { rows } = await pool.query<{ seq: string | null; one: number | null }>(
				`SELECT (SELECT min(seq) FROM checkpoints WHERE map_id = $1) AS seq,
				        (SELECT 1 FROM maps WHERE id = $1) AS one`,
				[id]
			);
			if (rows[0].one === null) return null;
			return rows[0].seq === null ? null : seqOf(rows[0].seq);
		},
		async stateAt(id, seq) {
			live();
			return inTransaction(pool, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (c) => {
				if ((await c.query('SELECT 1 FROM maps WHERE id = $1', [id])).rowCount === 0) return null;
				const base = await c.query<{ seq: string; state: Buffer }>(
					`SELECT seq, state FROM checkpoints WHERE map_id = $1 AND seq <= $2
					 ORDER BY seq DESC LIMIT 1`,
					[id, seq]
				);
				if (base.rowCount === 0) return 'pruned' as const;
				const rows = await c.query<{ seq: string; data: Buffer }>(
					'SELECT seq, data FROM updates WHERE map_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq',
					[id, base.rows[0].seq, seq]
				);
				return {
					base: bytes(base.rows[0].state),
					baseSeq: seqOf(base.rows[0].seq),
					updates: rows.rows.map((r) => bytes(r.data)),
					seqs: rows.rows.map((r) => seqOf(r.seq))
				};
			});
		},
		async nameVersion(id, version, state) {
			live();
			return inTransaction(pool, 'BEGIN', async (c) => {
				// Locks the map's row: two versions named at once get different numbers.
				const map = await c.query('SELECT 1 FROM maps WHERE id = $1 FOR UPDATE', [id]);
				if (map.rowCount === 0) throw new Error(`no map ${id}`);
				const next = await c.query<{ num: number }>(
					'SELECT COALESCE(MAX(num), 0) + 1 AS num FROM versions WHERE map_id = $1',
					[id]
				);
				const num = next.rows[0].num;
				await c.query(
					`INSERT INTO versions (map_id, num, name, seq, at, author_id, state)
					 VALUES ($1, $2, $3, $4, $5, $6, $7)`,
					[id, num, version.name, version.seq, version.at, version.authorId, buffer(state)]
				);
				return { id: `v${num}`, ...version };
			});
		},
		async listVersions(id) {
			live();
			const { rows } = await pool.query<VersionRow>(
				'SELECT num, name, seq, at, author_id FROM versions WHERE map_id = $1 ORDER BY num',
				[id]
			);
			return rows.map(toVersion);
		},
		async getVersion(id, versionId) {
			live();
			const num = versionNumber(versionId);
			if (num === null) return null;
			const { rows } = await pool.query<VersionRow & { state: Buffer }>(
				`SELECT num, name, seq, at, author_id, state FROM versions
				 WHERE map_id = $1 AND num = $2`,
				[id, num]
			);
			return rows.length > 0 ? { version: toVersion(rows[0]), state: bytes(rows[0].state) } : null;
		},
		async pruneHistory(id, before) {
			live();
			await inTransaction(pool, 'BEGIN', async (c) => {
				const base = await c.query<{ seq: string }>(
					`SELECT seq FROM checkpoints WHERE map_id = $1 AND at < $2 ORDER BY seq DESC LIMIT 1`,
					[id, before]
				);
				if (base.rowCount === 0) return;
				const seq = base.rows[0].seq;
				await c.query('DELETE FROM checkpoints WHERE map_id = $1 AND seq < $2', [id, seq]);
				await c.query('DELETE FROM updates WHERE map_id = $1 AND seq <= $2', [id, seq]);
			});
		},
		async dumpMap(id) {
			live();
			return inTransaction(pool, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (c) => {
				const map = await c.query<SummaryRow>('SELECT * FROM maps WHERE id = $1', [id]);
				const snap = await c.query<{ state: Buffer; up_to_seq: string }>(
					'SELECT state, up_to_seq FROM snapshots WHERE map_id = $1',
					[id]
				);
				if (map.rowCount === 0 || snap.rowCount === 0) return null;
				const rows = await c.query<{
					seq: string;
					data: Buffer;
					at: string;
					author_id: string | null;
				}>('SELECT seq, data, at, author_id FROM updates WHERE map_id = $1 ORDER BY seq', [id]);
				const checkpoints = await c.query<{ seq: string; at: string; state: Buffer }>(
					'SELECT seq, at, state FROM checkpoints WHERE map_id = $1 ORDER BY seq',
					[id]
				);
				const versions = await c.query<VersionRow & { state: Buffer }>(
					`SELECT num, name, seq, at, author_id, state FROM versions WHERE map_id = $1
					 ORDER BY num`,
					[id]
				);
				const share = await c.query<PostgresShareRow>('SELECT * FROM shares WHERE map_id = $1', [
					id
				]);
				const dump: MapDump = {
					summary: toSummary(map.rows[0]),
					snapshot: { state: bytes(snap.rows[0].state), upToSeq: seqOf(snap.rows[0].up_to_seq) },
					rows: rows.rows.map((r) => ({
						seq: seqOf(r.seq),
						data: bytes(r.data),
						at: Number(r.at),
						authorId: r.author_id
					})),
					checkpoints: checkpoints.rows.map((r) => ({
						seq: seqOf(r.seq),
						at: Number(r.at),
						state: bytes(r.state)
					})),
					versions: versions.rows.map(toDumpedVersion),
					share: share.rows.length > 0 ? shareOf(share.rows[0]) : null
				};
				return dump;
			});
		},
		async importMaps(dumps) {
			live();
			return inTransaction(pool, 'BEGIN', async (c) => {
				const imported: string[] = [];
				const skipped: string[] = [];
				for (const dump of dumps) {
					const m = dump.summary;
					// Rows are numbered 1..n here (this store's gapless per-map seqs).
					const inserted = await c.query(
						`INSERT INTO maps (id, title, source_title, source_author, created_at, updated_at,
						   node_count, edge_count, last_seq)
						 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING`,
						[
							m.id,
							m.title,
							m.sourceTitle,
							m.sourceAuthor,
							m.createdAt,
							m.updatedAt,
							m.nodeCount,
							m.edgeCount,
							dump.rows.length
						]
					);
					if (inserted.rowCount === 0) {
						skipped.push(m.id);
						continue;
					}
					const newSeqs = dump.rows.map((_, i) => i + 1);
					for (const [i, r] of dump.rows.entries())
						await c.query(
							'INSERT INTO updates (map_id, seq, data, at, author_id) VALUES ($1, $2, $3, $4, $5)',
							[m.id, newSeqs[i], buffer(r.data), r.at, r.authorId]
						);
					const seqOfRow = seqMapper(dump.rows, newSeqs);
					await c.query('INSERT INTO snapshots (map_id, state, up_to_seq) VALUES ($1, $2, $3)', [
						m.id,
						buffer(dump.snapshot.state),
						seqOfRow(dump.snapshot.upToSeq)
					]);
					for (const cp of dump.checkpoints)
						await c.query(
							`INSERT INTO checkpoints (map_id, seq, at, state) VALUES ($1, $2, $3, $4)
							 ON CONFLICT (map_id, seq) DO UPDATE SET at = excluded.at, state = excluded.state`,
							[m.id, seqOfRow(cp.seq), cp.at, buffer(cp.state)]
						);
					for (const v of dump.versions)
						await c.query(
							`INSERT INTO versions (map_id, num, name, seq, at, author_id, state)
							 VALUES ($1, $2, $3, $4, $5, $6, $7)`,
							[m.id, v.num, v.name, seqOfRow(v.seq), v.at, v.authorId, buffer(v.state)]
						);
					const share = dump.share;
					if (share)
						await c.query(
							`INSERT INTO shares (map_id, edit_token, view_token, created_at, editor_grants)
							 VALUES ($1, $2, $3, $4, $5)`,
							[
								m.id,
								share.editToken,
								share.viewToken,
								share.createdAt,
								JSON.stringify(share.editorGrants)
							]
						);
					imported.push(m.id);
				}
				return { imported, skipped };
			});
		},
		async close() {
			if (!open) return;
			open = false;
			await pool.end();
		}
	};
}
