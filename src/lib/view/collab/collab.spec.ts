import { describe, expect, it } from 'vitest';
import { tallyVotes } from '$lib/model/votes';
import { AGREEMENT_STOPS, agreementColour, tallyDescription, tallyText, textOn } from './agreement';
import { IMPORT_AUTHOR, authorKey, authorsOf, dimmedIds } from './authorship';
import { onlyOwnChange } from './presence-sync';

describe('agreement scale', () => {
	it('maps 1, 3 and 5 onto the ends and the neutral middle', () => {
		expect(agreementColour(1)).toBe(AGREEMENT_STOPS[0]);
		expect(agreementColour(3)).toBe(AGREEMENT_STOPS[2]);
		expect(agreementColour(5)).toBe(AGREEMENT_STOPS[4]);
	});

	it('interpolates between stops and clamps outside 1-5', () => {
		const mid = agreementColour(4.5);
		expect(mid).not.toBe(AGREEMENT_STOPS[3]);
		expect(mid).not.toBe(AGREEMENT_STOPS[4]);
		expect(agreementColour(0)).toBe(AGREEMENT_STOPS[0]);
		expect(agreementColour(9)).toBe(AGREEMENT_STOPS[4]);
		expect(agreementColour(NaN)).toBe(AGREEMENT_STOPS[2]);
	});

	it('is monotonic in blueness from unconvinced to convinced', () => {
		const blue = (m: number) => parseInt(agreementColour(m).slice(5, 7), 16);
		const red = (m: number) => parseInt(agreementColour(m).slice(1, 3), 16);
		expect(blue(1)).toBeLessThan(blue(3));
		expect(red(5)).toBeLessThan(red(3));
	});

	it('picks readable text colours', () => {
		expect(textOn(AGREEMENT_STOPS[0])).toBe('#ffffff');
		expect(textOn(AGREEMENT_STOPS[2])).toBe('#111827');
		expect(textOn(AGREEMENT_STOPS[4])).toBe('#ffffff');
	});

	it('writes tallies as ★mean (count)', () => {
		const at = '2024-01-01T00:00:00.000Z';
		const t = tallyVotes(
			[4, 4, 3, 5, 3].map((value, i) => ({ nodeId: 'n', voterId: `v${i}`, voter: '', value, at }))
		).get('n');
		expect(tallyText(t)).toBe('★3.8 (5)');
		expect(tallyDescription(t)).toBe('Mean confidence 3.8 of 5 from 5 people');
		expect(tallyText(undefined)).toBe('');
	});
});

describe('authorship filter', () => {
	const nodes = [
		{ id: 'n1', author: 'Ada', authorId: 'ada1', createdAt: '2026-01-01T10:00:00Z' },
		{ id: 'n2', author: 'Bea ' },
		{ id: 'n3', author: '' },
		// Ada renamed herself: same id, newer name.
		{ id: 'n4', author: 'Ada L.', authorId: 'ada1', createdAt: '2026-01-01T11:00:00Z' },
		// Another person who also chose "Cy".
		{ id: 'n5', author: 'Cy', authorId: 'cy2abcdef' }
	];
	const edges = [{ id: 'e1' }, { id: 'e2', author: 'Cy', authorId: 'cy1abcdef' }];

	it('lists every person once, by id, under their newest name', () => {
		expect(authorsOf(nodes, edges)).toEqual([
			{ key: 'ada1', name: 'Ada L.' },
			{ key: 'name:Bea', name: 'Bea' },
			{ key: 'cy1abcdef', name: 'Cy (cy1abc)' },
			{ key: 'cy2abcdef', name: 'Cy (cy2abc)' }
		]);
	});

	it('never lists the import account that wrote the shipped maps', () => {
		const seeded = [
			{ id: 's1', author: IMPORT_AUTHOR },
			{ id: 's2', author: ` ${IMPORT_AUTHOR} ` }
		];
		expect(authorsOf(seeded, nodes).map((a) => a.name)).not.toContain(IMPORT_AUTHOR);
		expect(authorsOf(seeded)).toEqual([]);
	});

	it('keys a record by its id, else by its name, else nobody', () => {
		expect(authorKey({ author: 'Ada', authorId: 'ada1' })).toBe('ada1');
		expect(authorKey({ author: ' Bea ' })).toBe('name:Bea');
		expect(authorKey({ author: ' ' })).toBeNull();
	});

	it('dims what the chosen person did not write, across renames, and nothing for everyone', () => {
		expect([...dimmedIds([...nodes, ...edges], 'ada1')]).toEqual(['n2', 'n3', 'n5', 'e1', 'e2']);
		expect([...dimmedIds([...nodes, ...edges], 'name:Bea')]).toEqual([
			'n1',
			'n3',
			'n4',
			'n5',
			'e1',
			'e2'
		]);
		expect(dimmedIds(nodes, null).size).toBe(0);
	});
});

describe('onlyOwnChange (peers are read again unless only this page changed)', () => {
	const me = 7;
	it.each([
		[{ added: [], updated: [7], removed: [] }, true],
		[{ added: [7], updated: [7], removed: [] }, true],
		[{ added: [], updated: [7, 8], removed: [] }, false],
		[{ added: [8], updated: [], removed: [] }, false],
		[{ added: [], updated: [], removed: [8] }, false],
		[{ added: [], updated: [], removed: [] }, false]
	])('%j → %s', (changes, own) => expect(onlyOwnChange(changes, me)).toBe(own));
});
