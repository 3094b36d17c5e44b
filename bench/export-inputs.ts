/**
 * What the export benchmarks (export.bench.ts, image-export.bench.ts) share: the map they measure
 * (the largest in maps/, the essay map) and how a figure is taken (the median of `runs` calls after
 * one warm-up call), so that both report figures of one kind on one map.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseMapFileText, type MapFile } from '../src/lib/model/mapfile';

const ROOT = join(import.meta.dirname, '..');

/** The map in maps/ with the most nodes, and its name (the file's, without `.json`). */
export function largestMap(): { name: string; file: MapFile } {
	let best: { name: string; file: MapFile } | null = null;
	for (const name of readdirSync(join(ROOT, 'maps')).filter((n) => n.endsWith('.json'))) {
		const parsed = parseMapFileText(readFileSync(join(ROOT, 'maps', name), 'utf8'));
		if (parsed.ok && (!best || parsed.value.nodes.length > best.file.nodes.length))
			best = { name: name.replace(/\.json$/, ''), file: parsed.value };
	}
	if (!best) throw new Error('no map in maps/');
	return best;
}

/**
 * The median time in ms of `runs` calls of `fn`, after one warm-up call (module JIT, Chromium's
 * first paint) that is not counted.
 */
export async function medianMs(
	runs: number,
	fn: () => unknown | Promise<unknown>
): Promise<number> {
	await fn();
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t = performance.now();
		await fn();
		times.push(performance.now() - t);
	}
	times.sort((a, b) => a - b);
	return times[Math.floor(times.length / 2)];
}
