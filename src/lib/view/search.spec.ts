import { describe, expect, it } from 'vitest';
import { excerpt, fold, queryWords, search } from './search';

describe('fold', () => {
	it.each([
		['Säkerhet', 'sakerhet'],
		['XI’S', "xi's"],
		['Café Crème', 'cafe creme'],
		['Ångström', 'angstrom'],
		['plain', 'plain']
	])('%s → %s', (input, want) => expect(fold(input)).toBe(want));
});

describe('search', () => {
	const nodes = [
		{ id: 'n1', text: 'Xi’s obsession with security' },
		{ id: 'n2', text: 'Regime security at home' },
		{ id: 'n3', text: 'Taiwan' }
	];
	const sentences = [
		{ id: 's1', text: 'Så gör Xis besatthet av säkerhet världen osäker' },
		{ id: 's2', text: 'The security state grew under Xi.' }
	];
	const cases: Array<[string, string[], string[]]> = [
		['security', ['n1', 'n2'], ['s2']],
		['SECURITY', ['n1', 'n2'], ['s2']],
		['sakerhet', [], ['s1']],
		['SÄKERHET världen', [], ['s1']],
		['home security', ['n2'], []],
		['xi’s', ['n1'], []],
		["xi's", ['n1'], []],
		['nothing like this', [], []],
		['   ', [], []]
	];
	it.each(cases)('%j finds nodes %j and sentences %j', (q, wantNodes, wantSentences) => {
		const r = search(q, nodes, sentences);
		expect(r.nodes.map((h) => h.id)).toEqual(wantNodes);
		expect(r.sentences.map((h) => h.id)).toEqual(wantSentences);
	});

	it('says where the first word is in the original text, accents and all', () => {
		const r = search('sakerhet', nodes, sentences);
		const hit = r.sentences[0];
		expect(hit.text.slice(hit.at, hit.at + 8)).toBe('säkerhet');
	});

	it('limits each list and counts the rest', () => {
		const many = Array.from({ length: 30 }, (_, i) => ({ id: `n${i}`, text: `claim ${i}` }));
		const r = search('claim', many, [], 20);
		expect(r.nodes).toHaveLength(20);
		expect(r.more).toBe(10);
	});

	it('splits the query into folded words', () => {
		expect(queryWords('  Så  GÖR ')).toEqual(['sa', 'gor']);
	});
});

describe('excerpt', () => {
	it('keeps short text whole and cuts long text around the hit', () => {
		expect(excerpt('short', 0)).toBe('short');
		const long = `${'a '.repeat(100)}needle${' b'.repeat(100)}`;
		const e = excerpt(long, long.indexOf('needle'), 40);
		expect(e).toContain('needle');
		expect(e.startsWith('…')).toBe(true);
		expect(e.endsWith('…')).toBe(true);
	});

	it('never cuts a number or a word at either end', () => {
		// Seeded sweep: every hit position and width over a text of numbers and words.
		const text =
			'In 2019 the budget rose from 1,250,000 to 3,400,000 yuan, while 12.5% of 86,000 ' +
			'households reported 7,300 disputes; by 2024 some 45,000 were settled out of court.';
		const words = new Set(text.split(/\s+/));
		for (let width = 20; width <= 60; width += 7)
			for (let at = 0; at < text.length; at += 3) {
				const e = excerpt(text, at, width);
				const inner = e.replace(/^…/, '').replace(/…$/, '');
				for (const w of inner.split(/\s+/)) expect(words, `${width}/${at}: “${e}”`).toContain(w);
			}
	});

	it('keeps the hit in the excerpt', () => {
		const text = 'Numbers: ' + Array.from({ length: 40 }, (_, i) => `${i * 1000 + 123}`).join(' ');
		const at = text.indexOf('27123');
		expect(excerpt(text, at, 30)).toContain('27123');
	});
});
