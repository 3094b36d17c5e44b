import ELK from 'elkjs/lib/elk.bundled.js';
import type { ELK as ElkApi } from 'elkjs/lib/elk-api';
import { describe, expect, it } from 'vitest';
import { answerLayoutRequest, type LayoutRequest } from './layout-job';
import { answerLayoutRequestElk, ELK_FROM_NODES, layoutMapElk, prefersElk } from './layout-elk';
import type { LayoutBox } from './layout-map';
import { generateMap } from './testing/generate';
import { edge } from './testing/records';

const elk = new ELK();

/** A generated map as a layout job's boxes and edges (sizes vary, as labels make them). */
function generated(n: number, seed = 3) {
	const map = generateMap(n, seed);
	const boxes: LayoutBox[] = map.nodes.map((node, i) => ({
		id: node.id,
		w: 120 + (i % 5) * 30,
		h: 40 + (i % 3) * 20
	}));
	return { boxes, edges: map.edges };
}

function overlaps(
	boxes: readonly LayoutBox[],
	at: Map<string, { x: number; y: number }>
): string[] {
	const out: string[] = [];
	for (let i = 0; i < boxes.length; i++)
		for (let j = i + 1; j < boxes.length; j++) {
			const a = boxes[i];
			const b = boxes[j];
			const pa = at.get(a.id)!;
			const pb = at.get(b.id)!;
			if (Math.abs(pa.x - pb.x) < (a.w + b.w) / 2 && Math.abs(pa.y - pb.y) < (a.h + b.h) / 2)
				out.push(`${a.id}/${b.id}`);
		}
	return out;
}

describe('prefersElk', () => {
	it.each([
		[ELK_FROM_NODES - 1, {}, false],
		[ELK_FROM_NODES, {}, true],
		[5000, { top: [] }, true],
		[5000, { top: ['t'] }, false] // ELK cannot keep nodes on the top row
	])('%i nodes, options %j → %s', (n, options, expected) => {
		expect(prefersElk(n, options)).toBe(expected);
	});
});

describe('layoutMapElk', () => {
	it('places every node of a generated map, finite and without overlaps, after the fold', async () => {
		const { boxes, edges } = generated(100);
		const at = await layoutMapElk(elk, boxes, edges);
		expect([...at.keys()].sort()).toEqual(boxes.map((b) => b.id).sort());
		for (const p of at.values()) expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
		expect(overlaps(boxes, at)).toEqual([]);
	});

	it('puts a conclusion above its reasons, an undercut below what it finally points at', async () => {
		const boxes = ['t', 'r', 'c', 'x'].map((id) => ({ id, w: 120, h: 40 }));
		const edges = [
			edge('e1', 'r', 't'),
			edge('e2', 'c', 'r', 'attacks'),
			edge('u', 'x', 'e1', 'undercuts')
		];
		const at = await layoutMapElk(elk, boxes, edges);
		expect(at.get('r')!.y).toBeGreaterThan(at.get('t')!.y);
		expect(at.get('c')!.y).toBeGreaterThan(at.get('r')!.y);
		expect(at.get('x')!.y).toBeGreaterThan(at.get('t')!.y);
	});
});

describe('answerLayoutRequestElk (the layout worker)', () => {
	const request = (id: number, n: number, options = {}): LayoutRequest => {
		const { boxes, edges } = generated(n);
		return { id, job: { kind: 'layout', boxes, edges, options } };
	};
	const counting = (load: () => Promise<ElkApi>) => {
		const calls = { n: 0 };
		return { calls, load: () => (calls.n++, load()) };
	};

	it('sends a large whole-map layout to ELK, and anything else to dagre without loading ELK', async () => {
		const big = counting(async () => elk);
		const answer = await answerLayoutRequestElk(request(7, 60), big.load, 50);
		expect(big.calls.n).toBe(1);
		expect('positions' in answer && answer.id).toBe(7);
		const fromDagre = answerLayoutRequest(request(7, 60));
		// ELK's positions, not dagre's.
		expect(answer).not.toEqual(fromDagre);

		const small = counting(async () => elk);
		const smallRequest = request(8, 40);
		expect(await answerLayoutRequestElk(smallRequest, small.load, 50)).toEqual(
			answerLayoutRequest(smallRequest)
		);
		const withTop = request(9, 60, { top: ['n0'] });
		expect(await answerLayoutRequestElk(withTop, small.load, 50)).toEqual(
			answerLayoutRequest(withTop)
		);
		expect(small.calls.n).toBe(0);
	});

	it('answers with dagre when ELK cannot be loaded or fails, so a request is always answered', async () => {
		const big = request(3, 60);
		const expected = answerLayoutRequest(big);
		const unloadable = () => Promise.reject(new Error('chunk failed to load'));
		expect(await answerLayoutRequestElk(big, unloadable, 50)).toEqual(expected);
		const failing = { layout: () => Promise.reject(new Error('ELK broke')) } as unknown as ElkApi;
		expect(await answerLayoutRequestElk(big, async () => failing, 50)).toEqual(expected);
	});

	it('answers a request that is not one as dagre does (id -1), without loading ELK', async () => {
		const guard = counting(async () => elk);
		for (const junk of [null, 42, { id: 'x' }, { id: 1, job: { kind: 'layout', boxes: 'no' } }])
			expect(await answerLayoutRequestElk(junk, guard.load, 0)).toEqual(answerLayoutRequest(junk));
		expect(guard.calls.n).toBe(0);
	});
});
