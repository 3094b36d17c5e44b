/** Stock y-websocket clients editing one map through the real server. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addNode, getNodesMap, setNodeText, setPositions } from '$lib/model/doc';
import { fileToDoc, parseMapFileText, type MapFile } from '$lib/model/mapfile';
import { NODE_KINDS } from '$lib/model/schema';
import {
	SAMPLE_FILE,
	SAMPLE_ID,
	canonicalJson,
	getJson,
	mapJson,
	openRaw,
	sameState,
	seededRandom,
	waitFor,
	useServer
} from './support';

describe('sync through the server', () => {
	const { server, clients, connect } = useServer({
		env: { WARRANT_HEARTBEAT_MS: '300', WARRANT_UNLOAD_MS: '200', WARRANT_DEBUG_STATS: '1' }
	});

	it('gives a new client the whole imported map', async () => {
		const a = await connect();
		const res = await getJson(server, `/api/maps/${SAMPLE_ID}`);
		expect(res.status).toBe(200);
		expect(mapJson(a.doc)).toBe(canonicalJson(res.body as MapFile));
		const file = parseMapFileText(readFileSync(SAMPLE_FILE, 'utf8'));
		if (!file.ok) throw new Error(file.error);
		expect(mapJson(a.doc)).toBe(mapJson(fileToDoc(file.value)));
		expect(getNodesMap(a.doc).size).toBe(6);
	});

	it('two clients making random concurrent edits converge', async () => {
		const [a, b] = [await connect(), await connect()];
		const random = seededRandom(20260112);
		const ids = [...getNodesMap(a.doc).keys()];
		for (let i = 0; i < 60; i++) {
			const writer = random() < 0.5 ? a : b;
			const op = random();
			if (op < 0.3) {
				const id = addNode(
					writer.doc,
					{
						kind: NODE_KINDS[Math.floor(random() * NODE_KINDS.length)],
						text: `node ${i}`,
						author: 'test'
					},
					'test'
				);
				ids.push(id);
			} else {
				const id = ids[Math.floor(random() * ids.length)];
				if (!getNodesMap(writer.doc).has(id)) continue;
				if (op < 0.7)
					setNodeText(writer.doc, id, `label ${i} by ${writer === a ? 'a' : 'b'}`, 'test');
				else setPositions(writer.doc, [[id, { x: random() * 1000, y: random() * 1000 }]], 'test');
			}
		}
		await waitFor('a and b to converge', () => sameState(a.doc, b.doc));
		expect(getNodesMap(a.doc).size).toBeGreaterThan(6);
	});

	it('a late joiner receives everything the others made', async () => {
		const a = clients[0];
		addNode(a.doc, { kind: 'question', text: 'late joiner check', author: 'test' }, 'test');
		const late = await connect();
		await waitFor('the late joiner to match', () => sameState(late.doc, a.doc));
		expect(mapJson(late.doc)).toContain('late joiner check');
	});

	it('relays awareness and removes a client’s state when it leaves', async () => {
		const [a, b] = [await connect(), await connect()];
		a.provider.awareness.setLocalStateField('user', { name: 'Ada' });
		const aId = a.doc.clientID;
		await waitFor(
			'b to see a’s awareness',
			() => b.provider.awareness.getStates().get(aId)?.user?.name === 'Ada'
		);
		a.destroy();
		clients.splice(clients.indexOf(a), 1);
		await waitFor('b to see a leave', () => !b.provider.awareness.getStates().has(aId));
	});

	it('sends a keep-alive to a quiet connection', async () => {
		const raw = await openRaw(server, SAMPLE_ID);
		const keepAlive = (f: Uint8Array) => f.length === 3 && f[0] === 1 && f[1] === 1 && f[2] === 0;
		await waitFor('a keep-alive frame', () => raw.frames.some(keepAlive));
		expect(raw.isClosed()).toBe(false);
		raw.ws.close();
	});

	it('unloads an idle room and loads it again with every edit', async () => {
		const a = clients[0];
		const expected = mapJson(a.doc);
		for (const c of clients.splice(0)) c.destroy();
		await waitFor('the room to unload', async () => {
			const stats = (await getJson(server, '/api/debug/stats')).body as { rooms: number };
			return stats.rooms === 0;
		});
		const again = await connect();
		expect(mapJson(again.doc)).toBe(expected);
	});
});
