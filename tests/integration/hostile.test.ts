/**
 * Hostile frames: each one closes the connection that sent it, with a close code and reason, and
 * changes nothing for anyone else: the map is the same before and after, the other clients stay
 * connected and keep syncing.
 */
import * as encoding from 'lib0/encoding';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode, getNodesMap } from '$lib/model/doc';
import { SAMPLE_ID, mapJson, openRaw, waitFor, type Client, useServer } from './support';
import { syncFrame } from '$tests/helpers/frames';

/** A real update a hostile client could send: adds a node to a copy of the map. */
function realUpdate(current: Y.Doc): Uint8Array {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(current));
	const before = Y.encodeStateVector(copy);
	addNode(copy, { kind: 'claim', text: 'SHOULD NEVER ARRIVE', author: 'mallory' }, 'mallory');
	return Y.encodeStateAsUpdate(copy, before);
}

describe('hostile frames', () => {
	const { server, connect } = useServer();
	let a: Client;
	let b: Client;
	let round = 0;

	beforeAll(async () => {
		a = await connect();
		b = await connect();
	});

	/**
	 * Sends `frame` from a fresh raw socket, expects it closed with `code` and a reason starting
	 * with `reason`, then checks that the server's map did not change and that a and b still sync.
	 */
	async function expectRefused(
		send: (ws: import('ws').WebSocket) => void,
		code: number,
		reason: RegExp
	) {
		const before = await (await fetch(`${server.url}/api/maps/${SAMPLE_ID}`)).text();
		const raw = await openRaw(server, SAMPLE_ID);
		send(raw.ws);
		const closed = await raw.closed;
		expect(closed.code).toBe(code);
		expect(closed.reason).toMatch(reason);
		const after = await (await fetch(`${server.url}/api/maps/${SAMPLE_ID}`)).text();
		expect(after).toBe(before);
		expect(after).not.toContain('SHOULD NEVER ARRIVE');
		// The others never noticed: still connected, still syncing with each other.
		expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true);
		const text = `after hostile frame ${++round}`;
		addNode(a.doc, { kind: 'note', text, author: 'a' }, 'a');
		await waitFor('b to receive a’s next edit', () => mapJson(b.doc).includes(text));
		expect(mapJson(a.doc)).not.toContain('SHOULD NEVER ARRIVE');
		expect(mapJson(b.doc)).toBe(mapJson(a.doc));
		expect(a.closeCodes).toEqual([]);
		expect(b.closeCodes).toEqual([]);
	}

	it('refuses a garbage frame (4400)', async () => {
		await expectRefused(
			(ws) => ws.send(Uint8Array.of(0xff, 0x13, 0x37, 0x00, 0x42)),
			4400,
			/^unknown-message-type/
		);
	});

	it('refuses a text frame (1003)', async () => {
		await expectRefused((ws) => ws.send('{"type":"update"}'), 1003, /^text-frame/);
	});

	it('refuses a frame over the size limit (1009)', async () => {
		await expectRefused(
			(ws) => ws.send(new Uint8Array(9 * 1024 * 1024 + 1)),
			1009,
			/^(Max payload size exceeded)?$/
		);
	});

	it('refuses an update whose frame was cut short (4400 truncated)', async () => {
		const update = realUpdate(a.doc);
		const frame = syncFrame(2, update);
		await expectRefused((ws) => ws.send(frame.subarray(0, frame.length - 3)), 4400, /^truncated/);
	});

	it('refuses a well-framed update whose bytes were cut short (4400 bad-update)', async () => {
		const update = realUpdate(a.doc);
		// Yjs would merge part of this update before throwing; the server must not keep any of it.
		await expectRefused(
			(ws) => ws.send(syncFrame(2, update.subarray(0, update.length - 1))),
			4400,
			/^bad-update/
		);
	});

	it('refuses a sync step 2 with trailing bytes (4400)', async () => {
		const update = realUpdate(a.doc);
		const frame = syncFrame(1, update);
		await expectRefused(
			(ws) => ws.send(Uint8Array.from([...frame, 7, 7])),
			4400,
			/^trailing-bytes/
		);
	});

	it('refuses malformed awareness (4400)', async () => {
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, 1);
		const inner = encoding.createEncoder();
		encoding.writeVarUint(inner, 1);
		encoding.writeVarUint(inner, 99);
		encoding.writeVarUint(inner, 1);
		encoding.writeVarString(inner, '{not json');
		encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
		await expectRefused((ws) => ws.send(encoding.toUint8Array(e)), 4400, /^bad-awareness/);
		expect(b.provider.awareness.getStates().has(99)).toBe(false);
	});

	it('logs each cause once, not once per frame', async () => {
		for (let i = 0; i < 3; i++) {
			const raw = await openRaw(server, SAMPLE_ID);
			raw.ws.send(Uint8Array.of(0xff, 0x01));
			expect((await raw.closed).code).toBe(4400);
		}
		const lines = server.output().split('\n');
		expect(lines.filter((l) => l.startsWith('[unknown-message-type]'))).toHaveLength(1);
		expect(lines.filter((l) => l.startsWith('[text-frame]'))).toHaveLength(1);
	});

	it('still accepts a valid update from a raw socket (the checks are not too strict)', async () => {
		const raw = await openRaw(server, SAMPLE_ID);
		const update = (() => {
			const doc = new Y.Doc();
			Y.applyUpdate(doc, Y.encodeStateAsUpdate(a.doc));
			const before = Y.encodeStateVector(doc);
			addNode(doc, { kind: 'claim', text: 'raw but valid', author: 'r' }, 'r');
			return Y.encodeStateAsUpdate(doc, before);
		})();
		raw.ws.send(syncFrame(2, update));
		await waitFor('a and b to receive the raw update', () =>
			[a, b].every((c) =>
				[...getNodesMap(c.doc).values()].some((n) => String(n.get('text')) === 'raw but valid')
			)
		);
		expect(raw.isClosed()).toBe(false);
		raw.ws.close();
	});
});
