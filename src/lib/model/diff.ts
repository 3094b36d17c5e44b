/**
 * The differences between two states of a map, as the history panel lists and draws them: nodes
 * and edges added, removed and changed (with the fields that changed, and a label's words marked).
 * Compares what readers see (`readMap`), so a record that became unreadable counts as removed (an
 * undercut of a deleted edge, for instance). Pure.
 */
import { diffWords } from 'diff';
import type { MapView } from './read';
import type { EdgeRecord, NodeRecord } from './schema';

export type ChangeKind = 'added' | 'removed' | 'changed';

/** Fields whose change makes a node "changed". `position` is x and y together. */
export type NodeField = 'text' | 'kind' | 'anchors' | 'position' | 'title' | 'tags';
export type EdgeField = 'relation' | 'from' | 'to' | 'group' | 'attackKind';

/** A run of a label: kept, added or removed words (whitespace kept, so the runs join to either text). */
export interface WordRun {
	op: 'same' | 'added' | 'removed';
	text: string;
}

export interface NodeChange {
	id: string;
	change: ChangeKind;
	/** Changed fields (empty for added and removed). */
	fields: NodeField[];
	before?: NodeRecord;
	after?: NodeRecord;
	/** For a changed label: the words, marked. */
	words?: WordRun[];
}

export interface EdgeChange {
	id: string;
	change: ChangeKind;
	fields: EdgeField[];
	before?: EdgeRecord;
	after?: EdgeRecord;
}

export interface MapDiff {
	nodes: NodeChange[];
	edges: EdgeChange[];
	/** Set when the title changed. */
	title?: { before: string; after: string };
	counts: Record<ChangeKind, number>;
}

type Readable = Pick<MapView, 'nodes' | 'edges'> & { meta: { title: string } | null };

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function nodeFields(a: NodeRecord, b: NodeRecord): NodeField[] {
	const out: NodeField[] = [];
	if (a.text !== b.text) out.push('text');
	if (a.kind !== b.kind) out.push('kind');
	if (!same(a.anchors, b.anchors)) out.push('anchors');
	if (a.x !== b.x || a.y !== b.y) out.push('position');
	if (a.title !== b.title) out.push('title');
	if (!same(a.tags ?? [], b.tags ?? [])) out.push('tags');
	return out;
}

function edgeFields(a: EdgeRecord, b: EdgeRecord): EdgeField[] {
	const fields: EdgeField[] = ['relation', 'from', 'to', 'group', 'attackKind'];
	return fields.filter((f) => a[f] !== b[f]);
}

/** The words of `before` → `after`, marked (jsdiff's word diff). */
export function wordRuns(before: string, after: string): WordRun[] {
	return diffWords(before, after).map((part) => ({
		op: part.added ? 'added' : part.removed ? 'removed' : 'same',
		text: part.value
	}));
}

function diffRecords<R extends { id: string }, C>(
	before: readonly R[],
	after: readonly R[],
	changed: (a: R, b: R) => C | null,
	added: (r: R) => C,
	removed: (r: R) => C
): C[] {
	const old = new Map(before.map((r) => [r.id, r]));
	const now = new Map(after.map((r) => [r.id, r]));
	const out: C[] = [];
	for (const r of before) {
		const next = now.get(r.id);
		if (!next) out.push(removed(r));
		else {
			const c = changed(r, next);
			if (c) out.push(c);
		}
	}
	for (const r of after) if (!old.has(r.id)) out.push(added(r));
	return out;
}

export function diffMaps(before: Readable, after: Readable): MapDiff {
	const nodes = diffRecords<NodeRecord, NodeChange>(
		before.nodes,
		after.nodes,
		(a, b) => {
			const fields = nodeFields(a, b);
			if (fields.length === 0) return null;
			return {
				id: a.id,
				change: 'changed',
				fields,
				before: a,
				after: b,
				...(fields.includes('text') ? { words: wordRuns(a.text, b.text) } : {})
			};
		},
		(r) => ({ id: r.id, change: 'added', fields: [], after: r }),
		(r) => ({ id: r.id, change: 'removed', fields: [], before: r })
	);
	const edges = diffRecords<EdgeRecord, EdgeChange>(
		before.edges,
		after.edges,
		(a, b) => {
			const fields = edgeFields(a, b);
			return fields.length === 0
				? null
				: { id: a.id, change: 'changed', fields, before: a, after: b };
		},
		(r) => ({ id: r.id, change: 'added', fields: [], after: r }),
		(r) => ({ id: r.id, change: 'removed', fields: [], before: r })
	);
	const counts: Record<ChangeKind, number> = { added: 0, removed: 0, changed: 0 };
	for (const c of [...nodes, ...edges]) counts[c.change]++;
	const titleBefore = before.meta?.title ?? '';
	const titleAfter = after.meta?.title ?? '';
	return {
		nodes,
		edges,
		...(titleBefore !== titleAfter ? { title: { before: titleBefore, after: titleAfter } } : {}),
		counts
	};
}
