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
