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
 * - Pan: 120 frames, each moving the view by (7, 3) px with `cy.panBy` from `requestAnimationFrame`
 *   (the editor's test hook `window.__warrant.panBy` in Warrant); the figure is the p95 of the frame
 *   intervals. 16.7 ms is the display's own rate: a page that keeps up gives that.
 * - Long tasks: every `longtask` entry (PerformanceObserver, > 50 ms) from navigation to ready; the
 *   longest is printed.
 *
 * Maps: the essay map (maps/china-digging-in.json) and generated maps of 300 to 5,000 nodes
 * (`generateDoc`, seeded), placed on a grid, and 1,000 and 2,000 without positions. Each unplaced
 * run gets a fresh copy, so that no run sees positions an earlier one stored.
 */
import { readFileSync } from 'node:fs';
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
const PAN_FRAMES = 120;
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
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/**
 * p95 of the intervals between PAN_FRAMES animation frames, each panning the view by (7, 3) px.
 * Written as page source text: tsx would wrap named functions in a helper the page does not have.
 */
async function panP95(page: Page, which: 'warrant' | 'bare'): Promise<number> {
	const pan =
		which === 'bare' ? 'window.__cy.panBy({ x: 7, y: 3 })' : 'window.__warrant.panBy(7, 3)';
	return page.evaluate(`new Promise((resolve) => {
		const times = [];
		const step = (t) => {
			times.push(t);
			if (times.length > ${PAN_FRAMES}) {
				const gaps = times.slice(1).map((x, i) => x - times[i]).sort((a, b) => a - b);
				resolve(gaps[Math.ceil(0.95 * gaps.length) - 1]);
				return;
			}
			${pan};
			requestAnimationFrame(step);
		};
		requestAnimationFrame(step);
	})`) as Promise<number>;
}

async function measure(
	context: BrowserContext,
	url: string,
	which: 'warrant' | 'bare'
): Promise<Run> {
	const page = await context.newPage();
	if (which === 'warrant') await page.addInitScript({ content: OBSERVE_LONG_TASKS });
	await page.goto(url);
	const attr = which === 'warrant' ? 'mapReadyAt' : 'readyAt';
	await page.waitForFunction((a) => document.body.dataset[a] !== undefined, attr, {
		timeout: 120_000
	});
	const readyMs = Number(await page.evaluate((a) => document.body.dataset[a], attr));
	const longest = await page.evaluate(() =>
		Math.round(Math.max(0, ...(window as unknown as { __longTasks: number[] }).__longTasks))
	);
	const pan = await panP95(page, which);
	await page.close();
	return { readyMs, longest, panP95: pan };
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
	/** A fresh map id per run (unplaced maps), or one id for all runs. */
	mapId: () => Promise<string>;
}

async function main() {
	const server = await startServer();
	const browser: Browser = await launchBrowser();
	try {
		const essay = JSON.parse(
			readFileSync(join(ROOT_DIR, 'maps', 'china-digging-in.json'), 'utf8')
		) as MapFile;
		const once = async (file: MapFile) => {
			const id = await createMap(server, file);
			return () => Promise.resolve(id);
		};
		const fresh = (file: MapFile) => () => createMap(server, file);
		const cases: Case[] = [
			{ label: `essay (${essay.nodes.length} nodes)`, mapId: () => Promise.resolve(essay.id) },
			...(await Promise.all(
				[300, 1000, 2000, 5000].map(async (n) => ({
					label: `generated ${n.toLocaleString('en')}`,
					mapId: await once(generatedFile(n, true))
				}))
			)),
			...[1000, 2000].map((n) => ({
				label: `generated ${n.toLocaleString('en')}, no positions`,
				mapId: fresh(generatedFile(n, false))
			}))
		];

		console.log(
			`editor vs cytoscape alone: median of ${RUNS} fresh contexts at ${VIEWPORT.width}×${VIEWPORT.height}; ` +
				`pan = p95 frame interval over ${PAN_FRAMES} frames (16.7 ms = every frame)`
		);
		console.log(
			'| map | Warrant ready | cytoscape alone | ratio | pan p95 Warrant / alone | longest task Warrant / alone |'
		);
		console.log('|---|---|---|---|---|---|');
		// EDITOR_VS_ONLY=<part of a label> measures those maps alone (e.g. `essay`).
		const only = process.env.EDITOR_VS_ONLY;
		for (const c of cases.filter((c) => !only || c.label.includes(only))) {
			const runs = { warrant: [] as Run[], bare: [] as Run[] };
			// One warm-up of each (server loads the map, Chromium warms up), then alternate.
			for (let i = 0; i <= RUNS; i++)
				for (const which of ['warrant', 'bare'] as const) {
					const id = await c.mapId();
					const context = await browser.newContext({ viewport: VIEWPORT });
					await context.route('**/__bare/**', (route) => {
						const path = new URL(route.request().url()).pathname;
						if (path === '/__bare/cytoscape.js')
							return route.fulfill({ contentType: 'text/javascript', body: CYTOSCAPE_JS });
						if (path === '/__bare/dagre.js')
							return route.fulfill({ contentType: 'text/javascript', body: DAGRE_JS });
						return route.fulfill({ contentType: 'text/html', body: BARE_HTML });
					});
					const url =
						which === 'warrant' ? `${server.url}/map/${id}` : `${server.url}/__bare/map/${id}`;
					const run = await measure(context, url, which);
					await context.close();
					if (i > 0) runs[which].push(run);
				}
			const m = (which: 'warrant' | 'bare', key: keyof Run) =>
				median(runs[which].map((r) => r[key]));
			const ratio = m('warrant', 'readyMs') / m('bare', 'readyMs');
			console.log(
				`| ${c.label} | ${m('warrant', 'readyMs')} ms | ${m('bare', 'readyMs')} ms | ${ratio.toFixed(2)} | ` +
					`${m('warrant', 'panP95').toFixed(1)} / ${m('bare', 'panP95').toFixed(1)} ms | ` +
					`${m('warrant', 'longest')} / ${m('bare', 'longest')} ms |`
			);
		}
	} finally {
		await browser.close();
		await server.stop();
	}
}

main().then(
	() => process.exit(0),
	(err) => {
		console.error(err);
		process.exit(1);
	}
);
