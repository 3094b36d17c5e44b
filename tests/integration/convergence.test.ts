/**
 * Convergence through the real server: three stock y-websocket clients make seeded random gestures
 * on one map, some of them while one client is offline, including the conflicts that matter (three
 * people typing in one label at once; deleting a node while another links to it). Afterwards all
 * three hold identical documents, equal to what the server stored, with no node or edge problems and
 * no dangling edges (the server repairs them; no client does).
 *
 * Also: a viewer's document changes, plain or with padded varints, change nothing and do not close
 * it; the awareness of a client that closes disappears for the others.
 */
import * as encoding from 'lib0/encoding';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEdge, addNode, deleteNodes, getNodeText, getNodesMap } from '$lib/model/doc';
import { docToFile, type MapFile } from '$lib/model/mapfile';
import { readMap } from '$lib/model/read';
import { danglingEdges } from '$lib/model/repair';
import { canonicalJson } from '$tests/helpers/canonical';
import { randomOp } from '$tests/helpers/random-ops';
import { seededRng, type Rng } from '$tests/helpers/rng';
import {
	SAMPLE_FILE,
	SAMPLE_ID,
	getJson,
	mapJson,
	openRaw,
	waitFor,
	type Client,
	useServer
} from './support';

const SEED = 20260411;

/** Lets the sockets deliver what is pending, without waiting for any fixed time. */
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

const docJson = (doc: Y.Doc) => canonicalJson(doc.toJSON());

describe('convergence through the server', () => {
	const { server, clients, connect } = useServer();
	const sample = JSON.parse(readFileSync(SAMPLE_FILE, 'utf8')) as MapFile;

	async function createMap(id: string): Promise<void> {
		const res = await fetch(`${server.url}/api/maps`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ ...sample, id })
		});
		expect(res.status).toBe(201);
	}
	it('three stock clients making random edits, one at a time offline, converge', async () => {
		const mapId = 'converge';
		await createMap(mapId);
		const peers = [await connect(mapId), await connect(mapId), await connect(mapId)];
		const who = peers.map((_, i) => ({ id: `u${i}`, name: `User ${i}` }));
		const rng: Rng = seededRng(SEED);
		const ops = new Map<string, number>();
		const count = (name: string) => ops.set(name, (ops.get(name) ?? 0) + 1);

		/** Everyone types into one label in the same instant. */
		const concurrentLabelEdits = () => {
			const id = rng.pick([...getNodesMap(peers[0].doc).keys()]);
			for (const [i, p] of peers.entries()) {
				const text = getNodeText(p.doc, id);
				if (!text) continue;
				p.doc.transact(() => text.insert(rng.int(text.length + 1), ` [${who[i].id}]`), who[i].id);
				count('concurrentLabel');
			}
		};
		/** One deletes a node while another links an edge to it. */
		const deleteWhileLinking = (deleter: Client, linker: Client) => {
			const nodes = [...getNodesMap(linker.doc).keys()].filter((id) =>
				getNodesMap(deleter.doc).has(id)
			);
			if (nodes.length < 2) return;
			const target = rng.pick(nodes);
			const from = rng.pick(nodes.filter((id) => id !== target));
			const edge = addEdge(
				linker.doc,
				{ from, to: target, relation: 'supports', author: 'l' },
				'l'
			);
			deleteNodes(deleter.doc, [target], 'd');
			if ('id' in edge) count('deleteWhileLinking');
		};

		for (let round = 0; round < 12; round++) {
			const offline = round % 3 === 1 ? peers[rng.int(peers.length)] : null;
			offline?.provider.disconnect();
			for (let step = 0; step < 12; step++) {
				for (const [i, p] of peers.entries()) count(randomOp(p.doc, rng, who[i], who[i].id));
				if (step % 4 === 0) concurrentLabelEdits();
				if (step % 5 === 2) {
					const [deleter, linker] = [rng.pick(peers), rng.pick(peers)];
					if (deleter !== linker) deleteWhileLinking(deleter, linker);
				}
				// Offline, one client links to a node another deletes: it learns on reconnecting.
				if (offline && step === 6)
					deleteWhileLinking(rng.pick(peers.filter((p) => p !== offline)), offline);
				await yieldToIo();
			}
			offline?.provider.connect();
		}

		// Agreement alone is not the end: the server broadcasts an update before the repair it makes
		// after it (deleting edges a concurrent node deletion left dangling), so the three can agree
		// for a moment on the unrepaired map. The end is agreement with no dangling edge.
		const converged = () =>
			peers.every((p) => p.provider.wsconnected && p.provider.synced) &&
			peers.every((p) => docJson(p.doc) === docJson(peers[0].doc)) &&
			danglingEdges(peers[0].doc).length === 0;
		await waitFor('the three clients to converge, repaired', converged, 20_000);

		// Everything the generator can do happened, the conflicts included.
		expect(ops.get('deleteWhileLinking')).toBeGreaterThan(2);
		expect(ops.get('concurrentLabel')).toBeGreaterThan(10);
		for (const name of ['addNode', 'deleteNode', 'addEdge', 'typeInLabel', 'comment', 'vote'])
			expect(ops.get(name), name).toBeGreaterThan(0);

		for (const p of peers) {
			const problems = readMap(p.doc).problems.filter(
				(x) => x.scope === 'node' || x.scope === 'edge'
			);
			expect(problems).toEqual([]);
			expect(danglingEdges(p.doc)).toEqual([]);
		}
		expect(getNodesMap(peers[0].doc).size).toBeGreaterThan(3);
		// No honest client was ever closed by the server.
		for (const p of peers) expect(p.closeCodes).toEqual([]);
		// And the server stored the same map.
		const stored = (await getJson(server, `/api/maps/${mapId}`)).body as MapFile;
		expect(sortedFile(stored)).toBe(sortedFile(docToFile(peers[0].doc, mapId)));
	});

	it('a live edit sent before the sync reply that carries what it builds on is not refused', async () => {
		const mapId = 'edit-before-reply';
		await createMap(mapId);
		const [a, b] = [await connect(mapId), await connect(mapId)];
		a.provider.disconnect();
		const offline = addNode(a.doc, { kind: 'claim', text: 'made offline', author: 'a' }, 'a');
		// The stock client sends a live edit as soon as its socket opens: before it has our sync
		// step 1, so before its reply brings the offline node the edit types into.
		const typeAtOnce = ({ status }: { status: string }) => {
			if (status !== 'connected') return;
			a.provider.off('status', typeAtOnce);
			a.doc.transact(() => getNodeText(a.doc, offline)!.insert(0, 'typed at once, '), 'a');
		};
		a.provider.on('status', typeAtOnce);
		a.provider.connect();
		await waitFor('b to receive the offline node with the live edit', () =>
			getNodeText(b.doc, offline)?.toString().startsWith('typed at once, made offline')
		);
		await waitFor('a and b to hold the same map', () => docJson(a.doc) === docJson(b.doc));
		// The server closed nobody (a client's own disconnect is not reported as a close).
		expect(a.closeCodes).toEqual([]);
		expect(b.closeCodes).toEqual([]);
		const stored = (await getJson(server, `/api/maps/${mapId}`)).body as MapFile;
		expect(stored.nodes.find((n) => n.id === offline)?.text).toBe('typed at once, made offline');
	});

	it('a viewer’s changes, plain or with padded varints, change nothing and do not close it', async () => {
		const mapId = 'viewer-frames';
		await createMap(mapId);
		const share = await (
			await fetch(`${server.url}/api/maps/${mapId}/share`, { method: 'POST' })
		).json();
		const token = (url: string) => new URL(url).searchParams.get('token')!;
		const [edit, view] = [token(share.editUrl), token(share.viewUrl)];
		const editor = await connect(mapId, { token: edit });

		/** An update adding a node with `marker`, made against the editor's current state. */
		const updateWith = (marker: string) => {
			const copy = new Y.Doc();
			Y.applyUpdate(copy, Y.encodeStateAsUpdate(editor.doc));
			const before = Y.encodeStateVector(copy);
			addNode(copy, { kind: 'claim', text: marker, author: 'viewer' }, 'v');
			return Y.encodeStateAsUpdate(copy, before);
		};
		/** A sync frame with the message type and sync type written as the given (padded) varint bytes. */
		const frame = (typeBytes: number[], syncBytes: number[], update: Uint8Array) => {
			const e = encoding.createEncoder();
			encoding.writeUint8Array(e, Uint8Array.from(typeBytes));
			encoding.writeUint8Array(e, Uint8Array.from(syncBytes));
			encoding.writeVarUint8Array(e, update);
			return encoding.toUint8Array(e);
		};
		const shapes: Array<[string, number[], number[]]> = [
			['plain update', [0x00], [0x02]],
			['plain step 2', [0x00], [0x01]],
			['message type 0 as 80 00', [0x80, 0x00], [0x02]],
			['sync type 2 as 82 00', [0x00], [0x82, 0x00]],
			['both padded', [0x80, 0x80, 0x00], [0x82, 0x80, 0x00]],
			['step 2 as 81 00', [0x80, 0x00], [0x81, 0x00]]
		];

		const viewer = await openRaw(server, mapId, view);
		const stored = async () =>
			(await fetch(`${server.url}/api/maps/${mapId}?token=${view}`)).text();
		const before = await stored();
		for (const [name, type, sync] of shapes)
			viewer.ws.send(frame(type, sync, updateWith(`VIEWER ${name}`)));
		// A change from the editor after them: once the viewer receives it, the server has handled
		// every frame the viewer sent before (one socket, one ordered room queue).
		const framesBefore = viewer.frames.length;
		addNode(editor.doc, { kind: 'note', text: 'editor after viewer frames', author: 'e' }, 'e');
		await waitFor(
			'the viewer to receive the editor’s change',
			() => viewer.frames.length > framesBefore
		);
		const after = await stored();
		expect(after).not.toContain('VIEWER');
		expect(after).toContain('editor after viewer frames');
		expect(JSON.parse(after).nodes.length).toBe(JSON.parse(before).nodes.length + 1);
		expect(mapJson(editor.doc)).not.toContain('VIEWER');
		expect(viewer.isClosed()).toBe(false);
		expect(
			server
				.output()
				.split('\n')
				.filter((l) => l.startsWith('[viewer-write-dropped]'))
		).toHaveLength(1);

		// The same padded frames from the edit token are real updates: the check above is not vacuous.
		const writer = await openRaw(server, mapId, edit);
		writer.ws.send(frame([0x80, 0x80, 0x00], [0x82, 0x80, 0x00], updateWith('EDITOR PADDED')));
		await waitFor('the editor to receive the padded update', () =>
			mapJson(editor.doc).includes('EDITOR PADDED')
		);
		viewer.ws.close();
		writer.ws.close();
	});

	it('the awareness of a client that closes disappears for the others', async () => {
		const [a, b, c] = [
			await connect(SAMPLE_ID),
			await connect(SAMPLE_ID),
			await connect(SAMPLE_ID)
		];
		c.provider.awareness.setLocalStateField('user', { name: 'Cleo' });
		const cId = c.doc.clientID;
		for (const other of [a, b])
			await waitFor(
				'c to be seen',
				() => other.provider.awareness.getStates().get(cId)?.user?.name === 'Cleo'
			);
		c.destroy();
		clients.splice(clients.indexOf(c), 1);
		await waitFor('a and b to see c leave', () =>
			[a, b].every((other) => !other.provider.awareness.getStates().has(cId))
		);
		// a and b still see each other.
		a.provider.awareness.setLocalStateField('user', { name: 'Ada' });
		await waitFor(
			'b to see a',
			() => b.provider.awareness.getStates().get(a.doc.clientID)?.user?.name === 'Ada'
		);
	});
});

/** A map file as canonical JSON with every record list in a fixed order (Y.Map order differs). */
function sortedFile(file: MapFile): string {
	const by =
		<T>(key: (x: T) => string) =>
		(a: T, b: T) =>
			key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
	return canonicalJson({
		...file,
		nodes: [...file.nodes].sort(by((n) => n.id)),
		edges: [...file.edges].sort(by((e) => e.id)),
		comments: [...file.comments].sort(by((c) => c.id)),
		votes: [...file.votes].sort(by((v) => `${v.nodeId}|${v.voterId}`))
	});
}
