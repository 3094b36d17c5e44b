import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FrameTask, afterFrames } from './frame';

/** Animation frames run only when the test flushes them. */
let frames = new Map<number, () => void>();
let next = 1;
const flush = () => {
	const run = [...frames.values()];
	frames = new Map();
	for (const f of run) f();
};

beforeEach(() => {
	frames = new Map();
	vi.stubGlobal('requestAnimationFrame', (f: () => void) => {
		frames.set(next, f);
		return next++;
	});
	vi.stubGlobal('cancelAnimationFrame', (id: number) => frames.delete(id));
});

afterEach(() => vi.unstubAllGlobals());

describe('FrameTask', () => {
	it('runs once at the next frame however often it was asked', () => {
		let runs = 0;
		const task = new FrameTask(() => runs++);
		task.schedule();
		task.schedule();
		expect(runs).toBe(0);
		flush();
		expect(runs).toBe(1);
		task.schedule();
		flush();
		expect(runs).toBe(2);
	});

	it('runs nothing once cancelled, until scheduled again', () => {
		let runs = 0;
		const task = new FrameTask(() => runs++);
		task.schedule();
		task.cancel();
		flush();
		expect(runs).toBe(0);
		task.schedule();
		flush();
		expect(runs).toBe(1);
	});
});

describe('afterFrames', () => {
	it('waits the given number of frames, and not at all once cancelled', () => {
		const seen: string[] = [];
		afterFrames(2, () => seen.push('two'));
		const cancel = afterFrames(1, () => seen.push('cancelled'));
		cancel();
		flush();
		expect(seen).toEqual([]);
		flush();
		expect(seen).toEqual(['two']);
		flush();
		expect(seen).toEqual(['two']);
	});
});
