/**
 * The table rows both stores read, and how a row becomes what `Storage` hands out. SQLite
 * (`sqlite.ts`) and PostgreSQL (`postgres.ts`) keep the same tables with the same column names, so
 * a row means the same in both; the drivers differ only in how some values arrive:
 * - `seq` and `at` are BIGINT in PostgreSQL, which node-postgres hands out as strings (they may
 *   pass 2^53; ours never come near), and numbers in better-sqlite3: read with `Number`.
 * - `editor_grants` is a JSON text in SQLite and JSONB (already parsed) in PostgreSQL: each store
 *   turns it into a value and `grantsOf` keeps only what a grant can be.
 * - both drivers return binary columns as Buffers; callers get plain Uint8Array views (`bytes`).
 */
import type { MapDump, MapSummary, NamedVersion, ShareRecord } from './storage';

/** A row of `maps` (the listing columns; PostgreSQL's `last_seq` is read on its own). */
export interface SummaryRow {
	id: string;
	title: string;
	source_title: string;
	source_author: string;
	created_at: string;
	updated_at: string;
	node_count: number;
	edge_count: number;
}

export const toSummary = (row: SummaryRow): MapSummary => ({
	id: row.id,
	title: row.title,
	sourceTitle: row.source_title,
	sourceAuthor: row.source_author,
	createdAt: row.created_at,
	updatedAt: row.updated_at,
	nodeCount: row.node_count,
	edgeCount: row.edge_count
});

/** A row of `shares`; `Grants` is how the driver gives `editor_grants` (see above). */
export interface ShareRow<Grants> {
	map_id: string;
	edit_token: string;
	view_token: string;
	created_at: string;
	editor_grants: Grants;
}

/** The stored grants as read: an array of digests; anything else reads as none (nobody admitted). */
export const grantsOf = (value: unknown): string[] =>
	Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string') : [];

export const toShare = (row: ShareRow<unknown>, editorGrants: string[]): ShareRecord => ({
	mapId: row.map_id,
	editToken: row.edit_token,
	viewToken: row.view_token,
	createdAt: row.created_at,
	editorGrants
});

/** A row of `versions` without its state. */
export interface VersionRow {
	num: number;
	name: string;
	seq: number | string;
	at: number | string;
	author_id: string | null;
}

export const toVersion = (row: VersionRow): NamedVersion => ({
	id: `v${row.num}`,
	name: row.name,
	seq: Number(row.seq),
	at: Number(row.at),
	authorId: row.author_id
});

/** A row of `versions` with its state, as a dump carries it (`TransferStore`). */
export const toDumpedVersion = (
	row: VersionRow & { state: Buffer }
): MapDump['versions'][number] => ({
	num: row.num,
	name: row.name,
	seq: Number(row.seq),
	at: Number(row.at),
	authorId: row.author_id,
	state: bytes(row.state)
});

/** `v<n>` → n; null for anything else (the ids `toVersion` hands out). */
export const versionNumber = (versionId: string): number | null => {
	const m = /^v([1-9][0-9]{0,8})$/.exec(versionId);
	return m ? Number(m[1]) : null;
};

export const bytes = (b: Buffer): Uint8Array =>
	new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
