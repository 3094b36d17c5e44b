/**
 * A seminar on one map, through the real server (dist/server.js; run `npx vite build -c
 * vite.server.config.ts` first, then `npx tsx bench/collab.bench.ts`, or `npm run bench -- collab`).
 *
 * 1. Edit propagation with 50 stock y-websocket clients in one room, first quiet, then with every
 *    client also moving its cursor (an awareness update) once a second, spread over the second. One
 *    label edit every 100 ms by a random client; the time until each of the 49 others has it.
 *    All clients live in this process, so the figures include this process applying each update and
 *    awareness message 49 times (an upper bound for what one browser sees).
 * 2. Awareness traffic per client during the cursor phase: bytes of awareness frames received and
 *    sent on each client's socket ÷ time (the stock client sends every awareness change it receives
 *    back to the server, so "sent" is mostly those echoes), frames per second, and the server
 *    process's CPU time. The server batches awareness (WARRANT_AWARENESS_MS, default 100; run with
 *    WARRANT_AWARENESS_MS=0 to compare with one frame per change).
 * 3. Server memory per connection: 50, then 100 raw connections to one map, each synced (step 1 →
 *    step 2) with one small awareness state; heap and RSS deltas from `GET /api/debug/stats?gc=1`
 *    (the server runs with --expose-gc) ÷ connection count.
 */
import { readFileSync } from 'node:fs';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { getNodeText, getNodesMap, setNodeText } from '../src/lib/model/doc';
import { seededRng } from '../tests/helpers/rng';
import { startServer, type RunningServer } from '../tests/helpers/server';

const SAMPLE_ID = 'sample-sunday-libraries';
const CLIENTS = 50;
const EDIT_EVERY_MS = 100;

const percentile = (sorted: number[], p: number) =>
	sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const ms = (n: number) => `${n.toFixed(1)} ms`;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const pause = (delay: number) => new Promise((resolve) => setTimeout(resolve, delay));

async function until(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await pause(5);
	}
}

/** utime + stime of a process in ms (Linux /proc; clock ticks are 100 Hz). */
function cpuMs(pid: number): number {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return (Number(fields[11]) + Number(fields[12])) * 10;
}

const cpuPercent = (cpu: number, wall: number) => `${((cpu / wall) * 100).toFixed(0)}% of one core`;

interface SeminarClient {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** Bytes of awareness frames received and sent on this client's socket. */
	awarenessIn: number;
	awarenessOut: number;
	/** Awareness frames received. */
	awarenessFrames: number;
}

function connectClient(server: RunningServer, index: number): SeminarClient {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(server.wsUrl, SAMPLE_ID, doc, {
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	provider.awareness.setLocalStateField('user', { name: `Student ${index}`, colour: '#3366aa' });
	const client: SeminarClient = {
		doc,
		provider,
		awarenessIn: 0,
		awarenessOut: 0,
		awarenessFrames: 0
	};
	// Counts on the socket itself: the first byte of a frame is its message type (1 = awareness;
	// types below 128 are one varint byte).
	provider.on('status', ({ status }) => {
		const ws = provider.ws as unknown as WebSocket | null;
		if (status !== 'connected' || !ws) return;
		ws.addEventListener('message', (event) => {
			const data = new Uint8Array(event.data as ArrayBuffer);
			if (data[0] !== 1) return;
			client.awarenessIn += data.byteLength;
			client.awarenessFrames++;
		});
		const send = ws.send.bind(ws);
		ws.send = ((data: Uint8Array) => {
			if (data[0] === 1) client.awarenessOut += data.byteLength;
			send(data);
		}) as typeof ws.send;
	});
	return client;
}

/** Label edits every EDIT_EVERY_MS by random clients; the delay until each other client has it. */
async function propagation(
	clients: SeminarClient[],
	edits: number,
	seed: number
): Promise<number[]> {
	const rng = seededRng(seed);
	const nodeIds = [...getNodesMap(clients[0].doc).keys()];
	const samples: number[] = [];
	for (let round = 0; round < edits; round++) {
		const started = performance.now();
		const writer = rng.pick(clients);
		const nodeId = rng.pick(nodeIds);
		const label = `edit ${seed}-${round}`;
		const receivers = clients.filter((c) => c !== writer);
		const arrived = Promise.all(
			receivers.map(
				(r) =>
					new Promise<number>((resolve) => {
						const onUpdate = () => {
							if (getNodeText(r.doc, nodeId)?.toString() !== label) return;
							r.doc.off('update', onUpdate);
							resolve(performance.now());
						};
						r.doc.on('update', onUpdate);
					})
			)
		);
		const t0 = performance.now();
		setNodeText(writer.doc, nodeId, label, 'bench');
		for (const t of await arrived) samples.push(t - t0);
		const left = EDIT_EVERY_MS - (performance.now() - started);
		if (left > 0) await pause(left);
	}
	return samples.sort((a, b) => a - b);
}

/** Every client moves its cursor once a second, the moves spread evenly over the second. */
function startCursors(clients: SeminarClient[]): () => void {
	const timers: NodeJS.Timeout[] = [];
	clients.forEach((client, i) => {
		const start = setTimeout(
			() => {
				let step = 0;
				const move = () =>
					client.provider.awareness.setLocalStateField('cursor', {
						x: (i * 37 + step++ * 11) % 1200,
						y: (i * 53 + step * 7) % 800
					});
				move();
				timers.push(setInterval(move, 1000));
			},
			(i * 1000) / clients.length
		);
		timers.push(start);
	});
	return () => timers.forEach((t) => clearInterval(t));
}

async function seminar(): Promise<void> {
	const server = await startServer({ env: { WARRANT_UNLOAD_MS: '600000' } });
	try {
		const clients = Array.from({ length: CLIENTS }, (_, i) => connectClient(server, i));
		await until(`${CLIENTS} clients to sync`, () => clients.every((c) => c.provider.synced));
		await until('every client to see every other', () =>
			clients.every((c) => c.provider.awareness.getStates().size === CLIENTS)
		);
		await propagation(clients, 20, 1); // warm-up
		const quietCpu0 = cpuMs(server.proc.pid!);
		const quietT0 = performance.now();
		const quiet = await propagation(clients, 150, 2);
		const quietCpu = cpuPercent(cpuMs(server.proc.pid!) - quietCpu0, performance.now() - quietT0);

		const stop = startCursors(clients);
		await pause(2000); // the cursors are all moving before anything is measured
		for (const c of clients) c.awarenessIn = c.awarenessOut = c.awarenessFrames = 0;
		const cpu0 = cpuMs(server.proc.pid!);
		const t0 = performance.now();
		const busy = await propagation(clients, 150, 3);
		const seconds = (performance.now() - t0) / 1000;
		const busyCpu = cpuPercent(cpuMs(server.proc.pid!) - cpu0, performance.now() - t0);
		stop();

		const line = (name: string, s: number[]) =>
			`propagation ${CLIENTS} clients, ${name}: p50 ${ms(percentile(s, 50))} p99 ${ms(percentile(s, 99))} ` +
			`(${s.length} deliveries, one edit per ${EDIT_EVERY_MS} ms)`;
		console.log(`${line('no awareness', quiet)}; server CPU ${quietCpu}`);
		console.log(`${line(`every client moving its cursor 1/s`, busy)}; server CPU ${busyCpu}`);
		const mean = (f: (c: SeminarClient) => number) =>
			clients.reduce((n, c) => n + f(c), 0) / clients.length / seconds;
		console.log(
			`awareness per client with ${CLIENTS} cursors moving 1/s (server batches every ${process.env.WARRANT_AWARENESS_MS ?? 100} ms): ` +
				`received ${kb(mean((c) => c.awarenessIn))}/s in ${mean((c) => c.awarenessFrames).toFixed(1)} frames/s, ` +
				`sent ${kb(mean((c) => c.awarenessOut))}/s (the stock client echoes what it receives; ` +
				`the server decodes the echoes and drops them before applying), over ${seconds.toFixed(1)} s`
		);
		for (const c of clients) {
			c.provider.destroy();
			c.doc.destroy();
		}
	} finally {
		await server.stop();
	}
}

interface Stats {
	peers: number;
	heapUsed: number;
	rss: number;
	gc: boolean;
}

/** A raw connection that syncs once and announces one small awareness state, then stays idle. */
function rawConnection(server: RunningServer, clientId: number): Promise<WebSocket> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(`${server.wsUrl}/${SAMPLE_ID}`);
		ws.once('error', reject);
		ws.on('message', (data: Buffer) => {
			// The answer to our step 1 (0, 1): synced.
			if (data[0] === 0 && data[1] === 1) resolve(ws);
		});
		ws.once('open', () => {
			const step1 = encoding.createEncoder();
			encoding.writeVarUint(step1, 0);
			encoding.writeVarUint(step1, 0);
			encoding.writeVarUint8Array(step1, Y.encodeStateVector(new Y.Doc()));
			ws.send(encoding.toUint8Array(step1));
			const state = encoding.createEncoder();
			encoding.writeVarUint(state, 1);
			encoding.writeVarUint(state, clientId);
			encoding.writeVarUint(state, 1);
			encoding.writeVarString(
				state,
				JSON.stringify({
					user: { name: `Student ${clientId}`, colour: '#3366aa' },
					cursor: { x: 10, y: 20 }
				})
			);
			const frame = encoding.createEncoder();
			encoding.writeVarUint(frame, 1);
			encoding.writeVarUint8Array(frame, encoding.toUint8Array(state));
			ws.send(encoding.toUint8Array(frame));
		});
	});
}

async function memoryPerConnection(counts: number[]): Promise<void> {
	const server = await startServer({
		env: { WARRANT_DEBUG_STATS: '1', NODE_OPTIONS: '--expose-gc', WARRANT_UNLOAD_MS: '600000' }
	});
	const sockets: WebSocket[] = [];
	try {
		const stats = async (gc = true) =>
			(await (await fetch(`${server.url}/api/debug/stats${gc ? '?gc=1' : ''}`)).json()) as Stats;
		/** Waits until the server has seen closed sockets leave. */
		const serverPeers = async (expected: number) => {
			for (let tries = 0; (await stats(false)).peers !== expected; tries++) {
				if (tries > 1000) throw new Error(`the server still has other peers than ${expected}`);
				await pause(10);
			}
		};
		// The room stays loaded through one connection, so only per-connection memory is measured;
		// a first batch, not reported, warms the server's pools and code.
		sockets.push(await rawConnection(server, 1));
		const warm = await Promise.all(
			Array.from({ length: 50 }, (_, i) => rawConnection(server, 10 + i))
		);
		for (const ws of warm) ws.close();
		await serverPeers(1);
		for (const count of counts) {
			const before = await stats();
			const batch = await Promise.all(
				Array.from({ length: count }, (_, i) => rawConnection(server, 1000 * count + i))
			);
			const after = await stats();
			if (after.peers !== before.peers + count) throw new Error(`expected ${count} more peers`);
			console.log(
				`server memory per connection (${count} raw connections, synced, one awareness state each; ` +
					`gc ${after.gc ? 'on' : 'off'}): heap ${kb((after.heapUsed - before.heapUsed) / count)}, ` +
					`rss ${kb((after.rss - before.rss) / count)}`
			);
			for (const ws of batch) ws.close();
			await serverPeers(1);
		}
	} finally {
		for (const ws of sockets) ws.close();
		await server.stop();
	}
}

// Every WebsocketProvider adds a process 'exit' listener; 50 of them are expected here.
process.setMaxListeners(200);

await seminar();
await memoryPerConnection([50, 100]);
