/**
 * A process of stock y-websocket clients for `bench/sync.bench.ts` (forked by it; not run alone).
 * Each client is a `WebsocketProvider` with its own Y.Doc, as in a browser tab: it applies every
 * update it receives. The bench spreads its clients over several of these processes so that the
 * receivers' work runs in parallel event loops, as it would on separate computers (here they still
 * share the machine's cores with the server).
 *
 * The writer stamps the time (see `sync-protocol.ts` for the clock) just before its local change; a
 * receiver stamps it in its doc's `update` event, when a transaction advances the writer's clock
 * (each edit is one transaction, relayed by the server as one update, in order). Nothing is reported
 * until the run is over, so the measured path carries no traffic of the bench's own.
 */
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { getNodesMap, setNodeText } from '../src/lib/model/doc';
import { now, type Edit, type FromClients, type ToClients } from './sync-protocol';

interface Client {
	index: number;
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** Per writer clientID, the rounds of its edits this client has yet to receive, in order. */
	waiting: Map<number, number[]>;
	/** How many rounds this client has yet to receive. */
	remaining: number;
}

const LOCAL = 'bench';

// Every WebsocketProvider adds a process 'exit' listener.
process.setMaxListeners(100);

const say = (message: FromClients) => process.send!(message);

let clients: Client[] = [];
const sent: [number, number][] = [];
const arrived: [number, number][] = [];
/** Edits this process has still to make. */
let toWrite = 0;
let finished = false;

function finishIfDone(): void {
	if (finished || toWrite > 0 || clients.some((c) => c.remaining > 0)) return;
	finished = true;
	say({ type: 'done', sent, arrived });
}

function onUpdate(client: Client, tr: Y.Transaction): void {
	if (tr.origin === LOCAL || client.remaining === 0) return;
	const t = now();
	tr.afterState.forEach((clock, id) => {
		if (clock <= (tr.beforeState.get(id) ?? 0)) return;
		const rounds = client.waiting.get(id);
		if (!rounds?.length) return;
		arrived.push([rounds.shift()!, t]);
		client.remaining--;
	});
	if (client.remaining === 0) finishIfDone();
}

async function start(wsUrl: string, mapId: string, indices: number[]): Promise<void> {
	clients = indices.map((index) => {
		const doc = new Y.Doc();
		const provider = new WebsocketProvider(wsUrl, mapId, doc, {
			WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
			disableBc: true
		});
		const client: Client = { index, doc, provider, waiting: new Map(), remaining: 0 };
		doc.on('update', (_u: Uint8Array, _o: unknown, _d: Y.Doc, tr: Y.Transaction) =>
			onUpdate(client, tr)
		);
		return client;
	});
	await Promise.all(
		clients.map(
			(c) =>
				new Promise<void>((resolve) => {
					if (c.provider.synced) resolve();
					else c.provider.once('sync', () => resolve());
				})
		)
	);
	say({
		type: 'synced',
		clientIds: clients.map((c) => c.doc.clientID),
		nodeIds: [...getNodesMap(clients[0].doc).keys()].sort()
	});
}

/** Arms the receivers, then schedules this process's writes at the plan's times (shared clock). */
function run(edits: Edit[]): void {
	for (const c of clients)
		edits.forEach((edit, round) => {
			if (edit.writer === c.index) return;
			const rounds = c.waiting.get(edit.writerId) ?? [];
			rounds.push(round);
			c.waiting.set(edit.writerId, rounds);
			c.remaining++;
		});
	edits.forEach((edit, round) => {
		const client = clients.find((c) => c.index === edit.writer);
		if (!client) return;
		toWrite++;
		setTimeout(
			() => {
				const at = now();
				setNodeText(client.doc, edit.nodeId, edit.label, LOCAL);
				sent.push([round, at]);
				toWrite--;
				finishIfDone();
			},
			Math.max(0, edit.at - now())
		);
	});
	finishIfDone();
}

process.on('message', (message: ToClients) => {
	switch (message.type) {
		case 'start':
			start(message.wsUrl, message.mapId, message.clients).catch((err) =>
				say({ type: 'error', message: String(err) })
			);
			return;
		case 'plan':
			run(message.edits);
			return;
		case 'stop':
			if (!finished) {
				const expected = clients.reduce((n, c) => n + c.remaining, 0);
				console.error(`client process: stopped with ${expected} deliveries still expected`);
			}
			for (const c of clients) {
				c.provider.destroy();
				c.doc.destroy();
			}
			process.disconnect();
			return;
	}
});
