import { afterEach, describe, expect, it, vi } from 'vitest';
import { answerLayoutRequest, type LayoutRequest } from '$lib/drawing/layout-job';
import { layoutMap, type LayoutEdge } from '$lib/drawing/layout-map';
import { LayoutRunner, prestartLayoutWorker, type LayoutPort } from './layout-runner';

const edges: LayoutEdge[] = [
	{ id: 'e1', from: 'r', to: 't', relation: 'supports' },
	{ id: 'e2', from: 'x', to: 'r', relation: 'supports' }
];
const boxes = ['t', 'r', 'x'].map((id) => ({ id, w: 120, h: 40 }));
const job = (aspect: number) => ({ kind: 'layout' as const, boxes, edges, options: { aspect } });

/**
 * A port with the Worker's shape whose "worker" is the real protocol handler, answering when the
 * test says so (Node has no Web Worker): the test decides order, failures and nonsense.
 */
class HeldPort implements LayoutPort {
	sent: LayoutRequest[] = [];
	terminated = false;
	private listeners: Record<string, Array<(e: never) => void>> = {};
	postMessage(m: LayoutRequest) {
		this.sent.push(structuredClone(m));
	}
	addEventListener(type: string, fn: (e: never) => void) {
		(this.listeners[type] ??= []).push(fn);
	}
	terminate() {
		this.terminated = true;
	}
	emit(type: string, data?: unknown) {
		for (const fn of this.listeners[type] ?? []) fn({ data } as never);
	}
	/** The worker answers request number `i` (in the order sent). */
	answer(i: number) {
		this.emit('message', answerLayoutRequest(this.sent[i]));
	}
}

const settledSoon = () => new Promise((r) => setTimeout(r, 0));

describe('LayoutRunner', () => {
	it('matches answers to jobs by id, in whatever order they come', async () => {
		const port = new HeldPort();
		const runner = new LayoutRunner(() => port);
		const first = runner.run(job(1));
		const second = runner.run(job(3));
		expect(runner.inWorker).toBe(true);
		expect(runner.busy).toBe(true);
		port.answer(1);
		port.answer(0);
		expect(await first).toEqual(layoutMap(boxes, edges, { aspect: 1 }));
		expect(await second).toEqual(layoutMap(boxes, edges, { aspect: 3 }));
		expect(runner.busy).toBe(false);
		runner.destroy();
		expect(port.terminated).toBe(true);
	});

	it('rejects a job that failed in the worker, and goes on with the next', async () => {
		const port = new HeldPort();
		const runner = new LayoutRunner(() => port);
		const bad = runner.run({ kind: 'layout', boxes: null as never, edges, options: {} });
		const good = runner.run(job(1));
		port.answer(0);
		port.answer(1);
		await expect(bad).rejects.toThrow(/layout failed/);
		expect((await good).size).toBe(3);
		expect(runner.inWorker).toBe(true);
	});

	it('lays out on the page when the worker speaks nonsense or fails, with nothing lost', async () => {
		for (const fail of [
			(p: HeldPort) => p.emit('message', { id: 1, positions: [['t', 'x', 0]] }),
			(p: HeldPort) => p.emit('message', { id: 99, positions: [] }),
			(p: HeldPort) => p.emit('error'),
			(p: HeldPort) => p.emit('messageerror')
		]) {
			const port = new HeldPort();
			const runner = new LayoutRunner(() => port);
			const a = runner.run(job(1));
			const b = runner.run(job(2));
			fail(port);
			expect(port.terminated).toBe(true);
			expect(runner.inWorker).toBe(false);
			expect(await a).toEqual(layoutMap(boxes, edges, { aspect: 1 }));
			expect(await b).toEqual(layoutMap(boxes, edges, { aspect: 2 }));
			// A late answer of the dead worker changes nothing; later jobs run on the page.
			port.answer(0);
			expect(await runner.run(job(4))).toEqual(layoutMap(boxes, edges, { aspect: 4 }));
			expect(port.sent.length).toBe(2);
		}
	});

	it('runs on the page after the current task where there is no worker (Node)', async () => {
		const runner = new LayoutRunner();
		let done = false;
		const p = runner.run(job(1)).then((at) => ((done = true), at));
		expect(done).toBe(false);
		expect((await p).size).toBe(3);
		expect(runner.inWorker).toBe(false);
	});

	it('settles nothing after destroy', async () => {
		const port = new HeldPort();
		const runner = new LayoutRunner(() => port);
		let settled = false;
		void runner.run(job(1)).finally(() => (settled = true));
		runner.destroy();
		port.answer(0);
		await settledSoon();
		expect(settled).toBe(false);
		const none = new LayoutRunner();
		void none.run(job(1)).finally(() => (settled = true));
		none.destroy();
		await settledSoon();
		expect(settled).toBe(false);
	});
});

describe('a layout worker started ahead', () => {
	afterEach(() => vi.unstubAllGlobals());

	it('is taken by the next runner (warmed or at its first job); later runners start their own', async () => {
		// The page's Worker, as a port the test answers for (Node has none).
		const started: HeldPort[] = [];
		vi.stubGlobal(
			'Worker',
			class extends HeldPort {
				constructor() {
					super();
					started.push(this);
				}
			}
		);
		prestartLayoutWorker();
		prestartLayoutWorker();
		expect(started).toHaveLength(1);
		const first = new LayoutRunner();
		first.warm();
		expect(first.inWorker).toBe(true);
		expect(started).toHaveLength(1);
		const done = first.run(job(1.6));
		expect(started[0].sent).toHaveLength(1);
		started[0].answer(0);
		expect([...(await done).keys()].sort()).toEqual(['r', 't', 'x']);
		const second = new LayoutRunner();
		void second.run(job(1.6));
		expect(started).toHaveLength(2);
		expect(started[1].sent).toHaveLength(1);
		first.destroy();
		second.destroy();
	});
});
