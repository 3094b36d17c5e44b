import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { exportToSvg } from '$lib/drawing/svg';
import { diffMaps } from '$lib/model/diff';
import { addEdge, addNode, deleteNodes, initMap, setNodeText } from '$lib/model/doc';
import { docToFile } from '$lib/model/mapfile';
import { readMap } from '$lib/model/read';
import { PETS_SENTENCES, petsSource } from '$tests/fixtures/pets';
import { diffPicture } from './diff-picture';

describe('diffPicture', () => {
	it('puts removed nodes and edges back as ghosts and marks every change in the SVG', () => {
		const doc = new Y.Doc();
		initMap(doc, { title: 'Pets', source: petsSource(), sentences: PETS_SENTENCES });
		for (const [id, x] of [
			['a', 0],
			['b', 300],
			['c', 600]
		] as const)
			addNode(doc, { id, kind: 'claim', text: id, author: 'T', x, y: 0 }, null);
		addEdge(doc, { id: 'e1', from: 'a', to: 'b', relation: 'supports' }, null);
		addEdge(doc, { id: 'u1', from: 'c', to: 'e1', relation: 'undercuts' }, null);
		const from = docToFile(doc, 'm');
		const before = readMap(doc);
		deleteNodes(doc, ['a'], null); // takes e1 and its undercut u1 with it
		setNodeText(doc, 'b', 'bee', null);
		addNode(doc, { id: 'd', kind: 'evidence', text: 'd', author: 'T', x: 0, y: 200 }, null);
		const to = docToFile(doc, 'm');
		const { input, changes } = diffPicture(from, to, diffMaps(before, readMap(doc)));
		expect(Object.fromEntries(changes)).toEqual({
			a: 'removed',
			b: 'changed',
			d: 'added',
			e1: 'removed',
			u1: 'removed'
		});
		expect(input.nodes.map((n) => n.id).sort()).toEqual(['a', 'b', 'c', 'd']);
		expect(input.edges.map((e) => e.id)).toEqual(['e1', 'u1']);
		const svg = exportToSvg(input, { extras: { changes } });
		for (const [id, mark] of changes)
			expect(svg).toContain(`class="change change-${mark}" data-id="${id}"`);
		// Ghosts: the removed node and edges are drawn faded; the rest is not.
		expect(svg.match(/<g class="ghost"/g)).toHaveLength(3);
		expect(svg).toMatch(/<g class="ghost" opacity="0.35"><g class="node kind-claim" data-id="a"/);
	});
});
