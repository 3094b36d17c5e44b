/**
 * HTTP hardening and map size limits against the real server: wrong content types are 415, slow
 * clients are cut off, aborted uploads are not logged as server errors, and a map cannot grow past
 * its node limit, neither by import (413) nor by a live update (`map-too-large`).
 */
import * as encoding from 'lib0/encoding';
import { connect, type Socket } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode } from '$lib/model/doc';
import { docToFile } from '$lib/model/mapfile';
import type { RunningServer } from '$tests/helpers/server';
import { SAMPLE_ID, openRaw, waitFor, type Client, useServer } from './support';

const MAX_NODES = 20;

function rawSocket(server: RunningServer): Promise<{ socket: Socket; closed: Promise<string> }> {
	return new Promise((resolve, reject) => {
		const socket = connect(server.port, '127.0.0.1');
		let received = '';
		socket.on('data', (d) => (received += d.toString()));
		socket.on('error', () => {});
		const closed = new Promise<string>((res) => socket.on('close', () => res(received)));
		socket.once('connect', () => resolve({ socket, closed }));
		socket.once('error', reject);
	});
}

describe('HTTP limits and map size limits', () => {
	const { server, connect } = useServer({
		env: {
			WARRANT_MAX_NODES: String(MAX_NODES),
			WARRANT_HEADERS_TIMEOUT_MS: '1000',
			WARRANT_REQUEST_TIMEOUT_MS: '2000'
		}
	});
	let a: Client;

	beforeAll(async () => {
		a = await connect();
	});

	it('answers 415 to a content type it does not take (text/html)', async () => {
		const res = await fetch(`${server.url}/api/maps`, {
			method: 'POST',
			headers: { 'content-type': 'text/html' },
			body: '<h1>not a map</h1>'
		});
		expect(res.status).toBe(415);
		expect(((await res.json()) as { error: string }).error).toMatch(/content-type/);
	});

	it('closes a connection whose headers drip in too slowly', async () => {
		const { socket, closed } = await rawSocket(server);
		socket.write('GET /api/maps HTTP/1.1\r\nHost: x\r\n');
		const drip = setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 300);
		try {
			const answer = await closed;
			expect(answer).toMatch(/^HTTP\/1\.1 408/);
		} finally {
			clearInterval(drip);
		}
	});

	it('closes a request whose body never finishes', async () => {
		const { socket, closed } = await rawSocket(server);
		socket.write(
			'POST /api/maps HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"title":'
		);
		expect(await closed).toMatch(/408|^$/);
	});

	it('does not log an aborted upload as a server error', async () => {
		const { socket, closed } = await rawSocket(server);
		// Headers and the start of the body, then the client goes away once they are sent.
		socket.write(
			'POST /api/maps HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"title":"x","text":"',
			() => socket.destroy()
		);
		await closed;
		// Requests after it go through, so the abort has been handled by then.
		for (let i = 0; i < 3; i++) expect((await fetch(`${server.url}/api/maps`)).ok).toBe(true);
		expect(server.output()).not.toMatch(/\[api-error\]/);
	});

	it('refuses to import a map with more nodes than the limit (413 map-too-large)', async () => {
		const doc = new Y.Doc();
		const res0 = await fetch(`${server.url}/api/maps/${SAMPLE_ID}`);
		const file = (await res0.json()) as ReturnType<typeof docToFile>;
		for (let i = 0; i < MAX_NODES; i++)
			file.nodes.push({
				id: `extra-${i}`,
				kind: 'note',
				text: `extra ${i}`,
				anchors: [],
				author: 't',
				createdAt: '2026-11-30T00:00:00.000Z'
			} as (typeof file.nodes)[number]);
		delete (file as { id?: string }).id;
		doc.destroy();
		const res = await fetch(`${server.url}/api/maps`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(file)
		});
		expect(res.status).toBe(413);
		expect(await res.json()).toMatchObject({ reason: 'map-too-large' });
	});

	it('refuses a live update that takes the map past the node limit, and keeps the map as it was', async () => {
		const before = a.doc.getMap('nodes').size;
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(a.doc));
		const sv = Y.encodeStateVector(copy);
		copy.transact(() => {
			for (let i = 0; i < MAX_NODES; i++)
				addNode(copy, { kind: 'note', text: `TOO MANY ${i}`, author: 'm' }, 'm');
		});
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, 0);
		encoding.writeVarUint(e, 2);
		encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(copy, sv));
		const raw = await openRaw(server, SAMPLE_ID);
		raw.ws.send(encoding.toUint8Array(e));
		const closed = await raw.closed;
		expect(closed.code).toBe(4413);
		expect(closed.reason).toMatch(/^map-too-large/);
		// a keeps working, and the map did not grow.
		addNode(a.doc, { kind: 'note', text: 'still fine', author: 'a' }, 'a');
		await waitFor('the server to store a’s edit', async () => {
			const res = await fetch(`${server.url}/api/maps/${SAMPLE_ID}`);
			return ((await res.json()) as { nodes: unknown[] }).nodes.length === before + 1;
		});
		expect(a.closeCodes).toEqual([]);
	});
});
