import { describe, expect, it } from 'vitest';
import {
	dropRunning,
	gutters,
	isPageNumber,
	joinLines,
	linesOf,
	paragraphsOf,
	readingOrder,
	rebuild,
	wordCounts,
	type Line,
	type PageRuns,
	type TextRun
} from './layout';

/** A run whose width is what a font half as wide as it is tall would give. */
const run = (text: string, x: number, y: number, size = 10): TextRun => ({
	text,
	x,
	y,
	size,
	width: text.length * size * 0.5
});
const line = (text: string, x: number, y: number, size = 10, page = 0): Line => ({
	text,
	x0: x,
	x1: x + text.length * size * 0.5,
	y,
	size,
	page
});
const texts = (lines: Line[]) => lines.map((l) => l.text);

describe('linesOf', () => {
	it.each([
		['one run', [run('Hello world', 50, 100)], ['Hello world']],
		[
			'runs on one baseline with a word gap get a space',
			[run('Hello', 50, 100), run('world', 80, 100)],
			['Hello world']
		],
		[
			'a ligature split into its own run joins without a space',
			[run('Foreign A', 50, 100), run('ff', 95, 100), run('airs', 105, 100)],
			['Foreign Affairs']
		],
		[
			'a run that brings its own space adds no other',
			[run('Hello', 50, 100), run(' world', 77, 100)],
			['Hello world']
		],
		[
			'a new baseline is a new line',
			[run('first', 50, 100), run('second', 50, 112)],
			['first', 'second']
		],
		[
			'the same baseline far to the right (the next column) is a new line',
			[run('left column', 50, 100), run('right column', 320, 100)],
			['left column', 'right column']
		],
		[
			'empty runs (pdf.js line-end markers) and blank runs vanish',
			[run('', 50, 100), run('  ', 50, 112), run('text', 50, 124)],
			['text']
		],
		[
			'white space inside a line collapses',
			[run('a   lot  of\tspace', 50, 100)],
			['a lot of space']
		]
	])('%s', (_name, runs, expected) => {
		expect(texts(linesOf(runs))).toEqual(expected);
	});
});

describe('isPageNumber', () => {
	it.each([
		['7', true],
		['127', true],
		['- 7 -', true],
		['— 12 —', true],
		['Page 7', true],
		['page 7 of 30', true],
		['7 / 30', true],
		['p. 4', true],
		['vii', true],
		['XII', true],
		['2023', true],
		['July 28, 2023', false],
		['Chapter 7', false],
		['7 reasons', false],
		['I', true],
		['Introduction', false],
		['', false]
	])('%j → %s', (text, expected) => {
		expect(isPageNumber(text)).toBe(expected);
	});
});

describe('dropRunning', () => {
	const page = (lines: Line[]) => ({ height: 800, lines });
	const body = (n: number) => line(`Body text of page ${n} goes here.`, 50, 400);

	it.each([
		{
			name: 'a header repeated on every page, with its page number masked, goes',
			pages: [1, 2, 3].map((n) =>
				page([line(`Foreign Affairs · ${n}`, 50, 30), body(n), line(String(n), 300, 780)])
			),
			kept: [1, 2, 3].map((n) => [`Body text of page ${n} goes here.`]),
			running: 3,
			pageNumbers: 3
		},
		{
			name: 'a heading at the top of one page only stays',
			pages: [
				page([line('Why China Is Digging In', 50, 40), body(1)]),
				page([line('Running title', 50, 30), body(2)]),
				page([line('Running title', 50, 30), body(3)])
			],
			kept: [
				['Why China Is Digging In', 'Body text of page 1 goes here.'],
				['Body text of page 2 goes here.'],
				['Body text of page 3 goes here.']
			],
			running: 2,
			pageNumbers: 0
		},
		{
			name: 'a line repeated in the middle of pages is text, not a header',
			pages: [1, 2].map(() => page([line('Repeated in the body', 50, 400)])),
			kept: [['Repeated in the body'], ['Repeated in the body']],
			running: 0,
			pageNumbers: 0
		},
		{
			name: 'a one-page document keeps its top line and loses its page number',
			pages: [page([line('Title', 50, 30), body(1), line('Page 1', 300, 780)])],
			kept: [['Title', 'Body text of page 1 goes here.']],
			running: 0,
			pageNumbers: 1
		},
		{
			name: 'a footer on only one of four pages stays',
			pages: [
				page([body(1), line('Draft, do not cite', 50, 780)]),
				page([body(2)]),
				page([body(3)]),
				page([body(4)])
			],
			kept: [
				['Body text of page 1 goes here.', 'Draft, do not cite'],
				['Body text of page 2 goes here.'],
				['Body text of page 3 goes here.'],
				['Body text of page 4 goes here.']
			],
			running: 0,
			pageNumbers: 0
		}
	])('$name', ({ pages, kept, running, pageNumbers }) => {
		const result = dropRunning(pages);
		expect(result.pages.map(texts)).toEqual(kept);
		expect(result.running).toBe(running);
		expect(result.pageNumbers).toBe(pageNumbers);
	});
});

/** Two columns of `n` lines each, 22 characters wide at size 10 (110 units), 12 units apart. */
function twoColumns(n: number, top = 100): Line[] {
	const out: Line[] = [];
	for (let i = 0; i < n; i++)
		out.push(line(`left ${String(i).padStart(2, '0')} xxxxxxxxxxxxxx`, 50, top + 12 * i));
	for (let i = 0; i < n; i++)
		out.push(line(`right ${String(i).padStart(2, '0')} xxxxxxxxxxxxx`, 200, top + 12 * i));
	return out;
}

describe('gutters and readingOrder', () => {
	it('finds the gutter between two columns', () => {
		expect(gutters(twoColumns(5))).toEqual([{ x0: 160, x1: 200 }]);
	});

	it('reads a heading, then the left column, then the right one, whatever the input order', () => {
		const heading = line('A heading that spans both columns of the page', 50, 80);
		const lines = [...twoColumns(4)].reverse().concat(heading);
		expect(readingOrder(lines).map(texts)).toEqual([
			['A heading that spans both columns of the page'],
			[
				'left 00 xxxxxxxxxxxxxx',
				'left 01 xxxxxxxxxxxxxx',
				'left 02 xxxxxxxxxxxxxx',
				'left 03 xxxxxxxxxxxxxx'
			],
			[
				'right 00 xxxxxxxxxxxxx',
				'right 01 xxxxxxxxxxxxx',
				'right 02 xxxxxxxxxxxxx',
				'right 03 xxxxxxxxxxxxx'
			]
		]);
	});

	it('reads columns above a full-width line before it, and columns below it after', () => {
		const middle = line('A full-width figure caption between the columns', 50, 160);
		const lines = [...twoColumns(4, 100), middle, ...twoColumns(3, 200)];
		const order = readingOrder(lines).map((c) => c.map((l) => `${l.text.split(' ')[0]}@${l.y}`));
		expect(order).toEqual([
			['left@100', 'left@112', 'left@124', 'left@136'],
			['right@100', 'right@112', 'right@124', 'right@136'],
			['A@160'],
			['left@200', 'left@212', 'left@224'],
			['right@200', 'right@212', 'right@224']
		]);
	});

	it.each([
		[
			'a one-column page with short last lines and a right-aligned date',
			[
				line('A long line of body text that fills the column.', 50, 100),
				line('Short end.', 50, 112),
				line('A long line of body text that fills the column.', 50, 124),
				line('Short.', 50, 136),
				line('A long line of body text that fills the column.', 50, 148),
				line('End.', 50, 160),
				line('28 July', 250, 172)
			]
		],
		['too few lines to call anything a column', twoColumns(2)]
	])('finds no gutter in %s', (_name, lines) => {
		expect(gutters(lines)).toEqual([]);
		expect(readingOrder(lines)).toHaveLength(1);
	});
});

describe('paragraphsOf', () => {
	const column = (specs: [string, number, number?][]) =>
		specs.map(([text, y, x = 50]) => line(text, x, y));
	const FULL = 'a line of text that fills the column wide'; // 41 characters: x1 = 255

	it.each([
		{
			name: 'a wider gap between lines starts a paragraph',
			columns: [
				column([
					[FULL, 100],
					[FULL, 112],
					[FULL, 136],
					[FULL, 148]
				])
			],
			sizes: [2, 2]
		},
		{
			name: 'an indented first line starts a paragraph',
			columns: [
				column([
					[FULL, 100],
					[FULL, 112],
					['    indented line of a new paragraph xx', 124, 70],
					[FULL, 136]
				])
			],
			sizes: [2, 2]
		},
		{
			name: 'a line broken early (the next word would have fit) ends the paragraph, one ragged by a long next word does not',
			columns: [
				column([
					[FULL, 100],
					['A heading without a stop', 112],
					[FULL, 124],
					['a line of text that fills the col', 136],
					['extraordinarily long words follow it', 148]
				])
			],
			sizes: [2, 3]
		},
		{
			name: 'a paragraph goes on into the next column when its last line is full',
			columns: [
				column([
					[FULL, 100],
					[FULL, 112]
				]),
				column([
					[FULL, 100],
					['Ends.', 112]
				])
			],
			sizes: [4]
		},
		{
			name: 'a new paragraph at the top of a column after a short last line',
			columns: [
				column([
					[FULL, 100],
					['Ends.', 112]
				]),
				column([
					[FULL, 100],
					[FULL, 112]
				])
			],
			sizes: [2, 2]
		}
	])('$name', ({ columns, sizes }) => {
		expect(paragraphsOf(columns).map((p) => p.length)).toEqual(sizes);
	});

	it('a change of font size (a heading) starts a paragraph and ends it', () => {
		const lines = [line('Heading', 50, 80, 20), line(FULL, 50, 100), line(FULL, 50, 112)];
		expect(paragraphsOf([lines]).map((p) => p.length)).toEqual([1, 2]);
	});
});

describe('joinLines (hyphens at line ends)', () => {
	const words = (...text: string[]) => wordCounts(text);
	it.each([
		['a plain line break is a space', ['one two', 'three'], [], 'one two three', 0],
		[
			'a hyphenated word is joined',
			['the extraordi-', 'narily long'],
			[],
			'the extraordinarily long',
			1
		],
		[
			'the joined word elsewhere in the document decides for joining',
			['a self-', 'evident thing'],
			['selfevident'],
			'a selfevident thing',
			1
		],
		[
			'the hyphenated form elsewhere keeps the hyphen',
			['laser-', 'focused on'],
			['she was laser-focused'],
			'laser-focused on',
			0
		],
		[
			'halves that are words of their own are still joined',
			['it is some-', 'times so'],
			['some say', 'two times'],
			'it is sometimes so',
			1
		],
		[
			'the last hyphen of a chain is kept',
			['the state-of-the-', 'art machine'],
			[],
			'the state-of-the-art machine',
			0
		],
		[
			'a closed-up dash at a line end joins without a space',
			['foreign investment—', 'in part'],
			[],
			'foreign investment—in part',
			0
		],
		[
			'a spaced dash at a line end keeps its space',
			['a pause —', 'then more'],
			[],
			'a pause — then more',
			0
		],
		[
			'an upper-case next line is not a hyphenated word',
			['Austria-', 'Hungary fell'],
			[],
			'Austria- Hungary fell',
			0
		],
		[
			'a dash after a space is not a hyphen',
			['a pause -', 'then more'],
			[],
			'a pause - then more',
			0
		],
		['a number and a hyphen stay', ['pages 10-', 'twelve'], [], 'pages 10- twelve', 0]
	])('%s', (_name, lines, elsewhere, expected, joins) => {
		expect(joinLines(lines, words(...elsewhere, ...lines))).toEqual({ text: expected, joins });
	});

	it('does not count the pieces of a cut word as words', () => {
		const counts = wordCounts(['an extraordi-', 'narily long day']);
		expect(counts.has('extraordi')).toBe(false);
		expect(counts.has('narily')).toBe(false);
		expect(counts.get('long')).toBe(1);
	});
});

describe('rebuild', () => {
	/** A page of two columns of text, a running header and a page number. */
	function page(n: number, left: string[], right: string[]): PageRuns {
		const runs: TextRun[] = [run('The Journal of Examples', 50, 40)];
		left.forEach((t, i) => runs.push(run(t, 50, 120 + 12 * i)));
		right.forEach((t, i) => runs.push(run(t, 200, 120 + 12 * i)));
		runs.push(run(String(n), 170, 780));
		return { width: 400, height: 800, runs };
	}

	it('rebuilds paragraphs across columns and pages, without headers and page numbers', () => {
		const pages = [
			page(
				1,
				[
					'First paragraph begins',
					'and goes on and on xx',
					'It ends here.',
					'Second one starts here',
					'and runs across xxxxxx'
				],
				[
					'the gutter to the right-',
					'hand column xxxxxxxxxx',
					'and on to the next xxx',
					'page of the document x',
					'without a break xxxxxx'
				]
			),
			page(
				2,
				['where it ends.', 'Third paragraph xxxxxx', 'is short.'],
				['A fourth in the right', 'column, on its own xxx', 'line. Done.']
			)
		];
		const result = rebuild(pages);
		expect(result.paragraphs).toEqual([
			'First paragraph begins and goes on and on xx It ends here.',
			'Second one starts here and runs across xxxxxx the gutter to the righthand column xxxxxxxxxx and on to the next xxx page of the document x without a break xxxxxx where it ends.',
			'Third paragraph xxxxxx is short.',
			'A fourth in the right column, on its own xxx line. Done.'
		]);
		expect(result.droppedRunning).toBe(2);
		expect(result.droppedPageNumbers).toBe(2);
		expect(result.hyphenJoins).toBe(1);
	});

	it('gives nothing for pages without text', () => {
		expect(rebuild([{ width: 400, height: 800, runs: [] }]).paragraphs).toEqual([]);
	});
});
