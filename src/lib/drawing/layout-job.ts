/**
 * Running a layout job (`layout-merge.ts` says what one is): the worker, the editor's on-page
 * fallback and the specs all call `runLayoutJob`, so a layout in a worker is exactly `layoutMap`
 * (or `placeMissing`) in the page. The page loads this module (and dagre with it) only when it lays
 * out itself (`view/layout-engine.ts`). The job's types and the merge rules are re-exported here.
 */
import { layoutMap } from './layout-map';
import { placeMissing } from './placement';
import type { LayoutJob, LayoutPositions, LayoutRequest } from './layout-merge';

export * from './layout-merge';

export function runLayoutJob(job: LayoutJob): LayoutPositions {
	const at =
		job.kind === 'layout'
			? layoutMap(job.boxes, job.edges, job.options)
			: placeMissing(job.boxes, job.edges, job.fallback);
	const out: LayoutPositions = [];
	for (const [id, p] of at) out.push([id, p.x, p.y]);
	return out;
}

/**
 * The worker's side of the protocol: one request in, one answer out, never a throw (a job that
 * fails answers with its error, so the page's promise settles). A request that is not one is
 * answered with id -1, which the page reads as a broken worker.
 */
export function answerLayoutRequest(
	data: unknown
): { id: number; positions: LayoutPositions } | { id: number; error: string } {
	const d = (typeof data === 'object' && data !== null ? data : {}) as Partial<LayoutRequest>;
	const id = typeof d.id === 'number' && Number.isInteger(d.id) ? d.id : -1;
	const job = d.job;
	if (id < 0 || !job || (job.kind !== 'layout' && job.kind !== 'place'))
		return { id: -1, error: 'not a layout request' };
	try {
		return { id, positions: runLayoutJob(job) };
	} catch (e) {
		return { id, error: e instanceof Error ? e.message : String(e) };
	}
}
