import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { blockParagraphs } from './blocks';
import { withHeader } from './html';

const blocksOf = (html: string) =>
	blockParagraphs(parseHTML(`<html><body>${html}</body></html>`).document.body);

describe('blockParagraphs', () => {
	it.each([
		['paragraphs', '<p>One.</p><p>Two.</p>', ['One.', 'Two.']],
		[
			'inline elements stay in their paragraph',
			'<p>A <em>very</em> <a href="#">linked</a> word.</p>',
			['A very linked word.']
		],
		['a <br> is a space', '<p>line one<br>line two</p>', ['line one line two']],
		['white space collapses', '<p>  spread\n\n   out\t text </p>', ['spread out text']],
		[
			'headings and list items are blocks',
			'<h2>Head</h2><ul><li>a</li><li>b</li></ul>',
			['Head', 'a', 'b']
		],
		[
			'text beside blocks is a paragraph of its own',
			'<div>loose text<p>inside</p>after</div>',
			['loose text', 'inside', 'after']
		],
		[
			'scripts, styles and templates are never text',
			'<p>x<script>var a = 1</script><style>p{}</style><template>t</template></p>',
			['x']
		],
		['empty blocks vanish', '<p> </p><div><p></p></div><p>kept</p>', ['kept']],
		['table cells are paragraphs', '<table><tr><td>a</td><td>b</td></tr></table>', ['a', 'b']]
	])('%s', (_name, html, expected) => {
		expect(blocksOf(html)).toEqual(expected);
	});

	// 100,000 levels: far past any recursion the stack allows. Parsing them takes ~5 s on an idle
	// core and passed the default 30 s with the suite's other files on the 2 cores: a bound, not a
	// speed check, so it gets room.
	it('walks a tree nested 100,000 deep without recursion', { timeout: 180_000 }, () => {
		const deep = `${'<span>'.repeat(100_000)}deep${'</span>'.repeat(100_000)}`;
		expect(blocksOf(`<p>${deep}</p>`)).toEqual(['deep']);
	});
});

describe('withHeader (an article keeps the blocks Readability dropped before its body)', () => {
	it.each([
		{
			name: 'kicker, headline and byline put back before the body',
			found: ['Body one.', 'Body two.'],
			articles: [['Kicker', 'Headline', 'By A. Writer', 'Body one.', 'Body two.']],
			expected: ['Kicker', 'Headline', 'By A. Writer', 'Body one.', 'Body two.']
		},
		{
			name: 'blocks after the last kept one stay out',
			found: ['Body one.', 'Body two.'],
			articles: [['Headline', 'Body one.', 'Body two.', 'Share this', 'Newsletter']],
			expected: ['Headline', 'Body one.', 'Body two.']
		},
		{
			name: 'no <article> holding the body: Readability decides',
			found: ['Body one.'],
			articles: [['Something else entirely']],
			expected: ['Body one.']
		},
		{
			name: 'an <article> with much Readability dropped between the body blocks: Readability decides',
			found: ['Body one.', 'Body two.'],
			articles: [['Body one.', 'ad 1', 'ad 2', 'ad 3', 'ad 4', 'Body two.']],
			expected: ['Body one.', 'Body two.']
		}
	])('$name', ({ found, articles, expected }) => {
		expect(withHeader(found, articles)).toEqual(expected);
	});
});
