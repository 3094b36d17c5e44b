/**
 * Sync against the peers, side by side in one run (`npm run bench -- sync-peers`, after a build):
 * Warrant (dist/server.js, every update committed to SQLite before it is broadcast), the stock
 * y-websocket server (`@y/websocket-server`, no persistence) and Hocuspocus 4 with its SQLite
 * extension (stores debounced, after broadcasting). Same harness for all three
 * (`propagation.ts`): 2 and 50 clients in one room, spread over child processes, edits at seeded
 * 25–50 ms intervals; stock y-websocket providers for the y-websocket servers, Hocuspocus's own
 * provider for Hocuspocus. The three are measured in turn, `SYNC_PEERS_REPEATS` times (default 3)
 * interleaved, so that the machine's background load falls on each alike; the table gives the
 * median of the runs and the ratio of Warrant's p99 to the better peer's.
 *
 * Each room holds the sample map: Warrant loads it from maps/; the peers get it from a seeding client
 * (the same map as Yjs state) that stays connected through the runs, as does an idle one on Warrant.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { getNodesMap } from '../src/lib/model/doc';
import { fileToDoc, parseMapFileText } from '../src/lib/model/mapfile';
import { ROOT_DIR, startServer } from '../tests/helpers/server';
import { ms, propagationSpread, type Figures, type SyncTarget } from './propagation';
import { startHocuspocus, startYWebsocketServer, type PeerServer } from './peer-servers';
import type { ClientProvider } from './sync-protocol';

const MAP_ID = 'sample-sunday-libraries';
const REPEATS = Number(process.env.SYNC_PEERS_REPEATS ?? 3);
const ONLY = process.env.SYNC_PEERS_ONLY;
const SIZES: Array<{ clients: number; processes: number; rounds: number }> = [
	{ clients: 2, processes: 2, rounds: 300 },
	{ clients: 50, processes: 5, rounds: 200 }
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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

async function main() {
	const parsed = parseMapFileText(readFileSync(join(ROOT_DIR, 'maps', `${MAP_ID}.json`), 'utf8'));
	if (!parsed.ok) throw new Error('the sample map does not parse');
	const seedDoc = fileToDoc(parsed.value);

	const warrant = await startServer();
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
		for (const [i, t] of all.entries())
			held.push(await seed(t.provider, t.wsUrls[0], i === 0 ? null : seedDoc));
		// SYNC_PEERS_ONLY=<name part> measures one server alone (for a quick look; no ratio then).
		const targets = all.filter((t) => !ONLY || t.label.includes(ONLY));

		const results = new Map<string, Figures[]>();
		for (let repeat = 1; repeat <= REPEATS; repeat++) {
			console.log(`-- run ${repeat} of ${REPEATS}`);
			for (const size of SIZES)
				for (const target of targets) {
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

		console.log(
			`\nedit propagation, median of ${REPEATS} interleaved runs (p50 / p99; the runs' p99s in brackets):`
		);
		for (const size of SIZES) {
			const p99Of = (label: string) =>
				median(results.get(`${label}|${size.clients}`)!.map((f) => f.p99));
			for (const target of targets) {
				const runs = results.get(`${target.label}|${size.clients}`)!;
				console.log(
					`  ${size.clients} clients, ${target.label.padEnd(20)} p50 ${ms(median(runs.map((f) => f.p50)))}  ` +
						`p99 ${ms(p99Of(target.label))}  [${runs.map((f) => f.p99.toFixed(2)).join(', ')}]`
				);
			}
			if (targets.length < all.length) continue;
			const better = Math.min(...targets.slice(1).map((t) => p99Of(t.label)));
			const ratio = p99Of('Warrant') / better;
			console.log(
				`  ${size.clients} clients: Warrant p99 / better peer's p99 = ${ratio.toFixed(2)} ` +
					`(goal ≤ 1: ${ratio <= 1 ? 'met' : 'not met'})`
			);
		}
	} finally {
		for (const h of held) h.destroy();
		for (const peer of peers) await peer.stop();
		await warrant.stop();
	}
}

main().then(
	() => process.exit(0),
	(err) => {
		console.error(err);
		process.exit(1);
	}
);
