/**
 * AIF → map, for AIFdb nodesets and OVA's xAIF (shapes in `aif-schema.ts`).
 *
 * What becomes what:
 * - I-node → node. Its kind is `warrantKind` when a Warrant export wrote one; otherwise `question`
 *   if a YA illocution names questioning, `counterpoint` if it only attacks, `thesis` if it is
 *   supported and supports or attacks nothing, else `claim`.
 * - RA → one supports edge per premise into its conclusion; two or more premises share a group (a
 *   linked argument). MA (rephrase) is read the same way, as support from the original to its
 *   rephrasing, and counted in a warning: the edge keeps the two connected, while merging the nodes
 *   would lose one wording.
 * - CA → attacks when its target is an I-node; an undercut of the target's edge when the target is
 *   an RA, MA or CA (an undercut of a linked argument points at its first edge: the group is one
 *   inference).
 * - L, YA, TA (the dialogue layer), PA and unknown types are skipped and counted, as are the edges
 *   that touch them; so are S-node structures Warrant cannot draw (support of an inference).
 * Source text: xAIF `text` (OVA's HTML made plain: tags dropped, `<br>` and block ends as line
 * breaks, entities decoded), else the node texts, one paragraph each.
 */
import {
	ATTACK_KINDS,
	NODE_KINDS,
	describeIssues,
	type AttackKind,
	type AifLayer,
	type AifRef,
	type EdgeRecord,
	type NodeKind
} from '$lib/model/schema';
import type { Range } from './anchors';
import {
	AifNodesetSchema,
	WarrantAnchorsSchema,
	WarrantEdgesSchema,
	WarrantInferenceSchema,
	WarrantMetaSchema,
	WarrantNodeSchema,
	aifToIso,
	ovaPositions,
	type AifNode
} from './aif-schema';
import { finishDraft, newDraft, skip, type DraftNode } from './draft';
import { htmlToTextWithSpans, looksLikeHtml } from './html';
import { degeneratePositions } from './positions';
import { layoutMap } from '$lib/drawing/layout-map';
import { nodeBox } from '$lib/drawing/node-box';
import { IdAllocator } from './ids';
import type { ImportHint, ImportResult } from './types';

/** Report lines for what is kept as AIF data but not drawn. */
export const KEPT = ' (not drawn; kept for AIF export)';
const LAYER_TYPES: Record<string, string> = {
	L: 'L nodes (locutions: the dialogue layer)',
	YA: 'YA nodes (illocutions: the dialogue layer)',
	TA: 'TA nodes (transitions: the dialogue layer)',
	PA: 'PA nodes (preferences: no Warrant equivalent)'
};

const isObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

const isAttackKind = (v: unknown): v is AttackKind =>
	typeof v === 'string' && (ATTACK_KINDS as readonly string[]).includes(v);

const isKind = (v: unknown): v is NodeKind =>
	typeof v === 'string' && (NODE_KINDS as readonly string[]).includes(v);

/**
 * The source text: xAIF's `text` (HTML made plain, with its analysed spans), else the text a Warrant
 * AIFdb export carried.
 */
function sourceText(doc: Record<string, unknown>): {
	text: string | undefined;
	spans: Map<string, Range>;
} {
	const raw = doc.text;
	const html =
		typeof raw === 'string'
			? raw
			: isObject(raw) && typeof raw.txt === 'string'
				? raw.txt
				: undefined;
	const meta = isObject(doc.warrantMeta) ? doc.warrantMeta : {};
	const read =
		html !== undefined
			? looksLikeHtml(html)
				? htmlToTextWithSpans(html)
				: { text: html, spans: new Map<string, Range>() }
			: { text: typeof meta.text === 'string' ? meta.text : undefined, spans: new Map() };
	return read.text?.trim() ? read : { text: undefined, spans: new Map() };
}

const rawList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** An edge Warrant will write, with its target still an AIF S-node when it is an undercut. */
interface Pending {
	from: string;
	to: { node: string } | { sNode: string };
	relation: EdgeRecord['relation'];
	group?: string;
	preferredId?: string;
	base: string;
	/** The AIF S-node the edge comes from. */
	owner: string;
	/** For an undercut: the exact edge a Warrant export said it undercuts (`warrantTarget`). */
	preferredTarget?: string;
}

/** Where a record came from, as the contract stores it (`AifRef`). */
function refOf(n: AifNode): AifRef {
	return {
		nodeID: n.nodeID.slice(0, 64),
		...(typeof n.timestamp === 'string' ? { timestamp: n.timestamp.slice(0, 64) } : {}),
		...(typeof n.scheme === 'string' && n.type !== 'I' ? { scheme: n.scheme.slice(0, 200) } : {}),
		...((typeof n.schemeID === 'string' || typeof n.schemeID === 'number') && n.type !== 'I'
			? { schemeID: String(n.schemeID).slice(0, 64) }
			: {})
	};
}

export function importAif(
	value: unknown,
	hint: ImportHint = {},
	titleFallback = 'Imported AIF map'
): ImportResult {
	if (!isObject(value)) return { ok: false, error: 'AIF: the file must be a JSON object' };
	const xaif = isObject(value.AIF);
	const set = AifNodesetSchema.safeParse(xaif ? value.AIF : value);
	if (!set.success)
		return { ok: false, error: `AIF: ${describeIssues(set.error, xaif ? 'AIF' : '')}` };
	const where = xaif ? 'AIF.' : '';
	const { nodes, edges } = set.data;
	const rawSet = (xaif ? value.AIF : value) as Record<string, unknown>;
	const rawNodes = rawList(rawSet.nodes) as Record<string, unknown>[];
	const rawEdges = rawList(rawSet.edges) as Record<string, unknown>[];
	if (nodes.length === 0)
		return {
			ok: false,
			error: `AIF: the file is valid ${xaif ? 'xAIF' : 'AIF'} but holds no nodes (an empty analysis): there is nothing to make a map of`
		};

	const byId = new Map<string, AifNode>();
	const indexOf = new Map<string, number>();
	for (const [i, n] of nodes.entries()) {
		if (byId.has(n.nodeID))
			return {
				ok: false,
				error: `AIF: ${where}nodes[${i}].nodeID ${n.nodeID} is used twice (first at nodes[${indexOf.get(n.nodeID)}])`
			};
		byId.set(n.nodeID, { ...n, type: n.type.trim().toUpperCase() });
		indexOf.set(n.nodeID, i);
	}
	for (const [i, e] of edges.entries()) {
		if (!byId.has(e.fromID))
			return {
				ok: false,
				error: `AIF: ${where}edges[${i}].fromID refers to missing node ${e.fromID}`
			};
		if (!byId.has(e.toID))
			return { ok: false, error: `AIF: ${where}edges[${i}].toID refers to missing node ${e.toID}` };
	}

	const metaParsed = WarrantMetaSchema.safeParse(value.warrantMeta);
	const meta = metaParsed.success ? metaParsed.data : {};
	const stem = hint.filename?.replace(/^.*[\\/]/, '').replace(/(\.aif)?\.json$/i, '');
	const firstI = nodes.find((n) => n.type.trim().toUpperCase() === 'I')?.text.trim();
	const draft = newDraft('aif', meta.title || stem || firstI?.slice(0, 80) || titleFallback);
	draft.createdAt = meta.createdAt;
	const analysed = sourceText(value);
	draft.source = {
		title: meta.sourceTitle,
		text: analysed.text,
		author: meta.author,
		publication: meta.publication,
		date: meta.date,
		lang: meta.lang
	};

	const typeOf = (id: string) => byId.get(id)!.type;
	const isI = (id: string) => typeOf(id) === 'I';
	const isArgumentNode = (id: string) => {
		const t = typeOf(id);
		return t === 'I' || t === 'RA' || t === 'CA' || t === 'MA';
	};
	const incoming = new Map<string, string[]>();
	const outgoing = new Map<string, string[]>();
	for (const e of edges) {
		if (!isArgumentNode(e.fromID) || !isArgumentNode(e.toID)) continue;
		(incoming.get(e.toID) ?? incoming.set(e.toID, []).get(e.toID)!).push(e.fromID);
		(outgoing.get(e.fromID) ?? outgoing.set(e.fromID, []).get(e.fromID)!).push(e.toID);
	}

	// Questions are marked in the dialogue layer: a YA such as "Pure Questioning" anchoring the I-node.
	const questioned = new Set<string>();
	for (const e of edges) {
		const from = byId.get(e.fromID)!;
		if (
			from.type === 'YA' &&
			/question/i.test(`${from.scheme ?? ''} ${from.text}`) &&
			byId.get(e.toID)!.type === 'I'
		)
			questioned.add(e.toID);
	}

	const ids = new IdAllocator();
	const iNodes = [...byId.values()].filter((n) => n.type === 'I');
	const sNodes = [...byId.values()].filter((n) => n.type !== 'I' && isArgumentNode(n.nodeID));
	// Ids a Warrant export wrote are claimed first, so that no generated id can take one of them.
	const nodeId = new Map<string, string>();
	for (const n of iNodes) if (ids.claim(n.warrantId)) nodeId.set(n.nodeID, n.warrantId);
	const carriedEdgeIds = new Set<string>();
	for (const s of sNodes) {
		const many = WarrantEdgesSchema.safeParse(s.warrantEdges);
		for (const id of [...(many.success ? many.data : []), s.warrantEdge])
			if (ids.claim(id)) carriedEdgeIds.add(id);
	}
	for (const n of iNodes)
		if (!nodeId.has(n.nodeID)) nodeId.set(n.nodeID, ids.take(undefined, `i${n.nodeID}`));

	const pending: Pending[] = [];
	let rephrases = 0;
	for (const s of sNodes) {
		const ins = incoming.get(s.nodeID) ?? [];
		const outs = outgoing.get(s.nodeID) ?? [];
		// Each AIF edge between two S-nodes is judged once, from the side of the edge's source: an
		// RA or MA pointing at an S-node stays AIF data; a CA pointing at one is an undercut.
		const premises = ins.filter(isI);
		if (s.type === 'RA' || s.type === 'MA') {
			const conclusions = outs.filter(isI);
			if (premises.length === 0 || conclusions.length === 0) continue;
			if (s.type === 'MA') rephrases++;
			const carried = WarrantEdgesSchema.safeParse(s.warrantEdges);
			const edgeIds =
				carried.success && carried.data.length === premises.length && conclusions.length === 1
					? carried.data
					: [];
			const group =
				s.type === 'RA' && premises.length > 1
					? typeof s.warrantGroup === 'string' && s.warrantGroup.length <= 64 && s.warrantGroup
						? s.warrantGroup
						: `ra${s.nodeID}`.slice(0, 64)
					: undefined;
			for (const [c, conclusion] of conclusions.entries())
				for (const [k, premise] of premises.entries()) {
					if (premise === conclusion) continue;
					pending.push({
						from: premise,
						to: { node: conclusion },
						relation: s.type === 'MA' ? 'rephrases' : 'supports',
						...(group ? { group } : {}),
						preferredId: edgeIds[k],
						base: `${s.type.toLowerCase()}${s.nodeID}-${c + 1}-${k + 1}`,
						owner: s.nodeID
					});
				}
		} else {
			// CA: every attacker against every target; usually exactly one of each. A CA aimed at an
			// MA stays AIF data: a rephrase is not an inference, so Warrant cannot undercut it.
			const targets = outs.filter((t) => typeOf(t) !== 'MA');
			if (premises.length === 0 || targets.length === 0) continue;
			const single = premises.length === 1 && targets.length === 1;
			for (const [k, attacker] of premises.entries())
				for (const target of targets) {
					if (attacker === target) continue;
					pending.push({
						from: attacker,
						to: isI(target) ? { node: target } : { sNode: target },
						relation: isI(target) ? 'attacks' : 'undercuts',
						preferredId: single && typeof s.warrantEdge === 'string' ? s.warrantEdge : undefined,
						preferredTarget: typeof s.warrantTarget === 'string' ? s.warrantTarget : undefined,
						base: `ca${s.nodeID}-${k + 1}`,
						owner: s.nodeID
					});
				}
		}
	}
	if (rephrases > 0)
		draft.warnings.push(
			`${rephrases} MA (rephrase) node(s) imported as rephrases edges: from the I-node before the MA (the rephrasing) to the one after it (the wording it restates)`
		);

	// Edge ids, then undercut targets: an S-node's edge is the first edge it produced.
	const firstEdgeOf = new Map<string, string>();
	const edgesOf = new Map<string, Set<string>>();
	const withIds = pending.map((p) => {
		// A carried id is used once, by the first edge that asks for it.
		const carried = p.preferredId !== undefined && carriedEdgeIds.delete(p.preferredId);
		const id = carried ? p.preferredId! : ids.take(undefined, p.base);
		if (!firstEdgeOf.has(p.owner)) firstEdgeOf.set(p.owner, id);
		(edgesOf.get(p.owner) ?? edgesOf.set(p.owner, new Set()).get(p.owner)!).add(id);
		return { p, id };
	});
	const resolved = new Map<string, EdgeRecord>();
	const push = (p: Pending, id: string, to: string) => {
		const s = byId.get(p.owner)!;
		// S-nodes a Warrant export wrote carry Warrant's edge ids; their AIF ids are kept only when
		// they were another tool's to begin with (`warrantAif`).
		const foreign =
			(s.warrantEdges === undefined && s.warrantEdge === undefined) || s.warrantAif === true;
		resolved.set(id, {
			id,
			from: nodeId.get(p.from)!,
			to,
			relation: p.relation,
			...(p.group ? { group: p.group } : {}),
			...(foreign && aifToIso(s.timestamp) ? { createdAt: aifToIso(s.timestamp) } : {}),
			...(foreign ? { aif: refOf(s) } : {})
		});
	};
	for (const { p, id } of withIds) if ('node' in p.to) push(p, id, nodeId.get(p.to.node)!);
	const inference = new Map<string, number>();
	for (const { p, id } of withIds) {
		const about = WarrantInferenceSchema.safeParse(byId.get(p.owner)!.warrantInference);
		const e = resolved.get(id);
		if (!about.success || !e || e.relation !== 'supports') continue;
		const k = inference.get(p.owner) ?? 0;
		inference.set(p.owner, k + 1);
		const description = about.data.descriptions?.[k];
		Object.assign(e, {
			...(about.data.title ? { title: about.data.title } : {}),
			...(about.data.tags ? { tags: about.data.tags } : {}),
			...(about.data.section ? { section: about.data.section } : {}),
			...(description ? { description } : {})
		});
	}
	for (const { p, id } of withIds) {
		const kind = byId.get(p.owner)!.warrantAttackKind;
		const e = resolved.get(id);
		if (e && e.relation === 'attacks' && isAttackKind(kind)) e.attackKind = kind;
	}
	// An undercut is kept once the edge it targets is; rounds settle undercuts of undercuts.
	let waiting = withIds.filter(({ p }) => 'sNode' in p.to);
	for (let progress = true; progress;) {
		progress = false;
		waiting = waiting.filter(({ p, id }) => {
			const target = (p.to as { sNode: string }).sNode;
			const to =
				p.preferredTarget && edgesOf.get(target)?.has(p.preferredTarget)
					? p.preferredTarget
					: firstEdgeOf.get(target);
			if (to === undefined || to === id || !resolved.has(to)) return true;
			push(p, id, to);
			progress = true;
			return false;
		});
	}
	// In the order of the AIF S-nodes, as a person reading the file would list them.
	draft.edges = withIds.flatMap(({ id }) => resolved.get(id) ?? []);

	// What is drawn: every I-node and each S-node that produced an edge. The rest is AIF data.
	const drawnS = new Set(withIds.filter(({ id }) => resolved.has(id)).map(({ p }) => p.owner));
	const drawn = (id: string) => isI(id) || drawnS.has(id);
	const edgeDrawn = (fromID: string, toID: string) => {
		if (!drawn(fromID) || !drawn(toID) || fromID === toID) return false;
		if (isI(fromID)) return !isI(toID); // premise, attacker or rephrasing into its S-node
		if (isI(toID)) return true; // an S-node into its conclusion or target
		return typeOf(fromID) === 'CA'; // an undercut; RA/MA into an S-node has no equivalent
	};
	const layer: AifLayer = {
		nodes: [],
		edges: [],
		locutions: rawList(rawSet.locutions),
		participants: rawList(rawSet.participants),
		schemefulfillments: rawList(rawSet.schemefulfillments).filter(
			(f) => !(isObject(f) && drawnS.has(String(f.nodeID)))
		)
	};
	const notDrawn = new Map<string, number>();
	const count = (reason: string) => notDrawn.set(reason, (notDrawn.get(reason) ?? 0) + 1);
	nodes.forEach((n, i) => {
		if (drawn(n.nodeID)) return;
		layer.nodes.push(rawNodes[i] ?? { nodeID: n.nodeID, type: n.type, text: n.text });
		const t = typeOf(n.nodeID);
		count(
			LAYER_TYPES[t] ??
				(isArgumentNode(n.nodeID)
					? `${t} nodes Warrant cannot draw (without a premise and a conclusion, or aimed at a rephrase)`
					: `nodes of unknown type ${JSON.stringify(n.type)}`)
		);
	});
	edges.forEach((e, i) => {
		if (edgeDrawn(e.fromID, e.toID)) return;
		layer.edges.push(rawEdges[i] ?? { fromID: e.fromID, toID: e.toID });
		count(
			isI(e.fromID) && isI(e.toID)
				? 'edges straight from one I-node to another'
				: drawn(e.fromID) && drawn(e.toID) && !isI(e.fromID) && !isI(e.toID)
					? 'edges from an inference or rephrase to an S-node'
					: 'edges to or from nodes not drawn'
		);
	});
	for (const [reason, n] of notDrawn) skip(draft, reason + KEPT, n);
	skip(draft, 'locution records (who said what, when)' + KEPT, layer.locutions.length);
	skip(draft, 'participants' + KEPT, layer.participants.length);
	const ovaRaw = isObject(value.OVA) ? rawList(value.OVA.nodes) : [];
	const layerIds = new Set(layer.nodes.map((n) => String(n.nodeID)));
	const ovaNodes = ovaRaw.filter(
		(n): n is Record<string, unknown> =>
			isObject(n) && layerIds.has(String(n.nodeID)) && n.warrantUnplaced !== true
	);
	if (ovaNodes.length > 0) layer.ovaNodes = ovaNodes;
	if (
		layer.nodes.length + layer.edges.length + layer.locutions.length + layer.participants.length >
		0
	)
		draft.aif = layer;

	const supports = new Set<string>();
	const supported = new Set<string>();
	const attacks = new Set<string>();
	for (const e of draft.edges) {
		if (e.relation === 'supports') {
			supports.add(e.from);
			supported.add(e.to);
		} else if (e.relation !== 'rephrases') attacks.add(e.from);
	}

	// OVA's text links: span id `node<L nodeID>` → the L-node → its YA → the I-node it asserts.
	const spansOf = new Map<string, Range[]>();
	if (analysed.spans.size > 0) {
		const yaTargets = new Map<string, string[]>();
		for (const e of edges)
			if (typeOf(e.fromID) === 'YA' && isI(e.toID))
				(yaTargets.get(e.fromID) ?? yaTargets.set(e.fromID, []).get(e.fromID)!).push(e.toID);
		for (const e of edges) {
			if (typeOf(e.fromID) !== 'L' || typeOf(e.toID) !== 'YA') continue;
			const span = analysed.spans.get(`node${e.fromID}`);
			if (!span || span.end <= span.start) continue;
			for (const i of yaTargets.get(e.toID) ?? [])
				(spansOf.get(i) ?? spansOf.set(i, []).get(i)!).push(span);
		}
	}

	const positions = ovaPositions(value.OVA);
	const placed = iNodes.filter((n) => n.warrantUnplaced !== true && positions.has(n.nodeID));
	const dropPositions = degeneratePositions(placed.map((n) => positions.get(n.nodeID)!));
	if (dropPositions)
		draft.warnings.push(
			`OVA's positions were ${dropPositions}: the map is laid out as the editor's Auto layout lays it out`
		);
	draft.nodes = iNodes.map((n, i): DraftNode => {
		const id = nodeId.get(n.nodeID)!;
		const kind: NodeKind = isKind(n.warrantKind)
			? n.warrantKind
			: questioned.has(n.nodeID)
				? 'question'
				: attacks.has(id) && !supports.has(id)
					? 'counterpoint'
					: supported.has(id) && !supports.has(id) && !attacks.has(id)
						? 'thesis'
						: 'claim';
		const ranges = WarrantAnchorsSchema.safeParse(n.warrantAnchors);
		const p = n.warrantUnplaced === true || dropPositions ? undefined : positions.get(n.nodeID);
		const linked = spansOf.get(n.nodeID);
		const extra = WarrantNodeSchema.safeParse(n.warrantNode);
		return {
			...(extra.success ? extra.data : {}),
			id,
			kind,
			text: n.text,
			...(p ? { x: p.x, y: p.y } : {}),
			...(ranges.success && n.warrantAnchors !== undefined
				? { ranges: ranges.data }
				: linked
					? { ranges: linked }
					: {}),
			createdAt: aifToIso(n.timestamp),
			// A Warrant export writes its own ids as AIF nodeIDs; only another tool's ids are kept.
			...(typeof n.warrantId !== 'string' || n.warrantAif === true ? { aif: refOf(n) } : {}),
			origin: `${where}nodes[${indexOf.get(n.nodeID) ?? i}] (nodeID ${n.nodeID})`
		};
	});
	if (spansOf.size > 0)
		draft.warnings.push(
			`${spansOf.size} of ${iNodes.length} I-node(s) anchored to the spans OVA marked in the text`
		);
	if (dropPositions) {
		// The editor's own layout, with each node sized as the editor draws it.
		const laid = layoutMap(
			draft.nodes.map((n) => {
				const box = nodeBox(n.kind, n.text);
				return { id: n.id, w: box.w, h: box.h };
			}),
			draft.edges
		);
		for (const n of draft.nodes) {
			const p = laid.get(n.id);
			if (p) Object.assign(n, { x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 });
		}
	}
	return finishDraft(draft);
}
