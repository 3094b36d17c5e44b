/**
 * Map → Argdown (https://argdown.org), read by @argdown/core in loose mode (its default), where `+`
 * and `-` between statements mean support and attack.
 *
 * - Each node is a statement `[id]: text #(kind) {data}`: the kind as a tag (Argdown colours maps by
 *   tag); data holds the anchors (`start`, `end` into the source text and the quoted `exact` words),
 *   the position, and — when the text cannot be one Argdown line — the exact text.
 * - A single supports edge is `+ [from]` and an attack `- [from]` below the target's statement; their
 *   edge ids are not carried (Argdown relations have no data), so an import gives them new ids.
 * - Argdown undercuts an inference, and only arguments have inferences, so a co-premise group, and
 *   any supports edge that is undercut, is an argument with a premise-conclusion structure; its
 *   undercuts are `<_ [from]` below its inference line. Its data holds the group name and edge ids.
 * - An undercut of an attack or of another undercut has no Argdown form; the undercutting statement
 *   carries it in data, as `"undercuts": ["n5 attacks n1"]` (an edge named by its ends, see
 *   `edgeKey`), so a Warrant import restores it while Argdown tools ignore it.
 * - Front matter holds the title and, under `warrant`, the source (with its full text) so an import
 *   can rebuild sentences and anchors.
 */
import type { MapFile } from '$lib/model/mapfile';
import type { EdgeRecord } from '$lib/model/schema';
import { argdownJson, escapeArgdownText, needsExactText } from './argdown-text';
import { inferenceByEdge, supportInferences, type Inference } from './graph';
import type { ExportResult } from './types';

/**
 * An edge named by its ends: `from relation to`, where an undercut's `to` is the key of the edge it
 * undercuts, in brackets. Stable across an export and import, unlike the ids of `+`/`-` relations.
 */
export function edgeKey(
	edge: EdgeRecord,
	byId: ReadonlyMap<string, EdgeRecord>,
	depth = 0
): string {
	const target = edge.relation === 'undercuts' ? byId.get(edge.to) : undefined;
	const to = target && depth < 32 ? `(${edgeKey(target, byId, depth + 1)})` : edge.to;
	return `${edge.from} ${edge.relation} ${to}`;
}

/** Argdown titles: the id when Argdown can read it back as a title, else a unique stand-in. */
function titles(
	ids: readonly string[],
	readable: (id: string) => boolean,
	stem: string
): Map<string, string> {
	const used = new Set(ids.filter(readable));
	const out = new Map<string, string>();
	let n = 0;
	for (const id of ids) {
		if (readable(id)) {
			out.set(id, id);
			continue;
		}
		let title: string;
		do title = `${stem}${++n}`;
		while (used.has(title));
		used.add(title);
		out.set(id, title);
	}
	return out;
}

export function exportArgdown(file: MapFile): ExportResult {
	const byId = new Map(file.edges.map((e) => [e.id, e]));
	const inferences = supportInferences(file.edges);
	const ofEdge = inferenceByEdge(inferences);
	const undercutsOf = new Map<Inference, EdgeRecord[]>();
	const otherUndercuts = new Map<string, string[]>();
	for (const e of file.edges) {
		if (e.relation !== 'undercuts') continue;
		const inf = ofEdge.get(e.to);
		if (inf) (undercutsOf.get(inf) ?? undercutsOf.set(inf, []).get(inf)!).push(e);
		else if (byId.has(e.to))
			(otherUndercuts.get(e.from) ?? otherUndercuts.set(e.from, []).get(e.from)!).push(
				edgeKey(byId.get(e.to)!, byId)
			);
	}
	const asArgument = inferences.filter((inf) => inf.edges.length > 1 || undercutsOf.has(inf));
	const isArgument = new Set(asArgument);
	const statementTitle = titles(
		file.nodes.map((n) => n.id),
		(id) => !id.startsWith('-'),
		'node-'
	);
	const ref = (nodeId: string) => `[${statementTitle.get(nodeId) ?? nodeId}]`;

	const lines: string[] = [
		'===',
		`title: ${argdownJson(file.meta.title)}`,
		`warrant: ${argdownJson({ format: 'warrant-map', version: 1, createdAt: file.meta.createdAt, source: file.meta.source })}`,
		'===',
		'',
		'// Exported from Warrant. Statements are the map’s nodes, tagged with their kind; + supports, - attacks.',
		'// Linked premises and undercut inferences are arguments; <_ below an inference undercuts it.',
		''
	];

	const incoming = new Map<string, string[]>();
	for (const e of file.edges) {
		if (e.relation === 'undercuts') continue;
		if (e.relation === 'supports' && isArgument.has(ofEdge.get(e.id)!)) continue;
		(incoming.get(e.to) ?? incoming.set(e.to, []).get(e.to)!).push(
			`    ${e.relation === 'supports' ? '+' : '-'} ${ref(e.from)}`
		);
	}
	for (const n of file.nodes) {
		const data: Record<string, unknown> = {};
		if (statementTitle.get(n.id) !== n.id) data.id = n.id;
		if (needsExactText(n.text)) data.text = n.text;
		if (n.anchors.length > 0)
			data.anchors = n.anchors.map((a) => ({ start: a.start, end: a.end, exact: a.exact }));
		if (n.x !== undefined && n.y !== undefined) Object.assign(data, { x: n.x, y: n.y });
		const undercuts = otherUndercuts.get(n.id);
		if (undercuts) data.undercuts = undercuts;
		const text = escapeArgdownText(n.text.replace(/\s+/g, ' ').trim());
		const dataPart = Object.keys(data).length > 0 ? ` ${argdownJson(data)}` : '';
		lines.push(
			`${ref(n.id)}: ${text}${text ? ' ' : ''}#(${n.kind})${dataPart}`,
			...(incoming.get(n.id) ?? []),
			''
		);
	}

	const argumentTitle = titles(
		asArgument.map((inf) => inf.group ?? inf.edges[0].id),
		(t) => /^[A-Za-z0-9][A-Za-z0-9 _-]*$/.test(t),
		'argument-'
	);
	const seenTitles = new Set<string>();
	for (const inf of asArgument) {
		let title = argumentTitle.get(inf.group ?? inf.edges[0].id)!;
		// Two groups with one name (into different conclusions) are two arguments.
		for (let k = 2; seenTitles.has(title); k++)
			title = `${argumentTitle.get(inf.group ?? inf.edges[0].id)} ${k}`;
		seenTitles.add(title);
		const undercuts = undercutsOf.get(inf) ?? [];
		const data: Record<string, unknown> = { edges: inf.edges.map((e) => e.id) };
		if (inf.group) data.group = inf.group;
		// Argdown undercuts the whole inference; the edge ids, and which edge of a group each undercut
		// named, go in data so a Warrant import restores them.
		if (undercuts.length > 0)
			data.undercuts = undercuts.map((u) => ({ from: u.from, id: u.id, edge: u.to }));
		lines.push(`<${title}> ${argdownJson(data)}`, '');
		inf.edges.forEach((e, k) => lines.push(`(${k + 1}) ${ref(e.from)}`));
		lines.push(
			'----',
			...undercuts.map((u) => `    <_ ${ref(u.from)}`),
			`(${inf.edges.length + 1}) ${ref(inf.to)}`,
			''
		);
	}
	return { body: lines.join('\n'), mime: 'text/x-argdown; charset=utf-8', ext: 'argdown' };
}
