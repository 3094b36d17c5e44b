/**
 * Room behaviour with real SQLite storage. Peers here are plain recorders of what the room sends:
 * the room's contract with a connection is `Peer`, nothing more.
 */
import * as decoding from 'lib0/decoding';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEdge, addNode, deleteNodes, getEdgesMap, getNodesMap } from '$lib/model/doc';
import { danglingEdges } from '$lib/model/repair';
import { causeLogger, silentLogger } from '../log';
import { encodeAwarenessEntries } from '../protocol/encode';
import type { AwarenessEntry } from '../protocol/messages';
import type { RefusalCode } from '../protocol/errors';
import { openSqliteStorage } from '../storage/sqlite';
import type { HistoryStore, Storage } from '../storage/storage';
import { inspectUpdate } from '../protocol/inspect-update';
import { loadDoc } from './load-doc';
import type { Role } from '$lib/api/wire';
import type { Peer } from './peer';
import { DROPPED_BEFORE_REPLY, Room } from './room';

/** A decoded update message, as the connection hands it to the room. */
const msg = (kind: 'update' | 'sync-step2', update: Uint8Array) =>
	({ kind, update, inspected: inspectUpdate(update, Infinity) }) as const;

class RecordingPeer implements Peer {
	readonly clientIds = new Set<number>();
	readonly frames: Uint8Array[] = [];
	refused: RefusalCode | null = null;
	constructor(
		readonly role: Role = 'editor',
		readonly participant: string | null = null,
		readonly authorId: string | null = null
	) {}
	get isOpen() {
		return this.refused === null;
	}
	send(frame: Uint8Array) {
		this.frames.push(frame);
	}
	refuse(code: RefusalCode) {
		this.refused ??= code;
	}
	/** [messageType, syncType] of each frame received. */
	kinds(): string[] {
		return this.frames.map((f) => {
			const d = decoding.createDecoder(f);
			const type = decoding.readVarUint(d);
			return type === 0 ? `sync-${decoding.readVarUint(d)}` : `type-${type}`;
		});
	}
}

function editOf(base: Y.Doc, edit: (doc: Y.Doc) => void): Uint8Array {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
	const before = Y.encodeStateVector(doc);
	edit(doc);
	return Y.encodeStateAsUpdate(doc, before);
}

describe('Room', () => {
	let dir: string;
	let storage: Storage & HistoryStore;
	let room: Room;
	let seed: Y.Doc;

	const openRoom = async (compactAfterUpdates = 1000, maxNodes = 1000) => {
		const loaded = await loadDoc(storage, 'm');
		if (!loaded) throw new Error('no map');
		return new Room('m', loaded, {
			storage,
			bus: null,
			historyDays: null,
			problems: causeLogger(silentLogger),
			compactAfterUpdates,
			unloadAfterMs: 60_000,
			summaryDebounceMs: 60_000,
			awarenessBatchMs: 0,
			awarenessPerSecond: 1000,
			awarenessBytesPerSecond: 1 << 30,
			maxNodes,
			maxEdges: 1000,
			rememberedClientIds: new Map(),
			requestUnload: () => {}
		});
	};
	const logRows = async () => (await storage.loadMap('m'))?.updates.length;
	const roomState = (r: Room) => r.read((doc) => Buffer.from(Y.encodeStateAsUpdate(doc)));

	beforeEach(async () => {
		dir = mkdtempSync(join(tmpdir(), 'warrant-room-'));
		storage = openSqliteStorage(dir);
		seed = new Y.Doc();
		seed.getText('t').insert(0, 'seed');
		await storage.createMap(
			{
				id: 'm',
				title: 'M',
				sourceTitle: '',
				sourceAuthor: '',
				createdAt: '',
				updatedAt: '',
				nodeCount: 0,
				edgeCount: 0
			},
			Y.encodeStateAsUpdate(seed)
		);
		room = await openRoom();
	});
	afterEach(async () => {
		await room.shutdown();
		await storage.close();
		rmSync(dir, { recursive: true, force: true });
	});

	it('greets a peer with sync step 1 and answers its step 1 with step 2', async () => {
		const peer = new RecordingPeer();
		room.join(peer);
		await room.receive(peer, { kind: 'sync-step1', stateVector: Y.encodeStateVector(new Y.Doc()) });
		expect(peer.kinds()).toEqual(['sync-0', 'sync-1']);
	});

	it('stores an update before broadcasting it to the other peers only', async () => {
		const [a, b] = [new RecordingPeer(), new RecordingPeer()];
		room.join(a);
		room.join(b);
		const update = editOf(seed, (d) => d.getText('t').insert(4, '!'));
		await room.receive(a, msg('update', update));
		expect(await logRows()).toBe(1);
		expect(a.kinds()).toEqual(['sync-0']);
		expect(b.kinds()).toEqual(['sync-0', 'sync-2']);
		// The same bytes again (b echoing it back) change nothing: nothing stored, nothing sent.
		await room.receive(b, msg('update', update));
		expect(await logRows()).toBe(1);
		expect(a.kinds()).toEqual(['sync-0']);
	});

	it('holds the map to its node limit by counts kept across edits, deletions and a rebuild', async () => {
		await room.shutdown();
		room = await openRoom(1000, 3);
		const node = (id: string) => (d: Y.Doc) =>
			addNode(d, { id, kind: 'claim', text: id, author: 'x' }, 'x');
		const nodeIds = () => room.read((d) => [...getNodesMap(d).keys()].sort());
		/** A peer with its own copy of what the room holds (its own clientID). */
		const writer = async () => {
			const peer = new RecordingPeer();
			room.join(peer);
			const doc = new Y.Doc();
			Y.applyUpdate(doc, Buffer.from(await roomState(room)));
			/** Makes `edit` and sends it (`cut`: without its last byte); the refusal, if any. */
			const send = async (edit: (d: Y.Doc) => void, cut = false) => {
				const before = Y.encodeStateVector(doc);
				edit(doc);
				const update = Y.encodeStateAsUpdate(doc, before);
				const message = msg('update', update);
				await room.receive(peer, cut ? { ...message, update: update.subarray(0, -1) } : message);
				return peer.refused;
			};
			return send;
		};
		const w = await writer();
		expect(await w(node('n1'))).toBeNull();
		expect(await w(node('n2'))).toBeNull();
		// Fails half-way: the room rebuilds its document from storage (and counts it anew).
		expect(await (await writer())(node('lost'), true)).toBe('update-failed');
		expect(await w(node('n3'))).toBeNull();
		expect(await nodeIds()).toEqual(['n1', 'n2', 'n3']);
		expect(await (await writer())(node('n4'))).toBe('map-too-large');
		expect(await nodeIds()).toEqual(['n1', 'n2', 'n3']);
		// A deletion makes room for one node again, not two.
		expect(await w((d) => deleteNodes(d, ['n1'], 'x'))).toBeNull();
		expect(await w(node('n5'))).toBeNull();
		expect(await nodeIds()).toEqual(['n2', 'n3', 'n5']);
		expect(await w(node('n6'))).toBe('map-too-large');
		expect(await nodeIds()).toEqual(['n2', 'n3', 'n5']);
	});

	it('never keeps, stores or broadcasts an update that fails half-way (defence behind decoding)', async () => {
		const [a, b] = [new RecordingPeer(), new RecordingPeer()];
		room.join(a);
		room.join(b);
		const before = await roomState(room);
		const good = editOf(seed, (d) => d.getText('t').insert(0, 'PARTIAL '));
		// Cut by one byte: Yjs merges the text insert, then throws on the missing delete set.
		await room.receive(a, { ...msg('update', good), update: good.subarray(0, good.length - 1) });
		expect(a.refused).toBe('update-failed');
		expect(b.refused).toBeNull();
		expect(b.kinds()).toEqual(['sync-0']);
		expect(await logRows()).toBe(0);
		expect(await roomState(room)).toEqual(before);
		// The room still works for everyone else.
		await room.receive(
			b,
			msg(
				'update',
				editOf(seed, (d) => d.getText('t').insert(0, 'ok '))
			)
		);
		expect(await room.read((d) => d.getText('t').toString())).toBe('ok seed');
	});

	it('drops, not refuses, a live edit that only the peer’s coming sync reply makes whole', async () => {
		// Offline, the client wrote 'offline '; reconnected, it typed 'live ' into it before its
		// reply to our step 1 (which carries both) went out.
		const client = new Y.Doc();
		Y.applyUpdate(client, Y.encodeStateAsUpdate(seed));
		const known = Y.encodeStateVector(client);
		client.getText('t').insert(0, 'offline ');
		const afterOffline = Y.encodeStateVector(client);
		client.getText('t').insert(0, 'live ');
		const live = Y.encodeStateAsUpdate(client, afterOffline);
		const reply = Y.encodeStateAsUpdate(client, known);

		const [a, b] = [new RecordingPeer(), new RecordingPeer()];
		room.join(a);
		room.join(b);
		await room.receive(a, msg('update', live));
		expect(a.refused).toBeNull();
		expect(await logRows()).toBe(0);
		expect(b.kinds()).toEqual(['sync-0']);
		await room.receive(a, msg('sync-step2', reply));
		expect(await room.read((d) => d.getText('t').toString())).toBe('live offline seed');
		expect(b.kinds()).toEqual(['sync-0', 'sync-2']);

		// After its reply, an update the room cannot apply whole is refused as before.
		const orphan = new Y.Doc();
		Y.applyUpdate(orphan, Y.encodeStateAsUpdate(client));
		orphan.getText('t').insert(0, 'never sent ');
		const mid = Y.encodeStateVector(orphan);
		orphan.getText('t').insert(0, 'depends on it ');
		const incomplete = Y.encodeStateAsUpdate(orphan, mid);
		await room.receive(a, msg('update', incomplete));
		expect(a.refused).toBe('update-incomplete');

		// A connection that never replies gets DROPPED_BEFORE_REPLY drops, then the refusal.
		const silent = new RecordingPeer();
		room.join(silent);
		for (let i = 0; i < DROPPED_BEFORE_REPLY; i++)
			await room.receive(silent, msg('update', incomplete));
		expect(silent.refused).toBeNull();
		await room.receive(silent, msg('update', incomplete));
		expect(silent.refused).toBe('update-incomplete');
		expect(await room.read((d) => d.getText('t').toString())).toBe('live offline seed');
	});

	it('drops document changes from a viewer without refusing it', async () => {
		const [viewer, editor] = [new RecordingPeer('viewer'), new RecordingPeer()];
		room.join(viewer);
		room.join(editor);
		await room.receive(
			viewer,
			msg(
				'update',
				editOf(seed, (d) => d.getText('t').insert(0, 'nope'))
			)
		);
		await room.receive(
			viewer,
			msg(
				'sync-step2',
				editOf(seed, (d) => d.getText('t').insert(0, 'nope'))
			)
		);
		expect(viewer.refused).toBeNull();
		expect(await logRows()).toBe(0);
		expect(editor.kinds()).toEqual(['sync-0']);
		await room.receive(
			editor,
			msg(
				'update',
				editOf(seed, (d) => d.getText('t').insert(0, 'yes '))
			)
		);
		expect(viewer.kinds()).toEqual(['sync-0', 'sync-2']);
	});

	it('compacts the log when it reaches the threshold, and on shutdown', async () => {
		await room.shutdown();
		room = await openRoom(3);
		const peer = new RecordingPeer();
		room.join(peer);
		let base = seed;
		for (let i = 0; i < 4; i++) {
			const update = editOf(base, (d) => d.getText('t').insert(0, String(i)));
			await room.receive(peer, msg('update', update));
			base = new Y.Doc();
			Y.applyUpdate(base, Y.encodeStateAsUpdate(seed));
			Y.applyUpdate(base, await room.read((d) => Y.encodeStateAsUpdate(d)));
		}
		expect(await logRows()).toBe(1);
		await room.shutdown();
		expect(peer.refused).toBe('shutting-down');
		expect(await logRows()).toBe(0);
		expect((await loadDoc(storage, 'm'))?.doc.getText('t').toString()).toBe('3210seed');
		room = await openRoom();
	});

	it('tracks the awareness client ids of a peer and removes them for the others when it leaves', async () => {
		const [a, b] = [new RecordingPeer(), new RecordingPeer()];
		room.join(a);
		room.join(b);
		const other = new Y.Doc();
		other.clientID = 4242;
		const { Awareness, encodeAwarenessUpdate } = await import('y-protocols/awareness');
		const awareness = new Awareness(other);
		awareness.setLocalState({ user: 'x' });
		const update = encodeAwarenessUpdate(awareness, [4242]);
		awareness.destroy();
		await room.receive(a, {
			kind: 'awareness',
			update,
			entries: [{ clientId: 4242, clock: 1, state: { user: 'x' } }]
		});
		expect([...a.clientIds]).toEqual([4242]);
		const sentToB = b.frames.length;
		room.leave(a);
		expect(b.frames.length).toBe(sentToB + 1);
		expect(b.kinds().at(-1)).toBe('type-1');
	});

	it('deletes an edge that a concurrent node deletion left dangling, stored and sent to everyone', async () => {
		const [a, b] = [new RecordingPeer(), new RecordingPeer()];
		room.join(a);
		room.join(b);
		const base = new Y.Doc();
		Y.applyUpdate(base, Y.encodeStateAsUpdate(seed));
		const nodes = editOf(base, (d) => {
			addNode(d, { id: 'n1', kind: 'claim', text: 'one', author: 'x' }, 'x');
			addNode(d, { id: 'n2', kind: 'claim', text: 'two', author: 'x' }, 'x');
		});
		Y.applyUpdate(base, nodes);
		await room.receive(a, msg('update', nodes));
		// Made concurrently on the same base: a deletes n2 while b links n1 to it.
		const deletion = editOf(base, (d) => deleteNodes(d, ['n2'], 'a'));
		const link = editOf(base, (d) =>
			addEdge(d, { id: 'e1', from: 'n1', to: 'n2', relation: 'supports' }, 'b')
		);
		await room.receive(a, msg('update', deletion));
		await room.receive(b, msg('update', link));
		expect(await room.read((d) => danglingEdges(d))).toEqual([]);
		expect(await room.read((d) => getEdgesMap(d).has('e1'))).toBe(false);
		// nodes, deletion, link, repair
		expect(await logRows()).toBe(4);
		// b's link went to a only; the repair went to both, b included.
		expect(a.kinds()).toEqual(['sync-0', 'sync-2', 'sync-2']);
		expect(b.kinds()).toEqual(['sync-0', 'sync-2', 'sync-2', 'sync-2']);
		const stored = await loadDoc(storage, 'm');
		expect(stored && danglingEdges(stored.doc)).toEqual([]);
		expect(stored?.doc.getMap('edges').has('e1')).toBe(false);
	});

	describe('presence', () => {
		const announce = (peer: RecordingPeer, entries: AwarenessEntry[]) =>
			room.receive(peer, { kind: 'awareness', update: encodeAwarenessEntries(entries), entries });
		const state = (name: string) => ({ user: { name } });

		it('keeps each client id with the connection that announced it first', async () => {
			const [a, b] = [new RecordingPeer(), new RecordingPeer()];
			room.join(a);
			room.join(b);
			await room.read(() => null); // greetings sent
			await announce(a, [{ clientId: 1, clock: 1, state: state('Ada') }]);
			const framesToA = a.frames.length;
			// b echoes a's state (the stock client does), then tries to overwrite and remove it.
			await announce(b, [{ clientId: 1, clock: 1, state: state('Ada') }]);
			await announce(b, [{ clientId: 1, clock: 9, state: state('Mallory') }]);
			await announce(b, [{ clientId: 1, clock: 10, state: null }]);
			expect(a.frames.length).toBe(framesToA);
			expect([...a.clientIds]).toEqual([1]);
			expect([...b.clientIds]).toEqual([]);
			// b's own state is fine; a's state survives b leaving, and goes when a leaves.
			await announce(b, [{ clientId: 2, clock: 1, state: state('Bo') }]);
			expect(a.frames.length).toBe(framesToA + 1);
			room.leave(b);
			expect(a.frames.length).toBe(framesToA + 2);
			const c = new RecordingPeer();
			room.join(c);
			await room.read(() => null);
			expect(c.kinds()).toEqual(['sync-0', 'type-1']);
			const before = c.frames.length;
			room.leave(a);
			expect(c.frames.length).toBe(before + 1);
			// a announced without a participant key: a new connection may take the id over (the
			// server cannot tell a reconnecting stock client from another one).
			await announce(c, [{ clientId: 1, clock: 12, state: state('Ada again') }]);
			expect([...c.clientIds]).toEqual([1]);
		});

		it('keeps an id for the participant key that announced it, across reconnects', async () => {
			const teacher = new RecordingPeer('editor', 'teacher-key-0123456789');
			const viewer = new RecordingPeer('viewer');
			room.join(teacher);
			room.join(viewer);
			await room.read(() => null);
			await announce(teacher, [{ clientId: 7, clock: 1, state: state('Teacher') }]);
			room.leave(teacher); // the reconnect gap
			await announce(viewer, [{ clientId: 7, clock: 5, state: state('HIJACKED Teacher') }]);
			expect([...viewer.clientIds]).toEqual([]);
			const back = new RecordingPeer('editor', 'teacher-key-0123456789');
			room.join(back);
			await announce(back, [{ clientId: 7, clock: 6, state: state('Teacher') }]);
			expect([...back.clientIds]).toEqual([7]);
		});

		it('drops (does not relay) awareness beyond a connection’s rate', async () => {
			await room.shutdown();
			const loaded = await loadDoc(storage, 'm');
			room = new Room('m', loaded!, {
				storage,
				bus: null,
				historyDays: null,
				problems: causeLogger(silentLogger),
				compactAfterUpdates: 1000,
				unloadAfterMs: 60_000,
				summaryDebounceMs: 60_000,
				awarenessBatchMs: 0,
				awarenessPerSecond: 5,
				awarenessBytesPerSecond: 1 << 20,
				maxNodes: 1000,
				maxEdges: 1000,
				rememberedClientIds: new Map(),
				requestUnload: () => {}
			});
			const [a, b] = [new RecordingPeer(), new RecordingPeer()];
			room.join(a);
			room.join(b);
			await room.read(() => null);
			const before = b.frames.length;
			for (let i = 1; i <= 50; i++)
				await announce(a, [{ clientId: 3, clock: i, state: state(`move ${i}`) }]);
			// Within one second at most 5 got through (the test runs well under a second per 45 of them).
			expect(b.frames.length - before).toBeLessThanOrEqual(10);
			expect(b.frames.length - before).toBeGreaterThanOrEqual(5);
		});

		it('lets one connection own at most a few client ids', async () => {
			const a = new RecordingPeer();
			room.join(a);
			await announce(
				a,
				Array.from({ length: 10 }, (_, i) => ({
					clientId: 100 + i,
					clock: 1,
					state: state(`${i}`)
				}))
			);
			expect(a.clientIds.size).toBe(4);
		});
	});
});
