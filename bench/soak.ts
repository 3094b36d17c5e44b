/**
 * `npm run soak`: the hostile mix (tests/helpers/hostile-mix.ts) run long against the real server,
 * with figures: frames sent, crashes, honest disconnects, divergences (honest clients, a fresh
 * client, /state and the stored snapshot), RSS before / peak / after, the largest event-loop stall
 * and its cause (the server's stall watch, src/server/stalls.ts), and the p99 of `GET /api/maps`
 * polled during the run. SOAK_FRAMES (default 20,000) and SOAK_SEED (default 1) change the run.
 * The machine's load average is printed beside the figures: they depend on it.
 */
import { loadavg } from 'node:os';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import { openSqliteStorage } from '../src/server/storage/sqlite';
import { HOSTILE_MARKER, canonicalMap, runHostileMix } from '../tests/helpers/hostile-mix';
import { childProcessHonest } from './honest-clients-run';
import { startMapsPoller } from './maps-poller-run';
import { ROOT_DIR, startServer, tempDir, type RunningServer } from '../tests/helpers/server';

const MAP = 'sample-sunday-libraries';
const FRAMES = Number(process.env.SOAK_FRAMES ?? 20_000);
const SEED = Number(process.env.SOAK_SEED ?? 1);

interface Stats {
	rss: number;
	stall: { ms: number; cause: string } | null;
	connections: number;
}

async function stats(server: RunningServer): Promise<Stats> {
	return (await (await fetch(`${server.url}/api/debug/stats`)).json()) as Stats;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const pct = (xs: number[], p: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

async function main() {
	const mapsDir = tempDir('warrant-soak-maps-');
	copyFileSync(join(ROOT_DIR, 'maps', `${MAP}.json`), join(mapsDir, `${MAP}.json`));
	const loadStart = loadavg();
	const server = await startServer({
		mapsDir,
		env: { WARRANT_DEBUG_STATS: '1', WARRANT_INCOMPLETE_MESSAGE_MS: '3000' }
	});
	const before = await stats(server);
	let peak = before.rss;
	// Polled from its own process (bench/maps-poller.ts): the attacker's work here never delays it.
	// Failed requests are not counted as latencies; a dead server is counted as a crash below.
	const poller = startMapsPoller(server.url, 25);
	const started = Date.now();
	const result = await runHostileMix({
		server,
		mapId: MAP,
		seed: SEED,
		frames: FRAMES,
		heavy: true,
		// The honest clients in a process of their own: the attacker's work never delays them.
		honest: childProcessHonest(server.wsUrl, MAP),
		onProgress: (sent) => {
			if (sent % 500 === 0)
				void stats(server)
					.then((s) => (peak = Math.max(peak, s.rss)))
					.catch(() => {});
			if (sent % 5000 === 0) console.log(`  ${sent} frames…`);
		}
	});
	const seconds = (Date.now() - started) / 1000;
	const { latencies, failures } = await poller.stop();
	const end = await stats(server);
	peak = Math.max(peak, end.rss);
	// "After": once the server has settled (sockets closed, rooms idle).
	await new Promise((r) => setTimeout(r, 3000));
	const after = await stats(server);
	const crashed = server.proc.exitCode !== null ? 1 : 0;
	const exitCode = await server.stop();
	const storage = openSqliteStorage(server.dataDir);
	const stored = await storage.loadMap(MAP);
	await storage.close();
	const doc = new Y.Doc();
	if (stored?.snapshot) Y.applyUpdate(doc, stored.snapshot);
	for (const u of stored?.updates ?? []) Y.applyUpdate(doc, u);
	const storedMap = canonicalMap(doc);
	const divergences = result.divergences + (storedMap === result.agreed ? 0 : 1);

	console.log(`soak: seed ${SEED}, ${FRAMES} hostile frames, ${seconds.toFixed(0)} s`);
	console.log(
		`frames sent:        ${result.framesSent} (${result.honestEdits} honest edits meanwhile)`
	);
	console.log(
		`  by class:         ${Object.entries(result.byClass)
			.map(([k, v]) => `${k} ${v}`)
			.join(', ')}`
	);
	console.log(`crashes:            ${crashed} (exit code on SIGTERM: ${exitCode})`);
	console.log(`honest disconnects: ${result.honestDisconnects}`);
	console.log(
		`divergences:        ${divergences}${result.problems.length ? ` (${result.problems.join('; ')})` : ''}`
	);
	console.log(
		`hostile markers:    ${result.markersFound + (storedMap.includes(HOSTILE_MARKER) ? 1 : 0)}`
	);
	console.log(
		`RSS:                before ${mb(before.rss)}, peak ${mb(peak)}, after ${mb(after.rss)}`
	);
	console.log(`largest stall:      ${end.stall?.ms ?? '?'} ms, during: ${end.stall?.cause ?? '?'}`);
	console.log(
		`GET /api/maps:      ${latencies.length} requests, p50 ${pct(latencies, 50).toFixed(1)} ms, p99 ${pct(latencies, 99).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms, ${failures} failed`
	);
	console.log(
		`machine load (1/5/15 min): start ${loadStart.map((l) => l.toFixed(2)).join(' ')}, end ${loadavg()
			.map((l) => l.toFixed(2))
			.join(' ')}`
	);
	if (crashed || divergences || result.honestDisconnects || result.markersFound) process.exit(1);
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
