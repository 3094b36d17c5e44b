/**
 * Reads the parts of a map that an image needs from either input shape. A `MapView` may have no
 * valid meta (a broken document still exports its nodes); a `MapFile` always has one.
 */
import type { Meta, NodeRecord, EdgeRecord } from '$lib/model/schema';
import type { ExportInput } from './svg-types';

export interface ExportMap {
	meta: Meta | null;
	nodes: readonly NodeRecord[];
	edges: readonly EdgeRecord[];
}

export function exportMapOf(input: ExportInput): ExportMap {
	return { meta: input.meta ?? null, nodes: input.nodes, edges: input.edges };
}

/**
 * The source line a reader cites: "author, publication, date", leaving out empty parts. Returns ''
 * when the map names no source.
 */
export function sourceLineOf(meta: Meta | null): string {
	if (!meta) return '';
	const { author, publication, date } = meta.source;
	return [author, publication, date]
		.map((part) => part.trim())
		.filter(Boolean)
		.join(', ');
}
