/**
 * The statistics of the sync bench (`bench/resample.ts`): pooled nearest-rank percentiles, and a
 * bootstrap over runs and edits whose interval widens with the spread between runs and tells a
 * real difference from noise.
 */
import { describe, expect, it } from 'vitest';
import { compareGroups, interval, percentile, type RunSamples } from '../bench/resample';
import { seededRng } from './helpers/rng';

/** A run of `edits` edits with `perEdit` deliveries each, delays from `draw`. */
function run(edits: number, perEdit: number, draw: () => number): RunSamples {
	const values: number[] = [];
	const clusters: number[] = [];
	for (let e = 0; e < edits; e++)
		for (let k = 0; k < perEdit; k++) {
			values.push(draw());
			clusters.push(e);
		}
	return { values, clusters, clusterCount: edits };
}

describe('percentile', () => {
	it('is the nearest rank: the smallest value with at least p% at or below it', () => {
		const sorted = Array.from({ length: 200 }, (_, i) => i + 1);
		expect(percentile(sorted, 50)).toBe(100);
		expect(percentile(sorted, 99)).toBe(198);
		expect(percentile(sorted, 100)).toBe(200);
		expect(percentile(sorted, 0)).toBe(1);
		expect(percentile([7], 99)).toBe(7);
	});
});

describe('compareGroups', () => {
	it('pools every run of a group into the plain percentiles of all its samples', () => {
		const rng = seededRng(3);
		const runs = [0, 1, 2].map(() => run(40, 3, () => rng.next() * 10));
		const all = runs.flatMap((r) => r.values).sort((a, b) => a - b);
		const { pooled, draws } = compareGroups([runs], [50, 99], 50);
		expect(pooled[0]).toEqual([percentile(all, 50), percentile(all, 99)]);
		expect(draws[0][1]).toHaveLength(50);
		for (const d of draws[0][1]) expect(all).toContain(d);
	});

	it('widens the interval when the runs differ from each other, not only their samples', () => {
		const rng = seededRng(5);
		const alike = [0, 1, 2, 3, 4, 5].map(() => run(100, 1, () => 1 + rng.next()));
		const apart = [0, 1, 2, 3, 4, 5].map((r) => run(100, 1, () => 1 + r + rng.next()));
		const width = (runs: RunSamples[]) => {
			const [low, high] = interval(compareGroups([runs], [99], 400).draws[0][0]);
			return high - low;
		};
		expect(width(apart)).toBeGreaterThan(3 * width(alike));
	});

	it('counts the deliveries of one edit as one unit: shared delays give no false certainty', () => {
		const rng = seededRng(9);
		// Each edit's 49 deliveries share one delay: as uncertain as 100 samples, not 4,900.
		const clustered = [0, 1, 2, 3].map(() => {
			const r = run(100, 1, () => rng.next() * 10);
			return {
				values: r.values.flatMap((v) => Array(49).fill(v)),
				clusters: r.clusters.flatMap((c) => Array(49).fill(c)),
				clusterCount: 100
			};
		});
		const independent = [0, 1, 2, 3].map(() => run(100, 49, () => rng.next() * 10));
		const width = (runs: RunSamples[]) => {
			const [low, high] = interval(compareGroups([runs], [50], 400).draws[0][0]);
			return high - low;
		};
		expect(width(clustered)).toBeGreaterThan(3 * width(independent));
	});

	it('puts 1 inside the ratio interval for servers alike, and outside for a real difference', () => {
		const rng = seededRng(11);
		const server = (scale: number) =>
			[0, 1, 2, 3, 4].map(() => run(300, 1, () => scale * (1 + rng.next() ** 8 * 4)));
		const ratioInterval = (a: RunSamples[], b: RunSamples[]) => {
			const { draws } = compareGroups([a, b], [99], 600);
			return interval(draws[0][0].map((x, i) => x / draws[1][0][i]));
		};
		const [lowSame, highSame] = ratioInterval(server(1), server(1));
		expect(lowSame).toBeLessThan(1);
		expect(highSame).toBeGreaterThan(1);
		const [lowSlower] = ratioInterval(server(1.6), server(1));
		expect(lowSlower).toBeGreaterThan(1);
	});

	it('refuses groups with different numbers of runs, and clusters out of range', () => {
		const one = run(3, 1, () => 1);
		expect(() => compareGroups([[one, one], [one]], [99])).toThrow('same number of runs');
		expect(() => compareGroups([[{ values: [1], clusters: [4], clusterCount: 2 }]], [99])).toThrow(
			'out of range'
		);
	});
});
