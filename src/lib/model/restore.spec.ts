import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PETS_SENTENCES, petsSource } from '$tests/fixtures/pets';
import { randomOp } from '$tests/helpers/random-ops';
import { seededRng } from '$tests/helpers/rng';
import { initMap } from './doc';
import { readMap } from './read';
import { restoreTo } from './restore';
import { ROOT } from './schema';

const ROOTS = [ROOT.nodes, ROOT.edges, ROOT.comments, ROOT.votes, ROOT.meta] as const;
const rawOf = (doc: Y.Doc) => Object.fromEntries(ROOTS.map((r) => [r, doc.getMap(r).toJSON()]));

const docFrom = (state: Uint8Array): Y.Doc => {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	return doc;
};

describe('restoreTo', () => {
	it.each([1, 2, 3, 4])(
		'seed %i: gives back any earlier state as one transaction, undone in one step',
		(seed) => {
			const rng = seededRng(seed);
			const doc = new Y.Doc();
			initMap(doc, { title: 'Pets', source: petsSource(), sentences: PETS_SENTENCES });
			const people = [
				{ id: 'ada', name: 'Ada' },
				{ id: 'bo', name: 'Bo' }
			];
			const states: Uint8Array[] = [];
			for (let i = 0; i < 120; i++) {
				randomOp(doc, rng, rng.pick(people), 'edit');
				if (i % 10 === 0) states.push(Y.encodeStateAsUpdate(doc));
			}
			const me = { who: 'restorer' };
			for (const state of states) {
				const past = docFrom(state);
				const undo = new Y.UndoManager(
					ROOTS.map((r) => doc.getMap(r)),
					{ trackedOrigins: new Set([me]), captureTimeout: 0 }
				);
				const before = rawOf(doc);
				let updates = 0;
				const count = () => updates++;
				doc.on('update', count);
				restoreTo(doc, past, me);
				doc.off('update', count);
				expect(updates).toBeLessThanOrEqual(1);
				expect(rawOf(doc)).toEqual(rawOf(past));
				expect(readMap(doc)).toEqual(readMap(past));
				expect(undo.undoStack.length).toBe(updates);
				undo.undo();
				expect(rawOf(doc)).toEqual(before);
				undo.destroy();
				// A later edit, so the next restore starts from a state of its own.
				randomOp(doc, rng, people[0], 'edit');
			}
		}
	);

	it('leaves sentences and source alone, and edits a label in place', () => {
		const doc = new Y.Doc();
		initMap(doc, { title: 'Pets', source: petsSource(), sentences: PETS_SENTENCES });
		const rng = seededRng(9);
		for (let i = 0; i < 20; i++) randomOp(doc, rng, { id: 'ada', name: 'Ada' }, 'edit');
		const past = docFrom(Y.encodeStateAsUpdate(doc));
		const nodeId = [...doc.getMap<Y.Map<unknown>>(ROOT.nodes).keys()][0];
		const text = doc.getMap<Y.Map<unknown>>(ROOT.nodes).get(nodeId)!.get('text') as Y.Text;
		text.insert(0, 'changed ');
		const sentences = doc.getArray(ROOT.sentences).toJSON();
		const summary = restoreTo(doc, past, 'r');
		expect(summary.changed).toBe(1);
		expect(doc.getMap<Y.Map<unknown>>(ROOT.nodes).get(nodeId)!.get('text')).toBe(text);
		expect(text.toString()).toBe(
			(past.getMap<Y.Map<unknown>>(ROOT.nodes).get(nodeId)!.get('text') as Y.Text).toString()
		);
		expect(doc.getArray(ROOT.sentences).toJSON()).toEqual(sentences);
	});
});
