/**
 * What the server needs from persistence, and nothing more. SQLite implements it today; a later
 * PostgreSQL/Redis implementation lets several processes share maps, so every method is async and
 * speaks in map ids and opaque Yjs update bytes.
 *
 * Invariants every implementation keeps:
 * - A map's state is its snapshot (if any) followed by its log rows in `seq` order.
 * - `appendUpdate` resolves only after the row is durable (committed): the caller broadcasts after.
 * - `compact` replaces the snapshot and deletes the log rows it covers in one transaction, so a
 *   crash leaves either the old snapshot + all rows or the new snapshot + the rows after `upToSeq`.
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

export interface Storage {
	listMaps(): Promise<MapSummary[]>;
	hasMap(id: string): Promise<boolean>;
	/** 'exists' (and nothing written) when the id is taken. */
	createMap(summary: MapSummary, state: Uint8Array): Promise<'created' | 'exists'>;
	/** null for an unknown id. */
	loadMap(id: string): Promise<StoredMap | null>;
	/** Appends one update to the log of an existing map; resolves with its `seq` once committed. */
	appendUpdate(id: string, update: Uint8Array): Promise<number>;
	/** Stores `state` as the snapshot and deletes the log rows with `seq <= upToSeq`. */
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
