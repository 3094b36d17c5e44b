/**
 * Forged but well-formed Yjs updates against the real server, with stock y-websocket clients as
 * the victims: each forged update is refused with its reason code, and afterwards the victims, a
 * fresh client, `/state` and the stored map agree and hold the victims' edits.
 */
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode, getMetaMap } from '$lib/model/doc';
import type { RunningServer } from '$tests/helpers/server';
import {
	SAMPLE_ID,
	connectSynced,
	isSynced,
	mapJson,
	openRaw,
	waitFor,
	type Client,
	useServer
} from './support';
import { syncFrame } from '$tests/helpers/frames';

/**
 * A copy of `doc` that writes under the given clientID (random when omitted). Set after loading:
 * Yjs gives a doc a new clientID when a loaded update holds structs under its own.
 */
function copyOf(doc: Y.Doc, clientID?: number): Y.Doc {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	if (clientID !== undefined) copy.clientID = clientID;
	return copy;
}

/** The update that `edit` makes on a copy of `doc`. */
function forge(doc: Y.Doc, edit: (copy: Y.Doc) => void, clientID?: number): Uint8Array {
	const copy = copyOf(doc, clientID);
	const before = Y.encodeStateVector(copy);
	edit(copy);
	return Y.encodeStateAsUpdate(copy, before);
}

/** An update with no structs and one delete range whose clock is written as the raw `clockBytes`. */
function deleteSetUpdate(client: number, clockBytes: number[], len: number): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0); // no structs
	encoding.writeVarUint(e, 1); // one client in the delete set
	encoding.writeVarUint(e, client);
	encoding.writeVarUint(e, 1); // one range
	encoding.writeUint8Array(e, Uint8Array.from(clockBytes));
	encoding.writeVarUint(e, len);
	return encoding.toUint8Array(e);
}

/** An edge written directly (the model's addEdge refuses an edge to a missing node, as it should). */
function rawEdge(doc: Y.Doc, id: string, from: string, to: string, relation: string): void {
	const edge = new Y.Map<unknown>();
	edge.set('from', from);
	edge.set('to', to);
	edge.set('relation', relation);
	edge.set('createdAt', '2026-11-30T00:00:00.000Z');
	doc.getMap('edges').set(id, edge);
}

/** An update adding `count` edges: one to a missing node, each next one undercutting the previous. */
function undercutChain(doc: Y.Doc, prefix: string, count: number): Uint8Array {
	return forge(doc, (copy) => {
		const from = [...copy.getMap('nodes').keys()][0];
		copy.transact(() => {
			rawEdge(copy, `${prefix}-0`, from, 'missing-node', 'supports');
			for (let i = 1; i < count; i++)
				rawEdge(copy, `${prefix}-${i}`, from, `${prefix}-${i - 1}`, 'undercuts');
		});
	});
}

const nodeTexts = (doc: Y.Doc): string[] =>
	(JSON.parse(mapJson(doc)) as { nodes: { text: string }[] }).nodes.map((n) => n.text);

describe('forged updates', () => {
	const { server } = useServer();
	let a: Client;
	let b: Client;
	const extra: Client[] = [];
	let round = 0;

	beforeAll(async () => {
		a = await connectSynced(server, SAMPLE_ID);
		b = await connectSynced(server, SAMPLE_ID);
	});
	// Runs before the fixture stops the server (after-hooks run last registered first).
	afterAll(async () => {
		for (const c of [a, b, ...extra]) expect(() => c?.destroy()).not.toThrow();
	});

	/** a adds a node and waits until b has it. */
	async function honestEdit(by: Client = a): Promise<string> {
		const text = `honest edit ${++round}`;
		addNode(by.doc, { kind: 'note', text, author: 'a' }, 'a');
		await waitFor(`b to receive “${text}”`, () => nodeTexts(b.doc).includes(text));
		return text;
	}

	/** Everyone agrees: a, b, a fresh client and /state; nobody honest was disconnected. */
	async function expectAgreement(mustHave: string[]): Promise<void> {
		await waitFor('a and b to agree', () => mapJson(a.doc) === mapJson(b.doc));
		const fresh = await connectSynced(server, SAMPLE_ID);
		try {
			expect(mapJson(fresh.doc)).toBe(mapJson(a.doc));
			const res = await fetch(`${server.url}/api/maps/${SAMPLE_ID}/state`);
			const stateDoc = new Y.Doc();
			Y.applyUpdate(stateDoc, new Uint8Array(await res.arrayBuffer()));
			expect(mapJson(stateDoc)).toBe(mapJson(a.doc));
			for (const text of mustHave) expect(nodeTexts(fresh.doc)).toContain(text);
			expect(nodeTexts(fresh.doc).filter((t) => t.includes('FORGED'))).toEqual([]);
		} finally {
			fresh.destroy();
		}
		expect(a.closeCodes).toEqual([]);
		expect(b.closeCodes).toEqual([]);
	}

	/**
	 * Sends `frame` as a connection that has answered the server's sync step 1 (with an empty sync
	 * step 2), as every stock client does: before that reply, an update that cannot be applied whole
	 * is dropped rather than refused (the reply may bring what it lacks; `room.ts`).
	 */
	async function sendRefused(frame: Uint8Array, code: number, reason: RegExp): Promise<void> {
		const raw = await openRaw(server, SAMPLE_ID);
		raw.ws.send(syncFrame(1, Y.encodeStateAsUpdate(new Y.Doc())));
		raw.ws.send(frame);
		const closed = await raw.closed;
		expect(closed.code).toBe(code);
		expect(closed.reason).toMatch(reason);
	}

	it('refuses a delete set whose clock is a padded varint that reads as NaN', async () => {
		const victim = await honestEdit();
		// 150 continuation bytes make lib0's multiplier Infinity; the last byte 0 makes 0 * Infinity.
		const nanClock = [...new Array(150).fill(0x80), 0x00];
		await sendRefused(
			syncFrame(2, deleteSetUpdate(a.doc.clientID, nanClock, 1)),
			4400,
			/^bad-update/
		);
		// Before the fix the server lost an item here; the next unrelated edit spread the loss.
		const next = await honestEdit(b);
		await expectAgreement([victim, next]);
	});

	it('refuses a delete set for another client’s future clocks', async () => {
		await honestEdit();
		const future = Y.getState(a.doc.store, a.doc.clientID);
		const forged = deleteSetUpdate(a.doc.clientID, [...encodeVarUint(future)], 50);
		await sendRefused(syncFrame(2, forged), 4001, /^delete-beyond-state/);
		// a's next node must be visible to everyone, and stay a's after a reconnects.
		const next = await honestEdit();
		a.provider.disconnect();
		a.provider.connect();
		await waitFor('a to resync', () => isSynced(a));
		expect(nodeTexts(a.doc)).toContain(next);
		a.closeCodes.length = 0; // our own disconnect, not the server's
		await expectAgreement([next]);
	});

	it('refuses structs under the clientID of another open connection (squatting)', async () => {
		await honestEdit();
		const squat = forge(
			b.doc,
			(copy) => addNode(copy, { kind: 'claim', text: 'FORGED squat', author: 'm' }, 'm'),
			a.doc.clientID
		);
		await sendRefused(syncFrame(2, squat), 4000, /^client-id-taken/);
		const next = await honestEdit();
		await expectAgreement([next]);
	});

	it('protects the clientID of a stock client that has not edited yet (its presence binds it)', async () => {
		const quiet = await connectSynced(server, SAMPLE_ID);
		extra.push(quiet);
		// As the web app does at once (a state with clock 0, the stock default, is ignored by all).
		quiet.provider.awareness.setLocalStateField('user', { name: 'Quiet' });
		await waitFor('the server to know the quiet client’s presence', () =>
			b.provider.awareness.getStates().has(quiet.doc.clientID)
		);
		const squat = forge(
			b.doc,
			(copy) => addNode(copy, { kind: 'claim', text: 'FORGED squat', author: 'm' }, 'm'),
			quiet.doc.clientID
		);
		await sendRefused(syncFrame(2, squat), 4000, /^client-id-taken/);
		const text = 'quiet client’s first edit';
		addNode(quiet.doc, { kind: 'note', text, author: 'q' }, 'q');
		await waitFor('b to receive the quiet client’s edit', () => nodeTexts(b.doc).includes(text));
		expect(quiet.closeCodes).toEqual([]);
	});

	it('keeps a participant’s clientID while it is offline; its offline edit is accepted on return', async () => {
		const key = 'victim-participant-key-0001';
		const victim = await connectSynced(server, SAMPLE_ID, { participant: key });
		extra.push(victim);
		await honestEdit(victim);
		victim.provider.disconnect();
		const offline = 'written while offline';
		addNode(victim.doc, { kind: 'note', text: offline, author: 'v' }, 'v');
		// While the victim is away, a squatter continues its clientID (with or without a key).
		const squat = forge(
			b.doc,
			(copy) => addNode(copy, { kind: 'claim', text: 'FORGED while away', author: 'm' }, 'm'),
			victim.doc.clientID
		);
		await sendRefused(syncFrame(2, squat), 4000, /^client-id-taken/);
		const raw = await openRawWith(server, { participant: 'squatter-key-0000000000' });
		raw.ws.send(syncFrame(2, squat));
		expect((await raw.closed).code).toBe(4000);
		victim.provider.connect();
		await waitFor('b to receive the offline edit', () => nodeTexts(b.doc).includes(offline));
		expect(victim.closeCodes).toEqual([]);
		await expectAgreement([offline]);
	});

	it('accepts an honest stock client (no key) that reconnects and brings an offline edit', async () => {
		const honest = await connectSynced(server, SAMPLE_ID);
		extra.push(honest);
		await honestEdit(honest);
		honest.provider.disconnect();
		const offline = 'keyless offline edit';
		addNode(honest.doc, { kind: 'note', text: offline, author: 'h' }, 'h');
		honest.provider.connect();
		await waitFor('b to receive the keyless offline edit', () =>
			nodeTexts(b.doc).includes(offline)
		);
		expect(honest.closeCodes).toEqual([]);
		await expectAgreement([offline]);
	});

	it('refuses an update that cannot be applied completely (pending structs), and keeps nothing', async () => {
		const stateBefore = (
			await (await fetch(`${server.url}/api/maps/${SAMPLE_ID}/state`)).arrayBuffer()
		).byteLength;
		// A new client's second change without its first: Yjs would keep it pending forever.
		const ghost = copyOf(b.doc, 777_000_001);
		addNode(ghost, { kind: 'claim', text: 'FORGED first', author: 'g' }, 'g');
		ghost.getArray('forged').push(['FORGED a']);
		const after1 = Y.encodeStateVector(ghost);
		addNode(ghost, { kind: 'claim', text: 'FORGED second '.repeat(2000), author: 'g' }, 'g');
		const secondOnly = Y.encodeStateAsUpdate(ghost, after1);
		await sendRefused(syncFrame(2, secondOnly), 4001, /^update-incomplete/);
		// An item whose origin is another client's unknown clock (the ghost's array item).
		const dependent = forge(ghost, (copy) => copy.getArray('forged').push(['FORGED b']));
		await sendRefused(syncFrame(2, dependent), 4001, /^update-incomplete/);
		const stateAfter = (
			await (await fetch(`${server.url}/api/maps/${SAMPLE_ID}/state`)).arrayBuffer()
		).byteLength;
		expect(stateAfter).toBeLessThan(stateBefore + 1000);
		const next = await honestEdit();
		await expectAgreement([next]);
	});

	it('refuses a meta write that breaks the contract, and the map stays exportable', async () => {
		for (const [key, value] of [
			['schema', 999],
			['title', 42]
		] as const) {
			const forged = forge(b.doc, (copy) => getMetaMap(copy).set(key, value));
			await sendRefused(syncFrame(2, forged), 4400, /^invalid-change: .*meta/);
		}
		const res = await fetch(`${server.url}/api/maps/${SAMPLE_ID}/export?format=json`);
		expect(res.status).toBe(200);
		// An honest title change still goes through.
		const forged = forge(b.doc, (copy) => getMetaMap(copy).set('title', 'A new honest title'));
		const raw = await openRaw(server, SAMPLE_ID);
		raw.ws.send(syncFrame(2, forged));
		await waitFor(
			'b to see the new title',
			() => getMetaMap(b.doc).get('title') === 'A new honest title'
		);
		raw.ws.close();
	});

	it('refuses one update with more work than the budget (a 16,000-edge undercut chain)', async () => {
		const chain = undercutChain(b.doc, 'chain', 16_000);
		expect(chain.length).toBeLessThan(8 * 1024 * 1024);
		await sendRefused(syncFrame(2, chain), 4413, /^update-over-budget/);
		const next = await honestEdit();
		await expectAgreement([next]);
	});

	it('refuses a text struct longer than any node text may be (2 MB in one insert)', async () => {
		const huge = forge(b.doc, (copy) =>
			addNode(copy, { kind: 'note', text: 'FORGED ' + 'x'.repeat(2_000_000), author: 'm' }, 'm')
		);
		await sendRefused(syncFrame(2, huge), 4413, /^update-over-budget: .*characters in one struct/);
		const next = await honestEdit();
		await expectAgreement([next]);
	});

	it('repairs a dangling undercut chain within the budget, for everyone', async () => {
		const chain = undercutChain(b.doc, 'short', 500);
		const raw = await openRaw(server, SAMPLE_ID);
		raw.ws.send(syncFrame(2, chain));
		// The server prunes every edge of the chain and sends the repair to everyone.
		const next = await honestEdit();
		expect([...b.doc.getMap('edges').keys()].filter((id) => id.startsWith('short-'))).toEqual([]);
		expect(raw.isClosed()).toBe(false);
		raw.ws.close();
		await expectAgreement([next]);
	});
});

function encodeVarUint(n: number): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, n);
	return encoding.toUint8Array(e);
}

/** openRaw with query parameters. */
async function openRawWith(server: RunningServer, params: Record<string, string>) {
	const { WebSocket } = await import('ws');
	const ws = new WebSocket(`${server.wsUrl}/${SAMPLE_ID}?${new URLSearchParams(params)}`);
	ws.on('error', () => {});
	const closed = new Promise<{ code: number; reason: string }>((resolve) =>
		ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
	);
	await new Promise<void>((resolve) => ws.once('open', () => resolve()));
	return { ws, closed };
}
