import { describe, expect, it } from 'vitest';
import { REPAIRS } from './repairs';
import { segmentSentences } from './segment';

const split = (text: string) => segmentSentences(text).map((s) => s.text);
/** What Intl.Segmenter alone makes of the text, to prove each case really needs its repair. */
const icu = (text: string) =>
	[...new Intl.Segmenter('en', { granularity: 'sentence' }).segment(text)].map((s) =>
		s.segment.trim()
	);

// A table of boundaries ICU gets wrong: [repair, text, the sentences we must get].
const repaired: Array<[string, string, string[]]> = [
	[
		'title before a name',
		'Mr. Smith met Dr. Chen in Beijing. They talked.',
		['Mr. Smith met Dr. Chen in Beijing.', 'They talked.']
	],
	[
		'title before a name',
		'He met Gen. Li Shangfu. Then he left.',
		['He met Gen. Li Shangfu.', 'Then he left.']
	],
	[
		'abbreviation before a number',
		'See Document No. 9. It mattered.',
		['See Document No. 9.', 'It mattered.']
	],
	[
		'abbreviation before a number',
		'Prices rose in Jan. 2023. Then they fell.',
		['Prices rose in Jan. 2023.', 'Then they fell.']
	],
	[
		'abbreviation that never ends a sentence',
		'Values, e.g. Western ones, spread. Yes.',
		['Values, e.g. Western ones, spread.', 'Yes.']
	],
	[
		'abbreviation that never ends a sentence',
		'Han bor i t.ex. Stockholm. Bra.',
		['Han bor i t.ex. Stockholm.', 'Bra.']
	],
	[
		'initial of a name',
		'Sheena C. Greitens wrote it. Others agreed.',
		['Sheena C. Greitens wrote it.', 'Others agreed.']
	],
	[
		'initial of a name',
		'J. R. R. Tolkien wrote books. He died.',
		['J. R. R. Tolkien wrote books.', 'He died.']
	],
	[
		'initialism before a capitalised word',
		'The U.S. President met Xi. Then he left.',
		['The U.S. President met Xi.', 'Then he left.']
	],
	[
		'question or exclamation inside a sentence',
		'He asked “Really?” and left. Next.',
		['He asked “Really?” and left.', 'Next.']
	],
	[
		'question or exclamation inside a sentence',
		'She shouted “Stop!” but nobody did.',
		['She shouted “Stop!” but nobody did.']
	]
];

describe('repairs of Intl.Segmenter boundaries', () => {
	it.each(repaired)('%s: %s', (name, text, expected) => {
		expect(REPAIRS.map((r) => r.name)).toContain(name);
		expect(icu(text)).not.toEqual(expected);
		expect(split(text)).toEqual(expected);
	});

	it('has an example for every rule that ICU alone splits and the repairs join', () => {
		for (const rule of REPAIRS) {
			expect(icu(rule.example).length).toBeGreaterThan(split(rule.example).length);
		}
	});

	// Boundaries that are real and must survive the repairs.
	const kept: Array<[string, string[]]> = [
		['It was the U.S. Then it was China.', ['It was the U.S.', 'Then it was China.']],
		['He is Martin Luther King Jr. He spoke.', ['He is Martin Luther King Jr.', 'He spoke.']],
		['Is it? Yes. Really! No.', ['Is it?', 'Yes.', 'Really!', 'No.']],
		['What did he answer? He said no. 42.', ['What did he answer?', 'He said no.', '42.']],
		['He said “No way.” Then he left.', ['He said “No way.”', 'Then he left.']]
	];
	it.each(kept)('keeps a real boundary: %s', (text, expected) => {
		expect(split(text)).toEqual(expected);
	});
});
