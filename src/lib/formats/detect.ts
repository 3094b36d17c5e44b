/**
 * Which format a file is in. JSON is parsed once here and handed on. Decided by content first
 * (a warrant-map's `format` field; AIF's `nodes`/`edges` with `nodeID`/`type`, or xAIF's `AIF` key),
 * then by the file name or content type for Argdown — any text is valid Argdown, so plain prose is
 * only taken for Argdown when something says it is.
 */
import { MAP_FILE_FORMAT } from '$lib/model/mapfile';
import type { ImportHint } from './types';

export type Detection =
	| { format: 'json'; value: unknown }
	| { format: 'aif'; value: unknown }
	| { format: 'argdown' }
	| { error: string };

const isObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

const looksLikeAifNode = (n: unknown): boolean => isObject(n) && 'nodeID' in n && 'type' in n;

const ARGDOWN_NAME = /\.(argdown|ad)$/i;
/** Statement or argument titles, relation lines, or front matter: Argdown that is not plain prose. */
const ARGDOWN_MARKS = [
	/^[ \t]*\[[^\]\n]+\]:/m,
	/^[ \t]*<[^>\n]+>:?/m,
	/^[ \t]+(<?[+\-_]|[+\-_]>|><)[ \t]*[[<]/m,
	/^===\s*$/m
];

const saysArgdown = (hint: ImportHint) =>
	ARGDOWN_NAME.test(hint.filename ?? '') || /argdown/i.test(hint.contentType ?? '');

export function detectFormat(text: string, hint: ImportHint = {}): Detection {
	if (saysArgdown(hint)) return { format: 'argdown' };
	const head = text.trimStart();
	const saysJson = /\.json$/i.test(hint.filename ?? '') || /json/i.test(hint.contentType ?? '');
	const looksArgdown = ARGDOWN_MARKS.some((re) => re.test(text));
	if (head.startsWith('{') || head.startsWith('[') || saysJson) {
		let value: unknown;
		try {
			value = JSON.parse(text);
		} catch (err) {
			// `[title]: text` starts like a JSON array; it is Argdown unless the file says JSON.
			if (looksArgdown && !saysJson) return { format: 'argdown' };
			return { error: `not valid JSON: ${(err as Error).message}` };
		}
		return detectJson(value);
	}
	if (looksArgdown) return { format: 'argdown' };
	return { error: 'unrecognised file: expected warrant-map JSON, AIF JSON or Argdown' };
}

function detectJson(value: unknown): Detection {
	if (!isObject(value))
		return { error: 'the JSON is not an object: expected a warrant-map file or an AIF nodeset' };
	if ('format' in value) {
		if (value.format === MAP_FILE_FORMAT) return { format: 'json', value };
		if (!('nodes' in value) && !('AIF' in value))
			return {
				error: `format: expected "${MAP_FILE_FORMAT}", got ${JSON.stringify(value.format)}`
			};
	}
	if (isObject(value.AIF)) return { format: 'aif', value };
	if (
		Array.isArray(value.nodes) &&
		Array.isArray(value.edges) &&
		(value.nodes.length === 0 || looksLikeAifNode(value.nodes[0]))
	)
		return { format: 'aif', value };
	return {
		error:
			'unrecognised JSON: expected a warrant-map file ("format": "warrant-map") or AIF ("nodes" and "edges" with nodeID and type, or xAIF with an "AIF" key)'
	};
}
