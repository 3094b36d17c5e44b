/**
 * The last step of every non-JSON import. An importer fills a `Draft` (nodes and edges with their
 * origin in the foreign file, plus the source text if the file carries one); `finishDraft` builds the
 * source and sentences, anchors the nodes, and validates the whole map with `parseMapFile`. Only a
 * map that passes is returned, so an import is all or nothing.
 */
import { MAP_FILE_FORMAT, MAP_FILE_VERSION, parseMapFile, type MapFile } from '$lib/model/mapfile';
import { z } from 'zod/mini';
import {
	SCHEMA_VERSION,
	type AifLayer,
	type AifRef,
	type Anchor,
	type EdgeRecord,
	type NodeKind
} from '$lib/model/schema';
import { buildSource, normalizeText } from '$lib/text/source';
import { anchorsForRange, findVerbatim, isRangeIn, type Range } from './anchors';
import { cycleWarnings } from './graph';
import type { ImportFormat, ImportResult } from './types';

/** Node text limit of the contract (NodeRecordSchema). */
const MAX_NODE_TEXT = 10_000;

export const FORMAT_NAMES: Record<ImportFormat, string> = {
	json: 'warrant-map JSON',
	aif: 'AIF',
	argdown: 'Argdown'
};

export interface DraftNode {
	id: string;
	kind: NodeKind;
	text: string;
	x?: number;
	y?: number;
	/** Ranges of the source text to anchor to; when absent, the text's first verbatim occurrence. */
	ranges?: Range[];
	author?: string;
	createdAt?: string;
	title?: string;
	tags?: string[];
	section?: string[];
	argument?: true;
	aif?: AifRef;
	/** Where the node came from in the foreign file, for error messages: `nodes[3] (nodeID 17)`. */
	origin: string;
}

export interface Draft {
	format: ImportFormat;
	title: string;
	createdAt?: string;
	source: {
		title?: string;
		text?: string;
		author?: string;
		publication?: string;
		date?: string;
		lang?: string;
	};
	nodes: DraftNode[];
	edges: EdgeRecord[];
	/** AIF data kept but not drawn (`meta.aif`). */
	aif?: AifLayer;
	skipped: Map<string, number>;
	warnings: string[];
}

export function newDraft(format: ImportFormat, title: string): Draft {
	return { format, title, source: {}, nodes: [], edges: [], skipped: new Map(), warnings: [] };
}

export function skip(draft: Draft, reason: string, count = 1): void {
	if (count > 0) draft.skipped.set(reason, (draft.skipped.get(reason) ?? 0) + count);
}

const isoDate = z.iso.datetime({ offset: true });
const COMMON_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/;
/** The contract's ISO test; the common shape is checked by a regex first, as zod is slow per node. */
const isIso = (value: string | undefined): value is string =>
	typeof value === 'string' &&
	((COMMON_ISO.test(value) && !Number.isNaN(Date.parse(value))) ||
		isoDate.safeParse(value).success);

/**
 * Without a source text, the node texts become the source: one paragraph each, every distinct text
 * once, so each node anchors to its own paragraph.
 */
function textFromNodes(nodes: DraftNode[]): { text: string; ranges: Map<string, Range> } {
	const at = new Map<string, Range>();
	let text = '';
	const ranges = new Map<string, Range>();
	for (const n of nodes) {
		const words = normalizeText(n.text).trim();
		if (!words) continue;
		let r = at.get(words);
		if (!r) {
			if (text) text += '\n\n';
			r = { start: text.length, end: text.length + words.length };
			text += words;
			at.set(words, r);
		}
		ranges.set(n.id, r);
	}
	return { text, ranges };
}

export function finishDraft(draft: Draft, now = new Date().toISOString()): ImportResult {
	const name = FORMAT_NAMES[draft.format];
	for (const n of draft.nodes)
		if (n.text.length > MAX_NODE_TEXT)
			return {
				ok: false,
				error: `${name}: ${n.origin}: text is longer than ${MAX_NODE_TEXT} characters`
			};
	const fromNodes = draft.source.text === undefined ? textFromNodes(draft.nodes) : null;
	const wanted = fromNodes ? fromNodes.text : normalizeText(draft.source.text ?? '');
	const built = buildSource({
		title: draft.title.slice(0, 500),
		text: wanted,
		author: draft.source.author,
		publication: draft.source.publication,
		date: draft.source.date,
		lang: draft.source.lang
	});
	if (!built.ok)
		return {
			ok: false,
			error: `${name}: ${fromNodes ? 'cannot build a source from the node texts' : 'source text'}: ${built.error}`
		};
	const warnings = [...draft.warnings, ...built.notices];
	const text = built.source.text;
	// The map's title and its source's title differ when a file says so (our own exports do).
	const source = {
		...built.source,
		title: draft.source.title?.trim().slice(0, 500) || built.title
	};
	// Ranges are offsets into the text as given; if intake changed the text, fall back to words.
	const rangesHold = text === wanted;
	let unanchored = 0;
	let badRanges = 0;
	const nodes = draft.nodes.map((n) => {
		let ranges = fromNodes ? [fromNodes.ranges.get(n.id)].filter((r): r is Range => !!r) : n.ranges;
		if (ranges && (!rangesHold || !ranges.every((r) => isRangeIn(text, r)))) {
			if (!fromNodes) badRanges++;
			ranges = undefined;
		}
		if (!ranges) {
			const found = findVerbatim(text, normalizeText(n.text));
			ranges = found ? [found] : [];
		}
		const anchors: Anchor[] = ranges.flatMap((r) => anchorsForRange(text, built.sentences, r));
		if (anchors.length === 0) unanchored++;
		return {
			id: n.id,
			kind: n.kind,
			text: n.text,
			...(n.x !== undefined && n.y !== undefined ? { x: n.x, y: n.y } : {}),
			anchors,
			author: (n.author ?? '').slice(0, 200),
			createdAt: isIso(n.createdAt) ? n.createdAt : isIso(draft.createdAt) ? draft.createdAt : now,
			...(n.title ? { title: n.title } : {}),
			...(n.tags?.length ? { tags: n.tags } : {}),
			...(n.section?.length ? { section: n.section } : {}),
			...(n.argument ? { argument: n.argument } : {}),
			...(n.aif ? { aif: n.aif } : {})
		};
	});
	if (badRanges > 0)
		warnings.push(
			`${badRanges} node(s) had anchors that do not fit the source text; anchored by their words instead`
		);
	if (unanchored > 0 && draft.nodes.length > 0)
		warnings.push(
			`${unanchored} of ${draft.nodes.length} node(s) do not occur verbatim in the source text and have no anchor`
		);
	warnings.push(
		...cycleWarnings(
			nodes.map((n) => n.id),
			draft.edges
		)
	);
	const candidate: MapFile = {
		format: MAP_FILE_FORMAT,
		version: MAP_FILE_VERSION,
		meta: {
			schema: SCHEMA_VERSION,
			title: built.title,
			createdAt: isIso(draft.createdAt) ? draft.createdAt : now,
			source,
			...(draft.aif ? { aif: draft.aif } : {})
		},
		sentences: built.sentences,
		nodes,
		edges: draft.edges,
		comments: [],
		votes: []
	};
	const parsed = parseMapFile(candidate);
	if (!parsed.ok)
		return { ok: false, error: `${name}: the imported map is not valid: ${parsed.error}` };
	return {
		ok: true,
		file: parsed.value,
		report: {
			format: draft.format,
			nodes: nodes.length,
			edges: draft.edges.length,
			skipped: [...draft.skipped].map(([reason, count]) => ({ reason, count })),
			warnings
		}
	};
}
