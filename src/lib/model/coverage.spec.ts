import { describe, expect, it } from 'vitest';
import { coverageSummary, sentenceCoverage } from './coverage';
import type { Sentence } from './schema';

const sentences: Sentence[] = ['s1', 's2', 's3', 's4'].map((id, i) => ({
	id,
	text: id,
	start: i * 3,
	end: i * 3 + 2,
	paragraph: 0
}));
const node = (...ids: string[]) => ({ anchors: ids.map((sentenceId) => ({ sentenceId })) });

describe('sentenceCoverage', () => {
	it('counts nodes per sentence, once per node however many anchors it has there', () => {
		const counts = sentenceCoverage(sentences, [node('s1', 's1', 's2'), node('s2'), node('s9')]);
		expect([...counts]).toEqual([
			['s1', 1],
			['s2', 2],
			['s3', 0],
			['s4', 0]
		]);
	});
});

describe('coverageSummary', () => {
	it('counts mapped sentences and lists the unmapped ones in text order', () => {
		const summary = coverageSummary(sentences, [node('s4'), node('s2', 's4')]);
		expect(summary.mapped).toBe(2);
		expect(summary.total).toBe(4);
		expect(summary.unmapped.map((s) => s.id)).toEqual(['s1', 's3']);
	});

	it('reports everything unmapped for a map without nodes', () => {
		expect(coverageSummary(sentences, [])).toEqual({ mapped: 0, total: 4, unmapped: sentences });
	});
});
