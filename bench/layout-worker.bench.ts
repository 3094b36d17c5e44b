/**
 * Long tasks while the editor lays out a map that arrives without positions, with the layout in
 * its worker (as shipped) and on the page's main thread (the same page with `Worker` removed
 * before any script runs, so the editor's `LayoutRunner` falls back to laying out on the page, as
 * every layout ran before the worker), alternating in one run (`npm run bench -- layout-worker`,
 * after `npm run build`; `LAYOUT_WORKER_RUNS`, default 3; `LAYOUT_WORKER_SIZES`, default
 * `1000,2000`).
 *
 * Headless Chromium at 1400×860, a fresh context and a fresh copy of the map (generated, seed 7,
 * no positions) per run. Long tasks are the PerformanceObserver `longtask` entries (> 50 ms) from
 * navigation until the map is ready (`body[data-map-ready]`, which for such a map waits for the
 * layout and the fold arrangement to be drawn). Three spans, from the editor's marks:
 * - while laying out: tasks that start after the first layout job was sent (`warrant:layout-sent`,
 *   in the task of the first render, which draws the nodes on a provisional grid) and before its
 *   result came back (`warrant:layout-back`): what the page does while the layout runs;
 * - taking the result: the task in which it came back (merge, one write, nodes moved); on the main
 *   thread that is the same task as the layout itself;
 * - navigation to ready: everything, including the first render and drawing.
 * Medians of the runs.
 *
 * `LAYOUT_WORKER_BEFORE=<checkout>`: also opens the same maps in an earlier build (that checkout's
 * `dist/` and `build/`, built there with `npm run build`, served by its own server), with the
 * worker, alternating with the others: before and after a change, in one run.
 * `LAYOUT_WORKER_MAIN=0`: leaves out the main-thread side (quicker before/after runs).
 */
import { loadavg } from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { docToFile, type MapFile } from '../src/lib/model/mapfile';
import { generateDoc } from '../src/lib/drawing/testing/generate';
import { launchBrowser } from '../tests/helpers/browser';
import { startServer, type RunningServer } from '../tests/helpers/server';

const RUNS = Number(process.env.LAYOUT_WORKER_RUNS ?? 3);
const SIZES = (process.env.LAYOUT_WORKER_SIZES ?? '1000,2000').split(',').map(Number);
const VIEWPORT = { width: 1400, height: 860 };
const BEFORE = process.env.LAYOUT_WORKER_BEFORE;
const MAIN = process.env.LAYOUT_WORKER_MAIN !== '0';

/** Before any page script: long tasks from navigation start, with their start times. */
const OBSERVE = `
	window.__longTasks = [];
	new PerformanceObserver((list) => {
		for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
	}).observe({ type: 'longtask', buffered: true });`;

/** The page as it was before the worker: no Worker, so every layout runs on the main thread. */
const NO_WORKER = `delete window.Worker;`;

type Mode = 'worker' | 'main thread' | 'worker, earlier build';

interface Run {
	/** The longest long task while the layout ran, and how many there were then. */
	layoutLongest: number;
	layoutCount: number;
	/** The task that took the result back (0: under 50 ms). */
	apply: number;
	/** The same from navigation to ready. */
	longest: number;
	count: number;
	/** ms from navigation start: first render (layout starts), laid out, ready. */
	firstRender: number;
	laidOut: number;
	ready: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

async function createMap(server: RunningServer, file: MapFile): Promise<string> {
	const { id: _id, ...body } = file;
	const res = await fetch(`${server.url}/api/maps`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});
	if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
	return ((await res.json()) as { id: string }).id;
}

async function measure(browser: Browser, url: string, mode: Mode): Promise<Run> {
	const context = await browser.newContext({ viewport: VIEWPORT });
	const page: Page = await context.newPage();
	await page.addInitScript({ content: OBSERVE });
	if (mode === 'main thread') await page.addInitScript({ content: NO_WORKER });
	await page.goto(url);
	await page.waitForFunction(() => document.body.dataset.mapReady === 'true', undefined, {
		timeout: 300_000
	});
	// Page source text: tsx would wrap named functions in a helper the page does not have.
	const run = (await page.evaluate(`(() => {
		const mark = (name) => {
			const m = performance.getEntriesByName(name);
			return m.length ? m[m.length - 1].startTime : NaN;
		};
		const first = (name) => {
			const m = performance.getEntriesByName(name);
			return m.length ? m[0].startTime : NaN;
		};
		const firstRender = mark('warrant:first-render');
		const sent = first('warrant:layout-sent');
		const back = first('warrant:layout-back');
		const laidOut = mark('warrant:laid-out');
		const ready = mark('warrant:ready');
		const all = window.__longTasks;
		const during = all.filter(([s]) => s > sent && s < back);
		const applying = all.filter(([s, d]) => s <= back && back <= s + d);
		const max = (xs) => Math.round(Math.max(0, ...xs.map(([, d]) => d)));
		return {
			layoutLongest: max(during),
			layoutCount: during.length,
			apply: max(applying),
			longest: max(all),
			count: all.length,
			firstRender: Math.round(firstRender),
			laidOut: Math.round(laidOut),
			ready: Math.round(ready)
		};
	})()`)) as Run;
	const placed = await page.evaluate(() => {
		const w = (window as unknown as { __warrant: { nodeIds(): string[] } }).__warrant;
		return w.nodeIds().length;
	});
	await context.close();
	if (!Number.isFinite(run.laidOut)) throw new Error(`${mode}: the map was never laid out`);
	if (placed === 0) throw new Error(`${mode}: nothing drawn`);
	return run;
}

async function main() {
	const server = await startServer();
	const before = BEFORE ? await startServer({ root: BEFORE }) : null;
	const browser = await launchBrowser();
	const modes: Mode[] = [
		'worker',
		...(before ? (['worker, earlier build'] as const) : []),
		...(MAIN ? (['main thread'] as const) : [])
	];
	try {
		console.log(
			`long tasks while the editor lays out a map without positions: worker vs main thread, ` +
				`median of ${RUNS} fresh contexts at ${VIEWPORT.width}×${VIEWPORT.height}` +
				(BEFORE ? `; earlier build: ${BEFORE}` : '')
		);
		console.log(
			`load average at start: ${loadavg()
				.map((l) => l.toFixed(1))
				.join(' ')}`
		);
		console.log(
			'| map | where | longest task while laying out | long tasks then | taking the result | longest task, navigation to ready | first render at | laid out at | ready at |'
		);
		console.log('|---|---|---|---|---|---|---|---|---|');
		for (const size of SIZES) {
			const file = docToFile(generateDoc(size, 7));
			const runs: Record<Mode, Run[]> = {
				worker: [],
				'main thread': [],
				'worker, earlier build': []
			};
			// One warm-up of each, then alternate so that background load falls on all.
			for (let i = 0; i <= RUNS; i++)
				for (const mode of modes) {
					const on = mode === 'worker, earlier build' ? before! : server;
					const id = await createMap(on, file);
					const r = await measure(browser, `${on.url}/map/${id}`, mode);
					if (i > 0) runs[mode].push(r);
				}
			for (const mode of modes) {
				const m = (k: keyof Run) => median(runs[mode].map((r) => r[k]));
				console.log(
					`| generated ${size.toLocaleString('en')}, no positions | ${mode} | ${m('layoutLongest')} ms | ` +
						`${m('layoutCount')} | ${m('apply')} ms | ${m('longest')} ms | ${m('firstRender')} ms | ` +
						`${m('laidOut')} ms | ${m('ready')} ms |`
				);
			}
		}
		console.log(
			`load average at end: ${loadavg()
				.map((l) => l.toFixed(1))
				.join(' ')}`
		);
	} finally {
		await browser.close();
		await server.stop();
		await before?.stop();
	}
}

main().then(
	() => process.exit(0),
	(err) => {
		console.error(err);
		process.exit(1);
	}
);
