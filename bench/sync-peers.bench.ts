/**
 * Sync against the peers, side by side in one run (`npm run bench -- sync-peers`, after a build):
 * Warrant (dist/server.js, every update committed to SQLite before it is broadcast), the stock
 * y-websocket server (`@y/websocket-server`, no persistence) and Hocuspocus 4 with its SQLite
 * extension (stores debounced, after broadcasting). Same harness for all three
 * (`propagation.ts`): 2 and 50 clients in one room, spread over child processes, edits at seeded
 * 25–50 ms intervals; stock y-websocket providers for the y-websocket servers, Hocuspocus's own
 * provider for Hocuspocus. The three are measured in turn, `SYNC_PEERS_REPEATS` times (default 4),
 * interleaved, the order turning with each repeat, so that the machine's background load falls on
 * each alike. The table pools every delivery of every run per server (p50, p99), gives the p99's
 * 95% bootstrap interval and the single runs' lowest and highest p99, and the ratio of Warrant's
 * p99 to the better peer's with its own interval (`resample.ts`: runs, then edits within runs,
 * resampled), so that a difference within the noise is said to be one. `SYNC_PEERS_ONLY=<name
 * part>` measures one server alone (no ratio then). `SYNC_PEERS_BASELINE=<checkout>` adds a fourth
 * server, Warrant built in another checkout (its `dist/server.js`, e.g. main before a change),
 * measured in the same turns, with Warrant's p99 and CPU per edit over the baseline's: a change's
 * before and after in one run.
 *
 * Each room holds the sample map: Warrant loads it from maps/; the peers get it from a seeding client
 * (the same map as Yjs state) that stays connected through the runs, as does an idle one on Warrant.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { getNodesMap } from '../src/lib/model/doc';
import { fileToDoc, parseMapFileText } from '../src/lib/model/mapfile';
import { ROOT_DIR, startServer } from '../tests/helpers/server';
import { ms, propagationSpread, type Figures, type SyncTarget } from './propagation';
import { compareGroups, interval } from './resample';
import { startHocuspocus, startYWebsocketServer, type PeerServer } from './peer-servers';
import type { ClientProvider } from './sync-protocol';

const MAP_ID = 'sample-sunday-libraries';
const REPEATS = Number(process.env.SYNC_PEERS_REPEATS ?? 4);
const BOOTSTRAP_DRAWS = 2000;
const ONLY = process.env.SYNC_PEERS_ONLY;
const BASELINE = process.env.SYNC_PEERS_BASELINE;
const BASELINE_LABEL = 'Warrant (baseline)';
const SIZES: Array<{ clients: number; processes: number; rounds: number }> = [
	{ clients: 2, processes: 2, rounds: 300 },
	{ clients: 50, processes: 5, rounds: 150 }
];

interface Held {
	doc: Y.Doc;
	synced: Promise<void>;
	destroy(): void;
}

/** A client in this process (seeder or probe), of the kind the server speaks. */
function hold(kind: ClientProvider, wsUrl: string, doc: Y.Doc): Held {
	if (kind === 'hocuspocus') {
		const socket = new HocuspocusProviderWebsocket({ url: wsUrl, WebSocketPolyfill: WebSocket });
		const provider = new HocuspocusProvider({
			websocketProvider: socket,
			name: MAP_ID,
			document: doc
		});
		// Given its own socket object, a provider joins it only when attached.
		provider.attach();
		return {
			doc,
			synced: new Promise((resolve) => provider.on('synced', () => resolve())),
			destroy: () => {
				provider.destroy();
				socket.destroy();
			}
		};
	}
	const provider = new WebsocketProvider(wsUrl, MAP_ID, doc, {
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	return {
		doc,
		synced: new Promise((resolve) => provider.once('sync', () => resolve())),
		destroy: () => provider.destroy()
	};
}

async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 10));
	}
}

/**
 * Connects a client holding `seed` (kept until the end) and waits until a fresh client sees the
 * whole map on the server, so that every measured client starts from the same map.
 */
async function seed(kind: ClientProvider, wsUrl: string, seedDoc: Y.Doc | null): Promise<Held> {
	const doc = new Y.Doc();
	if (seedDoc) Y.applyUpdate(doc, Y.encodeStateAsUpdate(seedDoc));
	const seeder = hold(kind, wsUrl, doc);
	await seeder.synced;
	const expected = getNodesMap(seeder.doc).size;
	const probe = hold(kind, wsUrl, new Y.Doc());
	await probe.synced;
	await until('the seeded map to reach the server', () => getNodesMap(probe.doc).size === expected);
	probe.destroy();
	return seeder;
}

/**
 * The table: per size and server, the percentiles of every delivery of every run pooled, the p99's
 * 95% bootstrap interval (`resample.ts`: runs, then edits within runs, resampled), the spread of
 * the single runs' p99s, and the server's CPU time per edit (median of the runs); then Warrant's
 * p99 over the better peer's, with the interval of that ratio over the same draws (the better peer
 * chosen again in each draw). A ratio whose interval holds 1 is a difference this run cannot tell
 * from noise.
 */
function report(
	targets: Array<{ label: string }>,
	serverCount: number,
	results: Map<string, Figures[]>
): void {
	console.log(
		`\nedit propagation, ${REPEATS} interleaved runs pooled: p50 / p99 [p99's 95% bootstrap interval] ` +
			`(the single runs' p99s, lowest–highest), server CPU per edit (median of runs):`
	);
	if (REPEATS < 3)
		console.log(
			`  (with ${REPEATS} run${REPEATS === 1 ? '' : 's'} the intervals cannot show how runs differ: they hold the edits' spread only)`
		);
	for (const size of SIZES) {
		const runsOf = (label: string) => results.get(`${label}|${size.clients}`)!;
		const { pooled, draws } = compareGroups(
			targets.map((t) => runsOf(t.label).map((f) => f.samples)),
			[50, 99],
			BOOTSTRAP_DRAWS
		);
		targets.forEach((target, g) => {
			const runs = runsOf(target.label);
			const [low, high] = interval(draws[g][1]);
			const p99s = runs.map((f) => f.p99);
			const cpu = runs.map((f) => f.serverCpuUsPerEdit).filter((c): c is number => c !== null);
			console.log(
				`  ${size.clients} clients, ${target.label.padEnd(20)} p50 ${ms(pooled[g][0])}  p99 ${ms(pooled[g][1])} ` +
					`[${low.toFixed(2)}–${high.toFixed(2)}]  (runs ${Math.min(...p99s).toFixed(2)}–${Math.max(...p99s).toFixed(2)})` +
					(cpu.length ? `  server CPU ${median(cpu).toFixed(0)} µs/edit` : '') +
					`  ${runs.reduce((n, f) => n + f.samples.values.length, 0)} deliveries`
			);
		});
		if (targets.length < serverCount || targets[0].label !== 'Warrant') continue;
		const peerIndices = targets
			.map((t, g) => (t.label === BASELINE_LABEL ? -1 : g))
			.filter((g) => g > 0);
		const baseline = targets.findIndex((t) => t.label === BASELINE_LABEL);
		if (baseline > 0) {
			const [low, high] = interval(draws[0][1].map((w, i) => w / draws[baseline][1][i]));
			const cpuOf = (label: string) =>
				median(runsOf(label).map((f) => f.serverCpuUsPerEdit ?? NaN));
			console.log(
				`  ${size.clients} clients: Warrant p99 / baseline's p99 = ${(pooled[0][1] / pooled[baseline][1]).toFixed(2)} ` +
					`[95%: ${low.toFixed(2)}–${high.toFixed(2)}]; server CPU per edit ${cpuOf('Warrant').toFixed(0)} / ` +
					`${cpuOf(BASELINE_LABEL).toFixed(0)} µs = ${(cpuOf('Warrant') / cpuOf(BASELINE_LABEL)).toFixed(2)} ` +
					`(per run, in turn: ${runsOf('Warrant')
						.map(
							(f, r) =>
								`${f.serverCpuUsPerEdit?.toFixed(0)}/${runsOf(BASELINE_LABEL)[r].serverCpuUsPerEdit?.toFixed(0)}`
						)
						.join(', ')})`
			);
		}
		const ratioOf = (w: number, peers: number[]) => w / Math.min(...peers);
		const ratio = ratioOf(
			pooled[0][1],
			peerIndices.map((g) => pooled[g][1])
		);
		const ratios = draws[0][1].map((w, i) =>
			ratioOf(
				w,
				peerIndices.map((g) => draws[g][1][i])
			)
		);
		const [low, high] = interval(ratios);
		const verdict =
			high < 1
				? 'met, and resolved: the whole interval is below 1'
				: low > 1
					? 'not met, and resolved: the whole interval is above 1'
					: `${ratio <= 1 ? 'met' : 'not met'} by the pooled figures, but within noise: the interval holds 1`;
		console.log(
			`  ${size.clients} clients: Warrant p99 / better peer's p99 = ${ratio.toFixed(2)} ` +
				`[95%: ${low.toFixed(2)}–${high.toFixed(2)}] (goal ≤ 1: ${verdict})`
		);
	}
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

async function main() {
	const parsed = parseMapFileText(readFileSync(join(ROOT_DIR, 'maps', `${MAP_ID}.json`), 'utf8'));
	if (!parsed.ok) throw new Error('the sample map does not parse');
	const seedDoc = fileToDoc(parsed.value);

	const warrant = await startServer();
	const baseline = BASELINE ? await startServer({ root: BASELINE }) : null;
	const peers: PeerServer[] = [];
	const held: Held[] = [];
	try {
		peers.push(await startYWebsocketServer(), await startHocuspocus());
		const all: Array<SyncTarget & { label: string }> = [
			{
				label: 'Warrant',
				provider: 'y-websocket',
				wsUrls: [warrant.wsUrl],
				mapId: MAP_ID,
				pids: [warrant.proc.pid!]
			},
			...(baseline
				? [
						{
							label: BASELINE_LABEL,
							provider: 'y-websocket' as ClientProvider,
							wsUrls: [baseline.wsUrl],
							mapId: MAP_ID,
							pids: [baseline.proc.pid!]
						}
					]
				: []),
			...peers.map((peer) => ({
				label: peer.name,
				provider: (peer.name.startsWith('Hocuspocus')
					? 'hocuspocus'
					: 'y-websocket') as ClientProvider,
				wsUrls: [peer.wsUrl],
				mapId: MAP_ID,
				pids: [peer.proc.pid!]
			}))
		];
		// Warrant (and its baseline) load the map from maps/; the peers get it from a seeding client.
		for (const t of all)
			held.push(
				await seed(t.provider, t.wsUrls[0], t.label.startsWith('Warrant') ? null : seedDoc)
			);
		const targets = all.filter((t) => !ONLY || t.label.includes(ONLY));

		const results = new Map<string, Figures[]>();
		const started = Date.now();
		for (let repeat = 0; repeat < REPEATS; repeat++) {
			console.log(`-- run ${repeat + 1} of ${REPEATS}`);
			// The order turns with each repeat, so that no server always runs first (after the other
			// size's run, or right after a pause) and each takes each place in turn.
			const order = targets.map((_, i) => targets[(i + repeat) % targets.length]);
			for (const size of SIZES)
				for (const target of order) {
					const figures = await propagationSpread(
						target,
						size.clients,
						size.processes,
						size.rounds
					);
					const key = `${target.label}|${size.clients}`;
					results.set(key, [...(results.get(key) ?? []), figures]);
				}
		}
		report(targets, all.length, results);
		console.log(
			`(${REPEATS} repeats in ${((Date.now() - started) / 60_000).toFixed(1)} min; ` +
				`load average at the end ${loadavg()
					.map((l) => l.toFixed(2))
					.join(', ')})`
		);
	} finally {
		for (const h of held) h.destroy();
		for (const peer of peers) await peer.stop();
		await warrant.stop();
		await baseline?.stop();
	}
}

main().then(
	() => process.exit(0),
	(err) => {
		console.error(err);
		process.exit(1);
	}
);
