import { describe, expect, it, vi } from 'vitest';
import { sampleMap } from '$tests/fixtures/formats/maps';
import { detectFormat } from './detect';
import { exportMap, importMap, MAX_IMPORT_BYTES } from './index';
import { utf8Length } from './limits';

const sampleJson = () => exportMap(sampleMap(), 'json').body;

describe('format detection', () => {
	it.each([
		['a warrant-map file', sampleJson(), {}, 'json'],
		['an AIFdb nodeset', '{"nodes":[{"nodeID":"1","type":"I","text":"a"}],"edges":[]}', {}, 'aif'],
		['xAIF', '{"AIF":{"nodes":[],"edges":[]},"OVA":{},"text":""}', {}, 'aif'],
		['Argdown by its titles', '[a]: A claim.\n    + [b]: Support.', {}, 'argdown'],
		['Argdown by relation lines', 'A claim.\n    - <Objection>', {}, 'argdown'],
		['Argdown by file name', 'Just prose.', { filename: 'x.argdown' }, 'argdown'],
		['Argdown by content type', 'Just prose.', { contentType: 'text/x-argdown' }, 'argdown']
	])('recognises %s', (_name, text, hint, format) => {
		expect(detectFormat(text, hint)).toMatchObject({ format });
	});

	it.each([
		[
			'prose',
			'Just an essay.\n\nWith paragraphs.',
			{},
			'unrecognised file: expected warrant-map JSON, AIF JSON or Argdown'
		],
		[
			'a JSON array',
			'[1, 2]',
			{},
			'the JSON is not an object: expected a warrant-map file or an AIF nodeset'
		],
		[
			'another tool’s JSON',
			'{"cells": []}',
			{},
			expect.stringMatching(/^unrecognised JSON: expected a warrant-map file/)
		],
		[
			'another format field',
			'{"format": "kialo"}',
			{},
			'format: expected "warrant-map", got "kialo"'
		],
		[
			'broken JSON named .json',
			'[a]: b',
			{ filename: 'x.json' },
			expect.stringMatching(/^not valid JSON: /)
		]
	])('refuses %s with a reason', (_name, text, hint, error) => {
		expect(detectFormat(text, hint)).toEqual({ error });
	});
});

describe('warrant-map JSON', () => {
	it('round-trips to an identical map file and byte-identical text', () => {
		const map = sampleMap();
		map.comments = [
			{
				id: 'c1',
				targetType: 'node',
				targetId: 'n1',
				body: 'Why?',
				author: 'Bo',
				authorId: 'u2',
				createdAt: '2026-01-16T09:00:00.000Z'
			}
		];
		map.votes = [
			{ nodeId: 'n1', voterId: 'u2', voter: 'Bo', value: 4, at: '2026-01-16T09:01:00.000Z' }
		];
		const body = exportMap(map, 'json').body;
		const result = importMap(body);
		if (!result.ok) throw new Error(result.error);
		expect(result.file).toEqual(map);
		expect(exportMap(result.file, 'json').body).toBe(body);
		expect(result.report).toEqual({
			format: 'json',
			nodes: 10,
			edges: 9,
			skipped: [],
			warnings: []
		});
	});
});

describe('hostile input', () => {
	it('refuses a 50 MB file by size, before parsing it', () => {
		const huge = '{"format":"warrant-map","pad":"' + 'x'.repeat(50 * 1024 * 1024) + '"}';
		const parse = vi.spyOn(JSON, 'parse');
		try {
			expect(importMap(huge)).toEqual({
				ok: false,
				error: 'the file is larger than the import limit of 10 MiB (10485760 bytes)'
			});
			expect(parse).not.toHaveBeenCalled();
		} finally {
			parse.mockRestore();
		}
	});

	it('measures the limit in UTF-8 bytes, not characters', () => {
		expect(MAX_IMPORT_BYTES).toBe(10 * 1024 * 1024);
		const wide = 'é'.repeat(MAX_IMPORT_BYTES / 2 + 1);
		expect(wide.length).toBeLessThan(MAX_IMPORT_BYTES);
		expect(importMap(wide)).toMatchObject({
			ok: false,
			error: expect.stringMatching(/import limit/)
		});
		expect([utf8Length('aé€😀'), utf8Length('\ud800x')]).toEqual([1 + 2 + 3 + 4, 3 + 1]);
	});

	it('refuses an empty file', () => {
		expect(importMap(' \n')).toEqual({ ok: false, error: 'the file is empty' });
	});

	it('ignores Warrant’s extra AIF fields when they have the wrong type', () => {
		const odd =
			'{"nodes":[{"nodeID":"1","type":"I","text":"A claim.","warrantKind":"villain","warrantId":"no spaces allowed","warrantAnchors":"all"}],"edges":[],"warrantMeta":{"title":7}}';
		const result = importMap(odd, { filename: 'odd.json' });
		if (!result.ok) throw new Error(result.error);
		expect(result.file.meta.title).toBe('odd');
		expect(result.file.nodes).toMatchObject([{ id: 'i1', kind: 'claim', text: 'A claim.' }]);
		expect(result.file.nodes[0].anchors.map((a) => a.exact)).toEqual(['A claim.']);
	});

	it('never returns a half-imported map: a late error refuses the whole file', () => {
		const map = sampleMap();
		const last = map.nodes.length - 1;
		const broken = JSON.parse(exportMap(map, 'json').body);
		broken.nodes[last].createdAt = 'yesterday';
		expect(importMap(JSON.stringify(broken))).toEqual({
			ok: false,
			error: `warrant-map JSON: nodes[${last}].createdAt: Invalid ISO datetime`
		});
	});

	it('keeps HTML and script in labels as text, in every format that carries labels', () => {
		const map = sampleMap();
		const evil = '</textarea><script>alert(1)</script><img src=x onerror=alert(2)>';
		map.nodes[0] = { ...map.nodes[0], text: evil };
		for (const format of ['json', 'aif', 'argdown'] as const) {
			const result = importMap(exportMap(map, format).body, {
				filename: `m.${format === 'argdown' ? 'argdown' : 'json'}`
			});
			if (!result.ok) throw new Error(result.error);
			expect(result.file.nodes[0].text).toBe(evil);
		}
		expect(exportMap(map, 'md').body).not.toMatch(/(^|[^\\])</m);
		expect(JSON.parse(exportMap(map, 'annotations').body).first.items[0].body[0].value).toBe(evil);
	});
});

describe('support cycles', () => {
	it('are imported as drawn, with a warning naming the nodes', () => {
		const map = sampleMap();
		map.edges.push({ id: 'back', from: 'n1', to: 'n2', relation: 'supports' });
		const result = importMap(exportMap(map, 'json').body);
		if (!result.ok) throw new Error(result.error);
		expect(result.file.edges).toContainEqual({
			id: 'back',
			from: 'n1',
			to: 'n2',
			relation: 'supports'
		});
		expect(result.report.warnings).toEqual([
			'support cycle: n1, n2 support each other in a circle (kept as drawn)'
		]);
	});
	it('are not reported for mutual attacks, which are ordinary', () => {
		const map = sampleMap();
		map.edges.push({ id: 'back', from: 'n1', to: 'n5', relation: 'attacks' });
		const result = importMap(exportMap(map, 'json').body);
		expect(result.ok && result.report.warnings).toEqual([]);
	});
});
