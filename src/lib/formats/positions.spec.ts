import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importMap } from './index';
import { degeneratePositions } from './positions';

const column = (n: number) => Array.from({ length: n }, (_, i) => ({ x: 100, y: i * 120 }));

describe('degeneratePositions', () => {
	it.each([
		['one column', column(8), 'all in one column'],
		['one row', column(8).map(({ x, y }) => ({ x: y, y: x })), 'all in one row'],
		['one spot', Array.from({ length: 4 }, () => ({ x: 5, y: 5 })), 'all on one spot'],
		[
			'mostly stacked',
			[...Array.from({ length: 5 }, () => ({ x: 0, y: 0 })), { x: 300, y: 10 }, { x: 40, y: 400 }],
			'mostly on top of each other'
		],
		[
			'a tall strip',
			Array.from({ length: 10 }, (_, i) => ({ x: (i % 2) * 40, y: i * 400 })),
			'a strip 90 times longer than wide'
		]
	])('calls %s degenerate', (_name, points, why) => {
		expect(degeneratePositions(points)).toBe(why);
	});

	it.each([
		[
			'a spread-out layout',
			[0, 1, 2, 3, 4, 5].map((i) => ({ x: (i % 3) * 300, y: Math.floor(i / 3) * 200 }))
		],
		['two nodes in a column (too few to judge)', column(2)]
	])('keeps %s', (_name, points) => {
		expect(degeneratePositions(points)).toBeNull();
	});
});

describe('an OVA file whose nodes are stacked in one column', () => {
	// OVA exports made by scripts stack their nodes in a narrow strip thousands of pixels tall. No
	// licensed fixture does, so this takes a real OVA file (tests/fixtures/README.md) and moves its
	// OVA positions into such a strip, two columns 40 px apart, the rest of the file unchanged.
	const name = 'arguebuf-xaif-test.json';
	const ova = JSON.parse(readFileSync(`tests/fixtures/formats/aif/${name}`, 'utf8')) as {
		OVA: { nodes: { x: number; y: number }[] };
	};
	ova.OVA.nodes.forEach((n, i) => {
		n.x = 150 + (i % 2) * 40;
		n.y = i * 120;
	});
	const result = importMap(JSON.stringify(ova), { filename: name });
	if (!result.ok) throw new Error(result.error);
	const { file, report } = result;

	it('is laid out by the editor’s layout, every node placed and no two on one spot', () => {
		expect(report.warnings.some((w) => /^OVA's positions were a strip/.test(w))).toBe(true);
		expect(file.nodes.every((n) => n.x !== undefined && n.y !== undefined)).toBe(true);
		const spots = new Set(file.nodes.map((n) => `${n.x},${n.y}`));
		expect(spots.size).toBe(file.nodes.length);
		expect(degeneratePositions(file.nodes.map((n) => ({ x: n.x!, y: n.y! })))).toBeNull();
	});
});
