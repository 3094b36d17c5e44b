/**
 * Warrant's own format: the map file (`src/lib/model/mapfile.ts`) as pretty JSON. Lossless — the only
 * format that carries comments and votes — so importing an export gives back an equal `MapFile`.
 */
import { parseMapFile, type MapFile } from '$lib/model/mapfile';
import { cycleWarnings } from './graph';
import type { ExportResult, ImportResult } from './types';

export function exportJson(file: MapFile): ExportResult {
	return { body: JSON.stringify(file, null, '\t') + '\n', mime: 'application/json', ext: 'json' };
}

/** Imports an already-decoded JSON value (see `detect.ts`). */
export function importJsonValue(value: unknown): ImportResult {
	const parsed = parseMapFile(value);
	if (!parsed.ok) return { ok: false, error: `warrant-map JSON: ${parsed.error}` };
	const file = parsed.value;
	return {
		ok: true,
		file,
		report: {
			format: 'json',
			nodes: file.nodes.length,
			edges: file.edges.length,
			skipped: [],
			warnings: cycleWarnings(
				file.nodes.map((n) => n.id),
				file.edges
			)
		}
	};
}
