/**
 * Navigation time of two (or more) builds of Warrant, measured in the same run: each argument is a
 * checkout with `npm run build` done (optionally `dir@NAME=value` to start its server with one
 * more environment variable). Their servers run side by side and fresh-context navigations to the
 * essay map alternate between them, so that the drift of a shared machine falls on all alike; on
 * this 2-core machine single runs of `ui.bench.ts` vary by ±20%, paired runs much less.
 *
 * Three figures per navigation, each in ms from navigation start: `visible`, the first contentful
 * paint (the page's HTML must carry the server's picture of the map and the shaded essay, so the
 * first paint shows both); `editable`, the editor's map drawn (`data-map-ready-at`); `highlights`,
 * the editor's essay pane with its coverage shading (`data-highlights-ready-at`).
 *
 *   RUNS=11 node --import tsx bench/compare-navigation.ts /path/to/old-checkout .
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchBrowser } from '../tests/helpers/browser';

const MAP = 'china-digging-in';
const RUNS = Number(process.env.RUNS ?? 9);

async function start(spec: string, port: number): Promise<ChildProcess> {
	const [dir, extra] = spec.split('@');
	const more = extra ? Object.fromEntries([extra.split('=') as [string, string]]) : {};
	const child = spawn(process.execPath, ['dist/server.js'], {
		cwd: resolve(dir),
		env: {
			...process.env,
			...more,
			PORT: String(port),
			DATA_DIR: mkdtempSync(join(tmpdir(), 'warrant-compare-'))
		},
		stdio: ['ignore', 'pipe', 'inherit']
	});
	await new Promise<void>((ok, fail) => {
		child.stdout!.on('data', (d) => String(d).includes('listening') && ok());
		child.on('exit', (code) => fail(new Error(`${spec}: server exited with ${code}`)));
	});
	return child;
}

const specs = process.argv.slice(2);
if (specs.length < 2) throw new Error('give two or more built checkouts');
const ports = specs.map((_, i) => 4100 + i);
const servers = await Promise.all(specs.map((s, i) => start(s, ports[i])));
const browser = await launchBrowser();
try {
	type Figures = { visible: number; editable: number; highlights: number };
	const navigate = async (port: number): Promise<Figures> => {
		const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
		const page = await context.newPage();
		const response = await page.goto(`http://127.0.0.1:${port}/map/${MAP}`);
		const html = (await response?.text()) ?? '';
		for (const id of ['warrant-map-preview', 'warrant-essay-preview'])
			if (!html.includes(`id="${id}"`))
				throw new Error(`port ${port}: the page's HTML has no ${id}`);
		await page.waitForFunction(() => document.body.dataset.highlightsReady === 'true', null, {
			timeout: 30_000
		});
		const figures = await page.evaluate(() => ({
			visible: Math.round(
				performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN
			),
			editable: Number(document.body.dataset.mapReadyAt),
			highlights: Number(document.body.dataset.highlightsReadyAt)
		}));
		await context.close();
		return figures;
	};
	for (const port of ports) await navigate(port); // each server loads the map once
	const runs: Figures[][] = specs.map(() => []);
	for (let i = 0; i < RUNS; i++)
		for (let k = 0; k < specs.length; k++) {
			const j = i % 2 ? specs.length - 1 - k : k; // alternate the order too
			runs[j].push(await navigate(ports[j]));
		}
	const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
	const medians = runs.map((r) => ({
		visible: median(r.map((f) => f.visible)),
		editable: median(r.map((f) => f.editable)),
		highlights: median(r.map((f) => f.highlights))
	}));
	specs.forEach((spec, j) => {
		const list = (k: keyof Figures) => runs[j].map((f) => f[k]).join(', ');
		const m = medians[j];
		console.log(
			`${spec}: visible (first paint, picture and shaded essay) median ${m.visible} ms (${list('visible')}); ` +
				`map drawn by the editor median ${m.editable} ms (${list('editable')}); ` +
				`essay pane shaded median ${m.highlights} ms (${list('highlights')})`
		);
		if (j > 0)
			console.log(
				`  ${spec} / ${specs[0]}: visible ${(m.visible / medians[0].visible).toFixed(2)}, ` +
					`map drawn ${(m.editable / medians[0].editable).toFixed(2)}, ` +
					`essay shaded ${(m.highlights / medians[0].highlights).toFixed(2)}`
			);
	});
} finally {
	await browser.close();
	for (const s of servers) s.kill('SIGTERM');
}
