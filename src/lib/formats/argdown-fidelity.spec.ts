/** What an Argdown file keeps through Warrant (contract v2): one small document per feature. */
import { describe, expect, it } from 'vitest';
import type { MapFile } from '$lib/model/mapfile';
import { exportMap, importMap } from './index';

function load(text: string): MapFile {
	const r = importMap(text, { filename: 'x.argdown' });
	if (!r.ok) throw new Error(r.error);
	return r.file;
}
const again = (file: MapFile) => load(exportMap(file, 'argdown').body);
const rel = (file: MapFile) =>
	file.edges
		.map((e) => {
			const t = (id: string) => file.nodes.find((n) => n.id === id)?.title ?? id;
			return `${t(e.from)} ${e.relation}${e.attackKind ? `(${e.attackKind})` : ''} ${t(e.to)}`;
		})
		.sort();

const DOC = `# Cities

[Ban cars]: Cities should ban cars. #policy #(urgent matter)
  + [Fewer deaths]: Fewer cars, fewer deaths, as [the Oslo study](https://example.org/oslo) shows.
  >< [Cars must stay]: Cars must stay in cities.

## Objections

<Shops>: Shops will suffer. #economy
  - [Ban cars]

<Ghent>: Night deliveries work in Ghent.
  _> <Shops>

This paragraph only explains the debate; nothing refers to it.

<Safety argument>: Fewer cars make streets safe for children. #safety

(1) [Fewer deaths]
(2) Children walk to school.
----
(3) [Ban cars]
`;

describe('Argdown → Warrant', () => {
	const file = load(DOC);
	// A title that is a valid id becomes the id (then no `title` is stored); others are kept as titles.
	const node = (title: string) => file.nodes.find((n) => (n.title ?? n.id) === title)!;

	it('keeps titles with spaces exactly, and tags other than the kinds', () => {
		expect(node('Ban cars')).toMatchObject({ kind: 'claim', tags: ['policy', 'urgent matter'] });
		expect(node('Shops')).toMatchObject({ argument: true, tags: ['economy'] });
	});

	it('files statements and arguments under their headings', () => {
		expect(node('Ban cars').section).toEqual(['Cities']);
		expect(node('Shops').section).toEqual(['Cities', 'Objections']);
		const inference = file.edges.find((e) => e.title === 'Safety argument')!;
		expect(inference.section).toEqual(['Cities', 'Objections']);
	});

	it('keeps contradictory as one attack of that kind, and an undercut of a sketched argument', () => {
		expect(rel(file)).toEqual(
			expect.arrayContaining([
				'Ban cars attacks(contradictory) Cars must stay',
				'Ghent attacks(undercut) Shops',
				'Ban cars attacks Shops'
			])
		);
	});

	it('keeps a reconstructed argument’s title, tags and description on its inference', () => {
		const edges = file.edges.filter((e) => e.title === 'Safety argument');
		expect(edges).toHaveLength(2);
		expect(edges.every((e) => e.tags?.join() === 'safety' && e.group)).toBe(true);
		expect(edges.some((e) => e.description === 'Fewer cars make streets safe for children.')).toBe(
			true
		);
	});

	it('keeps links with their URL, and leaves prose out of the nodes (in the source text)', () => {
		expect(node('Fewer deaths').text).toBe(
			'Fewer cars, fewer deaths, as [the Oslo study](https://example.org/oslo) shows.'
		);
		expect(file.nodes.some((n) => n.text.includes('only explains the debate'))).toBe(false);
		expect(file.meta.source.text).toContain('This paragraph only explains the debate');
	});
});

describe('Argdown → Warrant → Argdown → Warrant', () => {
	const file = load(DOC);
	const back = exportMap(file, 'argdown').body;

	it('writes titles, tags, headings, links, >< and <_ back as Argdown', () => {
		expect(back).toContain('# Cities\n');
		expect(back).toContain('## Objections\n');
		expect(back).toMatch(
			/\[Ban cars\]: Cities should ban cars\. #\(claim\) #\(policy\) #\(urgent matter\)/
		);
		expect(back).toContain('[the Oslo study](https://example.org/oslo)');
		expect(back).toMatch(/\[Ban cars\]: .*\n {4}\+ \[Fewer deaths\]\n {4}>< \[Cars must stay\]\n/);
		expect(back).toMatch(/\n {4}<_ <Ghent>\n/);
		expect(back).toMatch(
			/<Safety argument>: Fewer cars make streets safe for children\. #\(safety\)/
		);
	});

	it('gives the same map back', () => {
		const next = again(file);
		expect(rel(next)).toEqual(rel(file));
		const strip = (f: MapFile) =>
			f.nodes
				.map(({ id, kind, text, title, tags, section, argument }) => ({
					id,
					kind,
					text,
					title,
					tags,
					section,
					argument
				}))
				.sort((a, b) => a.id.localeCompare(b.id));
		expect(strip(next)).toEqual(strip(file));
	});
});

describe('Warrant → Argdown → Warrant', () => {
	const base = load('[a]: A.\n\n[b]: B.\n');
	const edge = (id: string, from: string, to: string, relation: 'supports' | 'rephrases') => ({
		id,
		from,
		to,
		relation
	});

	it('keeps two parallel supports between the same two statements as two edges', () => {
		const map = {
			...base,
			edges: [edge('e1', 'a', 'b', 'supports'), edge('e2', 'a', 'b', 'supports')]
		};
		expect(rel(again(map))).toEqual(['a supports b', 'a supports b']);
	});

	it('writes a rephrase as support, its closest Argdown relation, with a note, and reads it back', () => {
		const map = { ...base, edges: [edge('r1', 'a', 'b', 'rephrases')] };
		const body = exportMap(map, 'argdown').body;
		expect(body).toMatch(/\/\/ Rephrases \(AIF MA\) have no Argdown form/);
		expect(body).toMatch(/\[b\]: B\. #\(claim\).*\n {4}\+ \[a\]/);
		expect(body).toContain('"rephrases":["b"]');
		expect(rel(again(map))).toEqual(['a rephrases b']);
	});

	it('reads a relation stated below both of its ends as one edge', () => {
		expect(rel(load('[a]: A.\n  +> [b]\n\n[b]: B.\n  <+ [a]\n'))).toEqual(['a supports b']);
	});
});
