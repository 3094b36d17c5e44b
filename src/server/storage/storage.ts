/**
 * What the server needs from persistence, and nothing more. Two implementations: SQLite
 * (`sqlite.ts`, the embedded default: one process per data directory) and PostgreSQL
 * (`postgres.ts`, shared by several server processes). Every method is async and speaks in map ids
 * and opaque Yjs update bytes. Both pass one contract suite (`tests/helpers/storage-contract.ts`,
 * run by `sqlite.spec.ts` and `tests/integration/postgres-storage.test.ts`); a new store or a new
 * method gets its cases there, so the two never drift apart. `open.ts` picks the store from the
 * environment.
 *
 * Invariants every implementation keeps:
 * - A map's state is its snapshot (if any) followed by its log rows in `seq` order.
 * - `seq` grows strictly within a map and is never reused (not even after pruning deleted rows). PostgreSQL numbers each map's rows 1, 2, 3, … without gaps, in commit order (the
 *   map's row is locked while a row is added), so a process that sees seq n+2 after n knows it
 *   missed one; SQLite numbers rows across all maps (one process owns the file, it never has to
 *   catch up).
 * - `appendUpdate` resolves only after the row is durable (committed): the caller broadcasts after.
 * - `compact` replaces the snapshot and records it as a checkpoint in one transaction; it never
 *   deletes log rows (they are the map's history, see `HistoryStore`), so after a crash the map
 *   loads from either the old or the new snapshot plus the rows after it. It never replaces a
 *   snapshot with an older one (`upToSeq` below the stored one: skipped; equal is allowed: it
 *   rewrites the same committed state, e.g. without dropped pending structs), and at most one
 *   compaction of a map runs at a time (PostgreSQL: an advisory lock; a process that does not get
 *   it skips, and the next due compaction tries again).
 * - `createMap` writes the listing row and the first snapshot in one transaction, or nothing.
 *
 * Share records live behind their own interface (`ShareStore`), so that stores which only read maps
 * (the export CLI's read-only view) need not implement them.
 */

/** The listing row of a map (`GET /api/maps`). Kept current lazily: it may lag a few seconds. */
export interface MapSummary {
	id: string;
	title: string;
	sourceTitle: string;
	sourceAuthor: string;
	createdAt: string;
	updatedAt: string;
	nodeCount: number;
	edgeCount: number;
}

/**
 * The share links of a protected map. The raw tokens are kept (server-side only) so that the links
 * can be shown again; they never enter the map's document.
 */
export interface ShareRecord {
	mapId: string;
	editToken: string;
	viewToken: string;
	createdAt: string;
	/**
	 * Editor grants: SHA-256 digests (base64url) of the participant keys of the editor connections
	 * that were open when the map became protected (access/grants.ts). Those browsers keep editing
	 * without a link; nobody can be added later. Replacing the links (rotation) clears them.
	 */
	editorGrants: string[];
}

/** The parts of a summary that change as a map is edited. */
export type SummaryChange = Pick<MapSummary, 'title' | 'updatedAt' | 'nodeCount' | 'edgeCount'>;

export interface StoredMap {
	snapshot: Uint8Array | null;
	/** Log rows after the snapshot, oldest first. */
	updates: Uint8Array[];
	/** The `seq` of the last row in `updates`, or of the last row the snapshot covers. */
	lastSeq: number;
}

/**
 * Who and when, recorded by the server with each stored update: the time it was committed (ms since
 * the epoch; an edit made offline carries the time it reached the server) and the author id the
 * sending connection announced (its `author` parameter), or null (the server's own repairs, clients
 * that announce none).
 */
export interface UpdateOrigin {
	at: number;
	authorId: string | null;
}

export interface Storage {
	/**
	 * True when other processes may write the same maps (PostgreSQL): seqs are gapless per map, and
	 * a loaded copy must catch up with what others committed (`readSince`, `lastSeqs`).
	 */
	readonly shared: boolean;
	listMaps(): Promise<MapSummary[]>;
	hasMap(id: string): Promise<boolean>;
	/** 'exists' (and nothing written) when the id is taken. */
	createMap(summary: MapSummary, state: Uint8Array): Promise<'created' | 'exists'>;
	/** null for an unknown id. */
	loadMap(id: string): Promise<StoredMap | null>;
	/**
	 * What was committed to a map after `afterSeq` (a loaded copy catching up): the log rows with
	 * `seq > afterSeq`, oldest first, and — when the snapshot has moved past `afterSeq` (a
	 * compaction since; history pruning may have dropped the rows before it) — that snapshot too
	 * (then `updates` are the rows after it).
	 * Applying `snapshot` then `updates` to a copy that holds everything up to `afterSeq` gives the
	 * stored state. `lastSeq` is the newest seq covered (`afterSeq` when nothing is new). null for
	 * an unknown id.
	 */
	readSince(id: string, afterSeq: number): Promise<StoredMap | null>;
	/** The newest committed seq of each of `ids` that exists (cheap: the catch-up poll's question). */
	lastSeqs(ids: string[]): Promise<Map<string, number>>;
	/** Appends one update to the log of an existing map; resolves with its `seq` once committed. */
	appendUpdate(id: string, update: Uint8Array, origin: UpdateOrigin): Promise<number>;
	/**
	 * Stores `state` (the map after the row `upToSeq`, holding every row up to it) as the snapshot
	 * and as a checkpoint of the history; keeps every log row. Resolves false, changing nothing,
	 * when the stored snapshot covers more than `upToSeq` or another compaction of the map is
	 * running.
	 */
	compact(id: string, state: Uint8Array, upToSeq: number): Promise<boolean>;
	saveSummary(id: string, change: SummaryChange): Promise<void>;
	close(): Promise<void>;
}

/**
 * Share records. Invariant: a map has at most one; `saveShare` is atomic, so two concurrent
 * "protect" calls both end with the same tokens (unless one of them rotates).
 */
export interface ShareStore {
	/** The share record of a map, or null when the map is not protected (or does not exist). */
	getShare(id: string): Promise<ShareRecord | null>;
	/**
	 * Protects a map with `share`'s tokens. `keep`: an existing record wins and is returned unchanged
	 * (protecting twice gives the same links); `replace`: the record is overwritten (rotation).
	 * Resolves with the record now stored. Rejects for a map that does not exist.
	 */
	saveShare(share: ShareRecord, mode: 'keep' | 'replace'): Promise<ShareRecord>;
	/** Ids of every protected map (for the listing). */
	protectedMapIds(): Promise<Set<string>>;
}

/** One stored update as history lists it (without its bytes). */
export interface LogEntry extends UpdateOrigin {
	seq: number;
	/** Bytes of the stored update (for activity figures). */
	size: number;
}

/**
 * A page of the log, oldest first: the first `limit` rows with `seq > afterSeq`, or the last `limit`
 * rows with `seq < beforeSeq` (the newest page: `beforeSeq` = Number.MAX_SAFE_INTEGER).
 */
export type LogPage = { afterSeq: number; limit: number } | { beforeSeq: number; limit: number };

/** A version someone named: the map as it was after the row `seq`, kept whole (never pruned). */
export interface NamedVersion {
	/** Unique per map, `v1`, `v2`, … in the order they were named. */
	id: string;
	name: string;
	seq: number;
	/** When it was named (ms since the epoch). */
	at: number;
	authorId: string | null;
}

/** What rebuilding the map after row `seq` needs: a full state, then rows in order. */
export interface StateAt {
	/** The checkpoint's full state, and the log position it stands at (0: before the first row). */
	base: Uint8Array;
	baseSeq: number;
	/** The rows after the checkpoint up to the asked position, in order, and their seqs (same length). */
	updates: Uint8Array[];
	seqs: number[];
}

/**
 * A map's history: every stored update (kept by compaction), checkpoints (full states at log
 * positions, written by `compact`), and named versions (full states, never pruned).
 *
 * Invariants every implementation keeps:
 * - For every `seq` from `oldestSeq` on, `stateAt(seq)` gives a checkpoint at or before `seq` and the
 *   rows after it up to `seq`, from one consistent read.
 * - `pruneHistory(id, before)` keeps the newest checkpoint older than `before` and everything after
 *   it; it drops older rows and checkpoints, never a named version, never the snapshot or the rows
 *   after it.
 */
export interface HistoryStore {
	/**
	 * The log rows the map still has, oldest first; null for an unknown map. With `page`, only that
	 * page (history reads long logs page by page, so no single read is unbounded).
	 */
	logEntries(id: string, page?: LogPage): Promise<LogEntry[] | null>;
	/**
	 * The oldest log position history can rebuild (its oldest checkpoint's); null for an unknown
	 * map. A map created before history was kept starts at the checkpoint made from its snapshot.
	 */
	oldestSeq(id: string): Promise<number | null>;
	/** How to rebuild the map after row `seq`; 'pruned' before `oldestSeq`; null for an unknown map. */
	stateAt(id: string, seq: number): Promise<StateAt | 'pruned' | null>;
	/** Stores a named version with its full state; resolves with it. Rejects for an unknown map. */
	nameVersion(
		id: string,
		version: Omit<NamedVersion, 'id'>,
		state: Uint8Array
	): Promise<NamedVersion>;
	listVersions(id: string): Promise<NamedVersion[]>;
	/** A named version and its state, or null. */
	getVersion(
		id: string,
		versionId: string
	): Promise<{ version: NamedVersion; state: Uint8Array } | null>;
	/** Drops history older than `before` (ms since the epoch), as the invariant says. */
	pruneHistory(id: string, before: number): Promise<void>;
}

/**
 * Everything stored for one map, for moving it to another store (`npm run migrate-store`): the
 * listing row, the snapshot, every log row kept (with time and author), the history's checkpoints
 * and named versions, and the share record. Seqs are the source store's; the target renumbers
 * rows in its own way and maps every other seq to the row it follows.
 */
export interface MapDump {
	summary: MapSummary;
	snapshot: { state: Uint8Array; upToSeq: number };
	rows: Array<{ seq: number; data: Uint8Array; at: number; authorId: string | null }>;
	checkpoints: Array<{ seq: number; at: number; state: Uint8Array }>;
	versions: Array<{
		num: number;
		name: string;
		seq: number;
		at: number;
		authorId: string | null;
		state: Uint8Array;
	}>;
	share: ShareRecord | null;
}

/**
 * Moving maps between stores. Invariant: `importMaps` writes all the given maps in one
 * transaction or none of them; a map whose id the target already has is left as it is (listed in
 * `skipped`), so importing twice changes nothing.
 */
export interface TransferStore {
	/** null for an unknown id. Read in one consistent view. */
	dumpMap(id: string): Promise<MapDump | null>;
	importMaps(dumps: MapDump[]): Promise<{ imported: string[]; skipped: string[] }>;
}

/**
 * For each seq of the source (a checkpoint, the snapshot, a version): the target's seq of the last
 * row at or before it, or 0 when no kept row is (the state before every kept row).
 */
export function seqMapper(
	rows: Array<{ seq: number }>,
	newSeqs: number[]
): (sourceSeq: number) => number {
	return (sourceSeq) => {
		let result = 0;
		for (let i = 0; i < rows.length && rows[i].seq <= sourceSeq; i++) result = newSeqs[i];
		return result;
	};
}
