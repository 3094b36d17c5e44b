import { describe, expect, it } from 'vitest';
import { layoutEngineNow, loadLayoutEngine, preloadLayoutEngine } from './layout-engine';
import { runLayoutJob } from '$lib/drawing/layout-job';

describe('the layout engine on the page', () => {
	it('is not there until loaded, then is runLayoutJob itself, loaded once', async () => {
		expect(layoutEngineNow()).toBeNull();
		const first = loadLayoutEngine();
		preloadLayoutEngine();
		expect(loadLayoutEngine()).toBe(first);
		expect(await first).toBe(runLayoutJob);
		expect(layoutEngineNow()).toBe(runLayoutJob);
		// What it runs is the shared layout: the same positions as the worker's.
		const job = {
			kind: 'layout' as const,
			boxes: [
				{ id: 'a', w: 100, h: 40 },
				{ id: 'b', w: 100, h: 40 }
			],
			edges: [{ id: 'e', from: 'b', to: 'a', relation: 'supports' as const }],
			options: {}
		};
		expect(layoutEngineNow()!(job)).toEqual(runLayoutJob(job));
	});
});
