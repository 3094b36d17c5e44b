/**
 * RootCounts against `Y.Map.size`, the walk it replaces: after every transaction they must agree,
 * through local adds, deletes and overwrites, label edits, and concurrent changes merged from other
 * documents (a key deleted on one side and set again on another, a key added on both).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { getEdgesMap, getNodesMap } from '$lib/model/doc';
import { seededRng } from '$tests/helpers/rng';
import { RootCounts } from './root-counts';

const sizes = (doc: Y.Doc) => ({ nodes: getNodesMap(doc).size, edges: getEdgesMap(doc).size });
const counted = (c: RootCounts) => ({ nodes: c.nodes, edges: c.edges });

/** One random change to a root map of `doc`, as its own transaction. */
function randomChange(doc: Y.Doc, rng: ReturnType<typeof seededRng>): void {
	const map = rng.chance(0.5) ? getNodesMap(doc) : getEdgesMap(doc);
	const key = `k${rng.int(12)}`;
	const roll = rng.int(4);
	if (roll === 0) map.delete(key);
	else if (roll === 1 && map.has(key)) {
		// A nested edit: the key's own map changes, the root map's keys do not.
		(map.get(key) as unknown as Y.Map<unknown>).set('text', `t${rng.int(100)}`);
	} else map.set(key, new Y.Map() as never);
}

describe('RootCounts', () => {
	it('counts what is already in the document when made', () => {
		const doc = new Y.Doc();
		getNodesMap(doc).set('a', new Y.Map() as never);
		getNodesMap(doc).set('b', new Y.Map() as never);
		getNodesMap(doc).delete('b');
		getEdgesMap(doc).set('e', new Y.Map() as never);
		expect(counted(new RootCounts(doc))).toEqual({ nodes: 1, edges: 1 });
	});

	it.each([1, 2, 3, 4, 5])(
		'agrees with Y.Map.size after every change, local and merged (seed %i)',
		(seed) => {
			const rng = seededRng(seed);
			const server = new Y.Doc();
			const counts = new RootCounts(server);
			const clients = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
			for (let step = 0; step < 400; step++) {
				const roll = rng.int(3);
				if (roll === 0) randomChange(server, rng);
				else {
					// A client changes its copy (maybe stale), then its update reaches the server,
					// sometimes several steps late so that changes are concurrent.
					const client = rng.pick(clients);
					randomChange(client, rng);
					if (roll === 2) {
						Y.applyUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)));
						Y.applyUpdate(client, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)));
					}
				}
				expect(counted(counts)).toEqual(sizes(server));
			}
			for (const client of clients)
				Y.applyUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)));
			expect(counted(counts)).toEqual(sizes(server));
		}
	);
});
