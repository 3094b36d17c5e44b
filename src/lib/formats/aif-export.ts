/**
 * Map → AIF (see `aif-schema.ts` for the shape). Every node becomes an I-node; every inference (a
 * co-premise group, or one ungrouped supports edge) one RA node with an edge from each premise and
 * one to the conclusion; every attack a CA node (attacker → CA → target); every undercut a CA node
 * whose target is the S-node (RA or CA) of the edge it undercuts. No dialogue layer is written
 * (`locutions: []`): a Warrant map records the argument, not who said what.
 */
import type { MapFile } from '$lib/model/mapfile';
import type { EdgeRecord, NodeRecord } from '$lib/model/schema';
import { supportInferences } from './graph';
import { textToOvaHtml } from './html';
import { DEFAULT_CONFLICT, DEFAULT_INFERENCE, isoToAif } from './aif-schema';
import type { ExportOptions, ExportResult } from './types';

interface Point {
	x: number;
	y: number;
}

const GRID = { columns: 4, dx: 320, dy: 180 };

/** Positions for nodes the map has not placed: a grid below the placed ones. */
function nodePositions(nodes: readonly NodeRecord[]): Map<string, Point> {
	const out = new Map<string, Point>();
	let bottom = 0;
	for (const n of nodes)
		if (n.x !== undefined && n.y !== undefined) {
			out.set(n.id, { x: n.x, y: n.y });
			bottom = Math.max(bottom, n.y + GRID.dy);
		}
	let i = 0;
	for (const n of nodes)
		if (!out.has(n.id)) {
			out.set(n.id, {
				x: (i % GRID.columns) * GRID.dx,
				y: bottom + Math.floor(i / GRID.columns) * GRID.dy
			});
			i++;
		}
	return out;
}

const mid = (points: Point[]): Point => ({
	x: Math.round(points.reduce((s, p) => s + p.x, 0) / Math.max(1, points.length)),
	y: Math.round(points.reduce((s, p) => s + p.y, 0) / Math.max(1, points.length))
});

export function exportAif(file: MapFile, opts: ExportOptions = {}): ExportResult {
	let counter = 0;
	const nextId = () => String(++counter);
	const fallbackStamp = isoToAif(file.meta.createdAt);
	const stamp = (iso: string | undefined) => (iso && isoToAif(iso)) || fallbackStamp;

	const aifNodes: Record<string, unknown>[] = [];
	const aifEdges: Array<{ edgeID: string; fromID: string; toID: string; formEdgeID: null }> = [];
	const fulfilments: Array<{ nodeID: string; schemeID: string }> = [];
	const pos = nodePositions(file.nodes);
	const posOf = new Map<string, Point>();
	const link = (fromID: string, toID: string) =>
		aifEdges.push({ edgeID: nextId(), fromID, toID, formEdgeID: null });

	const iNode = new Map<string, string>();
	for (const n of file.nodes) {
		const id = nextId();
		iNode.set(n.id, id);
		posOf.set(id, pos.get(n.id)!);
		aifNodes.push({
			nodeID: id,
			text: n.text,
			type: 'I',
			timestamp: stamp(n.createdAt),
			warrantId: n.id,
			warrantKind: n.kind,
			warrantAnchors: n.anchors.map((a) => ({ start: a.start, end: a.end })),
			// OVA needs a position for every node; this says the map itself had none.
			...(n.x === undefined || n.y === undefined ? { warrantUnplaced: true } : {})
		});
	}

	// S-node ids first, so an undercut can point at an S-node written after it.
	const sNode = new Map<string, string>();
	const inferences = supportInferences(file.edges);
	const raOf = inferences.map((inf) => {
		const id = nextId();
		for (const e of inf.edges) sNode.set(e.id, id);
		return id;
	});
	const conflicts = file.edges.filter((e) => e.relation !== 'supports');
	for (const e of conflicts) sNode.set(e.id, nextId());

	inferences.forEach((inf, i) => {
		const id = raOf[i];
		aifNodes.push({
			nodeID: id,
			text: DEFAULT_INFERENCE.text,
			type: 'RA',
			timestamp: stamp(inf.edges[0].createdAt),
			scheme: DEFAULT_INFERENCE.text,
			schemeID: DEFAULT_INFERENCE.schemeID,
			warrantEdges: inf.edges.map((e) => e.id),
			...(inf.group ? { warrantGroup: inf.group } : {})
		});
		fulfilments.push({ nodeID: id, schemeID: DEFAULT_INFERENCE.schemeID });
		for (const e of inf.edges) link(iNode.get(e.from)!, id);
		link(id, iNode.get(inf.to)!);
		posOf.set(id, mid([mid(inf.edges.map((e) => pos.get(e.from)!)), pos.get(inf.to)!]));
	});

	const byId = new Map(file.edges.map((e) => [e.id, e]));
	// An undercut's position depends on its target's; resolve along the chain, guarding against loops.
	const conflictPos = (e: EdgeRecord, seen: Set<string>): Point => {
		const id = sNode.get(e.id)!;
		const known = posOf.get(id);
		if (known) return known;
		const target = e.relation === 'undercuts' ? byId.get(e.to) : undefined;
		const targetPos =
			e.relation === 'undercuts'
				? target && !seen.has(target.id)
					? (posOf.get(sNode.get(target.id)!) ?? conflictPos(target, seen.add(e.id)))
					: pos.get(e.from)!
				: pos.get(e.to)!;
		const p = mid([pos.get(e.from)!, targetPos]);
		posOf.set(id, p);
		return p;
	};

	for (const e of conflicts) {
		const id = sNode.get(e.id)!;
		aifNodes.push({
			nodeID: id,
			text: DEFAULT_CONFLICT.text,
			type: 'CA',
			timestamp: stamp(e.createdAt),
			scheme: DEFAULT_CONFLICT.text,
			schemeID: DEFAULT_CONFLICT.schemeID,
			warrantEdge: e.id,
			...(e.relation === 'undercuts' ? { warrantTarget: e.to } : {})
		});
		fulfilments.push({ nodeID: id, schemeID: DEFAULT_CONFLICT.schemeID });
		link(iNode.get(e.from)!, id);
		link(id, e.relation === 'undercuts' ? sNode.get(e.to)! : iNode.get(e.to)!);
		conflictPos(e, new Set());
	}

	const warrantMeta = {
		title: file.meta.title,
		sourceTitle: file.meta.source.title,
		createdAt: file.meta.createdAt,
		author: file.meta.source.author,
		publication: file.meta.source.publication,
		date: file.meta.source.date,
		lang: file.meta.source.lang
	};
	const nodeset = { nodes: aifNodes, edges: aifEdges, locutions: [] };
	const body =
		opts.aif === 'aifdb'
			? { ...nodeset, warrantMeta: { ...warrantMeta, text: file.meta.source.text } }
			: {
					AIF: { ...nodeset, schemefulfillments: fulfilments, participants: [] },
					OVA: {
						firstname: '',
						surname: '',
						url: '',
						nodes: aifNodes.map((n) => {
							const p = posOf.get(n.nodeID as string)!;
							return { nodeID: n.nodeID, visible: true, x: p.x, y: p.y, timestamp: n.timestamp };
						}),
						edges: aifEdges.map((e) => ({ fromID: e.fromID, toID: e.toID, visible: true }))
					},
					text: textToOvaHtml(file.meta.source.text),
					warrantMeta
				};
	return {
		body: JSON.stringify(body, null, '\t') + '\n',
		mime: 'application/json',
		ext: 'aif.json'
	};
}
