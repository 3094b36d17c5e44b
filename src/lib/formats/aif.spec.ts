import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sampleMap } from '$tests/fixtures/formats/maps';
import { bareEdges, graphSignature } from '$tests/fixtures/formats/signature';
import { KEPT } from './aif-import';
import { exportMap, importMap } from './index';

const FIXTURE = 'tests/fixtures/formats/aifdb-nodeset-6064.json';
const fixtureText = readFileSync(FIXTURE, 'utf8');
const fixture = JSON.parse(fixtureText) as {
	nodes: Array<{ nodeID: string; type: string; text: string; timestamp: string }>;
	edges: Array<{ fromID: string; toID: string }>;
	locutions: unknown[];
};

type AifOut = {
	AIF: {
		nodes: Array<Record<string, unknown> & { nodeID: string; type: string; text: string }>;
		edges: Array<{ fromID: string; toID: string }>;
	};
	OVA: { nodes: Array<{ nodeID: string; x: number; y: number; visible: boolean }> };
	text: string;
};

function imported(text: string, filename = 'map.json') {
	const result = importMap(text, { filename });
	if (!result.ok) throw new Error(result.error);
	return result;
}

describe('AIF import of the AIFdb nodeset 6064', () => {
	const count = (type: string) => fixture.nodes.filter((n) => n.type === type).length;
	const typeOf = new Map(fixture.nodes.map((n) => [n.nodeID, n.type]));
	// Derived from the fixture: each RA has its premises (I → RA) and its conclusion (RA → I).
	const expectedSupports = fixture.nodes
		.filter((n) => n.type === 'RA')
		.flatMap((ra) => {
			const premises = fixture.edges.filter(
				(e) => e.toID === ra.nodeID && typeOf.get(e.fromID) === 'I'
			);
			const conclusions = fixture.edges.filter(
				(e) => e.fromID === ra.nodeID && typeOf.get(e.toID) === 'I'
			);
			return premises.flatMap((p) => conclusions.map((c) => `i${p.fromID} -> i${c.toID}`));
		})
		.sort();
	const argumentEdges = fixture.edges.filter(
		(e) => ['I', 'RA'].includes(typeOf.get(e.fromID)!) && ['I', 'RA'].includes(typeOf.get(e.toID)!)
	).length;
	const { file, report } = imported(fixtureText, 'aifdb-nodeset-6064.json');

	it('turns every I-node into a node and every RA into supports edges', () => {
		expect([count('I'), count('RA'), expectedSupports.length]).toEqual([9, 5, 5]);
		expect(report).toMatchObject({
			format: 'aif',
			nodes: count('I'),
			edges: expectedSupports.length
		});
		expect(file.nodes.map((n) => n.id).sort()).toEqual(
			fixture.nodes
				.filter((n) => n.type === 'I')
				.map((n) => `i${n.nodeID}`)
				.sort()
		);
		expect(file.edges.map((e) => `${e.from} -> ${e.to}`).sort()).toEqual(expectedSupports);
		expect(file.edges.every((e) => e.relation === 'supports' && e.group === undefined)).toBe(true);
	});

	it('keeps the dialogue layer as AIF data, not drawn, with a count for each part', () => {
		expect([count('L'), count('YA'), count('TA')]).toEqual([16, 14, 8]);
		const skipped = Object.fromEntries(report.skipped.map((s) => [s.reason, s.count]));
		expect(skipped).toEqual({
			[`L nodes (locutions: the dialogue layer)${KEPT}`]: count('L'),
			[`YA nodes (illocutions: the dialogue layer)${KEPT}`]: count('YA'),
			[`TA nodes (transitions: the dialogue layer)${KEPT}`]: count('TA'),
			[`edges to or from nodes not drawn${KEPT}`]: fixture.edges.length - argumentEdges,
			[`locution records (who said what, when)${KEPT}`]: fixture.locutions.length
		});
		expect(fixture.edges.length - argumentEdges).toBe(44);
		expect(file.meta.aif?.nodes.map((n) => n.nodeID)).toEqual(
			fixture.nodes.filter((n) => !['I', 'RA'].includes(n.type)).map((n) => n.nodeID)
		);
		expect(file.meta.aif?.locutions).toEqual(fixture.locutions);
	});

	it('keeps each node’s and inference’s AIF nodeID and timestamp', () => {
		for (const n of file.nodes) {
			const original = fixture.nodes.find((f) => `i${f.nodeID}` === n.id)!;
			expect(n.aif).toEqual({ nodeID: original.nodeID, timestamp: original.timestamp });
		}
		for (const e of file.edges) {
			const ra = fixture.nodes.find((f) => f.nodeID === e.aif?.nodeID)!;
			expect(ra.type).toBe('RA');
			expect(e.createdAt).toBe(ra.timestamp.replace(' ', 'T') + 'Z');
		}
	});

	it('builds the source from the I-node texts and anchors every node to its own words', () => {
		expect(file.meta.title).toBe('aifdb-nodeset-6064');
		for (const n of file.nodes) {
			expect(n.anchors.length).toBeGreaterThan(0);
			expect(n.anchors.map((a) => a.exact).join(' ')).toBe(n.text);
		}
		// Its text is two sentences, so two anchors.
		expect(file.nodes.find((n) => n.id === 'i111805')!.anchors).toHaveLength(2);
	});

	it('reads kinds from the structure: questions from YA questioning, theses at the top', () => {
		const kind = (id: string) => file.nodes.find((n) => n.id === id)!.kind;
		expect(kind('i111829')).toBe('question');
		expect(['i29054', 'i111805', 'i111839'].map(kind)).toEqual(['thesis', 'thesis', 'thesis']);
		expect(['i29045', 'i29053', 'i111809', 'i111816', 'i111833'].map(kind)).toEqual(
			Array(5).fill('claim')
		);
	});
});

describe('AIF export', () => {
	const map = sampleMap();
	const out = JSON.parse(exportMap(map, 'aif').body) as AifOut;
	const nodesOfType = (t: string) => out.AIF.nodes.filter((n) => n.type === t);
	const byWarrant = (key: string, value: string) => out.AIF.nodes.find((n) => n[key] === value)!;
	const targets = (id: string) => out.AIF.edges.filter((e) => e.fromID === id).map((e) => e.toID);
	const typeOf = (id: string) => out.AIF.nodes.find((n) => n.nodeID === id)!.type;
	const sources = (id: string, type = 'I') =>
		out.AIF.edges.filter((e) => e.toID === id && typeOf(e.fromID) === type).map((e) => e.fromID);

	it('writes an I-node per node, an RA per inference and a CA per attack or undercut', () => {
		expect(nodesOfType('I')).toHaveLength(map.nodes.length);
		expect(nodesOfType('I').map((n) => [n.warrantId, n.warrantKind, n.text])).toEqual(
			map.nodes.map((n) => [n.id, n.kind, n.text])
		);
		// e1 alone, e2 + e3 as the linked group g1.
		expect(nodesOfType('RA').map((n) => n.warrantEdges)).toEqual([['e1'], ['e2', 'e3']]);
		expect(nodesOfType('CA').map((n) => n.warrantEdge)).toEqual([
			'e4',
			'e5',
			'e6',
			'e7',
			'e8',
			'e9'
		]);
		expect(out.AIF.nodes.map((n) => n.nodeID)).toEqual(out.AIF.nodes.map((_, i) => String(i + 1)));
	});

	it('links premises → RA → conclusion and attacker → CA → target', () => {
		const iOf = (id: string) => byWarrant('warrantId', id).nodeID;
		const group = nodesOfType('RA')[1].nodeID;
		expect(sources(group).sort()).toEqual([iOf('n3'), iOf('n4')].sort());
		expect(targets(group)).toEqual([iOf('n1')]);
		const attack = byWarrant('warrantEdge', 'e4').nodeID;
		expect([sources(attack), targets(attack)]).toEqual([[iOf('n5')], [iOf('n1')]]);
		// Undercuts point at S-nodes: of the group's RA, of an attack's CA, of an undercut's CA.
		expect(targets(byWarrant('warrantEdge', 'e6').nodeID)).toEqual([group]);
		expect(targets(byWarrant('warrantEdge', 'e5').nodeID)).toEqual([attack]);
		expect(targets(byWarrant('warrantEdge', 'e9').nodeID)).toEqual([
			byWarrant('warrantEdge', 'e5').nodeID
		]);
	});

	it('gives OVA a position for every node and the source as escaped HTML', () => {
		expect(out.OVA.nodes.map((n) => n.nodeID)).toEqual(out.AIF.nodes.map((n) => n.nodeID));
		for (const n of out.OVA.nodes)
			expect([Number.isFinite(n.x), Number.isFinite(n.y), n.visible]).toEqual([true, true, true]);
		expect(
			out.OVA.nodes.find((n) => n.nodeID === byWarrant('warrantId', 'n2').nodeID)
		).toMatchObject({ x: -200, y: 150 });
		expect(out.text).toContain('Buses &amp; taxis &lt;still&gt; run');
		expect(out.text).toContain('dirty.<br><br>In Oslo');
		expect(out.text).not.toMatch(/\n|<still>/);
	});
});

describe('map → AIF → map', () => {
	const map = sampleMap();
	it.each([['xaif' as const], ['aifdb' as const]])(
		'keeps nodes, kinds, relations, groups and text (%s)',
		(flavour) => {
			const { file, report } = imported(exportMap(map, 'aif', { aif: flavour }).body);
			expect(report.skipped).toEqual([]);
			// Positions travel in OVA's block, which the bare AIFdb nodeset does not have.
			const expected = map.nodes.map(({ author: _a, createdAt: _c, x, y, ...n }) =>
				flavour === 'xaif' && x !== undefined ? { ...n, x, y } : n
			);
			expect(file.nodes.map(({ author: _a, createdAt: _c, ...n }) => n)).toEqual(expected);
			expect(bareEdges(file)).toEqual(bareEdges(map));
			expect(file.meta).toEqual(map.meta);
			expect(file.sentences).toEqual(map.sentences);
		}
	);

	it('keeps the argument graph without the Warrant fields, as another AIF tool would write it', () => {
		const out = JSON.parse(exportMap(map, 'aif').body, (key, value) =>
			key.startsWith('warrant') ? undefined : value
		) as AifOut;
		const { file } = imported(JSON.stringify(out));
		const textOf = (f: typeof map) => new Map(f.nodes.map((n) => [n.id, n.text]));
		const described = (f: typeof map) => {
			const texts = textOf(f);
			return graphSignature(f).edges.map((e) =>
				e
					.replace(/\b[a-z]+\d+(-\d+)*\b/g, (id) => texts.get(id) ?? id)
					// Group names are made up on import; only their being linked counts.
					.replace(/ \[[a-z0-9]+\]$/, ' [linked]')
			);
		};
		expect(file.nodes.map((n) => n.text)).toEqual(map.nodes.map((n) => n.text));
		// A group's undercut lands on the group's first edge: the group is one inference.
		expect(described(file).sort()).toEqual(
			described(map)
				.map((e) =>
					e.replace(
						'(Oslo is like other cities. supports',
						'(Oslo: no pedestrian deaths, shops fine. supports'
					)
				)
				.sort()
		);
	});
});

describe('AIF import of OVA xAIF', () => {
	const xaif = {
		AIF: {
			nodes: [
				{ nodeID: 1, text: 'Cars are loud &amp; dirty', type: 'I' },
				{ nodeID: 2, text: 'Ban cars', type: 'I' },
				{ nodeID: 3, text: 'Default Inference', type: 'RA' },
				{ nodeID: 4, text: 'Noise is local', type: 'I' },
				{ nodeID: 5, text: 'Default Conflict', type: 'CA' },
				{ nodeID: 6, text: 'Remove cars', type: 'I' },
				{ nodeID: 7, text: 'Default Rephrase', type: 'MA' },
				{ nodeID: 8, text: 'Default Preference', type: 'PA' }
			],
			edges: [
				{ edgeID: 1, fromID: 1, toID: 3 },
				{ edgeID: 2, fromID: 3, toID: 2 },
				{ edgeID: 3, fromID: 4, toID: 5 },
				{ edgeID: 4, fromID: 5, toID: 3 },
				{ edgeID: 5, fromID: 2, toID: 7 },
				{ edgeID: 6, fromID: 7, toID: 6 },
				{ edgeID: 7, fromID: 8, toID: 1 }
			],
			locutions: [],
			schemefulfillments: [],
			participants: []
		},
		OVA: {
			firstname: '',
			surname: '',
			url: '',
			nodes: [{ nodeID: 1, visible: true, x: 10, y: 20 }],
			edges: []
		},
		text: '<p>Ban cars.</p><p>Cars are loud &amp; dirty, <span class="highlighted">they say</span>.<br>Noise is local.</p>'
	};
	const { file, report } = imported(JSON.stringify(xaif), 'ova.json');
	const byText = (t: string) => file.nodes.find((n) => n.text === t)!;

	it('makes OVA’s HTML text plain and anchors the nodes found in it', () => {
		expect(file.meta.source.text).toBe(
			'Ban cars.\nCars are loud & dirty, they say.\nNoise is local.\n'
		);
		expect(byText('Ban cars').anchors.map((a) => a.exact)).toEqual(['Ban cars']);
		expect(byText('Remove cars').anchors).toEqual([]);
		expect(byText('Cars are loud &amp; dirty')).toMatchObject({ x: 10, y: 20, anchors: [] });
	});

	it('reads CA on an RA as an undercut, MA as a rephrase, and keeps PA as AIF data', () => {
		const ra = file.edges.find(
			(e) => e.relation === 'supports' && e.from === byText('Cars are loud &amp; dirty').id
		)!;
		expect(ra.to).toBe(byText('Ban cars').id);
		expect(file.edges.find((e) => e.relation === 'undercuts')).toMatchObject({
			from: byText('Noise is local').id,
			to: ra.id
		});
		// AIF: Ban cars → MA → Remove cars, so "Ban cars" is the rephrasing of "Remove cars".
		expect(file.edges.find((e) => e.from === byText('Ban cars').id)).toMatchObject({
			relation: 'rephrases',
			to: byText('Remove cars').id
		});
		expect(report.warnings).toContain(
			'1 MA (rephrase) node(s) imported as rephrases edges: from the I-node before the MA (the rephrasing) to the one after it (the wording it restates)'
		);
		expect(report.skipped).toEqual([
			{ reason: `PA nodes (preferences: no Warrant equivalent)${KEPT}`, count: 1 },
			{ reason: `edges to or from nodes not drawn${KEPT}`, count: 1 }
		]);
		expect(file.meta.aif?.nodes).toEqual([xaif.AIF.nodes[7]]);
		expect(file.meta.aif?.edges).toEqual([xaif.AIF.edges[6]]);
	});

	it('groups an RA with two premises as one linked argument', () => {
		const linked = structuredClone(xaif);
		linked.AIF.edges.push({ edgeID: 8, fromID: 6, toID: 3 });
		linked.AIF.edges = linked.AIF.edges.filter((e) => e.edgeID !== 6);
		const { file } = imported(JSON.stringify(linked));
		const supports = file.edges.filter(
			(e) => e.to === file.nodes.find((n) => n.text === 'Ban cars')!.id
		);
		expect(supports).toHaveLength(2);
		expect(new Set(supports.map((e) => e.group))).toEqual(new Set(['ra3']));
	});
});

describe('AIF structures Warrant cannot draw', () => {
	it('keeps an undercut of an undrawable conflict, and the undercut of that, as AIF data', () => {
		const d = {
			nodes: [
				{ nodeID: '1', text: 'A', type: 'I' },
				{ nodeID: '2', text: 'B', type: 'I' },
				{ nodeID: '3', text: 'Default Conflict', type: 'CA' }, // no attacker: skipped
				{ nodeID: '4', text: 'C', type: 'I' },
				{ nodeID: '5', text: 'Default Conflict', type: 'CA' }, // C undercuts 3
				{ nodeID: '6', text: 'D', type: 'I' },
				{ nodeID: '7', text: 'Default Conflict', type: 'CA' }, // D undercuts 5
				{ nodeID: '8', text: 'Default Inference', type: 'RA' },
				{ nodeID: '9', text: 'Default Inference', type: 'RA' } // supports RA 8: no equivalent
			],
			edges: [
				{ fromID: '3', toID: '2' },
				{ fromID: '4', toID: '5' },
				{ fromID: '5', toID: '3' },
				{ fromID: '6', toID: '7' },
				{ fromID: '7', toID: '5' },
				{ fromID: '1', toID: '8' },
				{ fromID: '8', toID: '2' },
				{ fromID: '4', toID: '9' },
				{ fromID: '9', toID: '8' }
			]
		};
		const result = importMap(JSON.stringify(d));
		if (!result.ok) throw new Error(result.error);
		expect(result.file.edges).toEqual([
			{
				id: 'ra8-1-1',
				from: 'i1',
				to: 'i2',
				relation: 'supports',
				aif: { nodeID: '8' }
			}
		]);
		const cannot = `nodes Warrant cannot draw (without a premise and a conclusion, or aimed at a rephrase)${KEPT}`;
		expect(result.report.skipped).toEqual([
			{ reason: `CA ${cannot}`, count: 3 },
			{ reason: `RA ${cannot}`, count: 1 },
			{ reason: `edges to or from nodes not drawn${KEPT}`, count: 7 }
		]);
		expect(result.file.meta.aif?.nodes.map((n) => n.nodeID)).toEqual(['3', '5', '7', '9']);
		expect(result.file.meta.aif?.edges).toHaveLength(7);
	});
});

describe('AIF edges Warrant has no relation for', () => {
	it('lists an edge straight from one I-node to another, and an RA aimed at an RA, by kind', () => {
		const d = {
			nodes: [
				{ nodeID: '1', text: 'A', type: 'I' },
				{ nodeID: '2', text: 'B', type: 'I' },
				{ nodeID: '3', text: 'Default Inference', type: 'RA' },
				{ nodeID: '4', text: 'C', type: 'I' },
				{ nodeID: '5', text: 'Default Inference', type: 'RA' }
			],
			edges: [
				{ edgeID: '10', fromID: '1', toID: '2' },
				{ edgeID: '11', fromID: '1', toID: '3' },
				{ edgeID: '12', fromID: '3', toID: '2' },
				{ edgeID: '13', fromID: '4', toID: '5' },
				{ edgeID: '14', fromID: '5', toID: '2' },
				{ edgeID: '15', fromID: '5', toID: '3' }
			]
		};
		const result = importMap(JSON.stringify(d));
		if (!result.ok) throw new Error(result.error);
		expect(result.file.edges.map((e) => `${e.from} ${e.relation} ${e.to}`)).toEqual([
			'i1 supports i2',
			'i4 supports i2'
		]);
		expect(result.report.skipped).toEqual([
			{ reason: `edges straight from one I-node to another${KEPT}`, count: 1 },
			{ reason: `edges from an inference or rephrase to an S-node${KEPT}`, count: 1 }
		]);
		expect(result.file.meta.aif?.edges.map((e) => e.edgeID)).toEqual(['10', '15']);
	});
});

describe('AIF errors', () => {
	const base = () => ({
		nodes: [
			{ nodeID: '1', text: 'A', type: 'I' },
			{ nodeID: '2', text: 'RA', type: 'RA' },
			{ nodeID: '3', text: 'B', type: 'I' }
		],
		edges: [
			{ edgeID: '1', fromID: '1', toID: '2' },
			{ edgeID: '2', fromID: '2', toID: '3' }
		]
	});
	it.each([
		[
			'an edge to a missing node',
			(d: ReturnType<typeof base>) => (d.edges[1].toID = '1234'),
			'AIF: edges[1].toID refers to missing node 1234'
		],
		[
			'an edge from a missing node',
			(d: ReturnType<typeof base>) => (d.edges[0].fromID = '9'),
			'AIF: edges[0].fromID refers to missing node 9'
		],
		[
			'a duplicate nodeID',
			(d: ReturnType<typeof base>) => (d.nodes[2].nodeID = '1'),
			'AIF: nodes[2].nodeID 1 is used twice (first at nodes[0])'
		],
		[
			'a type that is not a string',
			(d: ReturnType<typeof base>) => Object.assign(d.nodes[1], { type: 7 }),
			'AIF: nodes[1].type: Invalid input: expected string, received number'
		],
		[
			'an I-node text over the limit',
			(d: ReturnType<typeof base>) => (d.nodes[0].text = 'x'.repeat(10_001)),
			'AIF: nodes[0] (nodeID 1): text is longer than 10000 characters'
		]
	])('refuses %s with one message that says where', (_name, spoil, error) => {
		const d = base();
		spoil(d);
		expect(importMap(JSON.stringify(d))).toEqual({ ok: false, error });
	});

	it.each([
		['an empty AIFdb nodeset', { nodes: [], edges: [], locutions: [] }, 'AIF'],
		[
			'an empty xAIF file (as OVA saves a blank analysis)',
			{ AIF: { nodes: [], edges: [], locutions: [], participants: [] }, OVA: {}, text: '' },
			'xAIF'
		]
	])('says plainly that %s holds nothing to import', (_name, value, flavour) => {
		expect(importMap(JSON.stringify(value))).toEqual({
			ok: false,
			error: `AIF: the file is valid ${flavour} but holds no nodes (an empty analysis): there is nothing to make a map of`
		});
	});

	it('refuses a nodeset with nothing to build a source from', () => {
		expect(
			importMap(
				JSON.stringify({ nodes: [{ nodeID: '1', text: 'Asserting', type: 'YA' }], edges: [] })
			)
		).toEqual({
			ok: false,
			error: 'AIF: cannot build a source from the node texts: text is empty'
		});
	});
});

describe('OVA text links', () => {
	// An OVA file (tests/fixtures/README.md) whose text is `<span id="node3_…">A</span> because
	// <span id="node16_…">B</span><br>`: L-nodes 3_… and 16_… assert the I-nodes "A" and "B".
	const text = readFileSync('tests/fixtures/formats/aif/arguebuf-xaif.json', 'utf8');

	it('makes the analysed text the source and anchors each I-node to its span', () => {
		const result = importMap(text, { filename: 'xaif.json' });
		if (!result.ok) throw new Error(result.error);
		const { file, report } = result;
		expect(file.meta.source.text).toBe('A because B\n');
		const anchors = Object.fromEntries(
			file.nodes.map((n) => [n.text, n.anchors.map((a) => [a.start, a.end, a.exact])])
		);
		expect(anchors).toEqual({ A: [[0, 1, 'A']], B: [[10, 11, 'B']] });
		expect(report.warnings).toContain(
			'2 of 2 I-node(s) anchored to the spans OVA marked in the text'
		);
	});

	it('anchors by span, not by the first occurrence of the words', () => {
		const moved = JSON.parse(text) as { text: string };
		moved.text = `B said A. ${moved.text}`;
		const again = importMap(JSON.stringify(moved), { filename: 'xaif.json' });
		if (!again.ok) throw new Error(again.error);
		const b = again.file.nodes.find((n) => n.text === 'B')!;
		expect(again.file.meta.source.text).toBe('B said A. A because B\n');
		expect(b.anchors.map((a) => [a.start, a.end])).toEqual([[20, 21]]);
	});
});
