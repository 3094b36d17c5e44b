import { describe, expect, it } from 'vitest';
import { escapeMarkup, xmlAttr, xmlText } from './escape';

describe('escapeMarkup', () => {
	it('escapes the five markup characters and leaves everything else', () => {
		expect(escapeMarkup(`<a href="x" title='y'>Tom & Jerry</a> é`)).toBe(
			'&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt; é'
		);
		expect(escapeMarkup('&amp;')).toBe('&amp;amp;');
	});
});

describe('xmlText and xmlAttr', () => {
	it('replace characters XML forbids and keep line breaks in attributes as references', () => {
		expect(xmlText('a\u0001b\ud800c\uffff')).toBe('a\ufffdb\ufffdc\ufffd');
		expect(xmlText('😀 kept')).toBe('😀 kept');
		expect(xmlAttr('one\ntwo\tthree\r"')).toBe('one&#10;two&#9;three&#13;&quot;');
	});
});
