import { describe, expect, it } from 'vitest';
import { readEssaySeed } from '$tests/fixtures/text/essay';
import { buildSource, MAX_SOURCE_CHARS } from './source';

const base = { title: 'A title', text: 'One sentence. Another one.' };

describe('buildSource', () => {
	it('builds the source and sentences with trimmed metadata and a canonical language tag', () => {
		const r = buildSource({ ...base, author: ' Someone ', lang: 'EN-gb', date: '2023-07-28' });
		expect(r).toMatchObject({
			ok: true,
			title: 'A title',
			source: {
				author: 'Someone',
				lang: 'en-GB',
				date: '2023-07-28',
				publication: '',
				text: base.text
			},
			notices: []
		});
		expect(r.ok && r.sentences.map((s) => s.text)).toEqual(['One sentence.', 'Another one.']);
	});

	it('builds the seed essay without its repeated body, with one notice', () => {
		const r = buildSource({ title: 'Essay', text: readEssaySeed() });
		if (!r.ok) throw new Error(r.error);
		expect(r.source.text).toBe(readEssaySeed().split('\n').slice(0, 2).join('\n'));
		expect(r.notices).toEqual([
			expect.stringMatching(
				/^The text contained a verbatim repeat of 19,566 characters \(line 2 repeated as line 3\)/
			)
		]);
	});

	it('normalises line endings, a byte-order mark and Unicode composition', () => {
		const r = buildSource({ ...base, text: '\uFEFFSa\u030Ag.\r\nNext.\rLast.' });
		expect(r.ok && r.source.text).toBe('Såg.\nNext.\nLast.');
	});

	it('keeps Markdown as written', () => {
		const text = '# Heading\n\nSome *emphasis* here.';
		const r = buildSource({ ...base, text });
		expect(r.ok && r.source.text).toBe(text);
		expect(r.ok && r.sentences.map((s) => s.text)).toEqual(['Heading', 'Some *emphasis* here.']);
	});

	it('tells about a few replacement characters but accepts the text', () => {
		const r = buildSource({ ...base, text: `${'Plain text. '.repeat(20)}A lost \uFFFD letter.` });
		expect(r.ok && r.notices).toEqual([expect.stringContaining('1 replacement character')]);
	});

	const refused: Array<[string, object, RegExp]> = [
		['empty text', { text: '' }, /^text is empty$/],
		['white space only', { text: ' \n\t ' }, /^text is empty$/],
		['a missing text', { text: undefined }, /^text must be a string$/],
		['NUL characters', { text: 'abc\u0000def' }, /binary \(it contains NUL characters\)/],
		[
			'control characters',
			{ text: 'ab\u0001\u0002\u0003cd'.repeat(10) },
			/binary \(30 of its 70 characters are control characters\)/
		],
		['mostly replacement characters', { text: 'a\uFFFD'.repeat(50) }, /U\+FFFD.*save it as UTF-8/],
		[
			'oversized text',
			{ text: 'x'.repeat(MAX_SOURCE_CHARS + 1) },
			/^text is 500,001 characters; the limit is 500,000$/
		],
		['an empty title', { title: '  ' }, /^title is empty$/],
		['a title that is not a string', { title: 5 }, /^title must be a string$/],
		[
			'a bad language tag',
			{ lang: 'english please' },
			/^lang "english please" is not a language tag/
		],
		['too long an author', { author: 'a'.repeat(501) }, /^author is longer than 500 characters$/]
	];
	it.each(refused)('refuses %s with a clear message', (_case, change, message) => {
		const r = buildSource({ ...base, ...change });
		expect(r.ok).toBe(false);
		expect(!r.ok && r.error).toMatch(message);
	});
});
