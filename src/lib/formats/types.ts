/**
 * Types shared by every data format. A format module exports pure functions over `MapFile`; nothing
 * here touches Yjs, the DOM or Svelte, so the server, the browser and scripts can all use them.
 */
import type { MapFile } from '$lib/model/mapfile';

export const DATA_FORMATS = ['json', 'aif', 'argdown', 'md', 'annotations'] as const;
export type DataFormat = (typeof DATA_FORMATS)[number];

/** Formats that `importMap` reads back; `md` and `annotations` are export-only. */
export const IMPORT_FORMATS = ['json', 'aif', 'argdown'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export const isDataFormat = (value: unknown): value is DataFormat =>
	typeof value === 'string' && (DATA_FORMATS as readonly string[]).includes(value);

export interface ExportOptions {
	/** Origin the map is served from, e.g. `https://warrant.example`; used for links and IRIs. */
	baseUrl?: string;
	/** The map's id; defaults to `file.id`, then `map`. */
	mapId?: string;
	/** AIF only: `xaif` (default) wraps the nodeset as OVA opens it; `aifdb` is the bare nodeset. */
	aif?: 'xaif' | 'aifdb';
}

export interface ExportResult {
	body: string;
	mime: string;
	/** File extension without the dot. */
	ext: string;
}

export interface ImportReport {
	format: ImportFormat;
	nodes: number;
	edges: number;
	/** Parts of the file that have no Warrant equivalent, counted by reason; never silently dropped. */
	skipped: { reason: string; count: number }[];
	warnings: string[];
}

export type ImportResult =
	{ ok: true; file: MapFile; report: ImportReport } | { ok: false; error: string };

export interface ImportHint {
	filename?: string;
	contentType?: string;
}
