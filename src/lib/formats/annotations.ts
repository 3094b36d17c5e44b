/**
 * Map → W3C Web Annotations (Web Annotation Data Model and Vocabulary, JSON-LD with the context
 * `http://www.w3.org/ns/anno.jsonld`): an AnnotationCollection whose first (only) AnnotationPage
 * holds one Annotation per anchor.
 *
 * Each annotation targets the source text with a TextQuoteSelector (exact, prefix, suffix) and a
 * TextPositionSelector (start, end) — the same segment, described two ways. Its bodies are the
 * node's label (TextualBody, purpose `describing`), its kind (TextualBody, purpose `classifying`) and
 * a link to the node in the editor (purpose `linking`). Positions are counted in Unicode code points
 * as the model requires (Warrant's anchors count UTF-16 units; they differ only around astral
 * characters such as emoji).
 */
import type { MapFile } from '$lib/model/mapfile';
import type { ExportOptions, ExportResult } from './types';

export const ANNOTATION_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

/** UTF-16 offset → code point offset; the identity when the text has no surrogate pairs. */
function codePointOffsets(text: string): (offset: number) => number {
	if (!/[\ud800-\udfff]/.test(text)) return (offset) => offset;
	const table = new Uint32Array(text.length + 1);
	let points = 0;
	for (let i = 0; i < text.length; i++) {
		table[i] = points++;
		const c = text.charCodeAt(i);
		const d = text.charCodeAt(i + 1);
		// A surrogate pair is one code point; an offset between its halves (never an anchor's edge)
		// counts as after it.
		if (c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) table[++i] = points;
	}
	table[text.length] = points;
	return (offset) => table[offset];
}

export function exportAnnotations(file: MapFile, opts: ExportOptions = {}): ExportResult {
	const mapId = opts.mapId ?? file.id ?? 'map';
	const base = opts.baseUrl?.replace(/\/+$/, '');
	const mapIri = base
		? `${base}/map/${encodeURIComponent(mapId)}`
		: `urn:warrant:map:${encodeURIComponent(mapId)}`;
	const sep = base ? '/' : ':';
	const sourceIri = base ? `${mapIri}#source` : `${mapIri}:source`;
	const toPoints = codePointOffsets(file.meta.source.text);
	const items = file.nodes.flatMap((n) =>
		n.anchors.map((a, j) => ({
			id: `${mapIri}${sep}annotations${sep}${encodeURIComponent(n.id)}-${j + 1}`,
			type: 'Annotation',
			motivation: 'describing',
			created: n.createdAt,
			...(n.author ? { creator: { type: 'Person', name: n.author } } : {}),
			body: [
				{ type: 'TextualBody', value: n.text, format: 'text/plain', purpose: 'describing' },
				{ type: 'TextualBody', value: n.kind, purpose: 'classifying' },
				{
					type: 'SpecificResource',
					source: base
						? `${mapIri}#node-${encodeURIComponent(n.id)}`
						: `${mapIri}:node:${encodeURIComponent(n.id)}`,
					purpose: 'linking'
				}
			],
			target: {
				source: sourceIri,
				selector: [
					{ type: 'TextQuoteSelector', exact: a.exact, prefix: a.prefix, suffix: a.suffix },
					{ type: 'TextPositionSelector', start: toPoints(a.start), end: toPoints(a.end) }
				]
			}
		}))
	);
	const collection = {
		'@context': ANNOTATION_CONTEXT,
		id: `${mapIri}${sep}annotations`,
		type: 'AnnotationCollection',
		label: `Annotations of “${file.meta.source.title || file.meta.title}” from the Warrant map “${file.meta.title}”`,
		total: items.length,
		first: {
			id: `${mapIri}${sep}annotations${sep}page1`,
			type: 'AnnotationPage',
			startIndex: 0,
			items
		}
	};
	return {
		body: JSON.stringify(collection, null, '\t') + '\n',
		mime: 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
		ext: 'jsonld'
	};
}
