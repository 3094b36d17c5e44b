/**
 * The layout engine on the page (`runLayoutJob`, with dagre: about 18 KB gzip), loaded only when the
 * page lays out itself: a small fold arrangement (`FoldView`, at most `ARRANGE_ON_PAGE_MAX` nodes),
 * or every job where there is no layout worker (`LayoutRunner`). Everything else is laid out in the
 * worker, which has its own copy, so a map that opens unfolded never loads it on the page.
 *
 * `preloadLayoutEngine` starts the load early for a map that will open folded, so that its first
 * arrangement is there when the map is first drawn (`layoutEngineNow` then gives it at once).
 */
import type { runLayoutJob } from '$lib/drawing/layout-job';

export type RunLayoutJob = typeof runLayoutJob;

let engine: RunLayoutJob | null = null;
let loading: Promise<RunLayoutJob> | null = null;

/** The engine, once loaded (null before). */
export function layoutEngineNow(): RunLayoutJob | null {
	return engine;
}

/** Loads the engine once; a failed load (offline, a new deployment) is tried again next time. */
export function loadLayoutEngine(): Promise<RunLayoutJob> {
	loading ??= import('$lib/drawing/layout-job').then(
		(m) => (engine = m.runLayoutJob),
		(err: unknown) => {
			loading = null;
			throw err;
		}
	);
	return loading;
}

/** Starts loading the engine without waiting for it (a failure is seen by the next `load`). */
export function preloadLayoutEngine(): void {
	loadLayoutEngine().catch(() => {});
}

/**
 * `preloadLayoutEngine` once the page is next idle (a first view drawn without the engine: the
 * next fold or unfold then finds it there).
 */
export function preloadLayoutEngineWhenIdle(): void {
	if (engine || loading) return;
	if (typeof requestIdleCallback === 'function')
		requestIdleCallback(() => preloadLayoutEngine(), { timeout: 5000 });
	else setTimeout(preloadLayoutEngine, 500);
}
