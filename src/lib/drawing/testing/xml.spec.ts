import { describe, expect, it } from 'vitest';
import { allElements, parseXml, textOf } from './xml';

describe('parseXml (the specs’ strict XML reader)', () => {
	it('reads elements, attributes and decoded text', () => {
		const root = parseXml(
			'<svg a="1 &amp; 2"><g b=\'x\'><text>a &lt;b&gt; &#38; &#x41;</text></g><rect/></svg>'
		);
		expect(allElements(root).map((el) => el.name)).toEqual(['svg', 'g', 'text', 'rect']);
		expect(root.attrs.a).toBe('1 & 2');
		expect(textOf(root)).toBe('a <b> & A');
	});

	it.each([
		['<svg><g></svg>', 'does not match'],
		['<svg a=1/>', 'unquoted'],
		['<svg a="<"/>', '"<" in attribute'],
		['<svg>&bogus;</svg>', 'bad entity'],
		['<svg>a & b</svg>', 'bad entity'],
		['<svg><g>', 'unclosed'],
		['<svg/><svg/>', 'more than one root'],
		['<svg a="1"a="2"/>', 'separated'],
		['<svg a="1" a="2"/>', 'duplicate'],
		['<svg>x > y</svg>', '">" in text']
	])('rejects %s', (source, message) => {
		expect(() => parseXml(source)).toThrow(message);
	});
});
