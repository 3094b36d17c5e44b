import { describe, expect, it } from 'vitest';
import type { NodeRecord } from '$lib/model/schema';
import {
	buildElements,
	coPremiseGroups,
	junctionId,
	junctionOutId,
	midId,
	type ElementDef
} from './elements';
import { EMPTY_LABEL } from './label';
import { edge } from './testing/records';

const node = (
	id: string,
	kind: NodeRecord['kind'] = 'claim',
	text = `node ${id}`,
	pos?: [number, number]
): NodeRecord => ({
	id,
	kind,
	text,
	anchors: [],
	author: '',
	createdAt: '2024-01-01T00:00:00Z',
	...(pos ? { x: pos[0], y: pos[1] } : {})
});
const byId = (els: ElementDef[]) => new Map(els.map((e) => [e.data.id, e]));

describe('buildElements', () => {
	it('maps nodes with kind classes, sizes and stored positions only', () => {
		const { elements } = buildElements({
			nodes: [node('a', 'thesis', 'Main', [10, 20]), node('b', 'evidence', '')],
			edges: []
		});
		const els = byId(elements);
		expect(els.get('a')).toMatchObject({
			group: 'nodes',
			classes: 'node kind-thesis',
			position: { x: 10, y: 20 }
		});
		expect(els.get('a')!.data).toMatchObject({ role: 'node', kind: 'thesis', label: 'Main' });
		expect(els.get('b')!.position).toBeUndefined();
		expect(els.get('b')!.classes).toContain('empty');
		expect((els.get('b')!.data as { label: string }).label).toBe(EMPTY_LABEL);
	});

	it('draws supports and attacks between nodes, with a mid node only on undercut edges', () => {
		const { elements } = buildElements({
			nodes: [node('a'), node('b'), node('c')],
			edges: [
				edge('e1', 'a', 'b'),
				edge('e2', 'c', 'b', 'attacks'),
				edge('u', 'c', 'e1', 'undercuts')
			]
		});
		const els = byId(elements);
		expect(els.get('e1')).toMatchObject({
			group: 'edges',
			classes: 'rel-supports',
			data: { source: 'a', target: 'b' }
		});
		expect(els.get('e2')).toMatchObject({
			classes: 'rel-attacks',
			data: { source: 'c', target: 'b' }
		});
		expect(els.get(midId('e1'))!.data).toEqual({ id: 'mid:e1', role: 'mid', edge: 'e1' });
		expect(els.has(midId('e2'))).toBe(false);
		expect(els.has(midId('u'))).toBe(false);
	});

	it('ends an undercut on the mid node of the edge it attacks, also for an undercut of an undercut', () => {
		const { elements, problems } = buildElements({
			nodes: [node('a'), node('b'), node('u'), node('v')],
			edges: [
				edge('u2', 'v', 'u1', 'undercuts'),
				edge('e1', 'a', 'b'),
				edge('u1', 'u', 'e1', 'undercuts')
			]
		});
		const els = byId(elements);
		expect(problems).toEqual([]);
		expect(els.get('u1')!.data).toMatchObject({
			source: 'u',
			target: 'mid:e1',
			relation: 'undercuts',
			to: 'e1'
		});
		expect(els.get('u2')!.data).toMatchObject({ source: 'v', target: 'mid:u1' });
		// Adding in order never adds an edge before its ends.
		const seen = new Set<string>();
		for (const el of elements) {
			if (el.group === 'edges') {
				const d = el.data as { source: string; target: string };
				expect(seen.has(d.source) && seen.has(d.target)).toBe(true);
			}
			seen.add(el.data.id);
		}
	});

	it('joins two or more co-premises at a junction with one arrow into the conclusion', () => {
		const { elements } = buildElements({
			nodes: [node('c'), node('p1'), node('p2'), node('p3')],
			edges: [
				edge('e1', 'p1', 'c', 'supports', 'g'),
				edge('e2', 'p2', 'c', 'supports', 'g'),
				edge('e3', 'p3', 'c')
			]
		});
		const els = byId(elements);
		const j = junctionId('c', 'g');
		expect(els.get(j)).toMatchObject({
			group: 'nodes',
			classes: 'junction',
			data: { role: 'junction', target: 'c', group: 'g' }
		});
		expect(els.get('e1')).toMatchObject({
			classes: 'rel-supports grouped',
			data: { target: j, to: 'c' }
		});
		expect(els.get('e2')!.data).toMatchObject({ target: j });
		expect(els.get('e3')).toMatchObject({ classes: 'rel-supports', data: { target: 'c' } });
		const out = els.get(junctionOutId('c', 'g'))!;
		expect(out.data).toMatchObject({ role: 'jout', source: j, target: 'c' });
		const colour = (out.data as { colour: string }).colour;
		expect((els.get('e1')!.data as { colour: string }).colour).toBe(colour);
		expect((els.get(j)!.data as { colour: string }).colour).toBe(colour);
	});

	it('draws a group with a single member as a plain supports edge', () => {
		const { elements } = buildElements({
			nodes: [node('c'), node('p1')],
			edges: [edge('e1', 'p1', 'c', 'supports', 'g')]
		});
		expect(elements.some((e) => e.data.role === 'junction')).toBe(false);
		expect(byId(elements).get('e1')!.data).toMatchObject({ target: 'c' });
	});

	it('leaves out an edge whose id is also a node id, and the undercuts of it', () => {
		const { elements, problems } = buildElements({
			nodes: [node('a'), node('b'), node('x')],
			edges: [edge('a', 'x', 'b'), edge('u', 'x', 'a', 'undercuts')]
		});
		expect(elements.filter((e) => e.group === 'edges')).toEqual([]);
		expect(problems.map((p) => p.id).sort()).toEqual(['a', 'u']);
	});
});

describe('coPremiseGroups', () => {
	it('groups only supports edges into the same node with the same group', () => {
		const groups = coPremiseGroups([
			edge('e1', 'p1', 'c', 'supports', 'g'),
			edge('e2', 'p2', 'c', 'supports', 'g'),
			edge('e3', 'p3', 'd', 'supports', 'g'),
			edge('e4', 'p4', 'd', 'supports', 'g')
		]);
		expect([...groups.keys()].sort()).toEqual([junctionId('c', 'g'), junctionId('d', 'g')]);
	});
});
