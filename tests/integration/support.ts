/**
 * The one set-up of the server's integration tests (`useServer`, `useServers`) and their shared
 * pieces: waiting on conditions (never on sleeps), stock y-websocket clients in Node, raw sockets
 * for hostile input, a seeded RNG, and temp maps dirs.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { docToFile, type MapFile } from '$lib/model/mapfile';
import {
	ROOT_DIR,
	serverHandle,
	startServer,
	tempDir,
	type RunningServer,
	type ServerOptions
} from '$tests/helpers/server';
import { seededRng } from '$tests/helpers/rng';

export const SAMPLE_ID = 'sample-sunday-libraries';
export const SAMPLE_FILE = join(ROOT_DIR, 'maps', `${SAMPLE_ID}.json`);

/** A fresh maps dir holding only the sample map (the repo's maps/ changes as others work). */
export function sampleMapsDir(): string {
	const dir = tempDir('warrant-maps-');
	mkdirSync(dir, { recursive: true });
	copyFileSync(SAMPLE_FILE, join(dir, `${SAMPLE_ID}.json`));
	return dir;
}

/** Polls `check` until it returns a truthy value; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(
	what: string,
	check: () => T | Promise<T>,
	timeoutMs = 10_000
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown = null;
	for (;;) {
		try {
			const value = await check();
			if (value) return value;
		} catch (err) {
			lastError = err;
		}
		if (Date.now() > deadline)
			throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

export interface Client {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** Close codes the server sent this client, in order. */
	closeCodes: number[];
	destroy(): void;
}

/**
 * A stock y-websocket client, exactly as the browser uses it, except for the Node WebSocket and
 * `disableBc` (Node has a BroadcastChannel: clients in one process would sync past the server).
 */
export function connectClient(
	server: RunningServer,
	mapId: string,
	params: Record<string, string> = {}
): Client {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(server.wsUrl, mapId, doc, {
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		params
	});
	const closeCodes: number[] = [];
	provider.on('connection-close', (event) => {
		if (event) closeCodes.push(event.code);
	});
	return {
		doc,
		provider,
		closeCodes,
		destroy: () => {
			provider.destroy();
			doc.destroy();
		}
	};
}

export const isSynced = (client: Client): boolean =>
	client.provider.synced && client.provider.wsconnected;

export async function connectSynced(
	server: RunningServer,
	mapId: string,
	params: Record<string, string> = {}
): Promise<Client> {
	const client = connectClient(server, mapId, params);
	await waitFor(`client of ${mapId} to sync`, () => isSynced(client));
	return client;
}

/** Clients that the fixture destroys when it tears down (before it stops the server). */
export interface Clients {
	/** A stock client of `mapId` (the sample map by default) that has synced with the server. */
	connect(mapId?: string, params?: Record<string, string>): Promise<Client>;
	/** Hands a client made some other way to the fixture, and returns it. */
	track(client: Client): Client;
}

export interface ServerFixture extends Clients {
	/** The file's server; readable from the first test on (see `serverHandle`). */
	server: RunningServer;
	/** The clients made through the fixture and not yet destroyed, oldest first. */
	clients: Client[];
}

/**
 * One real server for the enclosing `describe` (or the whole file, when called at the top): started
 * in `beforeAll` on a temp data dir and, unless `opts` says otherwise, a maps dir holding only the
 * sample map; stopped in `afterAll`, after every client made through the fixture is destroyed.
 */
export function useServer(opts: ServerOptions = {}): ServerFixture {
	let running: RunningServer | undefined;
	const server = serverHandle(() => running);
	const clients: Client[] = [];
	beforeAll(async () => {
		running = await startServer({ ...opts, mapsDir: opts.mapsDir ?? sampleMapsDir() });
	});
	afterAll(async () => {
		for (const c of clients.splice(0)) c.destroy();
		await running?.stop();
		running = undefined;
	});
	const track = (client: Client) => (clients.push(client), client);
	return {
		server,
		clients,
		track,
		connect: async (mapId = SAMPLE_ID, params = {}) =>
			track(await connectSynced(server, mapId, params))
	};
}

export interface ServersFixture {
	/** The servers this test started and the fixture has not let go of yet. */
	servers: RunningServer[];
	/** The clients made through `connect` in this test and not yet destroyed. */
	clients: Client[];
	/** Starts a server (maps dir: only the sample map, unless `opts` names one); stopped after the test. */
	start(opts?: ServerOptions): Promise<RunningServer>;
	/** A synced stock client of `server` (sample map by default), destroyed after the test. */
	connect(server: RunningServer, mapId?: string): Promise<Client>;
}

/**
 * Servers started by the tests themselves, several per test (restarts, start-up imports): after each
 * test its clients are destroyed, then its servers stopped with `stopSignal`.
 */
export function useServers(stopSignal: NodeJS.Signals = 'SIGTERM'): ServersFixture {
	const servers: RunningServer[] = [];
	const clients: Client[] = [];
	afterEach(async () => {
		for (const c of clients.splice(0)) c.destroy();
		for (const s of servers.splice(0)) await s.stop(stopSignal);
	});
	return {
		servers,
		clients,
		start: async (opts = {}) => {
			const server = await startServer({ ...opts, mapsDir: opts.mapsDir ?? sampleMapsDir() });
			servers.push(server);
			return server;
		},
		connect: async (server, mapId = SAMPLE_ID) => {
			const client = await connectSynced(server, mapId);
			clients.push(client);
			return client;
		}
	};
}

/**
 * The map as a client sees it, as comparable JSON (the warrant-map projection). Records are sorted
 * by id: the iteration order of a Y.Map differs between peers that saw inserts in another order.
 */
export const mapJson = (doc: Y.Doc): string => canonicalJson(docToFile(doc));

/**
 * A warrant-map file as JSON with records sorted by id (votes by node and voter) and without its
 * optional `id`.
 */
export function canonicalJson(file: MapFile): string {
	const { id: _id, ...rest } = file;
	const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
	const voteKey = (v: { nodeId: string; voterId: string }) => `${v.nodeId}|${v.voterId}`;
	return JSON.stringify({
		...rest,
		nodes: [...file.nodes].sort(byId),
		edges: [...file.edges].sort(byId),
		comments: [...file.comments].sort(byId),
		votes: [...file.votes].sort((a, b) =>
			voteKey(a) < voteKey(b) ? -1 : voteKey(a) > voteKey(b) ? 1 : 0
		)
	});
}

export const sameState = (a: Y.Doc, b: Y.Doc): boolean =>
	Buffer.from(Y.encodeStateVector(a)).equals(Buffer.from(Y.encodeStateVector(b))) &&
	mapJson(a) === mapJson(b);

/** A websocket that speaks bytes directly, for hostile input. */
export interface RawSocket {
	ws: WebSocket;
	frames: Uint8Array[];
	closed: Promise<{ code: number; reason: string }>;
	isClosed(): boolean;
}

export async function openRaw(
	server: RunningServer,
	mapId: string,
	token?: string
): Promise<RawSocket> {
	const query = token === undefined ? '' : `?token=${encodeURIComponent(token)}`;
	const ws = new WebSocket(`${server.wsUrl}/${mapId}${query}`);
	const frames: Uint8Array[] = [];
	let done = false;
	ws.on('message', (data) => frames.push(new Uint8Array(data as Buffer)));
	ws.on('error', () => {});
	const closed = new Promise<{ code: number; reason: string }>((resolve) =>
		ws.on('close', (code, reason) => {
			done = true;
			resolve({ code, reason: reason.toString() });
		})
	);
	await new Promise<void>((resolve, reject) => {
		ws.once('open', () => resolve());
		ws.once('unexpected-response', (_req, res) =>
			reject(new Error(`upgrade refused: ${res.statusCode}`))
		);
	});
	// The room greets every connection with its sync step 1 once the map is loaded.
	await waitFor('the server greeting', () => frames.length > 0);
	return { ws, frames, closed, isClosed: () => done };
}

/** Seeded, so random edit sequences repeat exactly. */
export function seededRandom(seed: number): () => number {
	return seededRng(seed).next;
}

export async function getJson(
	server: RunningServer,
	path: string
): Promise<{ status: number; body: unknown }> {
	const res = await fetch(`${server.url}${path}`);
	return { status: res.status, body: await res.json() };
}

/** The HTTP status (and body) of a websocket upgrade to `path`: 101 when accepted. */
export function upgradeStatus(
	server: RunningServer,
	path: string
): Promise<{ status: number; body: string }> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`);
		ws.on('open', () => {
			ws.close();
			resolve({ status: 101, body: '' });
		});
		ws.on('unexpected-response', (_req, res) => {
			let body = '';
			res.on('data', (d: Buffer) => (body += d));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
		});
		ws.on('error', (err) => {
			if (!/Unexpected server response/.test(err.message)) reject(err);
		});
	});
}
