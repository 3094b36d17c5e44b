/**
 * Map → AIF (see `aif-schema.ts` for the shape). Every node becomes an I-node; every inference (a
 * co-premise group, or one ungrouped supports edge) one RA node with an edge from each premise and
 * one to the conclusion; every attack a CA node (attacker → CA → target); every undercut a CA node
 * whose target is the S-node (RA or CA) of the edge it undercuts; every rephrase an MA node
 * (rephrasing → MA → original).
 *
 * A map that came from AIF gives its AIF back: records keep the nodeID, timestamp and scheme they came
 * with (`aif` on nodes and edges), and the AIF data Warrant kept but does not draw (`meta.aif`: the
 * dialogue layer, PA nodes, edges between I-nodes, locutions, participants, scheme fulfilments) is
 * written back as it came, less the edges whose nodes the map has since deleted. New
 * records get ids no kept record uses. A map made in Warrant has no dialogue layer (`locutions: []`):
 * it records the argument, not who said what.
 */
import type { MapFile } from '$lib/model/mapfile';
import type { EdgeRecord, NodeRecord } from '$lib/model/schema';
import { supportInferences } from './graph';
import { textToOvaHtml } from './html';
import { DEFAULT_CONFLICT, DEFAULT_INFERENCE, DEFAULT_REPHRASE, isoToAif } from './aif-schema';
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

/**
 * AIF ids for one export: kept ids are reserved first (`keep`), new ones count up past the largest
 * numeric id in use, so a new record never takes a kept record's id.
 */
class AifIds {
	private readonly used = new Set<string>();
	private counter = 0;
	reserve(id: string): void {
		this.used.add(id);
		if (/^\d{1,15}$/.test(id)) this.counter = Math.max(this.counter, Number(id));
	}
	/** `wanted` if no record of this export has it yet, else a new id. */
	keep(wanted: string | undefined): string {
		if (wanted !== undefined && !this.taken.has(wanted)) {
			this.taken.add(wanted);
			return wanted;
		}
		return this.next();
	}
	next(): string {
		let id: string;
		do id = String(++this.counter);
		while (this.used.has(id) || this.taken.has(id));
		this.taken.add(id);
		return id;
	}
	private readonly taken = new Set<string>();
}

export function exportAif(file: MapFile, opts: ExportOptions = {}): ExportResult {
	const layer = file.meta.aif;
	const nodeIds = new AifIds();
	const edgeIds = new AifIds();
	// Ids the export will reuse: kept AIF data first, then the nodeIDs the map's records came with.
	for (const n of layer?.nodes ?? []) nodeIds.reserve(String(n.nodeID));
	for (const e of layer?.edges ?? []) edgeIds.reserve(String(e.edgeID));
	for (const n of file.nodes) if (n.aif) nodeIds.reserve(n.aif.nodeID);
	for (const e of file.edges) if (e.aif) nodeIds.reserve(e.aif.nodeID);
	for (const n of layer?.nodes ?? []) nodeIds.keep(String(n.nodeID));
	const fallbackStamp = isoToAif(file.meta.createdAt);
	/** A record from AIF keeps its timestamp, or its lack of one; Warrant's own get one. */
	const stamped = (iso: string | undefined, aif: { timestamp?: string } | undefined) =>
		aif
			? aif.timestamp !== undefined
				? { timestamp: aif.timestamp }
				: {}
			: { timestamp: (iso && isoToAif(iso)) || fallbackStamp };
	/**
	 * An S-node's text and scheme fields: the default scheme for Warrant's own records; for records
	 * that came from AIF, the scheme they came with, and none if they came with none.
	 */
	const schemeOf = (e: EdgeRecord, fallback: { text: string; schemeID: string }) => {
		const text = e.aif ? e.aif.scheme || fallback.text : fallback.text;
		const fields = e.aif
			? {
					...(e.aif.scheme !== undefined ? { scheme: e.aif.scheme } : {}),
					...(e.aif.schemeID !== undefined ? { schemeID: e.aif.schemeID } : {})
				}
			: { scheme: fallback.text, schemeID: fallback.schemeID };
		return { text, fields };
	};
	const fulfil = (nodeID: string, fields: { schemeID?: string }) => {
		if (fields.schemeID !== undefined) fulfilments.push({ nodeID, schemeID: fields.schemeID });
	};

	const aifNodes: Record<string, unknown>[] = [];
	const aifEdges: Array<{ edgeID: string; fromID: string; toID: string; formEdgeID: null }> = [];
	const fulfilments: Array<{ nodeID: string; schemeID: string }> = [];
	const pos = nodePositions(file.nodes);
	const posOf = new Map<string, Point>();
	const link = (fromID: string, toID: string) =>
		aifEdges.push({ edgeID: edgeIds.next(), fromID, toID, formEdgeID: null });

	const iNode = new Map<string, string>();
	for (const n of file.nodes) {
		const id = nodeIds.keep(n.aif?.nodeID);
		iNode.set(n.id, id);
		posOf.set(id, pos.get(n.id)!);
		aifNodes.push({
			nodeID: id,
			text: n.text,
			type: 'I',
			...stamped(n.createdAt, n.aif),
			warrantId: n.id,
			warrantKind: n.kind,
			...(n.aif ? { warrantAif: true } : {}),
			...(n.title || n.tags || n.section || n.argument
				? {
						warrantNode: {
							...(n.title ? { title: n.title } : {}),
							...(n.tags ? { tags: n.tags } : {}),
							...(n.section ? { section: n.section } : {}),
							...(n.argument ? { argument: true } : {})
						}
					}
				: {}),
			warrantAnchors: n.anchors.map((a) => ({ start: a.start, end: a.end })),
			// OVA needs a position for every node; this says the map itself had none.
			...(n.x === undefined || n.y === undefined ? { warrantUnplaced: true } : {})
		});
	}

	// S-node ids first, so an undercut can point at an S-node written after it.
	const sNode = new Map<string, string>();
	const inferences = supportInferences(file.edges);
	const raOf = inferences.map((inf) => {
		const id = nodeIds.keep(inf.edges[0].aif?.nodeID);
		for (const e of inf.edges) sNode.set(e.id, id);
		return id;
	});
	const conflicts = file.edges.filter(
		(e) => e.relation === 'attacks' || e.relation === 'undercuts'
	);
	for (const e of conflicts) sNode.set(e.id, nodeIds.keep(e.aif?.nodeID));
	const rephrases = file.edges.filter((e) => e.relation === 'rephrases');

	inferences.forEach((inf, i) => {
		const id = raOf[i];
		const first = inf.edges[0];
		const scheme = schemeOf(first, DEFAULT_INFERENCE);
		aifNodes.push({
			nodeID: id,
			text: scheme.text,
			type: 'RA',
			...stamped(first.createdAt, first.aif),
			...scheme.fields,
			warrantEdges: inf.edges.map((e) => e.id),
			...(inf.group ? { warrantGroup: inf.group } : {}),
			...(first.aif ? { warrantAif: true } : {}),
			...(first.title || first.tags || first.section || inf.edges.some((e) => e.description)
				? {
						warrantInference: {
							...(first.title ? { title: first.title } : {}),
							...(first.tags ? { tags: first.tags } : {}),
							...(first.section ? { section: first.section } : {}),
							// Where the description sits (the last step of an Argdown argument).
							descriptions: inf.edges.map((e) => e.description ?? null)
						}
					}
				: {})
		});
		fulfil(id, scheme.fields);
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
		const scheme = schemeOf(e, DEFAULT_CONFLICT);
		aifNodes.push({
			nodeID: id,
			text: scheme.text,
			type: 'CA',
			...stamped(e.createdAt, e.aif),
			...scheme.fields,
			warrantEdge: e.id,
			...(e.relation === 'undercuts' ? { warrantTarget: e.to } : {}),
			...(e.attackKind ? { warrantAttackKind: e.attackKind } : {}),
			...(e.aif ? { warrantAif: true } : {})
		});
		fulfil(id, scheme.fields);
		link(iNode.get(e.from)!, id);
		link(id, e.relation === 'undercuts' ? sNode.get(e.to)! : iNode.get(e.to)!);
		conflictPos(e, new Set());
	}

	// A rephrase: rephrasing → MA → the wording it restates.
	for (const e of rephrases) {
		const id = nodeIds.keep(e.aif?.nodeID);
		const scheme = schemeOf(e, DEFAULT_REPHRASE);
		aifNodes.push({
			nodeID: id,
			text: scheme.text,
			type: 'MA',
			...stamped(e.createdAt, e.aif),
			...scheme.fields,
			warrantEdge: e.id,
			...(e.aif ? { warrantAif: true } : {})
		});
		fulfil(id, scheme.fields);
		link(iNode.get(e.from)!, id);
		link(id, iNode.get(e.to)!);
		posOf.set(id, mid([pos.get(e.from)!, pos.get(e.to)!]));
	}

	// Kept AIF data, less what hangs on records the map no longer has.
	const present = new Set(aifNodes.map((n) => n.nodeID as string));
	const keptNodes = layer?.nodes ?? [];
	for (const n of keptNodes) present.add(String(n.nodeID));
	const keptEdges = (layer?.edges ?? []).filter(
		(e) => present.has(String(e.fromID)) && present.has(String(e.toID))
	);
	// Locutions hang on L-nodes, which are kept AIF data the map never deletes: all of them go back.
	const keptLocutions = layer?.locutions ?? [];
	const keptOva = new Map((layer?.ovaNodes ?? []).map((o) => [String(o.nodeID), o] as const));
	const allNodes = [...keptNodes, ...aifNodes];
	const allEdges = [...keptEdges, ...aifEdges];
	// Kept AIF nodes the file gave no OVA entry get one (OVA needs a position for every node), in a
	// grid right of the map, marked so that an import does not keep the made-up position.
	let right = 0;
	for (const p of posOf.values()) right = Math.max(right, p.x);
	let unplaced = 0;
	const ovaPlace = (n: Record<string, unknown>) => {
		const kept = keptOva.get(String(n.nodeID));
		if (kept) return kept;
		const p = posOf.get(n.nodeID as string);
		if (p) return { nodeID: n.nodeID, visible: true, x: p.x, y: p.y, timestamp: n.timestamp };
		const k = unplaced++;
		return {
			nodeID: n.nodeID,
			visible: true,
			x: right + GRID.dx * (1 + (k % GRID.columns)),
			y: Math.floor(k / GRID.columns) * GRID.dy,
			timestamp: n.timestamp,
			warrantUnplaced: true
		};
	};

	const warrantMeta = {
		title: file.meta.title,
		sourceTitle: file.meta.source.title,
		createdAt: file.meta.createdAt,
		author: file.meta.source.author,
		publication: file.meta.source.publication,
		date: file.meta.source.date,
		lang: file.meta.source.lang
	};
	const nodeset = {
		nodes: allNodes,
		edges: allEdges,
		locutions: keptLocutions,
		...(layer && opts.aif === 'aifdb' ? { participants: layer.participants } : {})
	};
	const body =
		opts.aif === 'aifdb'
			? { ...nodeset, warrantMeta: { ...warrantMeta, text: file.meta.source.text } }
			: {
					AIF: {
						...nodeset,
						schemefulfillments: [...(layer?.schemefulfillments ?? []), ...fulfilments],
						participants: layer?.participants ?? []
					},
					OVA: {
						firstname: '',
						surname: '',
						url: '',
						nodes: allNodes.map(ovaPlace),
						edges: allEdges.map((e) => ({ fromID: e.fromID, toID: e.toID, visible: true }))
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
