/**
 * Maps stored before the server refused incomplete updates can hold "pending" structs (waiting for
 * a change that never comes) in their log or snapshot. Loading such a map drops them, logs it
 * once, and compacts, so they are never sent to a joiner or written again.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode } from '$lib/model/doc';
import { openSqliteStorage } from '../../src/server/storage/sqlite';
import { tempDir, type RunningServer } from '$tests/helpers/server';
import { SAMPLE_ID, connectSynced, mapJson, sampleMapsDir, useServers } from './support';

describe('pending structs already in storage', () => {
	const { start } = useServers();
	let server: RunningServer | null = null;

	it('are dropped on load, logged once, compacted away, and never sent', async () => {
		const dataDir = tempDir();
		const mapsDir = sampleMapsDir();
		server = await start({ dataDir, mapsDir });
		const stateUrl = () => `${server!.url}/api/maps/${SAMPLE_ID}/state`;
		const cleanBytes = (await (await fetch(stateUrl())).arrayBuffer()).byteLength;
		const client = await connectSynced(server, SAMPLE_ID);
		const expected = mapJson(client.doc);
		client.destroy();
		await server.stop();

		// 50 updates that each lack their first half: what the old server kept, stored and sent.
		const storage = openSqliteStorage(dataDir);
		const stored = await storage.loadMap(SAMPLE_ID);
		const base = new Y.Doc();
		if (stored?.snapshot) Y.applyUpdate(base, stored.snapshot);
		for (const u of stored?.updates ?? []) Y.applyUpdate(base, u);
		for (let i = 0; i < 50; i++) {
			const ghost = new Y.Doc();
			Y.applyUpdate(ghost, Y.encodeStateAsUpdate(base));
			addNode(ghost, { kind: 'note', text: `never arrives ${i}`, author: 'g' }, 'g');
			const sv = Y.encodeStateVector(ghost);
			addNode(ghost, { kind: 'note', text: `PENDING ${i} `.repeat(200), author: 'g' }, 'g');
			await storage.appendUpdate(SAMPLE_ID, Y.encodeStateAsUpdate(ghost, sv), {
				at: Date.now(),
				authorId: null
			});
		}
		await storage.close();

		server = await start({ dataDir, mapsDir });
		const joiner = await connectSynced(server, SAMPLE_ID);
		try {
			expect(mapJson(joiner.doc)).toBe(expected);
			expect(joiner.doc.store.pendingStructs).toBeNull();
			const state = await (await fetch(stateUrl())).arrayBuffer();
			expect(state.byteLength).toBeLessThan(cleanBytes + 1000);
			expect(Buffer.from(state).toString('latin1')).not.toContain('PENDING');
		} finally {
			joiner.destroy();
		}
		const lines = server.output().split('\n');
		expect(lines.filter((l) => l.startsWith('[pending-dropped]'))).toHaveLength(1);
		await server.stop();

		// Compacted: the next start finds nothing to drop.
		server = await start({ dataDir, mapsDir });
		const again = await connectSynced(server, SAMPLE_ID);
		again.destroy();
		expect(server.output()).not.toContain('[pending-dropped]');
	});
});
