/**
 * The page's side of the layout worker (`layout.worker.ts`): runs layout jobs there, so that
 * laying out a large map never blocks the page, and settles each job's promise with its result.
 *
 * Where there is no Worker (Node: the unit tests), or the worker fails to start or answers with
 * something that is not an answer, jobs run on the page instead (`runLayoutJob`, the same code,
 * loaded then: `layout-engine.ts`), after the current task: slower for a large map, never wrong. A job that throws rejects its
 * promise with the error, wherever it ran.
 *
 * Invariant: after `destroy()` the worker is gone and no promise of this runner settles (its owner
 * is going away and must not be called back).
 */
import type { Point } from '$lib/drawing/geometry';
import {
	readLayoutReply,
	type LayoutJob,
	type LayoutPositions,
	type LayoutRequest
} from '$lib/drawing/layout-merge';
import { loadLayoutEngine, type RunLayoutJob } from './layout-engine';

/** The part of a Worker the runner uses (a real one, or a stand-in that speaks the protocol). */
export interface LayoutPort {
	postMessage(message: LayoutRequest): void;
	addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
	addEventListener(type: 'error' | 'messageerror', listener: (e: Event) => void): void;
	terminate(): void;
}

interface Pending {
	job: LayoutJob;
	resolve: (at: Map<string, Point>) => void;
	reject: (e: Error) => void;
}

/** A worker started before any runner wanted one (`prestartLayoutWorker`); the next runner takes it. */
let prestarted: LayoutPort | null = null;

/**
 * Starts the editor's worker now, for the next runner to take: Chromium starts a dedicated worker
 * only when the page's main thread is free, which it is not while a large map is read and first
 * drawn, so a worker asked for then began after that (traced: half a second and more under load).
 */
export function prestartLayoutWorker(): void {
	prestarted ??= newLayoutWorker();
}

/** The editor's worker (the one started ahead, if any), or null where the page cannot start one. */
export function startLayoutWorker(): LayoutPort | null {
	const ready = prestarted;
	prestarted = null;
	return ready ?? newLayoutWorker();
}

function newLayoutWorker(): LayoutPort | null {
	if (typeof Worker === 'undefined') return null;
	try {
		return new Worker(new URL('./layout.worker.ts', import.meta.url), {
			type: 'module',
			name: 'warrant-layout'
		});
	} catch {
		return null;
	}
}

const toMap = (rows: LayoutPositions) => new Map(rows.map(([id, x, y]) => [id, { x, y }] as const));

export class LayoutRunner {
	/** undefined: not started yet; null: none (or broken): jobs run on the page. */
	private port: LayoutPort | null | undefined;
	private nextId = 1;
	private readonly pending = new Map<number, Pending>();
	private destroyed = false;

	constructor(private readonly start: () => LayoutPort | null = startLayoutWorker) {}

	/** Whether jobs go to a worker (false before the first job, and where there is none). */
	get inWorker(): boolean {
		return Boolean(this.port);
	}

	/** Jobs sent and not yet answered. */
	get busy(): boolean {
		return this.pending.size > 0;
	}

	/**
	 * Starts the worker now (its scripts fetched and evaluated) rather than at the first job, so
	 * that a job known to come soon does not wait for that.
	 */
	warm(): void {
		if (!this.destroyed) this.connect();
	}

	/** Positions by node id for `job`, computed off the main thread where possible. */
	run(job: LayoutJob): Promise<Map<string, Point>> {
		return new Promise((resolve, reject) => {
			if (this.destroyed) return;
			const id = this.nextId++;
			this.pending.set(id, { job, resolve, reject });
			const port = this.connect();
			if (port) port.postMessage({ id, job });
			else this.runHere(id);
		});
	}

	destroy(): void {
		this.destroyed = true;
		this.pending.clear();
		this.port?.terminate();
		this.port = null;
	}

	private connect(): LayoutPort | null {
		if (this.port !== undefined) return this.port;
		const port = this.start();
		this.port = port;
		if (port) {
			port.addEventListener('message', (e: MessageEvent) => this.onMessage(port, e.data));
			port.addEventListener('error', () => this.broken(port));
			port.addEventListener('messageerror', () => this.broken(port));
		}
		return port;
	}

	private onMessage(port: LayoutPort, data: unknown): void {
		if (port !== this.port) return;
		const reply = readLayoutReply(data);
		if (!reply || !this.pending.has(reply.id)) return this.broken(port);
		const p = this.pending.get(reply.id)!;
		this.pending.delete(reply.id);
		if ('error' in reply) p.reject(new Error(`layout failed: ${reply.error}`));
		else p.resolve(reply.positions);
	}

	/** The worker failed (did not load, crashed, or spoke nonsense): the rest runs on the page. */
	private broken(port: LayoutPort): void {
		if (port !== this.port) return;
		port.terminate();
		this.port = null;
		for (const id of [...this.pending.keys()]) this.runHere(id);
	}

	private runHere(id: number): void {
		const run = (runLayoutJob: RunLayoutJob | null, loadError?: unknown) => {
			const p = this.pending.get(id);
			if (!p || this.destroyed) return;
			this.pending.delete(id);
			try {
				if (!runLayoutJob) throw loadError;
				p.resolve(toMap(runLayoutJob(p.job)));
			} catch (e) {
				p.reject(e instanceof Error ? e : new Error(String(e)));
			}
		};
		// After the current task (the engine's load, then a timer), like an answer from a worker:
		// callers never see a result early.
		loadLayoutEngine().then(
			(engine) => setTimeout(() => run(engine), 0),
			(err: unknown) => setTimeout(() => run(null, err), 0)
		);
	}
}
