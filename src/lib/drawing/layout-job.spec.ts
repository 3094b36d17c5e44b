import { describe, expect, it } from 'vitest';
import {
	answerLayoutRequest,
	mergeLayout,
	provisionalGrid,
	readLayoutReply,
	runLayoutJob,
	structureKey,
	type LayoutSnapshot
} from './layout-job';
import { layoutMap, type LayoutEdge } from './layout-map';
import type { Point } from './geometry';

const edges: LayoutEdge[] = [
	{ id: 'e1', from: 'r', to: 't', relation: 'supports' },
	{ id: 'e2', from: 'x', to: 't', relation: 'attacks' }
];
const boxes = ['t', 'r', 'x'].map((id) => ({ id, w: 120, h: 40 }));

const snap = (structure: string, stored: Record<string, Point | undefined>): LayoutSnapshot => ({
	structure,
	stored: new Map(Object.entries(stored))
});
const A = { x: 1, y: 1 };
const B = { x: 2, y: 2 };
const L = { x: 100, y: 100 };

describe('runLayoutJob', () => {
	it('is layoutMap for a layout job, as a list of [id, x, y]', () => {
		const rows = runLayoutJob({ kind: 'layout', boxes, edges, options: { aspect: 1.6 } });
		const direct = layoutMap(boxes, edges, { aspect: 1.6 });
		expect(new Map(rows.map(([id, x, y]) => [id, { x, y }]))).toEqual(direct);
	});

	it('places only the boxes without a position', () => {
		const rows = runLayoutJob({
			kind: 'place',
			boxes: [
				{ id: 't', w: 100, h: 40, position: { x: 0, y: 0 } },
				{ id: 'r', w: 100, h: 40 }
			],
			edges: [{ id: 'e1', from: 'r', to: 't', relation: 'supports' }],
			fallback: { x: 0, y: 0 }
		});
		expect(rows.map((r) => r[0])).toEqual(['r']);
		expect(rows[0][2]).toBeGreaterThan(0);
	});
});

describe('mergeLayout (the table in layout-job.ts)', () => {
	const same = 'S';
	const rows: Array<{
		purpose: 'place' | 'gesture';
		structureNow: string;
		retries: number;
		requested: Point | undefined;
		now: Point | undefined | 'removed';
		want: Point | undefined | 'recompute';
	}> = [
		{
			purpose: 'place',
			structureNow: same,
			retries: 0,
			requested: undefined,
			now: undefined,
			want: L
		},
		{
			purpose: 'place',
			structureNow: same,
			retries: 0,
			requested: undefined,
			now: A,
			want: undefined
		},
		{
			purpose: 'place',
			structureNow: 'changed',
			retries: 2,
			requested: undefined,
			now: undefined,
			want: L
		},
		{
			purpose: 'place',
			structureNow: same,
			retries: 0,
			requested: undefined,
			now: 'removed',
			want: undefined
		},
		{ purpose: 'gesture', structureNow: same, retries: 2, requested: A, now: A, want: L },
		{ purpose: 'gesture', structureNow: same, retries: 2, requested: A, now: B, want: undefined },
		{
			purpose: 'gesture',
			structureNow: same,
			retries: 2,
			requested: undefined,
			now: A,
			want: undefined
		},
		{
			purpose: 'gesture',
			structureNow: 'changed',
			retries: 1,
			requested: A,
			now: A,
			want: 'recompute'
		},
		{ purpose: 'gesture', structureNow: 'changed', retries: 0, requested: A, now: A, want: L },
		{
			purpose: 'gesture',
			structureNow: 'changed',
			retries: 0,
			requested: A,
			now: B,
			want: undefined
		},
		{
			purpose: 'gesture',
			structureNow: same,
			retries: 2,
			requested: A,
			now: 'removed',
			want: undefined
		}
	];
	it.each(rows)(
		'$purpose, structure $structureNow, retries $retries: $requested -> $now gives $want',
		({ purpose, structureNow, retries, requested, now, want }) => {
			const before = snap(same, { n: requested, other: undefined });
			const after = snap(structureNow, now === 'removed' ? { other: A } : { n: now, other: A });
			const out = mergeLayout(purpose, before, after, new Map([['n', L]]), retries);
			if (want === 'recompute') return expect(out).toEqual({ action: 'recompute' });
			expect(out.action).toBe('apply');
			if (out.action === 'apply') expect(out.positions.get('n')).toEqual(want);
		}
	);
});

describe('structureKey', () => {
	it('ignores order, and sees nodes, ends, relations and groups', () => {
		const k = structureKey(['t', 'r', 'x'], edges);
		expect(structureKey(['x', 't', 'r'], [...edges].reverse())).toBe(k);
		expect(structureKey(['t', 'r'], edges)).not.toBe(k);
		expect(
			structureKey(['t', 'r', 'x'], [edges[0], { ...edges[1], relation: 'supports' }])
		).not.toBe(k);
		expect(structureKey(['t', 'r', 'x'], [edges[0], { ...edges[1], group: 'g' }])).not.toBe(k);
		expect(structureKey(['t', 'r', 'x'], [edges[0], { ...edges[1], to: 'r' }])).not.toBe(k);
	});
});

describe('provisionalGrid', () => {
	it('puts boxes of different sizes on a roughly square grid around the centre, none overlapping', () => {
		const bs = Array.from({ length: 30 }, (_, i) => ({ id: `n${i}`, w: 80 + (i % 4) * 40, h: 40 }));
		const at = provisionalGrid(bs, { x: 500, y: 300 });
		expect(at.size).toBe(30);
		const list = bs.map((b) => ({ ...b, ...at.get(b.id)! }));
		for (let i = 0; i < list.length; i++)
			for (let j = i + 1; j < list.length; j++) {
				const a = list[i];
				const b = list[j];
				const apart =
					Math.abs(a.x - b.x) >= (a.w + b.w) / 2 || Math.abs(a.y - b.y) >= (a.h + b.h) / 2;
				expect(apart).toBe(true);
			}
		const xs = list.map((b) => b.x);
		expect((Math.min(...xs) + Math.max(...xs)) / 2).toBeCloseTo(500);
		expect(provisionalGrid([], { x: 0, y: 0 }).size).toBe(0);
	});
});

describe('the worker protocol', () => {
	it('answers a request with its id and the job’s positions, and reads back what it answered', () => {
		const job = { kind: 'layout' as const, boxes, edges, options: {} };
		const reply = readLayoutReply(answerLayoutRequest({ id: 7, job }));
		expect(reply).toEqual({ id: 7, positions: layoutMap(boxes, edges) });
	});

	it('answers what is not a request with id -1, and a failing job with its error', () => {
		for (const bad of [null, 3, 'x', {}, { id: 1.5, job: {} }, { id: 2, job: { kind: 'nope' } }])
			expect(answerLayoutRequest(bad)).toEqual({ id: -1, error: 'not a layout request' });
		const broken = answerLayoutRequest({ id: 3, job: { kind: 'layout', boxes: null, edges: [] } });
		expect(broken).toMatchObject({ id: 3, error: expect.any(String) });
	});

	it('refuses a reply that is not one', () => {
		const bad: unknown[] = [
			null,
			'x',
			{ id: 'a', positions: [] },
			{ id: 1 },
			{ id: 1, positions: [['a', 1]] },
			{ id: 1, positions: [['a', 1, Number.NaN]] },
			{ id: 1, positions: [['a', Infinity, 1]] },
			{ id: 1, positions: [['', 1, 1]] },
			{ id: 1, positions: [['a'.repeat(201), 1, 1]] },
			{ id: 1, positions: [[5, 1, 1]] },
			{ id: 1, positions: 'a' }
		];
		for (const b of bad) expect(readLayoutReply(b)).toBeNull();
		expect(readLayoutReply({ id: 4, error: 'e'.repeat(600) })).toEqual({
			id: 4,
			error: 'e'.repeat(500)
		});
	});
});
