/**
 * `Connection.send` frames a message itself and writes it straight to the TCP socket when ws is
 * idle (one framing per broadcast, one plain write per peer). Checked here with real ws sockets on
 * loopback: what arrives must be byte for byte what was sent, in order with ws's own frames, at
 * every length encoding, and with ws doing the framing when an extension is negotiated.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { Connection, wireFrame } from './connection';

const ACCESS = {
	mapId: 'm',
	role: 'editor',
	token: null,
	participant: null,
	authorId: null
} as const;

interface Pair {
	conn: Connection;
	server: WebSocket;
	received: Buffer[];
	pings: number;
	close(): Promise<void>;
}

const open: Pair[] = [];
afterEach(async () => {
	await Promise.all(open.splice(0).map((p) => p.close()));
});

/** A ws server socket wrapped in a Connection, and a ws client recording every message. */
async function pair(perMessageDeflate = false): Promise<Pair> {
	const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate });
	await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
	const { port } = wss.address() as { port: number };
	const accepted = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
	const client = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate });
	const result: Pair = {
		conn: null as unknown as Connection,
		server: await accepted,
		received: [],
		pings: 0,
		close: async () => {
			client.terminate();
			await new Promise<void>((resolve) => wss.close(() => resolve()));
		}
	};
	client.on('message', (data: Buffer) => result.received.push(Buffer.from(data)));
	client.on('ping', () => result.pings++);
	await new Promise<void>((resolve) => client.once('open', () => resolve()));
	result.conn = new Connection(result.server, { ...ACCESS });
	open.push(result);
	return result;
}

async function until(check: () => boolean): Promise<void> {
	const deadline = Date.now() + 10_000;
	while (!check()) {
		if (Date.now() > deadline) throw new Error('timed out');
		await new Promise((r) => setTimeout(r, 5));
	}
}

/** Bytes of `length` that differ from one position to the next (a shifted copy would show). */
const message = (length: number, seed: number) =>
	Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 0xff);

describe('Connection.send', () => {
	it('frames each length encoding as ws does: 7-bit, 16-bit and 64-bit lengths', async () => {
		const p = await pair();
		// 125/126 and 65,535/65,536 are where the header grows from 2 to 4 to 10 bytes.
		const lengths = [0, 1, 125, 126, 127, 65_535, 65_536, 200_000];
		const sent = lengths.map((n, i) => message(n, i));
		for (const m of sent) p.conn.send(m);
		await until(() => p.received.length === sent.length);
		expect(p.received.map((b) => [...b])).toEqual(sent.map((m) => [...m]));
		expect(wireFrame(sent[2]).subarray(0, 2)).toEqual(Buffer.from([0x82, 125]));
		expect(wireFrame(sent[3]).subarray(0, 4)).toEqual(Buffer.from([0x82, 126, 0, 126]));
		expect(wireFrame(sent[6]).subarray(0, 10)).toEqual(
			Buffer.from([0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0])
		);
	});

	it('sends one frame object to many connections, each getting the same bytes', async () => {
		const peers = await Promise.all([pair(), pair(), pair()]);
		const frames = [message(43, 1), message(300, 2), message(43, 3)];
		// As a room broadcasts: each frame to every peer before the next frame.
		for (const f of frames) for (const p of peers) p.conn.send(f);
		await until(() => peers.every((p) => p.received.length === frames.length));
		for (const p of peers) expect(p.received.map((b) => [...b])).toEqual(frames.map((f) => [...f]));
	});

	it('keeps its frames in order with the ones ws writes itself (pings, ws.send)', async () => {
		const p = await pair();
		p.conn.send(message(10, 1));
		p.server.ping();
		p.server.send(message(20, 2));
		p.conn.send(message(30, 3));
		await until(() => p.received.length === 3 && p.pings === 1);
		expect(p.received.map((b) => b.length)).toEqual([10, 20, 30]);
		expect([...p.received[2]]).toEqual([...message(30, 3)]);
	});

	it('lets ws frame the message when an extension (permessage-deflate) is negotiated', async () => {
		const p = await pair(true);
		expect(p.server.extensions).toContain('permessage-deflate');
		const big = new Uint8Array(4096).fill(7); // compressible: ws would send it deflated
		p.conn.send(big);
		p.conn.send(message(50, 4));
		await until(() => p.received.length === 2);
		expect([...p.received[0]]).toEqual([...big]);
		expect([...p.received[1]]).toEqual([...message(50, 4)]);
	});

	it('writes nothing once the socket is closing', async () => {
		const p = await pair();
		p.server.close(1000);
		p.conn.send(message(5, 5));
		await new Promise((r) => setTimeout(r, 50));
		expect(p.received).toEqual([]);
	});
});
