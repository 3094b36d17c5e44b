import { describe, expect, it } from 'vitest';
import type { ElementDef } from '$lib/drawing/elements';
import { diffElements, isEmptyPatch, positionMoves } from './diff';

const n = (id: string, label = id, position?: { x: number; y: number }): ElementDef => ({
	group: 'nodes',
	data: { id, role: 'node', kind: 'claim', text: label, label, w: 80, h: 30 },
	classes: 'node kind-claim',
	...(position ? { position } : {})
});
const e = (
	id: string,
	source: string,
	target: string,
	relation: 'supports' | 'attacks' = 'supports'
): ElementDef => ({
	group: 'edges',
	data: { id, role: 'edge', source, target, relation, to: target },
	classes: `rel-${relation}`
});
const snapshot = (els: ElementDef[]) => new Map(els.map((d) => [d.data.id, d]));

describe('diffElements', () => {
	it('is empty when nothing changed, positions included', () => {
		const els = [n('a', 'a', { x: 1, y: 2 }), n('b'), e('e', 'a', 'b')];
		const moved = [n('a', 'a', { x: 50, y: 60 }), n('b'), e('e', 'a', 'b')];
		expect(isEmptyPatch(diffElements(snapshot(els), moved))).toBe(true);
	});

	it('adds new elements in order and removes edges before nodes', () => {
		const prev = snapshot([n('a'), n('b'), e('e', 'a', 'b')]);
		const patch = diffElements(prev, [n('a'), n('c'), e('f', 'a', 'c')]);
		expect(patch.add.map((d) => d.data.id)).toEqual(['c', 'f']);
		expect(patch.remove).toEqual(['e', 'b']);
		expect(patch.update).toEqual([]);
	});

	it('updates a changed label or relation in place', () => {
		const prev = snapshot([n('a'), n('b'), e('e', 'a', 'b')]);
		const patch = diffElements(prev, [n('a', 'new text'), n('b'), e('e', 'a', 'b', 'attacks')]);
		expect(patch.update.map((d) => d.data.id)).toEqual(['a', 'e']);
		expect(patch.add).toEqual([]);
		expect(patch.remove).toEqual([]);
	});

	it('replaces an edge whose ends changed (cytoscape cannot move them in place)', () => {
		const prev = snapshot([n('a'), n('b'), n('c'), e('e', 'a', 'b')]);
		const patch = diffElements(prev, [n('a'), n('b'), n('c'), e('e', 'a', 'c')]);
		expect(patch.remove).toEqual(['e']);
		expect(patch.add.map((d) => d.data.id)).toEqual(['e']);
	});
});

describe('positionMoves', () => {
	it('lists map nodes whose stored position differs from the shown one', () => {
		const shown: Record<string, { x: number; y: number }> = {
			a: { x: 0, y: 0 },
			b: { x: 5, y: 5.02 }
		};
		const moves = positionMoves(
			[n('a', 'a', { x: 10, y: 0 }), n('b', 'b', { x: 5, y: 5 }), n('c')],
			(id) => shown[id]
		);
		expect(moves).toEqual([{ id: 'a', position: { x: 10, y: 0 } }]);
	});
});
