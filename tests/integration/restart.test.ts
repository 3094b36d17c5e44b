/**
 * Durability: every edit a client saw from the server survives a restart, whether the server shuts
 * down cleanly (SIGTERM: rooms flushed and compacted, sockets closed with 1001) or is killed
 * (SIGKILL: nothing flushed; the update log is all there is).
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addNode, getNodesMap, setNodeText } from '$lib/model/doc';
import { tempDir } from '$tests/helpers/server';
import {
	SAMPLE_ID,
	mapJson,
	sampleMapsDir,
	seededRandom,
	waitFor,
	type Client,
	useServers
} from './support';

/** Rows left in the update log of a map (0 after a compaction). */
/** Log rows of a map: all of them (history keeps them), and those after its snapshot. */
function logRows(dataDir: string, mapId: string): { all: number; afterSnapshot: number } {
	const db = new Database(join(dataDir, 'warrant.sqlite'), { readonly: true });
	try {
		return db
			.prepare(
				`SELECT count(*) AS "all",
				   count(*) FILTER (WHERE seq > (SELECT up_to_seq FROM snapshots WHERE map_id = @id)) AS afterSnapshot
				 FROM updates WHERE map_id = @id`
			)
			.get({ id: mapId }) as { all: number; afterSnapshot: number };
	} finally {
		db.close();
	}
}

describe('restart', () => {
	const fixture = useServers('SIGKILL');
	const { clients, connect } = fixture;
	const start = (dataDir: string, mapsDir: string) => fixture.start({ dataDir, mapsDir });

	/** Edits by `writer`, waited for until `observer` has them all: the server broadcast each one. */
	async function editAndObserve(writer: Client, observer: Client, seed: number): Promise<string> {
		const random = seededRandom(seed);
		const ids = [...getNodesMap(writer.doc).keys()];
		for (let i = 0; i < 40; i++) {
			if (random() < 0.4)
				ids.push(addNode(writer.doc, { kind: 'claim', text: `c${seed}-${i}`, author: 'w' }, 'w'));
			else setNodeText(writer.doc, ids[Math.floor(random() * ids.length)], `t${seed}-${i}`, 'w');
		}
		await waitFor(
			'the observer to see every edit',
			() => mapJson(observer.doc) === mapJson(writer.doc)
		);
		return mapJson(observer.doc);
	}

	for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
		it(`keeps every broadcast edit across ${signal}`, async () => {
			const dataDir = tempDir();
			const mapsDir = sampleMapsDir();
			const first = await start(dataDir, mapsDir);
			const [writer, observer] = [await connect(first), await connect(first)];
			const seen = await editAndObserve(writer, observer, signal === 'SIGTERM' ? 1 : 2);
			const closeCodes = observer.closeCodes;
			const exit = await first.stop(signal);
			if (signal === 'SIGTERM') {
				expect(exit).toBe(0);
				// Clean shutdown: clients were told "going away", and the log was folded into the snapshot.
				await waitFor('the observer to get close code 1001', () => closeCodes.includes(1001));
				// Compacted into the snapshot, and the rows kept as history.
				expect(logRows(dataDir, SAMPLE_ID).afterSnapshot).toBe(0);
				expect(logRows(dataDir, SAMPLE_ID).all).toBeGreaterThan(0);
			} else {
				expect(exit).toBeNull();
				expect(logRows(dataDir, SAMPLE_ID).afterSnapshot).toBeGreaterThan(0);
			}
			for (const c of clients.splice(0)) c.destroy();

			const second = await start(dataDir, mapsDir);
			const reader = await connect(second);
			expect(mapJson(reader.doc)).toBe(seen);
			// And the restarted server goes on accepting edits.
			const other = await connect(second);
			const again = await editAndObserve(reader, other, 3);
			expect(again).not.toBe(seen);
		});
	}
});
