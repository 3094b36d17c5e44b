/**
 * The editor against cytoscape alone, side by side in one run (`npm run bench -- editor-vs`, after
 * `npm run build`): headless Chromium at 1400×860, a fresh browser context per navigation, median of
 * `EDITOR_VS_RUNS` (default 3), the two pages alternating so that background load falls on both.
 *
 * - Warrant: `/map/<id>` until `body[data-map-ready]` (document synced, every element in cytoscape,
 *   two frames painted); the figure is the page's own `data-map-ready-at` (ms from navigation start).
 * - Cytoscape alone: a bare page on the same origin (served by Playwright's router, so the server
 *   never sees it) that fetches the same map from `GET /api/maps/<id>` and draws it with cytoscape's
 *   own build: round rectangles with wrapped labels, one colour per kind, arrows; node-to-node edges
 *   only (cytoscape cannot aim an edge at an edge, so undercuts are left out: less work for it).
 *   Placed maps use their positions (preset layout); unplaced ones are laid out by dagre on the page,
 *   as the editor must. Ready: two frames after cytoscape's first render.
 * - Everything shown: Warrant opens a map over 40 nodes folded to its main lines; before moving the
 *   view the bench presses "Unfold all" (which fits the whole map in view), so that both pages draw
 *   every node. The bare page is already fitted to the whole map.
 * - Pan: a real drag gesture (Playwright's mouse, i.e. Chromium's input pipeline) from a spot of
 *   background, `PAN_MOVES` moves of 6 px right then back; zoom: `ZOOM_STEPS` wheel steps in then out
 *   over the map's centre. The figure is the p95 of the intervals between animation frames while the
 *   gesture lasts (recorded in the page). 16.7 ms is the display's own rate: a page that keeps up
 *   gives that. A gesture goes through cytoscape's own handlers, so its motion options
 *   (`textureOnViewport`, `hideEdgesOnViewport`) act as they do for a person.
 * - Breakdown (Warrant): the page's HTML arriving (its first byte), the map's state received (the end
 *   of the HTML response, which streams it after the markup, or for a map too large for that the
 *   `/state` response), the editor mounted
 *   (`warrant:mount`), the map first rendered into cytoscape (`warrant:first-render`), cytoscape
 *   created (`warrant:cy-created`), ready; medians, ms from navigation start.
 * - JavaScript: every script response of the essay map's navigation until ready (its first view),
 *   gzip-compressed here at zlib's default level, as servers send it.
 * - Long tasks: every `longtask` entry (PerformanceObserver, > 50 ms) from navigation to ready; the
 *   longest is printed.
 *
 * - Before and after: `EDITOR_VS_BASE=<another checkout, built>` starts that checkout's server too and
 *   measures its editor as a third page in the same alternation (same maps, same browser), printed as
 *   a table of both ready times and ratios.
 *
 * Maps: the essay map (maps/china-digging-in.json) and generated maps of 300 to 5,000 nodes
 * (`generateDoc`, seeded), placed on a grid, and 1,000 and 2,000 without positions. Each unplaced
 * run gets a fresh copy, so that no run sees positions an earlier one stored.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { setPositions } from '../src/lib/model/doc';
import { docToFile, type MapFile } from '../src/lib/model/mapfile';
import { readMap } from '../src/lib/model/read';
import { generateDoc, gridPositions } from '../src/lib/drawing/testing/generate';
import { launchBrowser } from '../tests/helpers/browser';
import { ROOT_DIR, startServer, type RunningServer } from '../tests/helpers/server';

const RUNS = Number(process.env.EDITOR_VS_RUNS ?? 3);
const PAN_MOVES = 120;
const ZOOM_STEPS = 40;
const VIEWPORT = { width: 1400, height: 860 };

const require = createRequire(import.meta.url);
const CYTOSCAPE_JS = readFileSync(require.resolve('cytoscape/dist/cytoscape.min.js'), 'utf8');
const DAGRE_JS = readFileSync(
	join(require.resolve('@dagrejs/dagre/package.json'), '..', 'dist/dagre.min.js'),
	'utf8'
);

/** The bare page: cytoscape alone drawing `GET /api/maps/<id>`; sets `data-ready-at` when drawn. */
const BARE_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>cytoscape alone</title>
<style>html,body{margin:0;height:100%}#cy{position:absolute;inset:0}</style>
<script>
window.__longTasks = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
	.observe({ type: 'longtask', buffered: true });
</script>
</head><body><div id="cy"></div>
<script src="/__bare/cytoscape.js"></script>
<script src="/__bare/dagre.js"></script>
<script>
(async () => {
	const id = location.pathname.split('/').pop();
	const map = await (await fetch('/api/maps/' + encodeURIComponent(id))).json();
	const ids = new Set(map.nodes.map((n) => n.id));
	const placed = map.nodes.every((n) => Number.isFinite(n.x) && Number.isFinite(n.y));
	const pos = new Map();
	if (!placed) {
		const g = new dagre.graphlib.Graph();
		g.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 90, edgesep: 20 });
		g.setDefaultEdgeLabel(() => ({}));
		for (const n of map.nodes) g.setNode(n.id, { width: 180, height: 70 });
		for (const e of map.edges) if (ids.has(e.from) && ids.has(e.to)) g.setEdge(e.from, e.to);
		dagre.layout(g);
		for (const n of map.nodes) { const p = g.node(n.id); pos.set(n.id, { x: p.x, y: p.y }); }
	}
	const colours = { thesis: '#1f4e79', claim: '#2e75b6', evidence: '#548235', counterpoint: '#c55a11', rebuttal: '#7030a0', note: '#7f7f7f' };
	const elements = [
		...map.nodes.map((n) => ({ data: { id: n.id, label: n.text, kind: n.kind }, position: placed ? { x: n.x, y: n.y } : pos.get(n.id) })),
		...map.edges.filter((e) => ids.has(e.from) && ids.has(e.to)).map((e) => ({ data: { id: e.id, source: e.from, target: e.to, relation: e.relation } }))
	];
	const cy = cytoscape({
		container: document.getElementById('cy'),
		elements,
		layout: { name: 'preset', fit: true, padding: 30 },
		style: [
			{ selector: 'node', style: { shape: 'round-rectangle', width: 180, height: 'label', padding: '10px', 'background-color': '#fff', 'border-width': 2, 'border-color': (n) => colours[n.data('kind')] || '#333', label: 'data(label)', 'text-wrap': 'wrap', 'text-max-width': '170px', 'text-valign': 'center', 'font-size': 13 } },
			{ selector: 'edge', style: { width: 2, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'line-color': (e) => e.data('relation') === 'attacks' ? '#c00000' : '#548235', 'target-arrow-color': (e) => e.data('relation') === 'attacks' ? '#c00000' : '#548235' } }
		]
	});
	window.__cy = cy;
	cy.one('render', () => requestAnimationFrame(() => requestAnimationFrame(() => {
		document.body.dataset.readyAt = String(Math.round(performance.now()));
	})));
})();
</script></body></html>`;

/**
 * Registered before any page script: long tasks from navigation start (Warrant's page), and the
 * frame recorder the gestures use (both pages).
 */
const RECORD_FRAMES = `
	window.__lastScroll = -1e9;
	window.addEventListener('scroll', () => (window.__lastScroll = performance.now()), true);
	window.__frames = { on: false, times: [] };
	window.__recordFrames = () => {
		const f = window.__frames;
		f.on = true;
		f.times = [];
		const step = (t) => { if (!f.on) return; f.times.push(t); requestAnimationFrame(step); };
		requestAnimationFrame(step);
	};
	window.__stopFrames = () => {
		const f = window.__frames;
		f.on = false;
		const gaps = f.times.slice(1).map((x, i) => x - f.times[i]).sort((a, b) => a - b);
		return gaps.length ? gaps[Math.ceil(0.95 * gaps.length) - 1] : NaN;
	};`;

/** Registered before any page script: long tasks from navigation start (Warrant's page). */
const OBSERVE_LONG_TASKS = `
	window.__longTasks = [];
	new PerformanceObserver((list) => {
		for (const e of list.getEntries()) window.__longTasks.push(e.duration);
	}).observe({ type: 'longtask', buffered: true });`;

interface Run {
	readyMs: number;
	longest: number;
	panP95: number;
	zoomP95: number;
	/** Warrant only: ms from navigation start (see the module comment). */
	html?: number;
	state?: number;
	mount?: number;
	firstRender?: number;
	cyCreated?: number;
	/** Warrant only: gzip bytes of the scripts loaded until ready. */
	jsGzip?: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/**
 * A spot of background (no node within 8 px, no panel over it) in the map's container, in page coordinates, from
 * where a drag pans rather than moves a node: searched outwards from the left third of the pane.
 * Written as page source text: tsx would wrap named functions in a helper the page does not have.
 */
const FIND_BACKGROUND = (which: 'warrant' | 'bare') => `(() => {
	const container = document.querySelector(${JSON.stringify(which === 'bare' ? '#cy' : '[data-testid="map"]')});
	const c = container.getBoundingClientRect();
	const boxes = ${
		which === 'bare'
			? 'window.__cy.nodes().map((n) => n.renderedBoundingBox({ includeLabels: false }))'
			: 'window.__warrant.shownIds().map((id) => window.__warrant.box(id))'
	};
	// No node there, and no panel over the canvas (the fold bar, the legend).
	const free = (x, y) =>
		!boxes.some((b) => x > b.x1 - 8 && x < b.x2 + 8 && y > b.y1 - 8 && y < b.y2 + 8) &&
		container.contains(document.elementFromPoint(c.left + x, c.top + y));
	const x0 = c.width * 0.3, y0 = c.height * 0.5;
	for (let r = 0; r < Math.max(c.width, c.height); r += 4)
		for (let a = 0; a < 16; a++) {
			const x = x0 + r * Math.cos((a * Math.PI) / 8), y = y0 + r * Math.sin((a * Math.PI) / 8);
			if (x > 20 && y > 20 && x < c.width * 0.45 && y < c.height - 20 && free(x, y))
				return { x: c.left + x, y: c.top + y, cx: c.left + c.width / 2, cy: c.top + c.height / 2 };
		}
	return null;
})()`;

/** p95 frame interval while a drag pans the view, and while the wheel zooms in and out. */
async function gestures(
	page: Page,
	which: 'warrant' | 'bare'
): Promise<{ pan: number; zoom: number }> {
	const at = (await page.evaluate(FIND_BACKGROUND(which))) as {
		x: number;
		y: number;
		cx: number;
		cy: number;
	} | null;
	if (!at) throw new Error(`${which}: no background to drag from`);
	await page.evaluate('window.__recordFrames()');
	await page.mouse.move(at.x, at.y);
	await page.mouse.down();
	const panNow = () =>
		page.evaluate(which === 'bare' ? 'window.__cy.pan().x' : 'window.__warrant.pan().x');
	const x0 = (await panNow()) as number;
	for (let i = 1; i <= PAN_MOVES; i++) {
		const k = i <= PAN_MOVES / 2 ? i : PAN_MOVES - i;
		await page.mouse.move(at.x + 6 * k, at.y + 2 * k);
		// Half way the view must have followed the pointer: a drag that grabbed nothing measures nothing.
		if (i === PAN_MOVES / 2 && Math.abs(((await panNow()) as number) - x0 - 3 * PAN_MOVES) > 2)
			throw new Error(`${which}: the drag did not pan the view`);
	}
	await page.mouse.up();
	const pan = (await page.evaluate('window.__stopFrames()')) as number;
	// Zoom on the same spot of background: a hovered node would scroll Warrant's essay pane, and
	// cytoscape ignores the wheel for 250 ms after any scroll in the page: wait for 300 ms without one.
	await page.waitForFunction('performance.now() - window.__lastScroll > 300', null, {
		timeout: 30_000,
		polling: 100
	});
	const zoomNow = () =>
		page.evaluate(which === 'bare' ? 'window.__cy.zoom()' : 'window.__warrant.zoom()');
	const z0 = (await zoomNow()) as number;
	await page.evaluate('window.__recordFrames()');
	for (let i = 0; i < ZOOM_STEPS; i++) {
		await page.mouse.wheel(0, i < ZOOM_STEPS / 2 ? -60 : 60);
		if (i === ZOOM_STEPS / 2 - 1 && !(((await zoomNow()) as number) > z0 * 1.05))
			throw new Error(`${which}: the wheel did not zoom the view`);
	}
	const zoom = (await page.evaluate('window.__stopFrames()')) as number;
	return { pan, zoom };
}

/** Waits for two animation frames in the page. */
const twoFrames = (page: Page) =>
	page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

async function measure(
	context: BrowserContext,
	url: string,
	which: 'warrant' | 'bare'
): Promise<Run> {
	const page = await context.newPage();
	await page.addInitScript({ content: RECORD_FRAMES });
	if (which === 'warrant') await page.addInitScript({ content: OBSERVE_LONG_TASKS });
	const scripts: Array<Promise<Buffer | null>> = [];
	let loading = true;
	page.on('response', (r) => {
		if (loading && r.request().resourceType() === 'script')
			scripts.push(r.body().catch(() => null));
	});
	await page.goto(url);
	const attr = which === 'warrant' ? 'mapReadyAt' : 'readyAt';
	await page.waitForFunction((a) => document.body.dataset[a] !== undefined, attr, {
		timeout: 120_000
	});
	loading = false;
	const readyMs = Number(await page.evaluate((a) => document.body.dataset[a], attr));
	const longest = await page.evaluate(() =>
		Math.round(Math.max(0, ...(window as unknown as { __longTasks: number[] }).__longTasks))
	);
	const run: Run = { readyMs, longest, panP95: NaN, zoomP95: NaN };
	if (which === 'warrant') {
		Object.assign(
			run,
			(await page.evaluate(`(() => {
				const mark = (name) =>
					Math.round(performance.getEntriesByName('warrant:' + name)[0]?.startTime ?? NaN);
				const nav = performance.getEntriesByType('navigation')[0];
				const state = performance
					.getEntriesByType('resource')
					.find((r) => new URL(r.name).pathname.endsWith('/state'));
				return {
					// The markup's first byte: the page's state may be streamed after it, in the same response.
					html: Math.round(nav.responseStart),
					// The page's HTML carries the map's state unless the map is too large for that.
					state: Math.round(state ? state.responseEnd : nav.responseEnd),
					mount: mark('mount'),
					firstRender: mark('first-render'),
					cyCreated: mark('cy-created')
				};
			})()`)) as Partial<Run>
		);
		const bodies = (await Promise.all(scripts)).filter((b): b is Buffer => !!b);
		run.jsGzip = bodies.reduce((s, b) => s + gzipSync(b).length, 0);
		// Everything shown: unfold (the button fits the whole map in view).
		const unfold = page.locator('[data-testid="unfold-all"]');
		if (await unfold.isVisible()) {
			await unfold.click();
			await page.waitForFunction(
				() => {
					const w = (
						window as unknown as {
							__warrant: { shownIds(): string[]; nodeIds(): string[]; complete?(): boolean };
						}
					).__warrant;
					// A large map's rest is added after its first view: every node in, every node shown.
					return w.complete?.() !== false && w.shownIds().length === w.nodeIds().length;
				},
				null,
				{ timeout: 120_000 }
			);
		}
	}
	await twoFrames(page);
	const g = await gestures(page, which);
	run.panP95 = g.pan;
	run.zoomP95 = g.zoom;
	await page.close();
	return run;
}

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

function generatedFile(nodes: number, placed: boolean): MapFile {
	const doc = generateDoc(nodes, 7);
	if (placed) setPositions(doc, gridPositions(readMap(doc)), null);
	return docToFile(doc);
}

interface Case {
	label: string;
	/** A fresh map id per run (unplaced maps), or one id for all runs, on the server given. */
	mapId: (server: RunningServer) => Promise<string>;
}

/** The pages of one run, measured in turn: `base` is the build of EDITOR_VS_BASE, if given. */
type Which = 'warrant' | 'bare' | 'base';

async function main() {
	const server = await startServer();
	// EDITOR_VS_BASE=<another checkout, built>: its editor too, alternating with this one's, so that
	// a change is measured against what it changes in one run (before/after on a busy machine).
	const baseRoot = process.env.EDITOR_VS_BASE;
	const base = baseRoot ? await startServer({ root: baseRoot }) : null;
	const browser: Browser = await launchBrowser();
	try {
		const essay = JSON.parse(
			readFileSync(join(ROOT_DIR, 'maps', 'china-digging-in.json'), 'utf8')
		) as MapFile;
		const once = (file: MapFile) => {
			const ids = new Map<RunningServer, Promise<string>>();
			return (on: RunningServer) => {
				if (!ids.has(on)) ids.set(on, createMap(on, file));
				return ids.get(on)!;
			};
		};
		const fresh = (file: MapFile) => (on: RunningServer) => createMap(on, file);
		const sample = JSON.parse(
			readFileSync(join(ROOT_DIR, 'maps', 'sample-sunday-libraries.json'), 'utf8')
		) as MapFile;
		const cases: Case[] = [
			{ label: `essay (${essay.nodes.length} nodes)`, mapId: () => Promise.resolve(essay.id) },
			// A small map opens unfolded: its first view needs no layout on the page.
			{ label: `sample (${sample.nodes.length} nodes)`, mapId: once(sample) },
			...(await Promise.all(
				[300, 1000, 2000, 5000].map((n) => ({
					label: `generated ${n.toLocaleString('en')}`,
					mapId: once(generatedFile(n, true))
				}))
			)),
			...[1000, 2000].map((n) => ({
				label: `generated ${n.toLocaleString('en')}, no positions`,
				mapId: fresh(generatedFile(n, false))
			}))
		];

		const load = loadavg()
			.map((l) => l.toFixed(2))
			.join(' ');
		console.log(
			`editor vs cytoscape alone: median of ${RUNS} fresh contexts at ${VIEWPORT.width}×${VIEWPORT.height}; ` +
				`pan and zoom = p95 frame interval during a drag of ${PAN_MOVES} moves and ${ZOOM_STEPS} wheel steps, ` +
				`every node shown (16.7 ms = every frame); load average at start ${load}`
		);
		const rows: string[] = [];
		const breakdown: string[] = [];
		const baseRows: string[] = [];
		let firstViewJs = NaN;
		const jsByMap: string[] = [];
		// EDITOR_VS_ONLY=<part of a label> measures those maps alone (e.g. `essay`); several parts
		// separated by `|` (labels hold commas: `generated 1,000|generated 5,000`); `=label` matches
		// that label only (`=generated 1,000` leaves out `generated 1,000, no positions`).
		const only = process.env.EDITOR_VS_ONLY?.split('|').filter(Boolean);
		const picked = (label: string) =>
			only!.some((o) => (o.startsWith('=') ? label === o.slice(1) : label.includes(o)));
		for (const c of cases.filter((c) => !only?.length || picked(c.label))) {
			const runs: Record<Which, Run[]> = { warrant: [], bare: [], base: [] };
			const pages: Which[] = base ? ['warrant', 'bare', 'base'] : ['warrant', 'bare'];
			// One warm-up of each (server loads the map, Chromium warms up), then alternate.
			for (let i = 0; i <= RUNS; i++)
				for (const which of pages) {
					const on = which === 'base' ? base! : server;
					const id = await c.mapId(on);
					const context = await browser.newContext({ viewport: VIEWPORT });
					await context.route('**/__bare/**', (route) => {
						const path = new URL(route.request().url()).pathname;
						if (path === '/__bare/cytoscape.js')
							return route.fulfill({ contentType: 'text/javascript', body: CYTOSCAPE_JS });
						if (path === '/__bare/dagre.js')
							return route.fulfill({ contentType: 'text/javascript', body: DAGRE_JS });
						return route.fulfill({ contentType: 'text/html', body: BARE_HTML });
					});
					const url = which === 'bare' ? `${server.url}/__bare/map/${id}` : `${on.url}/map/${id}`;
					const run = await measure(context, url, which === 'bare' ? 'bare' : 'warrant');
					await context.close();
					if (i > 0) runs[which].push(run);
				}
			const m = (which: Which, key: keyof Run) => median(runs[which].map((r) => r[key]));
			const ratio = m('warrant', 'readyMs') / m('bare', 'readyMs');
			const panRatio = m('warrant', 'panP95') / m('bare', 'panP95');
			const zoomRatio = m('warrant', 'zoomP95') / m('bare', 'zoomP95');
			const row =
				`| ${c.label} | ${m('warrant', 'readyMs')} ms | ${m('bare', 'readyMs')} ms | ${ratio.toFixed(2)} | ` +
				`${m('warrant', 'panP95').toFixed(1)} / ${m('bare', 'panP95').toFixed(1)} ms | ${panRatio.toFixed(2)} | ` +
				`${m('warrant', 'zoomP95').toFixed(1)} / ${m('bare', 'zoomP95').toFixed(1)} ms | ${zoomRatio.toFixed(2)} | ` +
				`${m('warrant', 'longest')} / ${m('bare', 'longest')} ms |`;
			rows.push(row);
			console.log(row);
			const b = (key: keyof Run) => m('warrant', key);
			breakdown.push(
				`| ${c.label} | ${b('html')} | ${b('state')} | ${b('mount')} | ${b('firstRender')} | ${b('cyCreated')} | ${b('readyMs')} |`
			);
			if (c.label.startsWith('essay')) firstViewJs = b('jsGzip') ?? NaN;
			jsByMap.push(`${c.label} ${((b('jsGzip') ?? NaN) / 1024).toFixed(1)} KB`);
			if (base) {
				const baseRatio = m('base', 'readyMs') / m('bare', 'readyMs');
				const k = (key: keyof Run) => m('base', key);
				baseRows.push(
					`| ${c.label} | ${k('readyMs')} ms | ${m('warrant', 'readyMs')} ms | ${m('bare', 'readyMs')} ms | ` +
						`${baseRatio.toFixed(2)} | ${ratio.toFixed(2)} | ` +
						`${k('html')} / ${k('state')} / ${k('mount')} / ${k('firstRender')} | ` +
						`${b('html')} / ${b('state')} / ${b('mount')} / ${b('firstRender')} |`
				);
			}
		}
		console.log('\nside by side:');
		console.log(
			'| map | Warrant ready | cytoscape alone | ready ratio | pan p95 Warrant / alone | pan ratio | zoom p95 Warrant / alone | zoom ratio | longest task Warrant / alone |'
		);
		console.log('|---|---|---|---|---|---|---|---|---|');
		for (const r of rows) console.log(r);
		console.log('\nWarrant, where the time goes (median ms from navigation start):');
		console.log(
			'| map | HTML first byte | state received | editor mounted | first render | cytoscape created | ready |'
		);
		console.log('|---|---|---|---|---|---|---|');
		for (const r of breakdown) console.log(r);
		if (base) {
			console.log(`\nbefore (EDITOR_VS_BASE=${baseRoot}) and after, in the same run:`);
			console.log(
				'| map | before ready | after ready | cytoscape alone | before ratio | after ratio | before: HTML / state / mounted / first render | after: the same |'
			);
			console.log('|---|---|---|---|---|---|---|---|');
			for (const r of baseRows) console.log(r);
		}
		if (Number.isFinite(firstViewJs))
			console.log(
				`\nfirst-view JavaScript (essay map, scripts loaded until ready): ${(firstViewJs / 1024).toFixed(1)} KB gzip (goal ≤ 200 KB)`
			);
		console.log(`first-view JavaScript by map (gzip): ${jsByMap.join('; ')}`);
		console.log(
			`load average at end ${loadavg()
				.map((l) => l.toFixed(2))
				.join(' ')}`
		);
	} finally {
		await browser.close();
		await server.stop();
		await base?.stop();
	}
}

main().then(
	() => process.exit(0),
	(err) => {
		console.error(err);
		process.exit(1);
	}
);
