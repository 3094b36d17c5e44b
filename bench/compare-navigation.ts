/**
 * Navigation time of two (or more) builds of Warrant, measured in the same run: each argument is a
 * checkout with `npm run build` done (optionally `dir@NAME=value` to start its server with one
 * more environment variable). Their servers run side by side and fresh-context navigations to the
 * essay map alternate between them, so that the drift of a shared machine falls on all alike; on
 * this 2-core machine single runs of `ui.bench.ts` vary by ±20%, paired runs much less.
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
	const navigate = async (port: number): Promise<number> => {
		const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
		const page = await context.newPage();
		await page.goto(`http://127.0.0.1:${port}/map/${MAP}`);
		await page.waitForFunction(() => document.body.dataset.mapReady === 'true', null, {
			timeout: 30_000
		});
		const ms = Number(await page.evaluate(() => document.body.dataset.mapReadyAt));
		await context.close();
		return ms;
	};
	for (const port of ports) await navigate(port); // each server loads the map once
	const runs: number[][] = specs.map(() => []);
	for (let i = 0; i < RUNS; i++)
		for (let k = 0; k < specs.length; k++) {
			const j = i % 2 ? specs.length - 1 - k : k; // alternate the order too
			runs[j].push(await navigate(ports[j]));
		}
	specs.forEach((spec, j) => {
		const sorted = [...runs[j]].sort((a, b) => a - b);
		console.log(
			`${spec}: map drawn by the editor, median ${sorted[Math.floor(sorted.length / 2)]} ms (${runs[j].join(', ')})`
		);
	});
} finally {
	await browser.close();
	for (const s of servers) s.kill('SIGTERM');
}
