/**
 * The hostile mix: seeded random, mutated and forged frames of every message type sent to the real
 * server from raw sockets, while three honest stock y-websocket clients edit the same map. Used by
 * the fuzz test (a bounded count, `tests/integration/fuzz.test.ts`) and the soak script (a long
 * run with figures, `bench/soak.ts`).
 *
 * Frames that must be refused carry the marker HOSTILE in whatever text they hold, so that any of
 * it reaching a client, `/state` or storage is caught. Random and mutated frames carry no marker:
 * one of them may happen to be a valid update, which the server then rightly accepts for everyone.
 */
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
	addEdge,
	addNode,
	deleteNodes,
	getMetaMap,
	getNodesMap,
	setNodeText
} from '$lib/model/doc';
import { docToFile } from '$lib/model/mapfile';
import { seededRng } from './rng';
import type { RunningServer } from './server';
import { awarenessFrame, syncFrame } from './frames';

export const HOSTILE_MARKER = 'HOSTILE';

export interface HonestClient {
	name: string;
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** Times this client's connection went down (closes by the server, errors, silence), not counting its own disconnects. */
	disconnects: number;
	closeCodes: number[];
	destroy(): void;
}

export function honestClient(
	server: Pick<RunningServer, 'wsUrl'>,
	mapId: string,
	name: string
): HonestClient {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(server.wsUrl, mapId, doc, {
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		params: { participant: `participant-key-of-${name}-0000` }
	});
	const client: HonestClient = {
		name,
		doc,
		provider,
		disconnects: 0,
		closeCodes: [],
		destroy: () => {
			provider.destroy();
			doc.destroy();
		}
	};
	provider.on('connection-close', (event) => {
		// No event and shouldConnect false: the client's own disconnect (it goes offline on purpose).
		// No event otherwise: the client gave up on a silent connection, a drop like any other.
		if (!event && !provider.shouldConnect) return;
		client.disconnects++;
		if (event) client.closeCodes.push(event.code);
	});
	provider.awareness.setLocalStateField('user', { name });
	return client;
}

/** The map as comparable JSON, records sorted by id. */
export function canonicalMap(doc: Y.Doc): string {
	const file = docToFile(doc);
	const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
	return JSON.stringify({
		...file,
		nodes: [...file.nodes].sort(byId),
		edges: [...file.edges].sort(byId)
	});
}

export async function waitUntil(
	what: string,
	check: () => boolean | Promise<boolean>,
	timeoutMs: number
) {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 10));
	}
}

const varUint = (n: number) => {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, n);
	return encoding.toUint8Array(e);
};

function deleteSet(client: number, clockBytes: Uint8Array, len: number): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint(e, 1);
	encoding.writeVarUint(e, client);
	encoding.writeVarUint(e, 1);
	encoding.writeUint8Array(e, clockBytes);
	encoding.writeVarUint(e, len);
	return encoding.toUint8Array(e);
}

/** The update `edit` makes on a copy of `doc`, written under `clientID` (random when omitted). */
function forge(doc: Y.Doc, edit: (copy: Y.Doc) => void, clientID?: number): Uint8Array {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	if (clientID !== undefined) copy.clientID = clientID;
	const before = Y.encodeStateVector(copy);
	edit(copy);
	const update = Y.encodeStateAsUpdate(copy, before);
	copy.destroy();
	return update;
}

/** What the honest side of the mix reports at the end. */
export interface HonestReport {
	/** Each honest client's map (canonical JSON), once they agreed or the wait ran out. */
	maps: string[];
	/** Connection drops of the honest clients during the run. */
	disconnects: number;
	/** Hostile presence (awareness) seen by an honest client, or a failure to agree. */
	problems: string[];
	/** How many of `problems` are hostile presence. */
	presenceMarkers: number;
}

/**
 * The three honest stock clients, wherever they run: in this process (`inProcessHonest`, the fuzz
 * test) or in a child process of their own (`bench/honest-clients-run.ts`, the soak), where the
 * attacker's work cannot delay them.
 */
export interface HonestSide {
	/** Resolves with the honest clients' clientIDs once every one has synced. */
	ready(): Promise<number[]>;
	/** One honest gesture by client `index`; its choices come from `choices` (numbers in [0, 1)). */
	edit(index: number, n: number, choices: number[]): void;
	/** Waits (up to 60 s) until the honest clients agree, then reports. */
	finish(): Promise<HonestReport>;
	close(): Promise<void>;
}

/** Waits until `clients` agree and reports what `HonestSide.finish` reports. */
export async function honestReport(clients: HonestClient[]): Promise<HonestReport> {
	const problems: string[] = [];
	for (const c of clients) if (!c.provider.shouldConnect) c.provider.connect();
	try {
		await waitUntil(
			'the honest clients to agree',
			() =>
				clients.every(
					(c) => c.provider.synced && canonicalMap(c.doc) === canonicalMap(clients[0].doc)
				),
			60_000
		);
	} catch (err) {
		problems.push(String(err));
	}
	for (const c of clients)
		if (c.disconnects > 0)
			problems.push(
				`${c.name} was disconnected ${c.disconnects}× (close codes ${c.closeCodes.join(', ')})`
			);
	let presenceMarkers = 0;
	for (const c of clients)
		for (const [id, st] of c.provider.awareness.getStates())
			if (JSON.stringify(st).includes(HOSTILE_MARKER)) {
				presenceMarkers++;
				problems.push(`${c.name} shows hostile presence under ${id}`);
			}
	return {
		maps: clients.map((c) => canonicalMap(c.doc)),
		disconnects: clients.reduce((n, c) => n + c.disconnects, 0),
		problems,
		presenceMarkers
	};
}

export async function startHonestClients(
	server: Pick<RunningServer, 'wsUrl'>,
	mapId: string
): Promise<HonestClient[]> {
	const clients = ['ann', 'ben', 'cat'].map((n) => honestClient(server, mapId, n));
	await waitUntil(
		'the honest clients to sync',
		() => clients.every((c) => c.provider.synced),
		30_000
	);
	for (const c of clients) c.disconnects = 0;
	return clients;
}

/** The honest clients in this process. */
export function inProcessHonest(server: RunningServer, mapId: string): HonestSide {
	let clients: HonestClient[] = [];
	return {
		ready: async () => {
			clients = await startHonestClients(server, mapId);
			return clients.map((c) => c.doc.clientID);
		},
		edit: (index, n, choices) => honestEdit(clients[index], choices, n),
		finish: () => honestReport(clients),
		close: async () => {
			for (const c of clients) c.destroy();
		}
	};
}

export interface MixOptions {
	server: RunningServer;
	mapId: string;
	seed: number;
	frames: number;
	/** Raw sockets sending the hostile frames (reopened when the server closes one). */
	sockets?: number;
	/** An honest edit every this many hostile frames. */
	editEvery?: number;
	/** Include the expensive classes (an over-budget update, a 9 MiB frame, unfinished fragments). */
	heavy?: boolean;
	onProgress?: (sent: number) => void;
	/** Where the honest clients run: in this process unless given. */
	honest?: HonestSide;
}

export interface MixResult {
	framesSent: number;
	byClass: Record<string, number>;
	honestEdits: number;
	/** Connection drops of the honest clients. */
	honestDisconnects: number;
	/** 1 when the honest clients, a fresh client and /state do not all agree at the end. */
	divergences: number;
	/** Hostile-marked text found in any of them. */
	markersFound: number;
	/** The agreed map (canonical JSON), for comparison with storage after the server stops. */
	agreed: string;
	problems: string[];
}

type FrameClass = (doc: Y.Doc, victim: number) => Uint8Array | string | { fragment: Uint8Array };

export async function runHostileMix(opts: MixOptions): Promise<MixResult> {
	const rng = seededRng(opts.seed);
	const int = (n: number) => Math.floor(rng.next() * n);
	const { server, mapId } = opts;
	const honest = opts.honest ?? inProcessHonest(server, mapId);
	// The attacker's own view of the map, to forge frames against: a stock client that only reads.
	const view = honestClient(server, mapId, 'observer');
	const problems: string[] = [];
	try {
		const victims = await honest.ready();
		await waitUntil('the observer to sync', () => view.provider.synced, 30_000);
		const mark = `${HOSTILE_MARKER} `;
		let overBudget: Uint8Array | null = null;
		const classes: Record<string, FrameClass> = {
			random: () => Uint8Array.from({ length: int(64) }, () => int(256)),
			'random-sync': () =>
				Uint8Array.from([0, int(4), ...Array.from({ length: int(40) }, () => int(256))]),
			'random-awareness': () =>
				Uint8Array.from([1, ...Array.from({ length: int(40) }, () => int(256))]),
			mutated: (doc) => {
				const frame = syncFrame(
					2,
					forge(doc, (c) => addNode(c, { kind: 'note', text: 'mutant', author: 'm' }, 'm'))
				);
				const out = Uint8Array.from(frame);
				for (let k = 0; k <= int(3); k++) out[int(out.length)] = int(256);
				return int(3) === 0 ? out.subarray(0, int(out.length)) : out;
			},
			'nan-delete': (_doc, victim) =>
				syncFrame(2, deleteSet(victim, Uint8Array.from([...new Array(150).fill(0x80), 0]), 1)),
			'future-delete': (doc, victim) =>
				syncFrame(2, deleteSet(victim, varUint(Y.getState(doc.store, victim)), 1 + int(50))),
			squat: (doc, victim) =>
				syncFrame(
					2,
					forge(
						doc,
						(c) => addNode(c, { kind: 'claim', text: `${mark}squat`, author: 'm' }, 'm'),
						victim
					)
				),
			pending: (doc) => {
				const ghost = new Y.Doc();
				Y.applyUpdate(ghost, Y.encodeStateAsUpdate(doc));
				addNode(ghost, { kind: 'note', text: `${mark}first`, author: 'g' }, 'g');
				const sv = Y.encodeStateVector(ghost);
				addNode(ghost, { kind: 'note', text: `${mark}second`, author: 'g' }, 'g');
				const update = Y.encodeStateAsUpdate(ghost, sv);
				ghost.destroy();
				return syncFrame(2, update);
			},
			meta: (doc) =>
				syncFrame(
					2,
					forge(doc, (c) => getMetaMap(c).set(int(2) ? 'schema' : 'title', int(2) ? 999 : 42))
				),
			'text-frame': () => `{"type":"${mark}"}`,
			'unknown-type': () => Uint8Array.from([4 + int(200), int(256)]),
			'bad-state-vector': () => Uint8Array.from([0, 0, 5, 0xff, 0xff, 0xff, 0xff, 0xff]),
			'awareness-hijack': (_doc, victim) =>
				awarenessFrame(
					victim,
					1_000_000 + int(1000),
					JSON.stringify({ user: { name: `${mark}hijack` } })
				),
			'awareness-big': () =>
				awarenessFrame(
					900_000 + int(1000),
					1,
					JSON.stringify({ user: { name: '€'.repeat(30_000) } })
				),
			'awareness-own': () =>
				awarenessFrame(
					800_000 + int(50),
					1 + int(1000),
					JSON.stringify({ user: { name: 'lurker' } })
				),
			'query-awareness': () => Uint8Array.of(3),
			'empty-frame': () => new Uint8Array(0)
		};
		if (opts.heavy) {
			classes['over-budget'] = (doc) => {
				overBudget ??= syncFrame(
					2,
					forge(doc, (c) =>
						c.transact(() => {
							for (let i = 0; i < 3000; i++)
								addNode(c, { kind: 'note', text: `${mark}${i}`, author: 'm' }, 'm');
						})
					)
				);
				return overBudget;
			};
			classes['unfinished-fragment'] = () => ({ fragment: new Uint8Array(256 * 1024) });
		}
		const names = Object.keys(classes);
		const byClass: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));

		const socketCount = opts.sockets ?? 4;
		const sockets: (WebSocket | null)[] = new Array(socketCount).fill(null);
		const open = (): Promise<WebSocket | null> =>
			new Promise((resolve) => {
				const ws = new WebSocket(`${server.wsUrl}/${mapId}`);
				ws.on('error', () => resolve(null));
				ws.on('message', () => {});
				ws.once('open', () => resolve(ws));
				ws.once('unexpected-response', () => resolve(null));
			});
		const socket = async (): Promise<WebSocket | null> => {
			const k = int(socketCount);
			const current = sockets[k];
			if (current && current.readyState === WebSocket.OPEN) return current;
			sockets[k] = await open();
			return sockets[k];
		};

		let honestEdits = 0;
		const editEvery = opts.editEvery ?? 10;
		let sent = 0;
		for (let i = 0; i < opts.frames; i++) {
			if (i % editEvery === 0)
				honest.edit(int(victims.length), honestEdits++, [
					rng.next(),
					rng.next(),
					rng.next(),
					rng.next()
				]);
			const victim = victims[int(victims.length)];
			const name = names[int(names.length)];
			const frame = classes[name](view.doc, victim);
			const ws = await socket();
			if (!ws) continue;
			if (typeof frame === 'object' && 'fragment' in frame) {
				ws.send(frame.fragment, { fin: false, binary: true });
				sockets[sockets.indexOf(ws)] = null; // abandoned: the server drops it after its timeout
			} else ws.send(frame);
			byClass[name]++;
			sent++;
			if (sent % 25 === 0) {
				opts.onProgress?.(sent);
				// Pace: let the server and the honest clients catch up now and then.
				await new Promise((r) => setTimeout(r, 5));
			}
		}
		for (const ws of sockets) ws?.terminate();

		// The end: honest clients agree, with a fresh client and /state.
		const report = await honest.finish();
		let divergences = report.problems.length > report.presenceMarkers ? 1 : 0;
		problems.push(...report.problems);
		const fresh = honestClient(server, mapId, 'fresh');
		let agreed = report.maps[0];
		let markersFound = report.presenceMarkers;
		try {
			await waitUntil('a fresh client to sync', () => fresh.provider.synced, 30_000);
			const state = new Y.Doc();
			Y.applyUpdate(
				state,
				new Uint8Array(await (await fetch(`${server.url}/api/maps/${mapId}/state`)).arrayBuffer())
			);
			const views = [...report.maps, canonicalMap(fresh.doc), canonicalMap(state)];
			if (views.some((v) => v !== views[0])) {
				divergences = 1;
				problems.push('a fresh client or /state differs from the honest clients');
			}
			agreed = views[0];
			markersFound += views.filter((v) => v.includes(HOSTILE_MARKER)).length;
		} finally {
			fresh.destroy();
		}
		return {
			framesSent: sent,
			byClass,
			honestEdits,
			honestDisconnects: report.disconnects,
			divergences,
			markersFound,
			agreed,
			problems
		};
	} finally {
		view.destroy();
		await honest.close();
	}
}

/** One honest gesture, as the editor makes them: add, rename, link or delete a node. */
export function honestEdit(client: HonestClient, choices: number[], n: number): void {
	let k = 0;
	const int = (m: number) => Math.floor((choices[k++ % choices.length] ?? 0) * m);
	// Now and then an honest client goes offline for a few edits, and on coming back makes its next
	// edit the moment its socket opens: before its sync reply has brought the offline edits that
	// edit builds on (the race that once got honest clients refused).
	const offline = !client.provider.shouldConnect;
	const toggle = int(8) === 0;
	if (!offline && toggle) client.provider.disconnect();
	if (offline && toggle) {
		const editAtOnce = ({ status }: { status: string }) => {
			if (status !== 'connected') return;
			client.provider.off('status', editAtOnce);
			const own = [...getNodesMap(client.doc).keys()];
			if (own.length > 0)
				setNodeText(client.doc, own[own.length - 1], `${client.name} back ${n}`, client.name);
		};
		client.provider.on('status', editAtOnce);
		client.provider.connect();
	}
	const doc = client.doc;
	const own = [...getNodesMap(doc).keys()];
	const pick = int(10);
	if (pick < 5 || own.length < 3)
		addNode(doc, { kind: 'note', text: `${client.name} ${n}`, author: client.name }, client.name);
	else if (pick < 7)
		setNodeText(doc, own[int(own.length)], `${client.name} renamed ${n}`, client.name);
	else if (pick < 9)
		addEdge(
			doc,
			{
				from: own[int(own.length)],
				to: own[int(own.length)],
				relation: 'supports',
				author: client.name
			},
			client.name
		);
	else deleteNodes(doc, [own[int(own.length)]], client.name);
}
