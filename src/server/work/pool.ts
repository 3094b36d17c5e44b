/**
 * A small pool of worker threads for the server's heavy work (`jobs.ts`: exports, page previews,
 * imports), so that one large map never stalls every other request and socket. Reusable: a job is
 * a name and plain data in, plain data out.
 *
 * - `size` workers (WARRANT_WORKERS, default 1: on two cores, one is left for the event loop), each
 *   running one job at a time; at most `queueLimit` jobs wait, beyond that `run` rejects with
 *   `PoolBusy` (the HTTP layer answers 503).
 * - A job that runs past `timeoutMs` (or a worker that dies, e.g. out of its `heapMb`) rejects
 *   with `PoolFailure`, and the worker is replaced.
 * - Workers start on first use and are terminated by `close()`.
 */
import { Worker } from 'node:worker_threads';
import type { JobInput, JobKind, JobOutput } from './jobs';
import type { JobReply, JobRequest } from './worker';

export interface PoolOptions {
	size: number;
	queueLimit: number;
	timeoutMs: number;
	heapMb: number;
}

export class PoolBusy extends Error {
	name = 'PoolBusy';
}
export class PoolFailure extends Error {
	name = 'PoolFailure';
}

/**
 * The worker: the built module beside the server bundle (`dist/work-worker.js`), or, when this
 * file runs as TypeScript (vite dev, vitest, tsx), the source through tsx's loader registered in
 * the worker (a loader of the main thread does not reach workers on Node 20).
 */
function spawn(heapMb: number): Worker {
	const options = { resourceLimits: { maxOldGenerationSizeMb: heapMb } };
	const here = import.meta.url;
	if (!/\.ts(?:\?.*)?$/.test(here)) return new Worker(new URL('./work-worker.js', here), options);
	const source = new URL('./worker.ts', here).href;
	const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(source)}); });`;
	return new Worker(boot, { ...options, eval: true });
}

interface Job {
	request: JobRequest;
	resolve: (value: unknown) => void;
	reject: (err: Error) => void;
}

interface Slot {
	worker: Worker;
	job: Job | null;
	timer: NodeJS.Timeout | null;
}

export class WorkerPool {
	private readonly slots: Slot[] = [];
	private readonly queue: Job[] = [];
	private nextId = 1;
	private closed = false;

	constructor(private readonly opts: PoolOptions) {}

	run<K extends JobKind>(kind: K, input: JobInput<K>): Promise<JobOutput<K>> {
		if (this.closed) return Promise.reject(new PoolFailure('the server is shutting down'));
		return new Promise((resolve, reject) => {
			const job: Job = {
				request: { id: this.nextId++, kind, input },
				resolve: resolve as (value: unknown) => void,
				reject
			};
			const idle = this.idleSlot();
			if (idle) return this.start(idle, job);
			if (this.queue.length >= this.opts.queueLimit)
				return reject(new PoolBusy('the server is busy with other large maps; try again shortly'));
			this.queue.push(job);
		});
	}

	private idleSlot(): Slot | null {
		const idle = this.slots.find((s) => s.job === null);
		if (idle) return idle;
		if (this.slots.length < this.opts.size) {
			const slot: Slot = { worker: this.spawnFor(), job: null, timer: null };
			this.slots.push(slot);
			this.wire(slot);
			return slot;
		}
		return null;
	}

	private spawnFor(): Worker {
		const worker = spawn(this.opts.heapMb);
		worker.unref();
		return worker;
	}

	private wire(slot: Slot): void {
		const { worker } = slot;
		worker.on('message', (reply: JobReply) => {
			const job = slot.job;
			if (!job || job.request.id !== reply.id) return;
			this.finish(slot);
			if (reply.ok) job.resolve(reply.value);
			else job.reject(new PoolFailure(reply.error));
		});
		const fail = (why: string) => {
			const job = slot.job;
			this.replace(slot);
			job?.reject(new PoolFailure(why));
		};
		worker.on('error', (err) => fail(`the worker failed: ${err.message}`));
		worker.on('exit', (code) => {
			if (slot.worker === worker && !this.closed) fail(`the worker exited (${code})`);
		});
	}

	private start(slot: Slot, job: Job): void {
		slot.job = job;
		slot.timer = setTimeout(() => {
			const running = slot.job;
			this.replace(slot);
			running?.reject(new PoolFailure(`the work took longer than ${this.opts.timeoutMs} ms`));
		}, this.opts.timeoutMs);
		slot.timer.unref();
		slot.worker.postMessage(job.request);
	}

	/** The slot's job is done: start the next queued one. */
	private finish(slot: Slot): void {
		if (slot.timer) clearTimeout(slot.timer);
		slot.timer = null;
		slot.job = null;
		const next = this.queue.shift();
		if (next) this.start(slot, next);
	}

	/** Throws the slot's worker away (timed out or died) and puts a fresh one in its place. */
	private replace(slot: Slot): void {
		const old = slot.worker;
		if (slot.timer) clearTimeout(slot.timer);
		slot.timer = null;
		slot.job = null;
		slot.worker = this.spawnFor();
		this.wire(slot);
		void old.terminate();
		const next = this.queue.shift();
		if (next) this.start(slot, next);
	}

	async close(): Promise<void> {
		this.closed = true;
		for (const job of this.queue.splice(0))
			job.reject(new PoolFailure('the server is shutting down'));
		await Promise.all(
			this.slots.map((slot) => {
				slot.job?.reject(new PoolFailure('the server is shutting down'));
				if (slot.timer) clearTimeout(slot.timer);
				return slot.worker.terminate();
			})
		);
	}
}
