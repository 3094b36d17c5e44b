/**
 * A process of sync clients for `bench/propagation.ts` (forked by it; not run alone). Each client is
 * a stock `WebsocketProvider` (or, against Hocuspocus, its own `HocuspocusProvider`) with its own
 * Y.Doc and socket, as in a browser tab: it applies every update it receives. The bench spreads its clients over several of these processes so that the
 * receivers' work runs in parallel event loops, as it would on separate computers (here they still
 * share the machine's cores with the server).
 *
 * The writer stamps the time (see `sync-protocol.ts` for the clock) just before its local change,
 * and its clock after it; a receiver stamps, in its doc's `update` event, each writer clock it now
 * holds. The bench matches the two (`propagation.ts`). Nothing is reported until the writes are
 * over, so the measured path carries no traffic of the bench's own.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { getNodesMap, setNodeText } from '../src/lib/model/doc';
import {
	now,
	type ClientProvider,
	type Edit,
	type FromClients,
	type ToClients
} from './sync-protocol';

/** What the bench needs of either provider. */
interface Connection {
	whenSynced: Promise<void>;
	destroy(): void;
}

interface Client {
	index: number;
	doc: Y.Doc;
	connection: Connection;
}

const LOCAL = 'bench';

// Every WebsocketProvider adds a process 'exit' listener.
process.setMaxListeners(100);

const say = (message: FromClients) => process.send!(message);

let clients: Client[] = [];
/** [round, time just before the local change, the writer's clock after it]. */
const sent: [number, number, number][] = [];
/** [receiving client index, writer clientID, writer's clock now held, time]. */
const seen: [number, number, number, number][] = [];
/** The writers' clocks after their last edit, once the bench knows them (see 'expect'). */
let expected: Map<number, number> | null = null;
/** Edits this process has still to make. */
let toWrite = 0;
let wrote = false;
let finished = false;

function finishIfDone(): void {
	if (!wrote && toWrite === 0) {
		wrote = true;
		say({ type: 'wrote', sent });
	}
	if (finished || !expected) return;
	for (const c of clients)
		for (const [writer, clock] of expected)
			if (writer !== c.doc.clientID && Y.getState(c.doc.store, writer) < clock) return;
	finished = true;
	say({ type: 'done', seen });
}

/**
 * Records when this client's doc got further in any other client's edits. A server may relay
 * several edits as one update (Hocuspocus can), so arrivals are matched to edits by clock, not by
 * counting updates: edit r has arrived once the writer's clock here reaches its clock after r.
 */
function onUpdate(client: Client, tr: Y.Transaction): void {
	if (tr.origin === LOCAL) return;
	const t = now();
	tr.afterState.forEach((clock, id) => {
		if (clock > (tr.beforeState.get(id) ?? 0)) seen.push([client.index, id, clock, t]);
	});
	if (expected) finishIfDone();
}

/**
 * One client as a browser tab would have it: its own socket and provider. Hocuspocus's provider is
 * the one its server speaks (it multiplexes documents over a socket; here each client has its own).
 */
function connect(kind: ClientProvider, wsUrl: string, mapId: string, doc: Y.Doc): Connection {
	if (kind === 'hocuspocus') {
		const socket = new HocuspocusProviderWebsocket({ url: wsUrl, WebSocketPolyfill: WebSocket });
		const provider = new HocuspocusProvider({
			websocketProvider: socket,
			name: mapId,
			document: doc
		});
		// Given its own socket object, a provider joins it only when attached.
		provider.attach();
		return {
			whenSynced: new Promise((resolve) => {
				if (provider.isSynced) resolve();
				else provider.on('synced', () => resolve());
			}),
			destroy: () => {
				provider.destroy();
				socket.destroy();
			}
		};
	}
	const provider = new WebsocketProvider(wsUrl, mapId, doc, {
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	return {
		whenSynced: new Promise((resolve) => {
			if (provider.synced) resolve();
			else provider.once('sync', () => resolve());
		}),
		destroy: () => provider.destroy()
	};
}

async function start(
	kind: ClientProvider,
	wsUrl: string,
	mapId: string,
	indices: number[]
): Promise<void> {
	clients = indices.map((index) => {
		const doc = new Y.Doc();
		const client: Client = {
			index,
			doc,
			connection: connect(kind, wsUrl, mapId, doc)
		};
		doc.on('update', (_u: Uint8Array, _o: unknown, _d: Y.Doc, tr: Y.Transaction) =>
			onUpdate(client, tr)
		);
		return client;
	});
	await Promise.all(clients.map((c) => c.connection.whenSynced));
	say({
		type: 'synced',
		clientIds: clients.map((c) => c.doc.clientID),
		nodeIds: [...getNodesMap(clients[0].doc).keys()].sort()
	});
}

/** Schedules this process's writes at the plan's times (shared clock). */
function run(edits: Edit[]): void {
	edits.forEach((edit, round) => {
		const client = clients.find((c) => c.index === edit.writer);
		if (!client) return;
		toWrite++;
		setTimeout(
			() => {
				const at = now();
				setNodeText(client.doc, edit.nodeId, edit.label, LOCAL);
				sent.push([round, at, Y.getState(client.doc.store, client.doc.clientID)]);
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
			start(message.provider, message.wsUrl, message.mapId, message.clients).catch((err) =>
				say({ type: 'error', message: String(err) })
			);
			return;
		case 'plan':
			run(message.edits);
			return;
		case 'expect':
			expected = new Map(message.clocks);
			finishIfDone();
			return;
		case 'stop':
			if (!finished) console.error('client process: stopped before every edit arrived');
			for (const c of clients) {
				c.connection.destroy();
				c.doc.destroy();
			}
			process.disconnect();
			return;
	}
});
