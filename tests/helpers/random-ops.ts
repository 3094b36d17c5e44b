/**
 * Random user gestures on a map, drawn from a seeded generator, for convergence tests: in-process
 * peers (src/lib/model/convergence.spec.ts) and stock clients through the real server.
 * Every gesture uses the model's writers, as the editor does.
 */
import * as Y from 'yjs';
import { addComment, setThreadResolved } from '$lib/model/comments';
import {
	addAnchor,
	addEdge,
	addNode,
	deleteEdges,
	deleteNodes,
	getCommentsMap,
	getEdgesMap,
	getNodeText,
	getNodesMap,
	getSentencesArray,
	setEdgeGroup,
	setNodeKind,
	setPositions
} from '$lib/model/doc';
import { NODE_KINDS, RELATIONS } from '$lib/model/schema';
import { castVote } from '$lib/model/votes';
import type { Rng } from './rng';

const WORDS = [
	'regime',
	'security',
	'abroad',
	'fear',
	'law',
	'party',
	'growth',
	'cycle',
	'x',
	'é',
	'—'
];

export const OP_NAMES = [
	'addNode',
	'typeInLabel',
	'setKind',
	'deleteNode',
	'addEdge',
	'deleteEdge',
	'group',
	'move',
	'anchor',
	'comment',
	'resolve',
	'vote'
] as const;

/** Applies one random gesture by `who`; returns its name. */
export function randomOp(
	doc: Y.Doc,
	rng: Rng,
	who: { id: string; name: string },
	origin: unknown
): string {
	const nodeIds = [...getNodesMap(doc).keys()];
	const edgeIds = [...getEdgesMap(doc).keys()];
	const op = nodeIds.length < 3 ? 'addNode' : rng.pick(OP_NAMES);
	switch (op) {
		case 'addNode':
			addNode(
				doc,
				{
					kind: rng.pick(NODE_KINDS),
					text: rng.pick(WORDS),
					author: who.name,
					authorId: who.id,
					x: rng.int(800),
					y: rng.int(600)
				},
				origin
			);
			break;
		case 'typeInLabel': {
			const text = getNodeText(doc, rng.pick(nodeIds));
			if (!text) break;
			doc.transact(() => {
				if (rng.chance(0.3) && text.length > 0) text.delete(rng.int(text.length), 1);
				else text.insert(rng.int(text.length + 1), ` ${rng.pick(WORDS)}`);
			}, origin);
			break;
		}
		case 'setKind':
			setNodeKind(doc, rng.pick(nodeIds), rng.pick(NODE_KINDS), origin);
			break;
		case 'deleteNode':
			deleteNodes(doc, [rng.pick(nodeIds)], origin);
			break;
		case 'addEdge': {
			const relation = rng.pick(RELATIONS);
			const to =
				relation === 'undercuts' && edgeIds.length > 0 ? rng.pick(edgeIds) : rng.pick(nodeIds);
			addEdge(
				doc,
				{ from: rng.pick(nodeIds), to, relation, author: who.name, authorId: who.id },
				origin
			);
			break;
		}
		case 'deleteEdge':
			if (edgeIds.length > 0) deleteEdges(doc, [rng.pick(edgeIds)], origin);
			break;
		case 'group':
			if (edgeIds.length > 0)
				setEdgeGroup(doc, rng.pick(edgeIds), rng.chance(0.7) ? `g${rng.int(3)}` : null, origin);
			break;
		case 'move':
			setPositions(doc, [[rng.pick(nodeIds), { x: rng.int(1000), y: rng.int(800) }]], origin);
			break;
		case 'anchor': {
			const sentences = getSentencesArray(doc).toArray();
			if (sentences.length === 0) break;
			const s = rng.pick(sentences);
			addAnchor(
				doc,
				rng.pick(nodeIds),
				{ sentenceId: s.id, start: s.start, end: s.end, exact: s.text, prefix: '', suffix: '' },
				origin
			);
			break;
		}
		case 'comment': {
			const roots = [...getCommentsMap(doc).keys()];
			const parent = roots.length > 0 && rng.chance(0.4) ? rng.pick(roots) : undefined;
			addComment(
				doc,
				{
					targetType: 'node',
					targetId: rng.pick(nodeIds),
					body: rng.pick(WORDS),
					parent,
					author: who
				},
				origin
			);
			break;
		}
		case 'resolve': {
			const roots = [...getCommentsMap(doc).keys()];
			if (roots.length > 0) setThreadResolved(doc, rng.pick(roots), rng.chance(0.5), origin);
			break;
		}
		case 'vote':
			castVote(doc, rng.pick(nodeIds), who, rng.chance(0.1) ? null : 1 + rng.int(5), origin);
			break;
		default: {
			const never: never = op;
			throw new Error(`unknown op ${never}`);
		}
	}
	return op;
}
