/**
 * A worker of the pool (`pool.ts`): runs one job at a time from `jobs.ts` and posts its result.
 * An exception becomes an error reply; the pool terminates a worker that runs past its deadline.
 */
import { parentPort } from 'node:worker_threads';
import { JOBS, type JobKind } from './jobs';

export interface JobRequest {
	id: number;
	kind: JobKind;
	input: unknown;
}
export type JobReply =
	{ id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

parentPort?.on('message', async (request: JobRequest) => {
	let reply: JobReply;
	try {
		// A job may be async (a PDF is written as a stream); the worker still runs one at a time,
		// as the pool sends the next job only after this reply.
		const run = JOBS[request.kind] as (input: unknown) => unknown;
		reply = { id: request.id, ok: true, value: await run(request.input) };
	} catch (err) {
		reply = { id: request.id, ok: false, error: String((err as Error)?.message ?? err) };
	}
	parentPort!.postMessage(reply);
});
