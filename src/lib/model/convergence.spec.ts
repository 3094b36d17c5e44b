import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { randomOp } from '$tests/helpers/random-ops';
import { seededRng } from '$tests/helpers/rng';
import { canonicalJson } from '$tests/helpers/canonical';
import { initMap } from './doc';
import { readMap } from './read';
import { danglingEdges, pruneDanglingEdges } from './repair';

const REPAIR = { repair: true };

function seedDoc(): Y.Doc {
	const doc = new Y.Doc();
	const text = 'First point. Second point. Third point.';
	initMap(doc, {
		title: 'Random',
		source: { title: 'Random', author: '', publication: '', date: '', lang: 'en', text },
		sentences: [
			{ id: 's1', text: 'First point.', start: 0, end: 12, paragraph: 0 },
			{ id: 's2', text: 'Second point.', start: 13, end: 26, paragraph: 0 },
			{ id: 's3', text: 'Third point.', start: 27, end: 39, paragraph: 0 }
		]
	});
	return doc;
}

/** Sends what `to` is missing from `from`: the way a provider syncs after a gap. */
const pull = (to: Y.Doc, from: Y.Doc) =>
	Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), 'remote');

describe('convergence of in-process peers under random gestures', () => {
	it.each([1, 2, 3, 42, 1234, 98765])(
		'seed %i: three peers converge and satisfy the contract',
		(seed) => {
			const rng = seededRng(seed);
			const origin = seedDoc();
			const peers = [0, 1, 2].map(() => {
				const d = new Y.Doc();
				pull(d, origin);
				return d;
			});
			const people = peers.map((_, i) => ({ id: `u${i}`, name: `Person ${i}` }));
			for (let step = 0; step < 300; step++) {
				const i = rng.int(3);
				randomOp(peers[i], rng, people[i], { local: i });
				// Peers exchange state at random moments, so many gestures are concurrent.
				if (rng.chance(0.25)) pull(peers[rng.int(3)], peers[rng.int(3)]);
			}
			for (const a of peers) for (const b of peers) pull(a, b);
			// Repairs run on two peers at once (as on two clients), then everyone syncs again.
			pruneDanglingEdges(peers[0], REPAIR);
			pruneDanglingEdges(peers[1], REPAIR);
			for (const a of peers) for (const b of peers) pull(a, b);

			const states = peers.map((d) => canonicalJson(d.toJSON()));
			expect(states[1]).toBe(states[0]);
			expect(states[2]).toBe(states[0]);
			expect(danglingEdges(peers[2])).toEqual([]);
			const view = readMap(peers[2]);
			expect(view.problems.filter((p) => p.scope !== 'anchor')).toEqual([]);
			expect(view.nodes.length).toBeGreaterThan(0);
		}
	);
});
