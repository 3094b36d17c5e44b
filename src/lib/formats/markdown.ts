/**
 * Map → Markdown outline, for handouts. Each thesis is a top-level item; below a node come the
 * things that bear on it: what supports it (linked premises as one item), what attacks it, and below
 * a relation whatever undercuts that inference. A node reachable along two paths is written in full
 * once and afterwards as "(see above: …)"; nodes no thesis reaches follow under "Other nodes", so
 * every node appears. Anchored sentences are quoted as `>` lines.
 *
 * Labels are text, never markup: Markdown's active characters are backslash-escaped and `<` can
 * never open an HTML tag, so a label such as `<script>` prints as written.
 */
import type { MapFile } from '$lib/model/mapfile';
import type { EdgeRecord, NodeKind, NodeRecord } from '$lib/model/schema';
import { supportInferences } from './graph';
import type { ExportOptions, ExportResult } from './types';

const KIND_LABEL: Record<NodeKind, string> = {
	thesis: 'Thesis',
	claim: 'Claim',
	evidence: 'Evidence',
	counterpoint: 'Counterpoint',
	rebuttal: 'Rebuttal',
	question: 'Question',
	note: 'Note'
};

/** Escapes the characters that are Markdown (or HTML) syntax anywhere in a line; one line out. */
export const escapeMarkdown = (text: string): string =>
	text
		.replace(/\s+/g, ' ')
		.trim()
		.replace(/[\\`*_[\]<>#|~&]/g, (c) => `\\${c}`);

const SEE_ABOVE_CHARS = 60;

export function exportMarkdown(file: MapFile, _opts: ExportOptions = {}): ExportResult {
	const nodes = new Map(file.nodes.map((n) => [n.id, n]));
	const undercutsOf = new Map<string, EdgeRecord[]>();
	const attacksInto = new Map<string, EdgeRecord[]>();
	const rephrasedBy = new Map<string, EdgeRecord[]>();
	const bearsOnSomething = new Set<string>();
	for (const e of file.edges) {
		if (e.relation === 'undercuts')
			(undercutsOf.get(e.to) ?? undercutsOf.set(e.to, []).get(e.to)!).push(e);
		else {
			bearsOnSomething.add(e.from);
			if (e.relation === 'attacks')
				(attacksInto.get(e.to) ?? attacksInto.set(e.to, []).get(e.to)!).push(e);
			if (e.relation === 'rephrases')
				(rephrasedBy.get(e.to) ?? rephrasedBy.set(e.to, []).get(e.to)!).push(e);
		}
	}
	const inferencesInto = new Map<string, ReturnType<typeof supportInferences>>();
	for (const inf of supportInferences(file.edges))
		(inferencesInto.get(inf.to) ?? inferencesInto.set(inf.to, []).get(inf.to)!).push(inf);

	const written = new Set<string>();
	const out: string[] = [];
	const pad = (depth: number) => '  '.repeat(depth);
	const describe = (n: NodeRecord) =>
		`**${KIND_LABEL[n.kind]}:** ${escapeMarkdown(n.text) || '_(no text)_'}`;

	/** An item for a node reached by `phrase`; the undercuts of `via` (the edges it came by) below. */
	const item = (id: string, phrase: string, depth: number, via: readonly EdgeRecord[]) => {
		const n = nodes.get(id);
		if (!n) return;
		const lead = `${pad(depth)}- ${phrase ? `${phrase} ` : ''}`;
		if (written.has(id)) {
			const short =
				n.text.length > SEE_ABOVE_CHARS ? `${n.text.slice(0, SEE_ABOVE_CHARS)}…` : n.text;
			out.push(`${lead}(see above: ${escapeMarkdown(short)})`);
		} else {
			written.add(id);
			out.push(`${lead}${describe(n)}`);
			for (const a of n.anchors) out.push(`${pad(depth + 1)}> “${escapeMarkdown(a.exact)}”`);
			children(id, depth + 1);
		}
		for (const e of via) undercuts(e, depth + 1);
	};
	const undercuts = (edge: EdgeRecord, depth: number) => {
		for (const u of undercutsOf.get(edge.id) ?? [])
			item(u.from, '_inference undercut by_', depth, [u]);
	};
	const children = (id: string, depth: number) => {
		for (const inf of inferencesInto.get(id) ?? []) {
			if (inf.edges.length === 1) {
				item(inf.edges[0].from, '_supported by_', depth, inf.edges);
				continue;
			}
			out.push(`${pad(depth)}- _supported jointly by (linked premises):_`);
			for (const e of inf.edges) item(e.from, '', depth + 1, []);
			for (const e of inf.edges) undercuts(e, depth + 1);
		}
		for (const e of attacksInto.get(id) ?? [])
			item(e.from, e.attackKind ? `_attacked by (${e.attackKind})_` : '_attacked by_', depth, [e]);
		for (const e of rephrasedBy.get(id) ?? []) item(e.from, '_rephrased as_', depth, [e]);
	};

	const { source } = file.meta;
	out.push(`# ${escapeMarkdown(file.meta.title)}`, '');
	const by = [source.author, source.publication].filter(Boolean).map(escapeMarkdown).join(', ');
	if (source.title || by)
		out.push(
			`Source: ${source.title ? `_${escapeMarkdown(source.title)}_` : ''}${source.title && by ? ', ' : ''}${by}${source.date ? ` (${escapeMarkdown(source.date)})` : ''}`,
			''
		);
	const theses = file.nodes.filter((n) => n.kind === 'thesis');
	for (const t of theses) item(t.id, '', 0, []);
	// Then what no thesis reached: first the nodes that bear on nothing (their own roots), then the rest.
	const rest = [
		...file.nodes.filter((n) => !written.has(n.id) && !bearsOnSomething.has(n.id)),
		...file.nodes.filter((n) => !written.has(n.id))
	];
	let heading = false;
	for (const n of rest) {
		if (written.has(n.id)) continue;
		if (!heading && theses.length > 0) out.push('', '## Other nodes', '');
		heading = true;
		item(n.id, '', 0, []);
	}
	return { body: out.join('\n') + '\n', mime: 'text/markdown; charset=utf-8', ext: 'md' };
}
