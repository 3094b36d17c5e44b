import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseMapFileText } from '$lib/model/mapfile';
import {
	canFold,
	conclusionsOf,
	defaultFolds,
	foldCounts,
	foldsAbove,
	hiddenByFolds
} from './fold';
import { edge } from './testing/records';

// t <- a <- a1, a2; t <- b <- b1; a2 also supports b; u undercuts a1->a; x attacks a1.
const ids = ['t', 'a', 'a1', 'a2', 'b', 'b1', 'u', 'x'];
const edges = [
	edge('e1', 'a', 't'),
	edge('e2', 'a1', 'a'),
	edge('e3', 'a2', 'a'),
	edge('e4', 'b', 't'),
	edge('e5', 'b1', 'b'),
	edge('e6', 'a2', 'b'),
	edge('e7', 'u', 'e2', 'undercuts'),
	edge('e8', 'x', 'a1', 'attacks')
];
const hide = (...folded: string[]) => [...hiddenByFolds(ids, edges, new Set(folded))].sort();

describe('folding rules', () => {
	it('hides a branch, its undercuts and what argues with it, but not what another line shows', () => {
		// a2 also supports b, which is in view: a2 stays.
		expect(hide('a')).toEqual(['a1', 'u', 'x']);
		expect(hide('a', 'b')).toEqual(['a1', 'a2', 'b1', 'u', 'x']);
		expect(hide('t')).toEqual(['a', 'a1', 'a2', 'b', 'b1', 'u', 'x']);
		expect(hide()).toEqual([]);
	});

	it('counts what each fold hides on its own, nested folds included, for its badge', () => {
		const folded = new Set(['a', 'a1']);
		expect(foldCounts(ids, edges, folded)).toEqual(new Map([['a', 3]]));
		// a2 is hidden only because both a and b are folded: unfolding either brings it back, so it
		// counts for both badges.
		expect(foldCounts(ids, edges, new Set(['a', 'b']))).toEqual(
			new Map([
				['a', 4],
				['b', 2]
			])
		);
	});

	it('finds every fold above a hidden node, nested ones included', () => {
		const folded = new Set(['a', 'a1']);
		const hidden = hiddenByFolds(ids, edges, folded);
		expect([...foldsAbove('x', conclusionsOf(ids, edges), folded, hidden)].sort()).toEqual([
			'a',
			'a1'
		]);
	});

	it('knows which nodes have a branch', () => {
		expect(canFold('a', ids, edges)).toBe(true);
		expect(canFold('a1', ids, edges)).toBe(true);
		expect(canFold('b1', ids, edges)).toBe(false);
	});

	it('never hides a node that points at nothing, and ends on cycles', () => {
		const cyc = [edge('1', 'p', 'q'), edge('2', 'q', 'p'), edge('3', 'r', 'p')];
		expect([...hiddenByFolds(['p', 'q', 'r'], cyc, new Set(['p']))].sort()).toEqual(['q', 'r']);
		expect([...hiddenByFolds(['p', 'q', 'r'], cyc, new Set())]).toEqual([]);
	});

	it('opens the essay map with its main lines: thesis, its three supports, the policy line', () => {
		const parsed = parseMapFileText(readFileSync('maps/china-digging-in.json', 'utf8'));
		if (!parsed.ok) throw new Error(parsed.error);
		const m = parsed.value;
		const nodeIds = m.nodes.map((n) => n.id);
		const folds = defaultFolds(nodeIds, m.edges);
		const hidden = hiddenByFolds(nodeIds, m.edges, new Set(folds));
		const shown = nodeIds.filter((id) => !hidden.has(id));
		for (const id of ['thesis', 'm-home', 'm-abroad', 'm-backlash', 'p-respond'])
			expect(shown).toContain(id);
		expect(shown.length).toBeLessThanOrEqual(15);
		expect(folds).toContain('m-home');
		// Small maps open unfolded.
		expect(defaultFolds(ids, edges)).toEqual([]);
	});
});
