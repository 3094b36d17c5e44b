/**
 * How much of the source the map covers: for each sentence, how many nodes anchor to it. A node with
 * several anchors in one sentence counts once there. Anchors naming unknown sentences are ignored
 * (readers have already reported them as problems).
 */
import type { Anchor, Sentence } from './schema';

export interface Anchored {
	anchors: readonly Pick<Anchor, 'sentenceId'>[];
}

/** Map from every sentence id (in sentence order) to the number of nodes anchoring it; 0 if none. */
export function sentenceCoverage(
	sentences: readonly Sentence[],
	nodes: Iterable<Anchored>
): Map<string, number> {
	const counts = new Map<string, number>(sentences.map((s) => [s.id, 0]));
	for (const node of nodes) {
		for (const id of new Set(node.anchors.map((a) => a.sentenceId))) {
			const n = counts.get(id);
			if (n !== undefined) counts.set(id, n + 1);
		}
	}
	return counts;
}

export interface CoverageSummary {
	/** Sentences anchored by at least one node. */
	mapped: number;
	total: number;
	/** Sentences no node anchors, in text order. */
	unmapped: Sentence[];
}

export function coverageSummary(
	sentences: readonly Sentence[],
	nodes: Iterable<Anchored>
): CoverageSummary {
	const counts = sentenceCoverage(sentences, nodes);
	const unmapped = sentences.filter((s) => counts.get(s.id) === 0);
	return { mapped: sentences.length - unmapped.length, total: sentences.length, unmapped };
}
