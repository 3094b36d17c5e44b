/**
 * Coverage shading for the source pane: how many nodes anchor a sentence, in four levels
 * (none, one, two, three or more), with the words of the key shown beside the text.
 */
import { sentenceCoverage, type Anchored } from '$lib/model/coverage';
import type { Sentence } from '$lib/model/schema';

export type CoverageLevel = 0 | 1 | 2 | 3;

export const COVERAGE_KEY: ReadonlyArray<{ level: CoverageLevel; label: string }> = [
	{ level: 0, label: 'not mapped' },
	{ level: 1, label: '1 node' },
	{ level: 2, label: '2 nodes' },
	{ level: 3, label: '3 or more' }
];

export function coverageLevel(count: number): CoverageLevel {
	if (!(count > 0)) return 0;
	return count >= 3 ? 3 : (Math.floor(count) as 1 | 2);
}

/** The level of every sentence, by id. */
export function coverageLevels(
	sentences: readonly Sentence[],
	nodes: Iterable<Anchored>
): Map<string, CoverageLevel> {
	const out = new Map<string, CoverageLevel>();
	for (const [id, n] of sentenceCoverage(sentences, nodes)) out.set(id, coverageLevel(n));
	return out;
}
