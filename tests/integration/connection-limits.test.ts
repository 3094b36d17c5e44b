/**
 * What one connection (or one address) can pin or flood, against the real server: unfinished
 * fragmented messages time out and are capped across the process, connections are capped per
 * address and per map, awareness states are measured in bytes, and presence is rate-limited and
 * bound to its announcer. Stock clients are the bystanders and must notice nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { RunningServer } from '$tests/helpers/server';
import { SAMPLE_ID, openRaw, upgradeStatus, waitFor, type Client, useServer } from './support';
import { awarenessFrame } from '$tests/helpers/frames';

const PER_ADDRESS = 12;
const MAX_INCOMPLETE = 6 * 1024 * 1024;

async function stats(
	server: RunningServer
): Promise<{ incompleteBytes?: number; connections?: number }> {
	return (await fetch(`${server.url}/api/debug/stats`)).json() as Promise<{
		incompleteBytes?: number;
	}>;
}

describe('connection limits', () => {
	const { server, connect } = useServer({
		env: {
			WARRANT_DEBUG_STATS: '1',
			WARRANT_INCOMPLETE_MESSAGE_MS: '1500',
			WARRANT_MAX_INCOMPLETE_BYTES: String(MAX_INCOMPLETE),
			WARRANT_MAX_CONNECTIONS_PER_ADDRESS: String(PER_ADDRESS),
			WARRANT_AWARENESS_PER_SECOND: '20',
			// Unbatched, so that every accepted awareness message reaches b as one change.
			WARRANT_AWARENESS_MS: '0'
		}
	});
	let a: Client;
	let b: Client;

	beforeAll(async () => {
		a = await connect();
		b = await connect();
	});

	it('drops a connection that never finishes a fragmented message', async () => {
		const raw = await openRaw(server, SAMPLE_ID);
		// A first fragment and no final one (it still answers pings: ws does that by itself).
		raw.ws.send(new Uint8Array(512 * 1024), { fin: false, binary: true });
		await waitFor(
			'the server to count the unfinished message',
			async () => (await stats(server)).incompleteBytes! > 0
		);
		const closed = await raw.closed;
		expect(closed.code).toBe(1006); // terminated: no closing handshake behind the unfinished message
		await waitFor(
			'the unfinished bytes to be released',
			async () => (await stats(server)).incompleteBytes === 0
		);
		expect(server.output()).toMatch(/\[incomplete-message\].*not finished within 1500 ms/);
		expect(a.closeCodes).toEqual([]);
	});

	it('caps the bytes of unfinished messages across the process', async () => {
		const sockets = await Promise.all([0, 1, 2].map(() => openRaw(server, SAMPLE_ID)));
		// 3 × 2.5 MiB > 6 MiB: the third fragment pushes the total over the cap.
		for (const s of sockets)
			s.ws.send(new Uint8Array(2.5 * 1024 * 1024), { fin: false, binary: true });
		await waitFor('one holder to be dropped', () => sockets.some((s) => s.isClosed()), 5000);
		const { incompleteBytes } = await stats(server);
		expect(incompleteBytes).toBeLessThanOrEqual(MAX_INCOMPLETE);
		for (const s of sockets) s.ws.terminate();
		await waitFor('all released', async () => (await stats(server)).incompleteBytes === 0);
		expect(a.closeCodes).toEqual([]);
	});

	it('caps open connections per remote address (503 too-many-connections)', async () => {
		const open: WebSocket[] = [];
		try {
			// a and b already hold two.
			for (let i = 0; i < PER_ADDRESS - 2; i++) open.push((await openRaw(server, SAMPLE_ID)).ws);
			const refused = await upgradeStatus(server, `/yjs/${SAMPLE_ID}`);
			expect(refused.status).toBe(503);
			expect(refused.body).toMatch(/^too-many-connections/);
		} finally {
			for (const ws of open) ws.close();
		}
		await waitFor(
			'a slot to free up',
			async () => (await upgradeStatus(server, `/yjs/${SAMPLE_ID}`)).status === 101
		);
	});

	it('measures the awareness state limit in bytes, not UTF-16 units', async () => {
		// 40,000 three-byte characters: 40,000 UTF-16 units but 120,000 bytes.
		const json = JSON.stringify({ user: { name: '€'.repeat(40_000) } });
		const raw = await openRaw(server, SAMPLE_ID);
		raw.ws.send(awarenessFrame(990_001, 1, json));
		const closed = await raw.closed;
		expect(closed.code).toBe(4400);
		expect(closed.reason).toMatch(/^bad-awareness: .*larger than 65536 bytes/);
		expect(b.provider.awareness.getStates().has(990_001)).toBe(false);
	});

	it('drops awareness beyond the per-connection rate instead of relaying it', async () => {
		const raw = await openRaw(server, SAMPLE_ID);
		let seenByB = 0;
		const onChange = ({ added, updated }: { added: number[]; updated: number[] }) => {
			if ([...added, ...updated].includes(990_002)) seenByB++;
		};
		b.provider.awareness.on('update', onChange);
		try {
			const start = Date.now();
			for (let clock = 1; clock <= 400; clock++)
				raw.ws.send(
					awarenessFrame(990_002, clock, JSON.stringify({ user: { name: `flood ${clock}` } }))
				);
			await waitFor('b to see the flooder', () => seenByB > 0);
			// Let the last batch arrive: the server echoes to the sender too, and answers a query.
			raw.ws.send(Uint8Array.of(3));
			const framesBefore = raw.frames.length;
			await waitFor('the server to answer the query', () => raw.frames.length > framesBefore);
			const seconds = Math.max(1, Math.ceil((Date.now() - start) / 1000));
			// At most 20 accepted per second (each changes b's view once at most).
			expect(seenByB).toBeLessThanOrEqual(20 * (seconds + 1));
			expect(raw.isClosed()).toBe(false);
		} finally {
			b.provider.awareness.off('update', onChange);
			raw.ws.close();
		}
	});
});
