/**
 * What the server needs from persistence, and nothing more. SQLite implements it today; a later
 * PostgreSQL/Redis implementation lets several processes share maps, so every method is async and
 * speaks in map ids and opaque Yjs update bytes.
 *
 * Invariants every implementation keeps:
 * - A map's state is its snapshot (if any) followed by its log rows in `seq` order.
 * - `appendUpdate` resolves only after the row is durable (committed): the caller broadcasts after.
 * - `compact` replaces the snapshot and records it as a checkpoint in one transaction; it never
 *   deletes log rows (they are the map's history, see `HistoryStore`), so after a crash the map
 *   loads from either the old or the new snapshot plus the rows after it.
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
	listMaps(): Promise<MapSummary[]>;
	hasMap(id: string): Promise<boolean>;
	/** 'exists' (and nothing written) when the id is taken. */
	createMap(summary: MapSummary, state: Uint8Array): Promise<'created' | 'exists'>;
	/** null for an unknown id. */
	loadMap(id: string): Promise<StoredMap | null>;
	/** Appends one update to the log of an existing map; resolves with its `seq` once committed. */
	appendUpdate(id: string, update: Uint8Array, origin: UpdateOrigin): Promise<number>;
	/**
	 * Stores `state` (the map after the row `upToSeq`) as the snapshot and as a checkpoint of the
	 * history; keeps every log row.
	 */
	compact(id: string, state: Uint8Array, upToSeq: number): Promise<void>;
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
	base: Uint8Array;
	updates: Uint8Array[];
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
	/** Every log row the map still has, oldest first; null for an unknown map. */
	logEntries(id: string): Promise<LogEntry[] | null>;
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
