import {
	ArgdownApplication,
	DataPlugin,
	IEquivalenceClass,
	ModelPlugin,
	ParserPlugin,
	type IArgdownResponse,
	type IConclusion,
	type IInference
} from '@argdown/core';
import { describe, expect, it } from 'vitest';
import { generatedMap, sampleMap, seeded } from '$tests/fixtures/formats/maps';
import { graphSignature } from '$tests/fixtures/formats/signature';
import type { MapFile } from '$lib/model/mapfile';
import { argdownJson, escapeArgdownText, needsExactText } from './argdown-text';
import { supportInferences } from './graph';
import { exportMap, importMap } from './index';

/** Argdown's own reading, as its tests run it: parser, data and model plugins. */
const app = new ArgdownApplication({ log: () => {}, setLevel: () => {} });
app.addPlugin(new ParserPlugin(), 'parse-input');
app.addPlugin(new DataPlugin(), 'build-model');
app.addPlugin(new ModelPlugin(), 'build-model');
const parse = (input: string): IArgdownResponse => {
	const res = app.run({
		process: ['parse-input', 'build-model'],
		input,
		logLevel: 'error',
		model: { removeTagsFromText: true }
	});
	expect(res.lexerErrors ?? []).toEqual([]);
	expect((res.parserErrors ?? []).map((e) => e.message)).toEqual([]);
	return res;
};
const statementText = (res: IArgdownResponse, title: string) =>
	(IEquivalenceClass.getCanonicalMemberText(res.statements![title]) ?? '').trimEnd();

describe('Argdown statement text', () => {
	const tricky = [
		'x_y and __b__ and *stars*',
		'a  b\twith tab',
		'e.g. 3.5.2 :smile: .x. a:b:c U.S.A. ... a...b .. :happy: .A. :->:',
		'a // b /* c */ <!-- d --> https://x.y/z?q=1#frag',
		'[link](http://a) @[mention] @<arg> #tag #(bracket tag)',
		'<b>bold</b><script>alert(1)</script> <arg>',
		'x = y === z ==== w',
		'{data: 1} } {',
		'a \\ b \\\\ ends with backslash \\',
		'(1) -- +> <- >< _> <_ ---- ===',
		'Ünïcödé “quotes” 😀 — dashes',
		'1. list * star - dash + plus',
		'.',
		':'
	];
	it.each(tricky)('reads back %j unchanged', (text) => {
		const res = parse(`[s]: ${escapeArgdownText(text)} #(claim)\n\n[t]: other === x #(note)`);
		expect(statementText(res, 's')).toBe(text);
		expect(res.statements!.s.tags).toEqual(['claim']);
	});

	it('reads back random strings made of Argdown’s active characters', () => {
		const rand = seeded(7);
		const alphabet = 'ab .:_*#@[]<>{}()/\\=-+,;!?"\'~`|&%é😀';
		for (let i = 0; i < 300; i++) {
			const chars = Array.from(
				{ length: 1 + Math.floor(rand() * 24) },
				() => alphabet[Math.floor(rand() * alphabet.length)]
			);
			const text = chars.join('').trim();
			// Texts Argdown cannot hold on one line travel in data instead (see the round trips).
			if (needsExactText(text)) continue;
			const res = parse(`[s]: ${escapeArgdownText(text)} #(claim)`);
			expect(statementText(res, 's'), JSON.stringify(text)).toBe(text);
		}
	});

	it('writes data JSON that Argdown’s YAML reads back equal', () => {
		const data = {
			exact: 'a} b {x === y',
			line: 'one\ntwo',
			c1: 'x\u0085y\u2028z',
			nested: [{ a: 1 }]
		};
		const res = parse(`[s]: text ${argdownJson(data)}\n\n[t]: after`);
		expect(res.statements!.s.data).toEqual(data);
		expect(statementText(res, 't')).toBe('after');
	});
});

/** The graph as Argdown itself sees it, checked against the map it was written from. */
function expectSameGraph(map: MapFile, res: IArgdownResponse) {
	for (const n of map.nodes) {
		const ec = res.statements![n.id];
		expect(ec, n.id).toBeDefined();
		expect(ec.tags).toEqual([n.kind]);
		const text = (ec.data as { text?: string } | undefined)?.text ?? statementText(res, n.id);
		expect(text).toBe(n.text);
	}
	const relations = (res.relations ?? []).map((r) =>
		r.to?.type === 'inference'
			? `${r.from!.title} ${r.relationType} <${(r.to as IInference).argumentTitle}>`
			: `${r.from!.title} ${r.relationType} ${r.to!.title}`
	);
	const args = Object.values(res.arguments ?? {});
	const argumentOf = new Map(
		args.map((a) => [
			(a.data as { edges: string[] }).edges[0],
			{
				title: a.title,
				premises: a.pcs.slice(0, -1).map((s) => s.title),
				conclusion: a.pcs.at(-1)!.title
			}
		])
	);
	const expected: string[] = [];
	const byId = new Map(map.edges.map((e) => [e.id, e]));
	for (const inf of supportInferences(map.edges)) {
		const arg = argumentOf.get(inf.edges[0].id);
		if (!arg) {
			expect(inf.edges).toHaveLength(1);
			expected.push(`${inf.edges[0].from} support ${inf.to}`);
			continue;
		}
		expect(arg.premises).toEqual(inf.edges.map((e) => e.from));
		expect(arg.conclusion).toBe(inf.to);
		const undercuts = map.edges.filter(
			(u) => u.relation === 'undercuts' && inf.edges.some((e) => e.id === u.to)
		);
		for (const u of undercuts) expected.push(`${u.from} undercut <${arg.title}>`);
	}
	for (const e of map.edges)
		if (e.relation === 'attacks') expected.push(`${e.from} attack ${e.to}`);
	expect(relations.sort()).toEqual([...new Set(expected)].sort());
	// Undercuts of attacks and undercuts have no Argdown form: they ride in the statement's data.
	const inData = map.edges.filter(
		(u) => u.relation === 'undercuts' && byId.get(u.to)!.relation !== 'supports'
	);
	for (const u of inData)
		expect((res.statements![u.from].data as { undercuts: string[] }).undercuts).toHaveLength(
			inData.filter((x) => x.from === u.from).length
		);
}

describe('Argdown export', () => {
	it.each([
		['the sample map', sampleMap()],
		['a generated map of 200 nodes', generatedMap(200, 3)]
	])('parses with @argdown/core to the same graph: %s', (_name, map) => {
		const res = parse(exportMap(map, 'argdown').body);
		expectSameGraph(map, res);
		expect(res.frontMatter.title).toBe(map.meta.title);
		expect(res.frontMatter.warrant.source).toEqual(map.meta.source);
	});

	it('writes a linked group as an argument whose undercut sits below its inference', () => {
		const body = exportMap(sampleMap(), 'argdown').body;
		expect(body).toContain(
			'<g1> {"edges":["e2","e3"],"group":"g1","undercuts":[{"from":"n9","id":"e6","edge":"e3"}],"untitled":true}\n\n(1) [n3]\n(2) [n4]\n----\n    <_ [n9]\n(3) [n1]'
		);
		expect(body).toContain('[n1]: Cities should ban cars from their centres. #(thesis)');
		expect(body).toMatch(/\[n1\]: .*\n {4}\+ \[n2\]\n {4}- \[n5\]\n {4}- \[n7\]\n/);
	});
});

describe('map → Argdown → map', () => {
	const awkward = (): MapFile => {
		const map = sampleMap();
		map.nodes[3] = { ...map.nodes[3], text: 'two\nlines' };
		map.nodes[4] = { ...map.nodes[4], text: '  padded  ' };
		map.nodes[8] = { ...map.nodes[8], id: '-dash', text: '' };
		map.edges = map.edges.map((e) => (e.from === 'n9' ? { ...e, from: '-dash' } : e));
		return map;
	};
	it.each([
		['the sample map', sampleMap()],
		['texts Argdown cannot hold on one line, an id it cannot use as a title', awkward()],
		['a generated map of 300 nodes', generatedMap(300, 5)]
	])('keeps every node, kind, relation, group, anchor and text: %s', (_name, map) => {
		const result = importMap(exportMap(map, 'argdown').body, { filename: 'map.argdown' });
		if (!result.ok) throw new Error(result.error);
		expect(graphSignature(result.file)).toEqual(graphSignature(map));
		expect(result.file.nodes.map((n) => n.anchors)).toEqual(map.nodes.map((n) => n.anchors));
		expect(result.file.meta).toEqual(map.meta);
		expect(result.report.skipped).toEqual([]);
	});
});

describe('Argdown import of hand-written Argdown', () => {
	const text = [
		'# Cars',
		'',
		'[Ban]: Cities should ban cars. #(thesis)',
		'    + <Safety>: Fewer cars, fewer deaths.',
		'    - [Trade]: Shops will suffer. #counterpoint',
		'    >< [Keep]: Cars must stay.',
		'',
		'<Clean air>',
		'',
		'(1) [Exhaust]: Exhaust harms lungs. #evidence',
		'(2) Cars make exhaust.',
		'----',
		'(3) [Air]: Cars harm lungs.',
		'(4) Harm should be banned.',
		'----',
		'    <_ [Doubt]: Not all harm can be banned. #rebuttal',
		'(5) [Ban]',
		''
	].join('\n');
	const result = importMap(text, { filename: 'cars.argdown' });
	if (!result.ok) throw new Error(result.error);
	const { file } = result;
	const node = (t: string) => file.nodes.find((n) => n.text === t)!;
	const edges = (from: string, to: string) =>
		file.edges.filter((e) => e.from === node(from).id && e.to === node(to).id);

	it('keeps titles as ids, tags as kinds and sketched arguments as nodes', () => {
		expect(file.meta.title).toBe('cars');
		expect(node('Cities should ban cars.')).toMatchObject({ id: 'Ban', kind: 'thesis' });
		expect(node('Shops will suffer.')).toMatchObject({ id: 'Trade', kind: 'counterpoint' });
		expect(node('Fewer cars, fewer deaths.')).toMatchObject({ id: 'Safety', kind: 'claim' });
		expect(node('Exhaust harms lungs.').kind).toBe('evidence');
	});

	it('reads each step of a premise-conclusion structure as one inference', () => {
		const first = [
			...edges('Exhaust harms lungs.', 'Cars harm lungs.'),
			...edges('Cars make exhaust.', 'Cars harm lungs.')
		];
		expect(first).toHaveLength(2);
		expect(first[0].group).toBeDefined();
		expect(first[0].group).toBe(first[1].group);
		const second = [
			...edges('Cars harm lungs.', 'Cities should ban cars.'),
			...edges('Harm should be banned.', 'Cities should ban cars.')
		];
		expect(second).toHaveLength(2);
		expect(second[0].group).toBe(second[1].group);
		expect(second[0].group).not.toBe(first[0].group);
		expect(edges('Not all harm can be banned.', 'Cities should ban cars.')).toEqual([]);
		const undercut = file.edges.find((e) => e.relation === 'undercuts')!;
		expect(undercut).toMatchObject({ from: 'Doubt', to: second[0].id });
	});

	it('reads support, attack and contradiction (one attack that keeps its kind)', () => {
		expect(
			edges('Fewer cars, fewer deaths.', 'Cities should ban cars.').map((e) => e.relation)
		).toEqual(['supports']);
		expect(edges('Shops will suffer.', 'Cities should ban cars.').map((e) => e.relation)).toEqual([
			'attacks'
		]);
		const both = [
			...edges('Cars must stay.', 'Cities should ban cars.'),
			...edges('Cities should ban cars.', 'Cars must stay.')
		];
		expect(both.map((e) => [e.relation, e.attackKind])).toEqual([['attacks', 'contradictory']]);
	});

	it('builds the source from the statements when the file has none', () => {
		expect(file.meta.source.text.split('\n\n')).toContain('Cities should ban cars.');
		expect(node('Cities should ban cars.').anchors.map((a) => a.exact)).toEqual([
			'Cities should ban cars.'
		]);
	});

	it('reports a syntax error by line and column', () => {
		expect(importMap('[a]: fine\n\n[b]: x _y', { filename: 'bad.argdown' })).toEqual({
			ok: false,
			error: expect.stringMatching(/^Argdown: line 3, column \d+: Incomplete italic text range/)
		});
	});
});

it('keeps IConclusion and IInference in the types it reads', () => {
	// Compile-time guard: the importer relies on these shapes of @argdown/core's model.
	const c = {
		inference: { type: 'inference', argumentTitle: 'a', conclusionIndex: 2 }
	} as unknown as IConclusion;
	expect(c.inference?.argumentTitle).toBe('a');
});
