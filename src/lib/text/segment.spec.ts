import { describe, expect, it } from 'vitest';
import { readEssaySeed } from '$tests/fixtures/text/essay';
import { icuSegments, segmentSentences } from './segment';
import { buildSource, MAX_SOURCE_CHARS } from './source';

/** Checks the invariants every segmentation must keep, and returns the sentence texts. */
function checked(text: string, lang = 'en'): string[] {
	const sentences = segmentSentences(text, lang);
	let previousEnd = 0;
	sentences.forEach((s, i) => {
		expect(s.id).toBe(`s${i + 1}`);
		expect(text.slice(s.start, s.end)).toBe(s.text);
		expect(s.text).toBe(s.text.trim());
		expect(s.text.length).toBeGreaterThan(0);
		expect(s.start).toBeGreaterThanOrEqual(previousEnd);
		previousEnd = s.end;
	});
	return sentences.map((s) => s.text);
}

function essay() {
	const built = buildSource({ title: 'Essay', text: readEssaySeed() });
	if (!built.ok) throw new Error(built.error);
	return built;
}

describe('segmentSentences on the seed essay', () => {
	it('finds 112 sentences in two paragraphs once the repeated body is dropped', () => {
		const { source, sentences } = essay();
		expect(sentences).toHaveLength(112);
		expect(new Set(sentences.map((s) => s.paragraph))).toEqual(new Set([0, 1]));
		expect(checked(source.text)).toHaveLength(112);
	});

	// Each row is a sentence of the essay that must come out whole: a wrong split at any of its
	// abbreviations, quotes, dashes or brackets would cut it.
	const whole: Array<[string, string]> = [
		[
			'"No." before a digit and dashes',
			'One of the first official documents circulated during Xi’s tenure—the infamous Document No. 9—warned that an infiltration of Western values and ideology could destabilize China.'
		],
		[
			'"U.S." before a lower-case word',
			'In an effort to ward off external threats to China’s domestic stability and head off any possible challenges to CCP rule, Beijing seeks to weaken U.S. alliances and partnerships and promote its own model of internal security abroad.'
		],
		[
			'"U.S." opening a clause',
			'For example, U.S. security assistance in Asia, which is largely focused on the military realm, leaves a gap in addressing the region’s many nontraditional security challenges—one that China’s Ministry of Public Security and the GSI have offered to fill.'
		],
		[
			'a sentence in parentheses',
			'(Other times, buzzwords appear and then fade into irrelevance, but the centrality of national security to Xi’s agenda suggests that it is not likely to disappear.)'
		],
		[
			'a period inside closing curly quotes',
			'In his “work report” to the 20th Party Congress in October 2022, Xi reminded listeners that before he became China’s preeminent leader, the country’s ability to safeguard its national security had been “inadequate” and “insufficient.”'
		],
		[
			'an en dash inside a word',
			'China’s post–pandemic economic recovery has faltered, with slow growth, a troubled property sector, and slumping foreign investment—in part because Beijing’s drive for security has led it to clamp down on foreign businesses.'
		],
		[
			'names and an em dash',
			'Chen Wenqing, the new chair of the Central Political-Legal Commission, is a member of the Politburo and a former minister of state security—and the first state security official in decades to fill this role.'
		],
		[
			'an en dash between two names',
			'He emphasized that “external suppression and containment against China keep escalating,” criticized “Cold War mentality and bloc confrontation,” and warned that just as China could not develop without a peaceful international environment, the world could not be secure “without the security of China.”'
		],
		[
			'a Swedish sentence with a dash',
			'Men paradoxalt nog kan Xis besatthet av säkerhet sätta Kina på kollisionskurs med andra länder – och skapa stor osäkerhet i omvärlden, enligt Chestnut Greitens.'
		],
		['the Swedish headline without a period', 'Så gör Xis besatthet av säkerhet världen osäker']
	];
	it.each(whole)('keeps a sentence whole: %s', (_case, sentence) => {
		expect(essay().sentences.map((s) => s.text)).toContain(sentence);
	});

	it('splits the Swedish lede the same way with lang "en" and lang "sv"', () => {
		const lede = readEssaySeed().split('\n')[1].split(' Why China')[0];
		const en = checked(lede, 'en');
		expect(checked(lede, 'sv')).toEqual(en);
		expect(en).toHaveLength(4);
		expect(en[0]).toBe('Sedan han tog makten 2012 har Xi Jinpings fokus varit regimens säkerhet.');
	});

	it('splits the whole essay the same way with lang "en" and lang "sv"', () => {
		const { source } = essay();
		expect(checked(source.text, 'sv')).toEqual(checked(source.text, 'en'));
	});
});

describe('segmentSentences: paragraphs', () => {
	it('treats each line as a paragraph when the text has no blank line', () => {
		const sentences = segmentSentences('One. Two.\nThree.');
		expect(sentences.map((s) => [s.text, s.paragraph])).toEqual([
			['One.', 0],
			['Two.', 0],
			['Three.', 1]
		]);
	});

	it('treats a single line break as a soft wrap when blank lines separate paragraphs', () => {
		const text = 'A sentence that wraps\nonto a second line. Another.\n\nNext paragraph.';
		const sentences = segmentSentences(text);
		expect(sentences.map((s) => [s.text, s.paragraph])).toEqual([
			['A sentence that wraps\nonto a second line.', 0],
			['Another.', 0],
			['Next paragraph.', 1]
		]);
	});

	it('leaves Markdown block markers out of sentences but keeps their offsets', () => {
		const text = '# The title\n\nBody text here.\n- first item\n- second item\n\n> A quote. More.';
		expect(checked(text)).toEqual([
			'The title',
			'Body text here.',
			'first item',
			'second item',
			'A quote.',
			'More.'
		]);
	});

	it('handles CRLF line endings and surrounding white space', () => {
		const text = '  First one.  \r\n\r\n\tSecond one.\r\n';
		expect(checked(text)).toEqual(['First one.', 'Second one.']);
	});

	it('returns nothing for white space only, and falls back to English for a bad language tag', () => {
		expect(segmentSentences(' \n\t\n ')).toEqual([]);
		expect(checked('One. Two.', 'not a tag!')).toEqual(['One.', 'Two.']);
	});
});

describe('icuSegments: ICU a window at a time', () => {
	const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
	const whole = (text: string) =>
		[...segmenter.segment(text)].map((s) => ({ start: s.index, end: s.index + s.segment.length }));

	it('finds the same boundaries as ICU on the whole essay, with windows far smaller than it', () => {
		const text = essay().source.text.replace(/\n/g, ' ');
		for (const window of [64, 500, 4096])
			expect(icuSegments(segmenter, text, window)).toEqual(whole(text));
	});

	it('grows the window for a sentence longer than it', () => {
		const text = `${'word '.repeat(400)}end. Next one.`;
		expect(icuSegments(segmenter, text, 100)).toEqual(whole(text));
	});

	it('segments the largest text on one line in well under three seconds', () => {
		const line = essay().source.text.replace(/\n/g, ' ');
		const copies = Math.floor(MAX_SOURCE_CHARS / (line.length + 1));
		const t0 = performance.now();
		const sentences = segmentSentences(`${line} `.repeat(copies));
		expect(performance.now() - t0).toBeLessThan(3000);
		expect(sentences).toHaveLength(segmentSentences(line).length * copies);
	});
});
