/**
 * Several processes (issue 13): three real server processes (`dist/server.js`) on one throwaway
 * PostgreSQL and one throwaway Redis, stock y-websocket clients spread over them. What must hold:
 * they converge, a late joiner on another process gets everything, killing one process loses
 * nothing a client received and does not disturb the others, a Redis restart loses nothing,
 * rotating links closes old sockets on every process, and a hostile frame changes nothing
 * anywhere.
 */
import * as encoding from 'lib0/encoding';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addNode, getNodesMap } from '$lib/model/doc';
import { seededRng } from '$tests/helpers/rng';
import { randomOp } from '$tests/helpers/random-ops';
import { startServer, tempDir, type RunningServer } from '$tests/helpers/server';
import {
	startPostgres,
	startRedis,
	type TestPostgres,
	type TestRedis
} from '$tests/helpers/services';
import {
	SAMPLE_FILE,
	SAMPLE_ID,
	connectSynced,
	mapJson,
	openRaw,
	sampleMapsDir,
	waitFor,
	type Client
} from './support';

// Every stock provider adds a process 'exit' listener; the four-map test opens sixteen.
process.setMaxListeners(50);

let postgres: TestPostgres;
let redis: TestRedis;
beforeAll(async () => {
	[postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
});
afterAll(async () => {
	await redis?.destroy();
	await postgres?.stop();
});

const servers: RunningServer[] = [];
const clients: Client[] = [];
afterEach(async () => {
	for (const c of clients.splice(0)) c.destroy();
	await Promise.all(servers.splice(0).map((s) => s.stop('SIGKILL')));
});

/** Three processes on a fresh database (each imports the sample map; one of them wins). */
async function startCluster(
	env: Record<string, string> = {},
	mapsDir = sampleMapsDir()
): Promise<RunningServer[]> {
	const url = await postgres.createDatabase();
	const started = await Promise.all(
		[0, 1, 2].map(() =>
			startServer({
				mapsDir,
				env: { DATABASE_URL: url, REDIS_URL: redis.url, WARRANT_CATCHUP_MS: '500', ...env }
			})
		)
	);
	servers.push(...started);
	return started;
}

const connect = async (
	server: RunningServer,
	params: Record<string, string> = {},
	mapId = SAMPLE_ID
) => {
	const client = await connectSynced(server, mapId, params);
	clients.push(client);
	return client;
};

/** A real update a hostile client could send: adds a node to a copy of the map. */
function forgedUpdate(current: Y.Doc): Uint8Array {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(current));
	const before = Y.encodeStateVector(copy);
	addNode(copy, { kind: 'claim', text: 'SHOULD NEVER ARRIVE', author: 'mallory' }, 'mallory');
	return Y.encodeStateAsUpdate(copy, before);
}

/**
 * A sync frame carrying `update`; with `clockShift`, the update's first struct block is
 * re-encoded to start that far ahead of where its client's clock is.
 */
function syncUpdateFrame(update: Uint8Array, clockShift = 0): Uint8Array {
	let payload = update;
	if (clockShift > 0) {
		const decoded = Y.decodeUpdate(update);
		const [first] = decoded.structs;
		const client = first.id.client;
		// An update of one node written after 1,000,000 others of the same client never applies.
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, 1); // one client
		encoding.writeVarUint(e, 1); // one struct
		encoding.writeVarUint(e, client);
		encoding.writeVarUint(e, first.id.clock + clockShift);
		encoding.writeUint8(e, 4); // a string item with no origins: parent by root name
		encoding.writeVarUint(e, 1);
		encoding.writeVarString(e, 'nodes');
		encoding.writeVarString(e, 'SHOULD NEVER ARRIVE');
		encoding.writeVarUint(e, 0); // empty delete set
		payload = encoding.toUint8Array(e);
	}
	// Sent as sync step 2 (the sync reply): a live update (type 2) that cannot be applied whole,
	// from a connection that has not replied yet, is dropped rather than refused (rooms/room.ts).
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint(e, 1);
	encoding.writeVarUint8Array(e, payload);
	return encoding.toUint8Array(e);
}

const allSame = (group: Client[]) => group.every((c) => mapJson(c.doc) === mapJson(group[0].doc));

/** Runs `rounds` random gestures spread over `writers`, yielding between them. */
async function burst(
	writers: Client[],
	seed: number,
	rounds: number,
	onRound?: (i: number) => void
) {
	const rng = seededRng(seed);
	for (let i = 0; i < rounds; i++) {
		const index = i % writers.length;
		randomOp(writers[index].doc, rng, { id: `w${index}`, name: `Writer ${index}` }, 'test');
		onRound?.(i);
		await new Promise((resolve) => setImmediate(resolve));
	}
}

describe('three processes on one PostgreSQL and one Redis', { timeout: 120_000 }, () => {
	for (const seed of [1, 2]) {
		it(`converge under seeded random edits (seed ${seed}); a late joiner on the third gets it all`, async () => {
			const [a, b, c] = await startCluster();
			const writers = [await connect(a), await connect(a), await connect(b), await connect(b)];
			await burst(writers, seed, 120);
			await waitFor('the four clients to converge', () => allSame(writers), 30_000);
			// c never loaded the map: it comes from PostgreSQL.
			const late = await connect(c);
			expect(mapJson(late.doc)).toBe(mapJson(writers[0].doc));
			// And c's clients are live peers too.
			addNode(late.doc, { kind: 'claim', text: `from c ${seed}`, author: 'late' }, 'late');
			await waitFor('the edit on c to reach a and b', () =>
				writers.every((w) => mapJson(w.doc) === mapJson(late.doc))
			);
		});
	}

	it('kill -9 of one process mid-burst: every edit it broadcast survives; the others are undisturbed', async () => {
		const [a, b, c] = await startCluster();
		const onA = await connect(a);
		const onB = await connect(b);
		const onC = await connect(c);
		// Sees exactly what b sent out: it never writes itself.
		const observerOnB = await connect(b);
		// The burst's first half, until b has sent the observer edits of all three writers (on a
		// loaded machine the whole first half can still be in flight); then b dies ten gestures into
		// the second half, with edits in flight.
		const writers = [onA, onB, onC];
		await burst(writers, 3, 75);
		await waitFor('b to broadcast edits of all three writers', () =>
			writers.every((w) => Y.getState(observerOnB.doc.store, w.doc.clientID) > 0)
		);
		let killed = false;
		await burst(writers, 33, 75, (i) => {
			if (i === 10) {
				killed = true;
				b.proc.kill('SIGKILL');
			}
		});
		expect(killed).toBe(true);
		// Everything b sent out reaches the survivors' map: by id and clock (structs are never lost,
		// deleted ones included), and applying b's whole state to a copy of it changes nothing. (The
		// survivors may agree with each other a moment before they caught up with b's last commits:
		// waiting for agreement alone would check too early.)
		const broadcast = Y.decodeStateVector(Y.encodeStateVector(observerOnB.doc));
		expect(broadcast.size).toBeGreaterThan(1);
		const holdsAllOfB = (doc: Y.Doc) => {
			const held = Y.decodeStateVector(Y.encodeStateVector(doc));
			return [...broadcast].every(([client, clock]) => (held.get(client) ?? 0) >= clock);
		};
		await waitFor(
			'the survivors to agree and hold everything b broadcast',
			() => mapJson(onA.doc) === mapJson(onC.doc) && holdsAllOfB(onA.doc),
			60_000
		);
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(onA.doc));
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(observerOnB.doc));
		expect(mapJson(copy)).toBe(mapJson(onA.doc));
		// Undisturbed: never closed, still connected.
		expect(onA.closeCodes).toEqual([]);
		expect(onC.closeCodes).toEqual([]);
		expect(onA.provider.wsconnected && onC.provider.wsconnected).toBe(true);
		// What PostgreSQL holds is what they hold.
		const fresh = await connect(c);
		expect(mapJson(fresh.doc)).toBe(mapJson(onA.doc));
	});

	it('kill -9 mid-burst over four maps (group commit batches them): every edit it broadcast survives', async () => {
		// Four copies of the sample map, so that b's appends of different maps share transactions.
		const mapsDir = tempDir('warrant-maps-');
		const sample = JSON.parse(readFileSync(SAMPLE_FILE, 'utf8'));
		const ids = ['gc-1', 'gc-2', 'gc-3', 'gc-4'];
		for (const id of ids)
			writeFileSync(join(mapsDir, `${id}.json`), JSON.stringify({ ...sample, id }));
		const [a, b] = await startCluster({}, mapsDir);
		const rooms: Array<{ onA: Client; onB: Client; observerOnB: Client }> = [];
		for (const id of ids)
			rooms.push({
				onA: await connect(a, {}, id),
				onB: await connect(b, {}, id),
				observerOnB: await connect(b, {}, id)
			});
		const rng = seededRng(7);
		let killed = false;
		for (let i = 0; i < 60; i++) {
			// One gesture per map in the same tick: b receives them together.
			for (const [k, room] of rooms.entries()) {
				const writer = i % 3 === 2 ? room.onA : room.onB;
				randomOp(writer.doc, rng, { id: `w${k}`, name: `Writer ${k}` }, 'test');
			}
			if (i === 40) {
				await waitFor('b to broadcast edits of every map', () =>
					rooms.every((r) => Y.getState(r.observerOnB.doc.store, r.onB.doc.clientID) > 0)
				);
				killed = true;
				b.proc.kill('SIGKILL');
			}
			await new Promise((resolve) => setImmediate(resolve));
		}
		expect(killed).toBe(true);
		for (const room of rooms) {
			const broadcast = Y.decodeStateVector(Y.encodeStateVector(room.observerOnB.doc));
			expect(broadcast.get(room.onB.doc.clientID)).toBeGreaterThan(0);
			await waitFor(
				'a to hold everything b broadcast',
				() => {
					const held = Y.decodeStateVector(Y.encodeStateVector(room.onA.doc));
					return [...broadcast].every(([client, clock]) => (held.get(client) ?? 0) >= clock);
				},
				60_000
			);
			expect(room.onA.closeCodes).toEqual([]);
		}
		// What PostgreSQL holds: a fresh client of each map on a gets it all.
		for (const [k, room] of rooms.entries()) {
			const fresh = await connect(a, {}, ids[k]);
			expect(mapJson(fresh.doc)).toBe(mapJson(room.onA.doc));
		}
	});

	it('Redis away: a process catches up from PostgreSQL by its poll alone; no client is closed', async () => {
		const [a, b] = await startCluster();
		const onA = await connect(a);
		const onB = await connect(b);
		await redis.stop();
		try {
			for (let i = 0; i < 5; i++)
				addNode(onA.doc, { kind: 'claim', text: `while Redis is away ${i}`, author: 'w' }, 'w');
			await waitFor(
				'b to catch up without Redis',
				() => mapJson(onB.doc) === mapJson(onA.doc),
				30_000
			);
			expect(mapJson(onB.doc)).toContain('while Redis is away 4');
			expect(onA.closeCodes).toEqual([]);
			expect(onB.closeCodes).toEqual([]);
		} finally {
			await redis.start();
		}
	});

	it('Redis restarted mid-burst: every process converges, nothing lost', async () => {
		const [a, b, c] = await startCluster();
		const writers = [await connect(a), await connect(b), await connect(c)];
		let restarted: Promise<void> | null = null;
		await burst(writers, 4, 150, (i) => {
			if (i === 50) restarted = redis.stop(true).then(() => redis.start());
		});
		await restarted;
		await waitFor('all three to converge', () => allSame(writers), 30_000);
		for (const w of writers) expect(w.closeCodes).toEqual([]);
		// Presence and edits flow over the restarted Redis again.
		addNode(writers[0].doc, { kind: 'claim', text: 'after restart', author: 'w' }, 'w');
		await waitFor('the edit after the restart everywhere', () => allSame(writers));
		const late = await connect(b);
		expect(mapJson(late.doc)).toBe(mapJson(writers[0].doc));
	});

	it('protecting and rotating links on one process closes old-token sockets on all three', async () => {
		const cluster = await startCluster();
		const open = await Promise.all(cluster.map((s) => connect(s)));
		const protect = async (body: unknown, token?: string) => {
			const res = await fetch(`${cluster[0].url}/api/maps/${SAMPLE_ID}/share`, {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					...(token ? { authorization: `Bearer ${token}` } : {})
				},
				body: JSON.stringify(body)
			});
			expect(res.status).toBe(200);
			const links = (await res.json()) as { editUrl: string; viewUrl: string };
			return new URL(links.editUrl).searchParams.get('token')!;
		};
		const edit = await protect({});
		await waitFor('open connections closed with 4401 everywhere', () =>
			open.every((c) => c.closeCodes.includes(4401))
		);
		for (const c of open) c.provider.disconnect();
		// A protected map answers tokens the same on every process.
		const holders = await Promise.all(cluster.map((s) => connect(s, { token: edit })));
		const rotated = await protect({ rotate: true }, edit);
		expect(rotated).not.toBe(edit);
		await waitFor('old-token connections closed with 4403 on every process', () =>
			holders.every((c) => c.closeCodes.includes(4403))
		);
		for (const c of holders) c.provider.disconnect();
		const again = await Promise.all(cluster.map((s) => connect(s, { token: rotated })));
		expect(again.every((c) => c.provider.synced)).toBe(true);
	});

	it('a hostile frame on one process changes nothing anywhere', async () => {
		const [a, b, c] = await startCluster();
		const honest = [await connect(a), await connect(b), await connect(c)];
		addNode(honest[1].doc, { kind: 'claim', text: 'honest', author: 'h' }, 'h');
		await waitFor('the honest edit everywhere', () => allSame(honest));
		const before = mapJson(honest[0].doc);
		// A real update adding a node, cut short (bad-update), and the same update whole but
		// claiming a client clock far ahead (update-incomplete): refused, each closing its socket.
		const forged = forgedUpdate(honest[0].doc);
		for (const frame of [
			syncUpdateFrame(forged.slice(0, forged.length - 4)),
			syncUpdateFrame(forged, 1_000_000)
		]) {
			const raw = await openRaw(a, SAMPLE_ID);
			raw.ws.send(frame);
			const closed = await raw.closed;
			expect(closed.code).toBeGreaterThanOrEqual(4000);
		}
		// The next honest edit from a, after the frame, arrives everywhere, and nothing else did.
		addNode(honest[0].doc, { kind: 'note', text: 'after', author: 'h' }, 'h');
		await waitFor('the edit after the frame everywhere', () => allSame(honest));
		for (const h of honest) {
			expect(mapJson(h.doc)).not.toContain('SHOULD NEVER ARRIVE');
			expect(getNodesMap(h.doc).size).toBe(JSON.parse(before).nodes.length + 1);
			expect(h.closeCodes).toEqual([]);
		}
		const fresh = await connect(b);
		expect(mapJson(fresh.doc)).toBe(mapJson(honest[0].doc));
	});
});
