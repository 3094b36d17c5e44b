/**
 * A process of crowd clients for `bench/scale-crowd.bench.ts` (forked by it; not run alone). Each
 * client is a stock y-websocket `WebsocketProvider` with its own Y.Doc, socket and awareness, as a
 * browser tab: it moves its cursor (an awareness change) once a second and edits a node label once
 * every ten seconds, each client at its own seeded phase.
 *
 * Edits are matched to their arrivals by the writer's Yjs clock, as in `sync-clients.ts`: the
 * writer stamps the time just before its change and its clock after it; a receiver stamps each
 * advancing transaction. Cursor moves carry their own time (`cursor.t`), so a receiver measures
 * their delay itself. Nothing is reported until the activity is over.
 */
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { getNodesMap, setNodeText } from '../src/lib/model/doc';
import { seededRng } from '../tests/helpers/rng';
import type { CrowdClient, FromCrowd, ToCrowd } from './crowd-protocol';
import { now } from './sync-protocol';

const LOCAL = 'bench';

interface Client {
	index: number;
	doc: Y.Doc;
	provider: WebsocketProvider;
}

// Every WebsocketProvider adds a process 'exit' listener.
process.setMaxListeners(0);

const say = (message: FromCrowd) => process.send!(message);

const clients: Client[] = [];
let nodeIds: string[] = [];
let random: () => number = Math.random;
let measureFrom = Infinity;
const sent: [number, number, number][] = [];
const seen: [number, number, number, number][] = [];
const cursorDelays: number[] = [];
/** Per map: the writers' last clocks, which every client of that map must hold. */
let expected: Map<string, [number, number][]> | null = null;
/** The map of each client (by index). */
const mapOf = new Map<number, string>();
let finished = false;
const timers: NodeJS.Timeout[] = [];

function finishIfDone(): void {
	if (finished || !expected) return;
	for (const c of clients)
		for (const [writer, clock] of expected.get(mapOf.get(c.index)!) ?? [])
			if (writer !== c.doc.clientID && Y.getState(c.doc.store, writer) < clock) return;
	finished = true;
	say({ type: 'done', seen, cursorDelays: Float64Array.from(cursorDelays) });
}

function open(spec: CrowdClient): Promise<Client> {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(spec.wsUrl, spec.mapId, doc, {
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	const client: Client = { index: spec.index, doc, provider };
	doc.on('update', (_u: Uint8Array, _o: unknown, _d: Y.Doc, tr: Y.Transaction) => {
		if (tr.origin === LOCAL) return;
		const t = now();
		if (t < measureFrom) return;
		tr.afterState.forEach((clock, id) => {
			if (clock > (tr.beforeState.get(id) ?? 0)) seen.push([client.index, id, clock, t]);
		});
		if (expected) finishIfDone();
	});
	provider.awareness.on(
		'change',
		({ added, updated }: { added: number[]; updated: number[] }, origin: unknown) => {
			if (origin === 'local') return;
			const t = now();
			const states = provider.awareness.getStates();
			for (const id of [...added, ...updated]) {
				const cursor = (states.get(id) as { cursor?: { t?: unknown } } | undefined)?.cursor;
				if (typeof cursor?.t === 'number' && cursor.t >= measureFrom)
					cursorDelays.push(t - cursor.t);
			}
		}
	);
	return new Promise((resolve) => {
		const synced = () => resolve(client);
		if (provider.synced) synced();
		else provider.once('sync', synced);
	});
}

async function start(specs: CrowdClient[], wave: number, seed: number): Promise<void> {
	random = seededRng(seed).next;
	for (const spec of specs) mapOf.set(spec.index, spec.mapId);
	for (let i = 0; i < specs.length; i += wave)
		clients.push(...(await Promise.all(specs.slice(i, i + wave).map(open))));
	nodeIds = [...getNodesMap(clients[0].doc).keys()].sort();
	say({
		type: 'synced',
		clients: clients.map((c) => [c.index, c.doc.clientID]),
		nodeIds
	});
}

function run(until: number, from: number, cursorEveryMs: number, editEveryMs: number): void {
	measureFrom = from;
	let edits = 0;
	for (const client of clients) {
		const cursorPhase = random() * cursorEveryMs;
		const editPhase = random() * editEveryMs;
		const move = () => {
			if (now() >= until) return;
			client.provider.awareness.setLocalStateField('cursor', {
				x: Math.round(random() * 1000),
				y: Math.round(random() * 800),
				t: now()
			});
			timers.push(setTimeout(move, cursorEveryMs));
		};
		const edit = () => {
			if (now() >= until) return;
			const at = now();
			const nodeId = nodeIds[Math.floor(random() * nodeIds.length)];
			setNodeText(client.doc, nodeId, `client ${client.index} edit ${++edits}`, LOCAL);
			if (at >= measureFrom)
				sent.push([client.index, at, Y.getState(client.doc.store, client.doc.clientID)]);
			timers.push(setTimeout(edit, editEveryMs));
		};
		timers.push(setTimeout(move, cursorPhase), setTimeout(edit, editPhase));
	}
	// Nothing is made after `until` (each timer checks it when it fires).
	timers.push(setTimeout(() => say({ type: 'wrote', sent }), Math.max(0, until - now()) + 500));
}

process.on('message', (message: ToCrowd) => {
	switch (message.type) {
		case 'start':
			start(message.clients, message.wave, message.seed).catch((err) =>
				say({ type: 'error', message: String(err) })
			);
			return;
		case 'run':
			run(message.until, message.measureFrom, message.cursorEveryMs, message.editEveryMs);
			return;
		case 'expect':
			expected = new Map(message.byMap);
			finishIfDone();
			return;
		case 'stop':
			for (const timer of timers) clearTimeout(timer);
			for (const c of clients) {
				c.provider.destroy();
				c.doc.destroy();
			}
			process.disconnect();
			return;
	}
});
