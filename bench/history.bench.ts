/**
 * History figures (issue 14), on the real SQLite store in a temp directory:
 * 1. Rebuilding any moment of a map with a 10,000-update history (the essay map edited by 30 people
 *    with seeded random gestures, compaction — a checkpoint — every 500 updates as the server does by
 *    default, and every 200 (`WARRANT_COMPACT_AFTER=200`) for the trade-off):
 *    p50/p99 over 300 random moments; beside it, the same moments replayed from the map's creation
 *    (no checkpoints), as the ratio. Target p50/p99 ≤ 100 ms.
 * 2. Storage per hour of a simulated 30-person seminar: each person makes a gesture every 20 s on
 *    average (5,400 updates an hour, times simulated), stored with history and without (pruned after
 *    every compaction, i.e. snapshot + the rows since it: what the store kept before history), and the
 *    time to load that map (snapshot + rows after it, as a room does).
 * 3. Scrubbing across the whole history in Chromium, against the built server (`dist/server.js`):
 *    the essay map with a 3,000-update history (seeded gestures of 30 people, a checkpoint every
 *    500); the scrubber moves one notch every animation frame from the first step to the last
 *    (SCRUB_NOTCHES positions), as a fast drag does, and then the history is played back moment
 *    by moment. Frames/s is requestAnimationFrame callbacks per second while it runs (the page keeps
 *    drawing); moments drawn/s is how many pictures of the past replaced each other (the panel draws
 *    the latest position asked for, one at a time); ms per drawn moment is the time from asking for
 *    one position to its picture on screen, stepping one position at a time. Target ≥ 20 frames/s.
 *    Both paths in one run: every moment from the server (`?historyReplay=server`), then rebuilt in
 *    the browser (`src/lib/model/replay.ts`), each dragged twice (the first drag loads the stretches
 *    of updates as it goes); with the load average. Target ≥ 20 distinct moments drawn/s.
 *
 * 4. The sessions `GET …/history` lists, on a semester's log (40 seminar hours of 1,350 rows, a week
 *    apart: 54,000 rows): the whole log read and grouped on every request (as before the cache)
 *    against the log digests kept per process (`src/server/history/log-digest.ts`) after one new row, and its first
 *    (cold) read; medians of 21, the two paths alternating, as a ratio.
 *    Alone: `WARRANT_BENCH_ONLY=sessions node --import tsx bench/history.bench.ts`.
 *
 *   npm run build && npm run bench -- history     (or: node --import tsx bench/history.bench.ts)
 */
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { fileToDoc, parseMapFile } from '../src/lib/model/mapfile';
import { launchBrowser } from '../tests/helpers/browser';
import { startServer, tempDir } from '../tests/helpers/server';
import { readLog } from '../src/server/history/log-pages';
import { rebuildAt } from '../src/server/history/rebuild';
import { LogDigests } from '../src/server/history/log-digest';
import { sessionsOf } from '../src/server/history/sessions';
import { loadDoc } from '../src/server/rooms/load-doc';
import { openSqliteStorage } from '../src/server/storage/sqlite';
import { randomOp } from '../tests/helpers/random-ops';
import { seededRng } from '../tests/helpers/rng';

const ESSAY = join(import.meta.dirname, '..', 'maps', 'china-digging-in.json');
const PEOPLE = Array.from({ length: 30 }, (_, i) => ({ id: `person-${i}`, name: `Person ${i}` }));
/** Checkpoint (compaction) intervals compared: the server's default, and a denser one. */
const INTERVALS = [500, 200];

function essayDoc(): Y.Doc {
	const parsed = parseMapFile(JSON.parse(readFileSync(ESSAY, 'utf8')));
	if (!parsed.ok) throw new Error(parsed.error);
	return fileToDoc(parsed.value);
}

const pct = (sorted: number[], p: number) =>
	sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

type Store = ReturnType<typeof openSqliteStorage>;

/**
 * Stores `updates` seeded random gestures as the server would (one row per gesture, a checkpoint
 * every COMPACT_EVERY rows), at `msPerUpdate` simulated ms apart. `prune`: drop history at each
 * compaction. Returns the seqs of the rows.
 */
async function simulate(
	store: Store,
	id: string,
	seed: number,
	updates: number,
	msPerUpdate: number,
	prune: boolean,
	compactEvery: number
): Promise<number[]> {
	const rng = seededRng(seed);
	const doc = essayDoc();
	const t0 = Date.UTC(2026, 11, 1, 9);
	await store.createMap(
		{
			id,
			title: id,
			sourceTitle: '',
			sourceAuthor: '',
			createdAt: new Date(t0).toISOString(),
			updatedAt: new Date(t0).toISOString(),
			nodeCount: 0,
			edgeCount: 0
		},
		Y.encodeStateAsUpdate(doc)
	);
	const seqs: number[] = [];
	let pending: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => pending.push(u));
	let since = 0;
	while (seqs.length < updates) {
		const who = rng.pick(PEOPLE);
		randomOp(doc, rng, who, 'gesture');
		if (pending.length === 0) continue;
		const update = pending.length === 1 ? pending[0] : Y.mergeUpdates(pending);
		pending = [];
		const at = t0 + seqs.length * msPerUpdate;
		const seq = await store.appendUpdate(id, update, { at, authorId: who.id });
		seqs.push(seq);
		if (++since >= compactEvery) {
			since = 0;
			await store.compact(id, Y.encodeStateAsUpdate(doc), seq);
			if (prune) await store.pruneHistory(id, Number.MAX_SAFE_INTEGER);
		}
	}
	return seqs;
}

/** Bytes the map holds in the store: log rows, checkpoints, snapshot, versions. */
function storedBytes(dir: string, id: string): number {
	// A second, read-only connection: the figures are the blobs' lengths, not file pages.
	const db = new Database(join(dir, 'warrant.sqlite'), { readonly: true });
	const sum = (sql: string) => (db.prepare(sql).get(id) as { n: number | null }).n ?? 0;
	const bytes =
		sum('SELECT sum(length(data)) AS n FROM updates WHERE map_id = ?') +
		sum('SELECT sum(length(state)) AS n FROM checkpoints WHERE map_id = ?') +
		sum('SELECT sum(length(state)) AS n FROM snapshots WHERE map_id = ?') +
		sum('SELECT sum(length(state)) AS n FROM versions WHERE map_id = ?');
	db.close();
	return bytes;
}

async function rebuildFigures(store: Store, compactEvery: number): Promise<void> {
	const seqs = await simulate(store, 'rebuild', 1, 10_000, 1000, false, compactEvery);
	const rng = seededRng(2);
	const times: number[] = [];
	const samples = Array.from({ length: 300 }, () => rng.pick(seqs));
	for (const seq of samples.slice(0, 10)) {
		const warm = await rebuildAt(store, 'rebuild', seq);
		if (warm.ok) warm.doc.destroy();
	}
	for (const seq of samples) {
		const t = performance.now();
		const rebuilt = await rebuildAt(store, 'rebuild', seq);
		times.push(performance.now() - t);
		if (rebuilt.ok) rebuilt.doc.destroy();
	}
	times.sort((a, b) => a - b);
	// The same kind of moments replayed from creation (checkpoint 0 and every row up to it).
	const replay: number[] = [];
	const all = (await store.stateAt('rebuild', 0)) as { base: Uint8Array };
	// Every row in order, read once (the replay's reads are not what is compared).
	const rows: Uint8Array[] = [];
	const db = new Database(join(dirOf(store), 'warrant.sqlite'), { readonly: true });
	for (const r of db
		.prepare('SELECT data FROM updates WHERE map_id = ? ORDER BY seq')
		.all('rebuild') as Array<{ data: Buffer }>)
		rows.push(new Uint8Array(r.data));
	db.close();
	for (const seq of samples.slice(0, 30)) {
		const upTo = seqs.indexOf(seq) + 1;
		const t = performance.now();
		const doc = new Y.Doc();
		doc.transact(() => {
			Y.applyUpdate(doc, all.base);
			for (let i = 0; i < upTo; i++) Y.applyUpdate(doc, rows[i]);
		});
		replay.push(performance.now() - t);
		doc.destroy();
	}
	replay.sort((a, b) => a - b);
	const p50 = pct(times, 50);
	const p99 = pct(times, 99);
	console.log(
		`rebuild any moment of a 10,000-update history (essay map, 30 people, checkpoint every ${compactEvery}): ` +
			`p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms over ${times.length} moments ` +
			`(target ≤ 100 ms: ${p99 <= 100 ? 'met' : 'not met'})`
	);
	console.log(
		`… replayed from creation without checkpoints (30 of the same moments): p50 ${pct(replay, 50).toFixed(1)} ms ` +
			`(${(pct(replay, 50) / p50).toFixed(1)}× the checkpointed p50)`
	);
}

const dirs = new Map<Store, string>();
const dirOf = (s: Store) => dirs.get(s)!;

function open(): Store {
	const dir = mkdtempSync(join(tmpdir(), 'warrant-history-bench-'));
	const store = openSqliteStorage(dir);
	dirs.set(store, dir);
	return store;
}

async function storageFigures(compactEvery: number): Promise<void> {
	const hour = 3_600_000;
	const perHour = 30 * (hour / 20_000); // each of 30 people every 20 s
	const msPerUpdate = hour / perHour;
	const results: Array<{ label: string; bytes: number; load: number }> = [];
	for (const [label, prune] of [
		['with history', false],
		['without history', true]
	] as const) {
		const store = open();
		await simulate(store, 'seminar', 3, perHour, msPerUpdate, prune, compactEvery);
		const bytes = storedBytes(dirOf(store), 'seminar');
		const loads: number[] = [];
		for (let i = 0; i < 21; i++) {
			const t = performance.now();
			const loaded = await loadDoc(store, 'seminar');
			loads.push(performance.now() - t);
			loaded?.doc.destroy();
		}
		loads.sort((a, b) => a - b);
		results.push({ label, bytes, load: pct(loads, 50) });
		await store.close();
		rmSync(dirOf(store), { recursive: true, force: true });
	}
	const [withH, without] = results;
	console.log(
		`30-person seminar, one hour (${perHour} updates, a gesture per person every 20 s; checkpoint every ${compactEvery}): ` +
			`with history ${(withH.bytes / 1024).toFixed(0)} KB, without ${(without.bytes / 1024).toFixed(0)} KB ` +
			`(${(withH.bytes / without.bytes).toFixed(1)}×)`
	);
	console.log(
		`… load time of that map (snapshot + rows after it), median of 21: with history ${withH.load.toFixed(1)} ms, ` +
			`without ${without.load.toFixed(1)} ms (${(withH.load / without.load).toFixed(2)}×)`
	);
}

const SCRUB_UPDATES = 3000;
const SCRUB_NOTCHES = 600;
const STEPPED_MOMENTS = 60;

/** Figure 3: the history panel's scrubber in Chromium over the essay map's history. */
async function scrubFigures(): Promise<void> {
	const dataDir = tempDir('warrant-scrub-bench-');
	const store = openSqliteStorage(dataDir);
	const seqs = await simulate(store, 'scrub-essay', 5, SCRUB_UPDATES, 1000, false, 500);
	await store.close();
	const server = await startServer({ dataDir, mapsDir: tempDir('warrant-scrub-maps-') });
	const browser = await launchBrowser();
	try {
		// The server's share of a moment: GET /versions/<step> (rebuilt in its worker) from Node.
		const served: number[] = [];
		for (let k = 0; k < STEPPED_MOMENTS; k++) {
			const seq = seqs[Math.floor(((k + 0.5) / STEPPED_MOMENTS) * seqs.length)];
			const t = performance.now();
			const res = await fetch(`${server.url}/api/maps/scrub-essay/versions/${seq}`);
			await res.arrayBuffer();
			served.push(performance.now() - t);
		}
		served.sort((a, b) => a - b);
		const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
		// tsx (esbuild with keepNames) wraps the named functions inside the page functions below in
		// `__name(…)`, which the page does not have.
		await context.addInitScript('globalThis.__name = (f) => f;');
		await context.addInitScript(() =>
			localStorage.setItem(
				'warrant:user',
				JSON.stringify({ id: 'bench-0001', name: 'Bench', named: true })
			)
		);
		const errors: string[] = [];
		/** The panel open on the essay map; `query`: `?historyReplay=server` keeps every moment on the server. */
		const openPanel = async (query: string) => {
			const page = await context.newPage();
			page.on('pageerror', (e) => errors.push(e.message));
			page.on('console', (m) => {
				if (m.type() === 'error') errors.push(m.text());
			});
			await page.goto(`${server.url}/map/scrub-essay${query}`);
			await page.waitForFunction(() => document.body.dataset.mapReady === 'true', null, {
				timeout: 120_000
			});
			await page.click('[data-testid="history-toggle"]');
			const scrubber = page.locator('[data-testid="history-scrubber"]');
			await scrubber.waitFor();
			return { page, max: Number(await scrubber.getAttribute('max')) };
		};

		// A fast drag from the first step to the last: one notch per animation frame, then until the
		// last position's picture is on screen.
		const dragAcross = (page: Page, max: number) =>
			page.evaluate(
				([total, notches]) =>
					new Promise<{ frames: number; ms: number; drawn: number; byBrowser: number }>((done) => {
						const input = document.querySelector<HTMLInputElement>(
							'[data-testid="history-scrubber"]'
						)!;
						let drawn = 0;
						let byBrowser = 0;
						const figure = () => document.querySelector('[data-testid="history-picture"]');
						const seen = new MutationObserver(() => {
							drawn++;
							if (figure()?.getAttribute('data-drawn-by') === 'browser') byBrowser++;
						});
						seen.observe(document.querySelector('#pane-map')!, {
							subtree: true,
							attributes: true,
							attributeFilter: ['src'],
							childList: true
						});
						const last = `Step ${total} of`;
						let frames = 0;
						let notch = 0;
						const t0 = performance.now();
						const frame = () => {
							frames++;
							if (notch <= notches) {
								input.value = String(Math.round((notch / notches) * total));
								input.dispatchEvent(new Event('input', { bubbles: true }));
								notch++;
							} else if (figure()?.querySelector('figcaption')?.textContent?.startsWith(last)) {
								seen.disconnect();
								return done({ frames, ms: performance.now() - t0, drawn, byBrowser });
							}
							requestAnimationFrame(frame);
						};
						requestAnimationFrame(frame);
					}),
				[max, SCRUB_NOTCHES] as const
			);
		const rate = (d: { frames: number; ms: number; drawn: number; byBrowser: number }) =>
			`${(d.frames / (d.ms / 1000)).toFixed(1)} frames/s, ` +
			`${(d.drawn / (d.ms / 1000)).toFixed(1)} moments drawn/s ` +
			`(${d.drawn} pictures, ${d.byBrowser} rebuilt in the browser, ${(d.ms / 1000).toFixed(1)} s)`;

		// Both paths in one run: every moment from the server, then rebuilt in the browser; each
		// dragged twice (the first drag loads what it needs as it goes, the second finds it there).
		const load = () => `load average ${loadavg()[0].toFixed(1)}`;
		const onServer = await openPanel('?historyReplay=server');
		const serverCold = await dragAcross(onServer.page, onServer.max);
		const serverWarm = await dragAcross(onServer.page, onServer.max);
		await onServer.page.close();
		const inBrowser = await openPanel('');
		const browserCold = await dragAcross(inBrowser.page, inBrowser.max);
		const browserWarm = await dragAcross(inBrowser.page, inBrowser.max);
		const page = inBrowser.page;
		const max = inBrowser.max;
		const warmRate = browserWarm.drawn / (browserWarm.ms / 1000);

		// One position at a time: the time from asking to its picture on screen.
		const stepped: number[] = [];
		for (let k = 0; k < STEPPED_MOMENTS; k++) {
			const pos = Math.round(((k + 0.5) / STEPPED_MOMENTS) * max);
			stepped.push(
				await page.evaluate(
					(i) =>
						new Promise<number>((done) => {
							const input = document.querySelector<HTMLInputElement>(
								'[data-testid="history-scrubber"]'
							)!;
							const want = i === 0 ? 'As the history begins' : `Step ${i} of`;
							const t0 = performance.now();
							input.value = String(i);
							input.dispatchEvent(new Event('input', { bubbles: true }));
							const check = () => {
								const img = document.querySelector<HTMLImageElement>(
									'[data-testid="history-picture"] img'
								);
								const cap = document.querySelector(
									'[data-testid="history-picture"] figcaption'
								)?.textContent;
								if (cap?.startsWith(want) && img?.complete)
									return requestAnimationFrame(() => done(performance.now() - t0));
								requestAnimationFrame(check);
							};
							requestAnimationFrame(check);
						}),
					pos
				)
			);
		}
		stepped.sort((a, b) => a - b);
		console.log(
			`scrub across the whole history in Chromium (essay map, ${max} steps, ${SCRUB_NOTCHES} notches, one per frame; ${load()}):`
		);
		console.log(
			`  moments from the server (?historyReplay=server): first drag ${rate(serverCold)}`
		);
		console.log(
			`                                                    second drag ${rate(serverWarm)}`
		);
		console.log(
			`  moments rebuilt in the browser:                   first drag ${rate(browserCold)}`
		);
		console.log(
			`                                                    second drag ${rate(browserWarm)}`
		);
		console.log(
			`  browser/server moments drawn/s: first drag ×${(browserCold.drawn / browserCold.ms / (serverCold.drawn / serverCold.ms)).toFixed(1)}, ` +
				`second drag ×${(browserWarm.drawn / browserWarm.ms / (serverWarm.drawn / serverWarm.ms)).toFixed(1)} ` +
				`(target ≥ 20 moments drawn/s while dragging: ${warmRate >= 20 ? 'met' : 'not met'}; ${load()})`
		);
		console.log(
			`… one position at a time, in the browser (${STEPPED_MOMENTS} moments across the history): ` +
				`p50 ${pct(stepped, 50).toFixed(0)} ms, p95 ${pct(stepped, 95).toFixed(0)} ms per drawn moment ` +
				`(${(1000 / pct(stepped, 50)).toFixed(1)} moments/s); the server's ` +
				`GET /versions/<step> alone: p50 ${pct(served, 50).toFixed(0)} ms, p95 ${pct(served, 95).toFixed(0)} ms`
		);
		if (errors.length > 0) throw new Error(`the page reported errors: ${errors.join('; ')}`);
	} finally {
		await browser.close();
		await server.stop();
		rmSync(dataDir, { recursive: true, force: true });
	}
}

const SEMESTER_HOURS = 40;
const ROWS_PER_HOUR = 1350;
const SESSION_GAP_MS = 30 * 60_000;

async function sessionFigures(): Promise<void> {
	const store = open();
	const doc = new Y.Doc();
	const t0 = Date.UTC(2026, 8, 1, 9);
	await store.createMap(
		{
			id: 'semester',
			title: 'semester',
			sourceTitle: '',
			sourceAuthor: '',
			createdAt: new Date(t0).toISOString(),
			updatedAt: new Date(t0).toISOString(),
			nodeCount: 0,
			edgeCount: 0
		},
		Y.encodeStateAsUpdate(doc)
	);
	let at = t0;
	const append = async (i: number) => {
		const before = Y.encodeStateVector(doc);
		doc.getText('notes').insert(0, 'x');
		await store.appendUpdate('semester', Y.encodeStateAsUpdate(doc, before), {
			at,
			authorId: PEOPLE[i % PEOPLE.length].id
		});
	};
	for (let hour = 0; hour < SEMESTER_HOURS; hour++) {
		at = t0 + hour * 7 * 86_400_000;
		for (let i = 0; i < ROWS_PER_HOUR; i++) {
			at += 2_667;
			await append(i);
		}
	}
	const rows = SEMESTER_HOURS * ROWS_PER_HOUR;
	const cold: number[] = [];
	const whole: number[] = [];
	const cached: number[] = [];
	const cache = new LogDigests();
	let sessions = 0;
	for (let i = 0; i < 21; i++) {
		let t = performance.now();
		const fresh = await new LogDigests().read(store, 'semester', SESSION_GAP_MS);
		cold.push(performance.now() - t);
		t = performance.now();
		const entries = await readLog(store, 'semester');
		const grouped = sessionsOf(entries!, SESSION_GAP_MS);
		whole.push(performance.now() - t);
		await cache.read(store, 'semester', SESSION_GAP_MS);
		at += 2_667;
		await append(i);
		t = performance.now();
		const index = await cache.read(store, 'semester', SESSION_GAP_MS);
		const listed = index!.sessions.sessions();
		cached.push(performance.now() - t);
		sessions = listed.length;
		if (fresh!.sessions.sessions().length !== grouped.length) throw new Error('cold read differs');
	}
	for (const xs of [cold, whole, cached]) xs.sort((a, b) => a - b);
	const [c, w, k] = [pct(cold, 50), pct(whole, 50), pct(cached, 50)];
	console.log(
		`sessions of a ${rows.toLocaleString('en')}-row log (${sessions} sessions), median of 21: whole log read and grouped ` +
			`${w.toFixed(1)} ms; cached, after one new row ${k.toFixed(2)} ms (${(k / w).toFixed(3)}×); ` +
			`first read through the cache ${c.toFixed(1)} ms (${(c / w).toFixed(2)}×); load ${loadavg()[0].toFixed(1)}`
	);
	await store.close();
	rmSync(dirOf(store), { recursive: true, force: true });
}

async function main(): Promise<void> {
	// WARRANT_BENCH_ONLY=scrub: only figure 3.
	if (process.env.WARRANT_BENCH_ONLY === 'scrub') return scrubFigures();
	// WARRANT_BENCH_ONLY=sessions: only figure 4.
	if (process.env.WARRANT_BENCH_ONLY === 'sessions') return sessionFigures();
	await scrubFigures();
	await sessionFigures();
	for (const every of INTERVALS) {
		const store = open();
		await rebuildFigures(store, every);
		await store.close();
		rmSync(dirOf(store), { recursive: true, force: true });
		await storageFigures(every);
	}
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
