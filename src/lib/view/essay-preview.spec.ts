import { describe, expect, it } from 'vitest';
import type { MapView } from '$lib/model/read';
import { essayPreview } from './essay-preview';

const sentence = (id: string, text: string, paragraph: number, start: number) => ({
	id,
	text,
	start,
	end: start + text.length,
	paragraph
});

const view = (over: Partial<MapView> = {}): MapView => ({
	meta: {
		schema: 2,
		title: 'Map',
		createdAt: '2026-01-01T00:00:00.000Z',
		source: {
			title: 'On <Sundays>',
			author: 'A. Writer',
			publication: 'Paper',
			date: '2026',
			lang: 'en',
			text: 'One. Two & three.\n\nFour.'
		}
	},
	sentences: [
		sentence('s1', 'One.', 0, 0),
		sentence('s2', 'Two & three.', 0, 5),
		sentence('s3', 'Four.', 1, 19)
	],
	nodes: [],
	edges: [],
	problems: [],
	...over
});

describe('essayPreview', () => {
	it('renders title, byline and paragraphs of sentences, escaped', () => {
		const html = essayPreview(view())!;
		expect(html).toContain('<h2>On &lt;Sundays&gt;</h2>');
		expect(html).toContain('<p class="byline">A. Writer · Paper · 2026</p>');
		expect(html).toContain(
			'<p><span data-coverage="0">One.</span> <span data-coverage="0">Two &amp; three.</span></p><p><span data-coverage="0">Four.</span></p>'
		);
	});

	it('shades each sentence by how many nodes anchor it', () => {
		const anchor = (sentenceId: string) => ({
			sentenceId,
			start: 0,
			end: 1,
			exact: 'O',
			prefix: '',
			suffix: ''
		});
		const node = (id: string, anchors: string[]) =>
			({
				id,
				kind: 'claim',
				text: id,
				anchors: anchors.map(anchor)
			}) as unknown as MapView['nodes'][number];
		const html = essayPreview(
			view({
				nodes: [
					node('a', ['s1', 's2']),
					node('b', ['s2']),
					node('c', ['s2', 's1']),
					node('d', ['s2'])
				]
			})
		)!;
		expect(html).toContain('<span data-coverage="2">One.</span>');
		expect(html).toContain('<span data-coverage="3">Two &amp; three.</span>');
		expect(html).toContain('<span data-coverage="0">Four.</span>');
	});

	it('is null without a source', () => {
		expect(essayPreview(view({ meta: null }))).toBeNull();
		expect(essayPreview(view({ sentences: [] }))).toBeNull();
	});
});
