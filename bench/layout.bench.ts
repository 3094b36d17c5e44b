/**
 * Layout benchmark (`npm run bench -- layout`, or `npx tsx bench/layout.bench.ts`): edge crossings
 * (`countCrossings`, segments as the editor draws them) and time of `layoutMap` on the essay map and
 * on a generated 300-node map (seed 1), before and after the untangling pass, in one run: before is
 * `layoutMap(…, { untangle: false })`, the plain dagre-and-fold layout the editor had until then.
 * The essay map is laid out as its build script lays it out (`scripts/essay/layout.ts`: its node
 * boxes, the final conclusions on the top row); both at the default 16:10 shape.
 *
 * Then what a large map's default folds cost when it opens (`fold-view.ts` does this on the page's
 * main thread): the folding rules (default folds, what they hide, badge counts) and the arrangement
 * of the nodes left in view (`layoutMap` over them, untangled up to 120 nodes), for generated maps
 * of 300 to 5,000 nodes.
 *
 * Last, dagre against ELK's layered algorithm (elkjs 0.12, the bundled build run in this process;
 * issue 12): crossings and time on the essay map and generated maps of 300, 1,000 and 2,000 nodes.
 * "dagre" is `layoutMap` as the editor runs it (dagre, fold into rows, untangling up to
 * `UNTANGLE_MAX_NODES`); "dagre alone" is dagre's own layout with `layoutMap`'s settings, before
 * the fold; "ELK" is ELK's layered layout alone, with the same spacing and direction,
 * edges aimed as `layoutMap` aims them; "ELK + fold" is ELK's positions put through the same fold
 * and untangling pass as dagre's, so that both fit the same 16:10 screen. ELK has no "these nodes on
 * the top row" option (`top`), so the essay map's final conclusions are left to its layering.
 * `LAYOUT_ELK_SIZES` (default `300,1000,2000`) picks the generated sizes; times are medians of 3
 * (one run above 1,000 nodes).
 */
import { readFileSync } from 'node:fs';
import ELK from 'elkjs/lib/elk.bundled.js';
import { join } from 'node:path';
import { parseMapFileText } from '../src/lib/model/mapfile';
import { nodeBox } from '../src/lib/drawing/node-box';
import {
	finalTarget,
	dagreLayered,
	layoutMap,
	type LayoutBox,
	type LayoutEdge
} from '../src/lib/drawing/layout-map';
import { elkLayered, layoutMapElk } from '../src/lib/drawing/layout-elk';
import type { Point } from '../src/lib/drawing/geometry';
import { defaultFolds, foldCounts, hiddenByFolds } from '../src/lib/drawing/fold';
import { countCrossings } from '../src/lib/drawing/crossings';
import { generateMap } from '../src/lib/drawing/testing/generate';
import { nodeBox as essayBox } from '../scripts/essay/layout';

const ROOT = join(import.meta.dirname, '..');

interface Case {
	name: string;
	boxes: LayoutBox[];
	edges: LayoutEdge[];
	top: string[];
}

function essayCase(): Case {
	const parsed = parseMapFileText(
		readFileSync(join(ROOT, 'maps', 'china-digging-in.json'), 'utf8')
	);
	if (!parsed.ok) throw new Error(parsed.error);
	const m = parsed.value;
	const pointing = new Set(m.edges.map((e) => e.from));
	return {
		name: `essay map (${m.nodes.length} nodes, ${m.edges.length} edges)`,
		boxes: m.nodes.map((n) => {
			const b = essayBox(n.text, n.kind);
			return { id: n.id, w: b.width, h: b.height };
		}),
		edges: m.edges,
		top: m.nodes.filter((n) => !pointing.has(n.id)).map((n) => n.id)
	};
}

function generatedCase(count: number): Case {
	const view = generateMap(count, 1);
	return {
		name: `generated ${count} (${view.nodes.length} nodes, ${view.edges.length} edges, seed 1)`,
		boxes: view.nodes.map((n) => {
			const b = nodeBox(n.kind, n.text);
			return { id: n.id, w: b.w, h: b.h };
		}),
		edges: view.edges,
		top: []
	};
}

function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.floor(s.length / 2)];
}

function run(c: Case, untangle: boolean): { crossings: number; ms: number } {
	let crossings = 0;
	const times: number[] = [];
	layoutMap(c.boxes, c.edges, { top: c.top, untangle }); // warm-up
	for (let i = 0; i < 3; i++) {
		const t = performance.now();
		const at = layoutMap(c.boxes, c.edges, { top: c.top, untangle });
		times.push(performance.now() - t);
		crossings = countCrossings(at, c.edges);
	}
	return { crossings, ms: median(times) };
}

console.log('layoutMap: edge crossings and time (median of 3), before / after the untangling pass');
for (const c of [essayCase(), generatedCase(300)]) {
	const before = run(c, false);
	const after = run(c, true);
	const ratio = before.crossings > 0 ? (after.crossings / before.crossings).toFixed(2) : '-';
	console.log(
		`${c.name}: crossings ${before.crossings} -> ${after.crossings} (×${ratio}); ` +
			`time ${before.ms.toFixed(0)} ms -> ${after.ms.toFixed(0)} ms`
	);
}

console.log(
	'default folds when a large map opens: rules, and the arrangement of what stays in view'
);
for (const count of [300, 1000, 2000, 5000]) {
	const c = generatedCase(count);
	const ids = c.boxes.map((b) => b.id);
	const t0 = performance.now();
	const folded = new Set(defaultFolds(ids, c.edges));
	const hidden = hiddenByFolds(ids, c.edges, folded);
	foldCounts(ids, c.edges, folded, hidden);
	const t1 = performance.now();
	const boxes = c.boxes.filter((b) => !hidden.has(b.id));
	const visible = new Set(boxes.map((b) => b.id));
	const byId = new Map(c.edges.map((e) => [e.id, e]));
	const edges = c.edges.filter((e) => {
		const to = finalTarget(e, byId);
		return visible.has(e.from) && to !== null && visible.has(to);
	});
	layoutMap(boxes, edges, { untangle: boxes.length <= 120 });
	const t2 = performance.now();
	console.log(
		`generated ${count}: ${folded.size} folds, ${boxes.length} nodes in view; ` +
			`rules ${(t1 - t0).toFixed(0)} ms, arrangement ${(t2 - t1).toFixed(0)} ms`
	);
}

const elk = new ELK();

/** Dagre's own layout with `layoutMap`'s settings (no `top`), before the fold and untangling. */
const dagreAlone = (c: Case) => dagreLayered(c.boxes, c.edges);

/** ELK's layered layout alone (`layout-elk.ts`, as the editor's layout worker runs it). */
const elkLayout = (c: Case) => elkLayered(elk, c.boxes, c.edges);

/** ELK's positions through the fold and untangling pass that `layoutMap` gives dagre's. */
const elkFolded = (c: Case) => layoutMapElk(elk, c.boxes, c.edges);

async function timed(
	c: Case,
	f: () => Map<string, Point> | Promise<Map<string, Point>>
): Promise<{ crossings: number; ms: number }> {
	const reps = c.boxes.length > 1000 ? 1 : 3;
	await f(); // warm-up
	const times: number[] = [];
	let crossings = 0;
	for (let i = 0; i < reps; i++) {
		const t = performance.now();
		const at = await f();
		times.push(performance.now() - t);
		crossings = countCrossings(at, c.edges);
	}
	return { crossings, ms: median(times) };
}

console.log('dagre (layoutMap) against ELK layered: edge crossings, time');
console.log(
	'| map | dagre alone | ELK layered alone | dagre + fold and untangle (layoutMap) | ELK + fold and untangle |'
);
console.log('|---|---|---|---|---|');
const elkSizes = (process.env.LAYOUT_ELK_SIZES ?? '300,1000,2000').split(',').map(Number);
for (const c of [essayCase(), ...elkSizes.map(generatedCase)]) {
	const dagreRaw = await timed(c, () => dagreAlone(c));
	const dagreRun = await timed(c, () => layoutMap(c.boxes, c.edges, { top: c.top }));
	const elkRun = await timed(c, () => elkLayout(c));
	const elkFoldRun = await timed(c, () => elkFolded(c));
	const cell = (r: { crossings: number; ms: number }) =>
		`${r.crossings} crossings, ${r.ms.toFixed(0)} ms`;
	console.log(
		`| ${c.name} | ${cell(dagreRaw)} | ${cell(elkRun)} | ${cell(dagreRun)} | ${cell(elkFoldRun)} |`
	);
}
