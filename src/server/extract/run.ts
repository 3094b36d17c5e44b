/**
 * Extraction on the main thread's side: checks the bytes against the declared type, reads plain
 * text itself (cheap, bounded), and hands PDF, HTML and DOCX to a worker thread with a memory
 * limit and a deadline — on overrun the worker is terminated and the file refused, and the server
 * goes on. At most EXTRACT_WORKERS files are read at once; a few more wait; beyond that, 503.
 *
 * Workers are not pooled with the server's other work (src/server/work/): their files come from
 * anywhere, so a worker that failed on one is thrown away rather than trusted again, and one slow
 * PDF must not hold up exports or page previews. One idle worker is kept warm (`takeWorker`).
 */
import { Worker } from 'node:worker_threads';
import { inspectText } from '$lib/text/inspect';
import type { Extracted } from '$lib/api/wire';
import { MAX_SOURCE_CHARS } from '$lib/text/text-limits';
import { paragraphRanges } from '$lib/text/paragraph-ranges';
import { mismatch } from './sniff';
import { ExtractError, type ExtractKind, type Reading } from './types';
import type { WorkerReply, WorkerRequest } from './worker';

export { ExtractError } from './types';

/** Largest file accepted (413 above it): a long scanned-and-OCRed book is about this size. */
export const MAX_EXTRACT_BYTES = 50 * 1024 * 1024;
/** Files read at once (the machine's cores); more wait in a queue of EXTRACT_QUEUE. */
export const EXTRACT_WORKERS = 2;
export const EXTRACT_QUEUE = 16;

export interface ExtractLimits {
	/** A reading that takes longer is stopped and the file refused. */
	timeoutMs: number;
	/** The worker's heap (V8 old generation); a file that needs more is refused. */
	heapMb: number;
}

export const DEFAULT_EXTRACT_LIMITS: ExtractLimits = { timeoutMs: 30_000, heapMb: 512 };

/** WARRANT_EXTRACT_TIMEOUT_MS and WARRANT_EXTRACT_HEAP_MB override the defaults (tests shorten them). */
export function extractLimitsFromEnv(env: NodeJS.ProcessEnv): ExtractLimits {
	const int = (name: string, fallback: number) => {
		const raw = env[name];
		if (raw === undefined || raw === '') return fallback;
		const value = Number(raw);
		if (!Number.isInteger(value) || value < 1)
			throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
		return value;
	};
	return {
		timeoutMs: int('WARRANT_EXTRACT_TIMEOUT_MS', DEFAULT_EXTRACT_LIMITS.timeoutMs),
		heapMb: int('WARRANT_EXTRACT_HEAP_MB', DEFAULT_EXTRACT_LIMITS.heapMb)
	};
}

/**
 * The worker: the built module beside the server bundle, or — when this file runs as TypeScript
 * (`vite dev`, vitest, tsx scripts) — the source, loaded through tsx's loader registered inside
 * the worker (a loader of the main thread does not reach workers on Node 20).
 */
function newWorker(options: ConstructorParameters<typeof Worker>[1]): Worker {
	const here = import.meta.url;
	if (!/\.ts(?:\?.*)?$/.test(here))
		return new Worker(new URL('./extract-worker.js', here), options);
	const source = new URL('./worker.ts', here).href;
	const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(source)}); });`;
	return new Worker(boot, { ...options, eval: true });
}

let running = 0;
const waiting: (() => void)[] = [];

async function slot(): Promise<() => void> {
	if (running >= EXTRACT_WORKERS) {
		if (waiting.length >= EXTRACT_QUEUE)
			throw new ExtractBusy('the server is reading too many files at once; try again in a minute');
		await new Promise<void>((resolve) => waiting.push(resolve));
	} else running++;
	return () => {
		const next = waiting.shift();
		if (next) next();
		else running--;
	};
}

/** Too many files at once (503): nothing is wrong with this one. */
export class ExtractBusy extends Error {}

/** A worker retires after this many files: whatever a library caches does not grow for ever. */
export const MAX_FILES_PER_WORKER = 50;

/**
 * The idle worker, if any: kept after it read a file successfully, or started ahead (its readers
 * loaded) after a worker was thrown away. A file then waits neither for a thread to start and
 * pdf.js, linkedom and mammoth to load, nor (when kept) for their code to be compiled again — most
 * of a request's time otherwise (see bench/extract.bench.ts). A worker that failed, ran past its
 * deadline or out of memory is never reused. Idle workers are unref'd: they never keep the process
 * alive.
 */
let idle: { worker: Worker; heapMb: number; files: number; drop: () => void } | null = null;

/**
 * Takes the idle worker out of `idle`. Only listeners of our own are removed, by reference: a
 * Worker's `removeAllListeners()` also stops its messages from arriving (Node 20).
 */
function release(): { worker: Worker; heapMb: number; files: number } | null {
	const held = idle;
	idle = null;
	if (!held) return null;
	held.worker.off('error', held.drop);
	held.worker.off('exit', held.drop);
	return held;
}

function startWorker(heapMb: number): Worker {
	const worker = newWorker({
		resourceLimits: {
			maxOldGenerationSizeMb: heapMb,
			maxYoungGenerationSizeMb: 32,
			stackSizeMb: 4
		},
		workerData: { preload: true },
		stdout: true,
		stderr: true
	});
	// The readers' own console output is not the server's log: read and dropped.
	worker.stdout.resume();
	worker.stderr.resume();
	worker.unref();
	return worker;
}

/** Makes `worker` the idle one (replacing one that has read fewer files). */
function keepIdle(worker: Worker, heapMb: number, files: number): void {
	if (idle && idle.files >= files) {
		void worker.terminate();
		return;
	}
	const previous = release();
	if (previous) void previous.worker.terminate();
	const drop = () => {
		if (idle?.worker === worker) release();
	};
	worker.on('error', drop);
	worker.on('exit', drop);
	idle = { worker, heapMb, files, drop };
}

/** The idle worker if it fits, else a fresh one. */
function takeWorker(heapMb: number): { worker: Worker; files: number } {
	const held = release();
	let taken: { worker: Worker; files: number };
	if (held && held.heapMb === heapMb) taken = { worker: held.worker, files: held.files };
	else {
		if (held) void held.worker.terminate();
		taken = { worker: startWorker(heapMb), files: 0 };
	}
	return taken;
}

function inWorker(request: WorkerRequest, limits: ExtractLimits): Promise<Reading> {
	return new Promise((resolve, reject) => {
		const { worker, files } = takeWorker(limits.heapMb);
		let settled = false;
		const settle = (fn: () => void, reusable = false) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			worker.off('message', onMessage);
			worker.off('error', onError);
			worker.off('exit', onExit);
			fn();
			if (reusable && files + 1 < MAX_FILES_PER_WORKER) keepIdle(worker, limits.heapMb, files + 1);
			else {
				void worker.terminate();
				// The next file need not wait for a thread and its readers: a spare starts now.
				if (!idle) keepIdle(startWorker(limits.heapMb), limits.heapMb, 0);
			}
		};
		const timer = setTimeout(
			() =>
				settle(() =>
					reject(
						new ExtractError(
							422,
							`reading it took longer than ${Math.round(limits.timeoutMs / 1000)} s and was stopped`
						)
					)
				),
			limits.timeoutMs
		);
		const onMessage = (reply: WorkerReply) =>
			settle(
				() =>
					reply.ok ? resolve(reply.reading) : reject(new ExtractError(reply.status, reply.error)),
				reply.ok
			);
		const onError = (err: Error & { code?: string }) =>
			settle(() =>
				reject(
					new ExtractError(
						422,
						err.code === 'ERR_WORKER_OUT_OF_MEMORY'
							? `reading it needed more than ${limits.heapMb} MB of memory and was stopped`
							: `it could not be read (${err.message.slice(0, 200)})`
					)
				)
			);
		const onExit = (code: number) =>
			settle(() =>
				reject(new ExtractError(422, `it could not be read (the reader stopped with ${code})`))
			);
		worker.on('message', onMessage);
		worker.on('error', onError);
		worker.on('exit', onExit);
		worker.postMessage(request, [request.bytes.buffer as ArrayBuffer]);
	});
}

const tooLong = (chars: number) =>
	new ExtractError(
		422,
		`its text is ${chars.toLocaleString('en-US')} characters; a map's source holds at most ${MAX_SOURCE_CHARS.toLocaleString('en-US')}`
	);

/** Plain text: UTF-8 (or UTF-16 with a byte-order mark), paragraphs as "New map" finds them. */
function readText(bytes: Uint8Array): Reading {
	const encoding =
		bytes[0] === 0xff && bytes[1] === 0xfe
			? 'utf-16le'
			: bytes[0] === 0xfe && bytes[1] === 0xff
				? 'utf-16be'
				: 'utf-8';
	let text: string;
	try {
		text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
	} catch {
		throw new ExtractError(422, `it is not valid ${encoding.toUpperCase()} text; save it as UTF-8`);
	}
	// Checked first: the rest runs on the event loop, and a map's source cannot be longer anyway.
	if (text.length > MAX_SOURCE_CHARS) throw tooLong(text.length);
	const { problem } = inspectText(text);
	if (problem) throw new ExtractError(415, problem);
	const paragraphs = paragraphRanges(text).map((r) =>
		text.slice(r.start, r.end).replace(/\s+/g, ' ')
	);
	return { title: null, author: null, date: null, lang: null, paragraphs, warnings: [] };
}

/**
 * Reads `bytes` declared as `kind`. Throws ExtractError (the problem, without the file's name: the
 * caller names the file) or ExtractBusy.
 */
export async function extract(
	bytes: Uint8Array,
	kind: ExtractKind,
	limits: ExtractLimits = DEFAULT_EXTRACT_LIMITS
): Promise<Extracted> {
	const wrong = mismatch(kind, bytes);
	if (wrong) throw new ExtractError(415, wrong);
	let reading: Reading;
	if (kind === 'text') reading = readText(bytes);
	else {
		const release = await slot();
		try {
			// The worker gets its own copy: the transfer detaches it from the caller's buffer.
			reading = await inWorker({ kind, bytes: bytes.slice() }, limits);
		} finally {
			release();
		}
	}
	const paragraphs = reading.paragraphs.map((p) => p.normalize('NFC'));
	const text = paragraphs.join('\n\n');
	if (!text.trim()) throw new ExtractError(422, 'it has no text');
	if (text.length > MAX_SOURCE_CHARS) throw tooLong(text.length);
	const { problem } = inspectText(text);
	if (problem) throw new ExtractError(422, problem);
	return { ...reading, paragraphs, text };
}
