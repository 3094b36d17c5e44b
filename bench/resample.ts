/**
 * Percentiles pooled over several runs, and how sure they are (a bootstrap), for benchmarks that
 * compare servers in interleaved runs (`sync-peers.bench.ts`).
 *
 * Why a bootstrap over runs and edits, not over deliveries: deliveries are not independent. The 49
 * deliveries of one edit at 50 clients share its server pass, and the runs differ by what else the
 * shared machine did meanwhile (the p99 of one server spreads 1.5–3 ms from run to run). Resampling
 * single deliveries would call that noise a resolved difference. So each bootstrap draw resamples
 * at two levels: which runs (repeats, drawn with replacement and shared by every server, since the
 * servers of one repeat ran back to back under the same background load), then, within each drawn
 * run, which edits (each with all its deliveries). The spread of a statistic over the draws is its
 * uncertainty; two levels of resampling err on the wide side, never the narrow one.
 */
import { seededRng } from '../tests/helpers/rng';

/** The samples of one run, each tagged with the cluster it belongs to (an edit: 0..clusters-1). */
export interface RunSamples {
	values: number[];
	clusters: number[];
	clusterCount: number;
}

/** The nearest-rank percentile of sorted values: the smallest value with at least p% at or below. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Every run's samples in one sorted array, each remembering its run and cluster. */
interface Pooled {
	values: Float64Array;
	/** Index into the weights of a draw: the run's offset plus the sample's cluster. */
	slot: Int32Array;
	/** Where each run's clusters start in the weights. */
	offsets: number[];
	clusterCounts: number[];
	slots: number;
}

function pool(runs: RunSamples[]): Pooled {
	const offsets: number[] = [];
	let slots = 0;
	for (const run of runs) {
		offsets.push(slots);
		slots += run.clusterCount;
	}
	const all: Array<[number, number]> = [];
	runs.forEach((run, r) => {
		if (run.values.length !== run.clusters.length)
			throw new Error('every sample needs its cluster');
		run.values.forEach((v, i) => {
			const c = run.clusters[i];
			if (!(c >= 0 && c < run.clusterCount)) throw new Error(`cluster ${c} out of range`);
			all.push([v, offsets[r] + c]);
		});
	});
	all.sort((a, b) => a[0] - b[0]);
	return {
		values: Float64Array.from(all, (x) => x[0]),
		slot: Int32Array.from(all, (x) => x[1]),
		offsets,
		clusterCounts: runs.map((r) => r.clusterCount),
		slots
	};
}

/**
 * Weighted nearest-rank percentiles (`ps` ascending) of the pooled samples: the smallest value whose
 * cumulative weight reaches p% of the total. With every weight 1 this is `percentile`.
 */
function weightedPercentiles(pooled: Pooled, weights: Float64Array, ps: number[]): number[] {
	let total = 0;
	for (let i = 0; i < pooled.slot.length; i++) total += weights[pooled.slot[i]];
	const out: number[] = [];
	let k = 0;
	let cumulative = 0;
	for (let i = 0; i < pooled.values.length && k < ps.length; i++) {
		cumulative += weights[pooled.slot[i]];
		while (k < ps.length && cumulative >= (ps[k] / 100) * total - 1e-9) {
			out.push(pooled.values[i]);
			k++;
		}
	}
	while (out.length < ps.length) out.push(pooled.values[pooled.values.length - 1]);
	return out;
}

export interface Comparison {
	/** Per group: the pooled percentiles (every run, every sample), in the order of `ps`. */
	pooled: number[][];
	/** Per group, per percentile: that percentile in each bootstrap draw. */
	draws: number[][][];
}

/**
 * Pooled percentiles `ps` of each group (a server: its runs, in repeat order, the same number per
 * group) and their bootstrap distribution over `iterations` draws, resampling runs (shared by the
 * groups) and then clusters within each drawn run (per group). Seeded, so a run's figures replay.
 */
export function compareGroups(
	groups: RunSamples[][],
	ps: number[],
	iterations = 2000,
	seed = 1
): Comparison {
	const runCount = groups[0]?.length ?? 0;
	if (runCount === 0 || groups.some((g) => g.length !== runCount))
		throw new Error('every group needs the same number of runs (one per repeat)');
	const pooled = groups.map(pool);
	const rng = seededRng(seed);
	const draws = groups.map(() => ps.map(() => [] as number[]));
	const weights = pooled.map((p) => new Float64Array(p.slots));
	for (let it = 0; it < iterations; it++) {
		const picked = Array.from({ length: runCount }, () => rng.int(runCount));
		pooled.forEach((p, g) => {
			const w = weights[g];
			w.fill(0);
			for (const r of picked) {
				const n = p.clusterCounts[r];
				for (let i = 0; i < n; i++) w[p.offsets[r] + rng.int(n)] += 1;
			}
			weightedPercentiles(p, w, ps).forEach((v, k) => draws[g][k].push(v));
		});
	}
	return {
		pooled: pooled.map((p) => weightedPercentiles(p, new Float64Array(p.slots).fill(1), ps)),
		draws
	};
}

/** The central `level` interval (e.g. 0.95) of the draws: [low, high]. */
export function interval(draws: number[], level = 0.95): [number, number] {
	const sorted = [...draws].sort((a, b) => a - b);
	const tail = ((1 - level) / 2) * 100;
	return [percentile(sorted, tail), percentile(sorted, 100 - tail)];
}
