import { describe, expect, it } from 'vitest';
import { sampleMap } from '$tests/fixtures/formats/maps';
import { anchorsForRange } from './anchors';
import { ANNOTATION_CONTEXT, exportAnnotations } from './annotations';
import { segmentSentences } from '$lib/text/segment';

type Selector =
	| { type: 'TextQuoteSelector'; exact: string; prefix: string; suffix: string }
	| { type: 'TextPositionSelector'; start: number; end: number };
interface Annotation {
	id: string;
	type: string;
	motivation: string;
	created: string;
	creator?: { type: string; name: string };
	body: Array<{ type: string; value?: string; purpose: string; source?: string }>;
	target: { source: string; selector: Selector[] };
}

const parse = (body: string) =>
	JSON.parse(body) as {
		'@context': string;
		id: string;
		type: string;
		total: number;
		first: { type: string; startIndex: number; items: Annotation[] };
	};

describe('W3C Web Annotation export', () => {
	const map = sampleMap();
	const out = exportAnnotations(map, { baseUrl: 'https://warrant.example/', mapId: 'cars' });
	const doc = parse(out.body);
	const items = doc.first.items;
	const anchors = map.nodes.flatMap((n) => n.anchors.map((a) => ({ node: n, a })));

	it('is an AnnotationCollection with the anno.jsonld context and one page', () => {
		expect(out.mime).toBe('application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"');
		expect(doc).toMatchObject({
			'@context': ANNOTATION_CONTEXT,
			id: 'https://warrant.example/map/cars/annotations',
			type: 'AnnotationCollection',
			total: anchors.length,
			first: { type: 'AnnotationPage', startIndex: 0 }
		});
		expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
	});

	it('has one annotation per anchor, whose selectors match the source text', () => {
		expect(items).toHaveLength(anchors.length);
		const text = map.meta.source.text;
		items.forEach((item, i) => {
			const { node, a } = anchors[i];
			expect(item.target.source).toBe('https://warrant.example/map/cars#source');
			const [quote, position] = item.target.selector;
			expect(quote).toEqual({
				type: 'TextQuoteSelector',
				exact: a.exact,
				prefix: a.prefix,
				suffix: a.suffix
			});
			if (position.type !== 'TextPositionSelector') throw new Error('second selector');
			expect(text.slice(position.start, position.end)).toBe(a.exact);
			expect(text.slice(position.start - a.prefix.length, position.start)).toBe(a.prefix);
			expect(item).toMatchObject({
				type: 'Annotation',
				created: node.createdAt,
				creator: { type: 'Person', name: 'Ada' }
			});
		});
	});

	it('describes the node: its label, its kind, a link to it', () => {
		const n3 = items.filter((i) => i.id.includes('/annotations/n3-'));
		expect(n3).toHaveLength(2);
		expect(n3[0].body).toEqual([
			{
				type: 'TextualBody',
				value: 'Oslo: no pedestrian deaths, shops fine.',
				format: 'text/plain',
				purpose: 'describing'
			},
			{ type: 'TextualBody', value: 'evidence', purpose: 'classifying' },
			{
				type: 'SpecificResource',
				source: 'https://warrant.example/map/cars#node-n3',
				purpose: 'linking'
			}
		]);
	});

	it('names things with URNs when there is no base URL', () => {
		const bare = parse(exportAnnotations(map).body);
		expect(bare.id).toBe('urn:warrant:map:car-free-centres:annotations');
		expect(bare.first.items[0].target.source).toBe('urn:warrant:map:car-free-centres:source');
	});

	it('counts positions in code points, as the model says, around emoji', () => {
		const text = '😀 Cars are loud. 😀😀 Ban them.';
		const sentences = segmentSentences(text, 'en');
		const at = text.indexOf('Ban them.');
		const m = structuredClone(map);
		m.meta.source.text = text;
		m.sentences = sentences;
		m.nodes = [
			{ ...map.nodes[0], anchors: anchorsForRange(text, sentences, { start: at, end: at + 9 }) }
		];
		const [item] = parse(exportAnnotations(m).body).first.items;
		const position = item.target.selector[1] as { start: number; end: number };
		expect(position).toMatchObject({
			start: [...text.slice(0, at)].length,
			end: [...text.slice(0, at)].length + 9
		});
		expect([...text].slice(position.start, position.end).join('')).toBe('Ban them.');
	});
});
