import { describe, expect, it } from 'vitest';
import type { EdgeRecord } from '$lib/model/schema';
import { cycleWarnings, supportCycles, supportInferences } from './graph';

const s = (id: string, from: string, to: string, group?: string): EdgeRecord => ({
	id,
	from,
	to,
	relation: 'supports',
	...(group ? { group } : {})
});

describe('supportInferences', () => {
	it('joins the edges of a group into one inference per conclusion and keeps single edges apart', () => {
		const edges = [
			s('a', 'x', 't', 'g'),
			s('b', 'y', 't'),
			s('c', 'z', 't', 'g'),
			s('d', 'w', 'u', 'g'),
			{ id: 'e', from: 'v', to: 't', relation: 'attacks' as const }
		];
		expect(supportInferences(edges).map((i) => [i.key, i.edges.map((e) => e.id)])).toEqual([
			['g:t:g', ['a', 'c']],
			['e:b', ['b']],
			['g:u:g', ['d']]
		]);
	});
});

describe('supportCycles', () => {
	it.each([
		['no cycle in a tree', [s('1', 'b', 'a'), s('2', 'c', 'a')], []],
		['a two-node cycle', [s('1', 'a', 'b'), s('2', 'b', 'a')], [['a', 'b']]],
		[
			'a long cycle and a separate one',
			[s('1', 'a', 'b'), s('2', 'b', 'c'), s('3', 'c', 'a'), s('4', 'd', 'e'), s('5', 'e', 'd')],
			[
				['a', 'b', 'c'],
				['d', 'e']
			]
		]
	])('finds %s', (_name, edges, cycles) => {
		expect(supportCycles(['a', 'b', 'c', 'd', 'e'], edges)).toEqual(cycles);
	});

	it('handles a chain of 30,000 supports without overflowing the stack', () => {
		const ids = Array.from({ length: 30_000 }, (_, i) => `n${i}`);
		const edges = ids.slice(1).map((id, i) => s(`e${i}`, id, ids[i]));
		edges.push(s('loop', ids[0], ids[ids.length - 1]));
		expect(supportCycles(ids, edges)[0]).toHaveLength(30_000);
	});

	it('caps the warnings', () => {
		const edges = Array.from({ length: 7 }, (_, i) => [
			s(`a${i}`, `x${i}`, `y${i}`),
			s(`b${i}`, `y${i}`, `x${i}`)
		]).flat();
		const ids = edges.map((e) => e.from);
		const lines = cycleWarnings(ids, edges);
		expect(lines).toHaveLength(6);
		expect(lines[5]).toBe('and 2 more support cycles');
	});
});
