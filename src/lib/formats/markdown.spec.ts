import { describe, expect, it } from 'vitest';
import { sampleMap } from '$tests/fixtures/formats/maps';
import type { MapFile } from '$lib/model/mapfile';
import { escapeMarkdown, exportMarkdown } from './markdown';

const outline = (map: MapFile) => exportMarkdown(map).body;

describe('Markdown outline', () => {
	const body = outline(sampleMap());
	const lines = body.split('\n');

	it('starts with the title and the source line', () => {
		expect(lines.slice(0, 3)).toEqual([
			'# Car-free centres',
			'',
			'Source: _Why cities should ban cars_, J. Doe, The Daily Example (2025-06-01)'
		]);
	});

	it('outlines from the thesis down with relation words, kinds and quotes', () => {
		expect(body).toContain(
			[
				'- **Thesis:** Cities should ban cars from their centres.',
				'  > “Cities should ban cars from their centres.”',
				'  - _supported by_ **Claim:** Car-filled streets are loud, dangerous and dirty.',
				'    > “Streets full of cars are loud, dangerous and dirty.”',
				'  - _supported jointly by (linked premises):_',
				'    - **Evidence:** Oslo: no pedestrian deaths, shops fine.',
				'      > “pedestrian deaths fell to zero after the centre was closed to cars.”',
				'      > “Shops did not suffer.”',
				'    - **Claim:** Oslo is like other cities.',
				'    - _inference undercut by_ **Rebuttal:** Oslo is small; the sample proves little.',
				'  - _attacked by_ **Counterpoint:** Deliveries become impossible.'
			].join('\n')
		);
	});

	it('writes every node once and refers back to a node reached twice', () => {
		const map = sampleMap();
		map.edges.push({ id: 'e10', from: 'n2', to: 'n7', relation: 'supports' });
		const twice = outline(map);
		expect(twice.match(/Car-filled streets are loud/g)).toHaveLength(2);
		expect(twice).toContain(
			'_supported by_ (see above: Car-filled streets are loud, dangerous and dirty.)'
		);
		for (const n of map.nodes) expect(twice).toContain(escapeMarkdown(n.text.slice(0, 20)));
	});

	it('lists nodes no thesis reaches, cycles included, under Other nodes', () => {
		const map = sampleMap();
		map.nodes.push(
			{ ...map.nodes[1], id: 'c1', text: 'Cycle one', anchors: [] },
			{ ...map.nodes[1], id: 'c2', text: 'Cycle two', anchors: [] }
		);
		map.edges.push(
			{ id: 'c1c2', from: 'c1', to: 'c2', relation: 'supports' },
			{ id: 'c2c1', from: 'c2', to: 'c1', relation: 'supports' }
		);
		const body = outline(map);
		const other = body.slice(body.indexOf('## Other nodes'));
		expect(other).toContain('- **Claim:** Cycle one');
		expect(other).toContain('  - _supported by_ **Claim:** Cycle two');
		expect(other).toContain('    - _supported by_ (see above: Cycle one)');
	});

	it('keeps labels inert: no raw HTML, no Markdown from a label', () => {
		expect(body).toContain(
			'**Note:** Label with \\<b\\>markup\\</b\\> \\& \\<script\\>alert("x")\\</script\\> \\*stars\\* \\_under\\_ \\[link\\](x) \\#tag'
		);
		// Every `<` is escaped, so none can open a tag.
		expect(body).not.toMatch(/(^|[^\\])</m);
	});

	it.each([
		['a\nb\n\n# c', 'a b \\# c'],
		['  <img src=x onerror=alert(1)>  ', '\\<img src=x onerror=alert(1)\\>'],
		['`code` | pipe ~ tilde \\ slash', '\\`code\\` \\| pipe \\~ tilde \\\\ slash'],
		['&amp; stays text', '\\&amp; stays text']
	])('escapes %j', (text, escaped) => {
		expect(escapeMarkdown(text)).toBe(escaped);
	});
});
