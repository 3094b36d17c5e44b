/**
 * Map → Argdown (https://argdown.org), read by @argdown/core in loose mode (its default), where `+`
 * and `-` between statements mean support and attack.
 *
 * - Each node is a statement `[title]: text #(kind) #(tag)… {data}` — its title when it has one
 *   (kept exactly, spaces and all), else its id; the kind as a tag (Argdown colours maps by tag),
 *   then its other tags; data holds the id (when the title is not the id), the anchors (`start`,
 *   `end` into the source text and the quoted `exact` words), the position, and — when the text
 *   cannot be one Argdown line — the exact text. A node marked `argument` is a sketched argument
 *   `<title>: text`. Links in the text (`[text](url)`) are written as Argdown links.
 * - Nodes sit under the headings of their `section` (`#`, `##`, … in the order first met).
 * - A single supports edge is `+ [from]`, an attack `- [from]` below the target's statement (a
 *   contradictory one `>< [from]`, an undercut of a sketched argument `<_ [from]`); their edge ids
 *   are not carried (Argdown relations have no data), so an import gives them new ids.
 * - Rephrases (AIF MA) have no Argdown form. The closest is support: `+ [from]`, and the rephrasing
 *   statement's data says `"rephrases": [to]` so a Warrant import restores the rephrase. Likewise
 *   loose Argdown has no contrary between statements: `- [from]` and data `"contrary": [to]`.
 * - Argdown undercuts an inference, and only arguments have inferences, so a co-premise group, an
 *   inference with a title (it came from an Argdown argument), a supports edge parallel to another,
 *   and any supports edge that is undercut, is an argument with a premise-conclusion structure
 *   (`<title>: description #(tag)` first); its undercuts are `<_ [from]` below its inference line.
 *   Its data holds the group name and edge ids.
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

/**
 * Argdown titles: the wanted title when Argdown can read it back as one and no earlier record took
 * it, else a unique stand-in. Keyed by `keys[i]` (default: the wanted title itself).
 */
function titles(
	wanted: readonly string[],
	readable: (title: string) => boolean,
	stem: string,
	keys: readonly string[] = wanted
): Map<string, string> {
	const used = new Set<string>();
	const out = new Map<string, string>();
	const fresh = new Set(wanted.filter(readable));
	let n = 0;
	wanted.forEach((w, i) => {
		if (out.has(keys[i])) return;
		if (readable(w) && !used.has(w)) {
			used.add(w);
			out.set(keys[i], w);
			return;
		}
		let title: string;
		do title = `${stem}${++n}`;
		while (used.has(title) || fresh.has(title));
		used.add(title);
		out.set(keys[i], title);
	});
	return out;
}

export function exportArgdown(file: MapFile): ExportResult {
	const byId = new Map(file.edges.map((e) => [e.id, e]));
	const inferences = supportInferences(file.edges);
	const ofEdge = inferenceByEdge(inferences);
	const undercutsOf = new Map<Inference, EdgeRecord[]>();
	const otherUndercuts = new Map<string, string[]>();
	const dataList = (map: Map<string, string[]>, key: string, value: string) =>
		(map.get(key) ?? map.set(key, []).get(key)!).push(value);
	for (const e of file.edges) {
		if (e.relation !== 'undercuts') continue;
		const inf = ofEdge.get(e.to);
		if (inf) (undercutsOf.get(inf) ?? undercutsOf.set(inf, []).get(inf)!).push(e);
		else if (byId.has(e.to)) dataList(otherUndercuts, e.from, edgeKey(byId.get(e.to)!, byId));
	}
	// A second ungrouped support between the same two nodes must be an argument, or Argdown merges it.
	const pairs = new Set<string>();
	const parallel = new Set<Inference>();
	for (const inf of inferences) {
		if (inf.edges.length !== 1) continue;
		const key = `${inf.edges[0].from} ${inf.to}`;
		if (pairs.has(key)) parallel.add(inf);
		pairs.add(key);
	}
	const asArgument = inferences.filter(
		(inf) =>
			inf.edges.length > 1 || undercutsOf.has(inf) || parallel.has(inf) || !!inf.edges[0].title
	);
	const isArgument = new Set(asArgument);
	const nodeById = new Map(file.nodes.map((n) => [n.id, n]));
	// One name space for statement titles, another for argument titles (Argdown keeps them apart).
	const statementIds = file.nodes.filter((n) => !n.argument).map((n) => n.id);
	const argumentNodeIds = file.nodes.filter((n) => n.argument).map((n) => n.id);
	const readableTitle = (t: string) => t === t.trim() && !/[[\]<>\n\r]/.test(t) && t.length > 0;
	const wantedTitle = (id: string) => {
		const t = nodeById.get(id)?.title;
		return t && readableTitle(t) ? t : id;
	};
	const statementTitle = titles(
		statementIds.map(wantedTitle),
		(t) => !t.startsWith('-') && readableTitle(t),
		'node-',
		statementIds
	);
	const argumentTitles = new Set<string>();
	const nodeArgumentTitle = titles(
		argumentNodeIds.map(wantedTitle),
		(t) => ARGUMENT_TITLE.test(t) && t === t.trim(),
		'argument-',
		argumentNodeIds
	);
	for (const t of nodeArgumentTitle.values()) argumentTitles.add(t);
	const ref = (nodeId: string) =>
		nodeById.get(nodeId)?.argument
			? `<${nodeArgumentTitle.get(nodeId) ?? nodeId}>`
			: `[${statementTitle.get(nodeId) ?? nodeId}]`;
	const titleOf = (nodeId: string) =>
		nodeById.get(nodeId)?.argument ? nodeArgumentTitle.get(nodeId) : statementTitle.get(nodeId);

	// AIF provenance of edges (AIF ids and timestamps of S-nodes), by edge key: Argdown relations
	// have no data of their own.
	const edgeAif = new Map<string, unknown>();
	for (const e of file.edges) {
		const key = edgeKey(e, byId);
		if (e.aif && !edgeAif.has(key)) edgeAif.set(key, e.aif);
	}
	const lines: string[] = [
		'===',
		`title: ${argdownJson(file.meta.title)}`,
		`warrant: ${argdownJson({
			format: 'warrant-map',
			version: file.version,
			createdAt: file.meta.createdAt,
			source: file.meta.source,
			...(file.meta.aif ? { aif: file.meta.aif } : {}),
			...(edgeAif.size > 0 ? { edgeAif: Object.fromEntries(edgeAif) } : {})
		})}`,
		'===',
		'',
		'// Exported from Warrant. Statements are the map’s nodes, tagged with their kind; + supports, - attacks.',
		'// Linked premises and undercut inferences are arguments; <_ below an inference undercuts it.',
		...(file.edges.some((e) => e.relation === 'rephrases')
			? [
					'// Rephrases (AIF MA) have no Argdown form: each is written as support (+), the closest relation,',
					'// and named in the rephrasing statement’s data ("rephrases"), which Warrant reads back.'
				]
			: []),
		''
	];

	const incoming = new Map<string, string[]>();
	const rephrasesData = new Map<string, string[]>();
	const contraryData = new Map<string, string[]>();
	for (const e of file.edges) {
		if (e.relation === 'undercuts') continue;
		if (e.relation === 'supports' && isArgument.has(ofEdge.get(e.id)!)) continue;
		if (e.relation === 'rephrases') dataList(rephrasesData, e.from, e.to);
		if (e.attackKind === 'contrary') dataList(contraryData, e.from, e.to);
		const sign =
			e.relation === 'supports' || e.relation === 'rephrases'
				? '+'
				: e.attackKind === 'contradictory'
					? '><'
					: e.attackKind === 'undercut' && nodeById.get(e.to)?.argument
						? '<_'
						: '-';
		// `><` is symmetric, and Argdown reads it below a statement as going from that statement:
		// so it is written below its `from`, which keeps the edge's direction through a round trip.
		if (sign === '><') dataList(incoming, e.from, `    >< ${ref(e.to)}`);
		else dataList(incoming, e.to, `    ${sign} ${ref(e.from)}`);
	}
	// Statements and arguments are blocks, written under the headings of their section.
	const blocks: Block[] = [];
	for (const n of file.nodes) {
		const data: Record<string, unknown> = {};
		if (titleOf(n.id) !== n.id) data.id = n.id;
		if (needsExactText(n.text)) data.text = n.text;
		if (n.anchors.length > 0)
			data.anchors = n.anchors.map((a) => ({ start: a.start, end: a.end, exact: a.exact }));
		if (n.x !== undefined && n.y !== undefined) Object.assign(data, { x: n.x, y: n.y });
		const undercuts = otherUndercuts.get(n.id);
		if (undercuts) data.undercuts = undercuts;
		if (rephrasesData.has(n.id)) data.rephrases = rephrasesData.get(n.id);
		if (contraryData.has(n.id)) data.contrary = contraryData.get(n.id);
		if (n.aif) data.aif = n.aif;
		const text = argdownTextWithLinks(n.text.replace(/\s+/g, ' ').trim());
		const tags = [n.kind, ...(n.tags ?? [])].map((t) => `#(${escapeTag(t)})`).join(' ');
		const dataPart = Object.keys(data).length > 0 ? ` ${argdownJson(data)}` : '';
		blocks.push({
			section: n.section ?? [],
			lines: [
				`${ref(n.id)}: ${text}${text ? ' ' : ''}${tags}${dataPart}`,
				...(incoming.get(n.id) ?? []),
				''
			]
		});
	}

	// Inferences that share a title and follow each other (each step's conclusion a premise of the
	// next) came from one multi-step Argdown argument, and are written as one again.
	const units: Inference[][] = [];
	const unitOfTitle = new Map<string, Inference[]>();
	for (const inf of asArgument) {
		const title = inf.edges[0].title;
		const unit = title !== undefined ? unitOfTitle.get(title) : undefined;
		const previous = unit?.[unit.length - 1];
		if (unit && previous && inf.edges.some((e) => e.from === previous.to)) {
			unit.push(inf);
			continue;
		}
		const fresh = [inf];
		units.push(fresh);
		if (title !== undefined) unitOfTitle.set(title, fresh);
	}
	const nameOf = (unit: Inference[]) => {
		const first = unit[0].edges[0];
		return first.title ?? unit[0].group ?? first.id;
	};
	const argumentTitle = titles(
		units.map(nameOf),
		(t) => ARGUMENT_TITLE.test(t) && t === t.trim() && !argumentTitles.has(t),
		'argument-'
	);
	const seenTitles = new Set<string>(argumentTitles);
	for (const unit of units) {
		const first = unit[0].edges[0];
		const base = argumentTitle.get(nameOf(unit))!;
		let title = base;
		// Two groups with one name (into different conclusions) are two arguments.
		for (let k = 2; seenTitles.has(title); k++) title = `${base} ${k}`;
		seenTitles.add(title);
		// Argdown undercuts the whole inference; the edge ids, and which edge of a group each undercut
		// named, go in data so a Warrant import restores them. A later step's first edge is the one
		// from the previous conclusion, as an import lists it.
		const ordered = unit.map((inf, k) => {
			if (k === 0) return inf.edges;
			const fromPrevious = inf.edges.filter((e) => e.from === unit[k - 1].to);
			return [fromPrevious[0], ...inf.edges.filter((e) => e !== fromPrevious[0])];
		});
		const stepData = unit.map((inf, k) => {
			const undercuts = undercutsOf.get(inf) ?? [];
			return {
				edges: ordered[k].map((e) => e.id),
				...(inf.group ? { group: inf.group } : {}),
				...(undercuts.length > 0
					? { undercuts: undercuts.map((u) => ({ from: u.from, id: u.id, edge: u.to })) }
					: {})
			};
		});
		const data: Record<string, unknown> =
			unit.length === 1 ? { ...stepData[0] } : { steps: stepData };
		if (first.title === undefined) data.untitled = true;
		const description = unit.flatMap((inf) => inf.edges).find((e) => e.description)?.description;
		const tags = (first.tags ?? []).map((t) => `#(${escapeTag(t)})`).join(' ');
		const about = [
			description ? argdownTextWithLinks(description.replace(/\s+/g, ' ').trim()) : '',
			tags
		]
			.filter(Boolean)
			.join(' ');
		const block: string[] = [`<${title}>${about ? `: ${about}` : ''} ${argdownJson(data)}`, ''];
		let n = 0;
		unit.forEach((inf, k) => {
			const premises = k === 0 ? ordered[k] : ordered[k].slice(1);
			for (const e of premises) block.push(`(${++n}) ${ref(e.from)}`);
			block.push(
				'----',
				...(undercutsOf.get(inf) ?? []).map((u) => `    <_ ${ref(u.from)}`),
				`(${++n}) ${ref(inf.to)}`
			);
		});
		block.push('');
		blocks.push({ section: first.section ?? [], lines: block });
	}
	let section: string[] = [];
	for (const b of sectionOrder(blocks)) {
		const wanted = b.section;
		// Headings from where the current path and the block's part ways.
		let same = 0;
		while (same < section.length && same < wanted.length && section[same] === wanted[same]) same++;
		for (let level = same; level < wanted.length; level++)
			lines.push(`${'#'.repeat(level + 1)} ${escapeArgdownText(wanted[level])}`, '');
		section = wanted;
		lines.push(...b.lines);
	}
	return { body: lines.join('\n'), mime: 'text/x-argdown; charset=utf-8', ext: 'argdown' };
}

/** What Argdown reads back as an argument title between `<` and `>`. */
const ARGUMENT_TITLE = /^[^\s<>\n\r][^<>\n\r]*$/;

interface Block {
	section: string[];
	lines: string[];
}

/** Blocks grouped by section, sections in the order first met, blocks in order inside each. */
function sectionOrder(blocks: readonly Block[]): Block[] {
	const order = new Map<string, number>();
	for (const b of blocks) {
		const path = b.section;
		// Every prefix counts as met, so a parent heading precedes its children.
		for (let k = 0; k <= path.length; k++) {
			const key = path.slice(0, k).join('\u0000');
			if (!order.has(key)) order.set(key, order.size);
		}
	}
	const rank = (b: Block) => order.get(b.section.join('\u0000'))!;
	return blocks
		.map((b, i) => ({ b, i }))
		.sort((x, y) => rank(x.b) - rank(y.b) || x.i - y.i)
		.map(({ b }) => b);
}

/** A tag inside `#(…)`: the parenthesis would end it. */
const escapeTag = (tag: string) => tag.replace(/[()]/g, ' ').replace(/\s+/g, ' ').trim() || 'tag';

const LINK = /\[([^\]\n]+)\]\(((?:https?:\/\/|mailto:|#)[^\s()]+)\)/g;

/** Text escaped for Argdown, with `[text](url)` links written as Argdown links. */
function argdownTextWithLinks(text: string): string {
	let out = '';
	let at = 0;
	for (const m of text.matchAll(LINK)) {
		out += escapeArgdownText(text.slice(at, m.index));
		out += `[${escapeArgdownText(m[1])}](${m[2]})`;
		at = m.index + m[0].length;
	}
	return out + escapeArgdownText(text.slice(at));
}
