/**
 * The extraction worker: reads a file at a time and posts its reading, or the reason it cannot. It
 * runs in a worker thread with memory limits and is terminated when it takes too long or fails
 * (`run.ts`), so no
 * file — a ZIP bomb, a PDF built to make pdf.js spin, HTML nested a million deep — can take the
 * server with it. Self-contained: it imports only this folder and the reading libraries.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ExtractError, type Reading } from './types';

export interface WorkerRequest {
	kind: 'pdf' | 'html' | 'docx';
	bytes: Uint8Array;
}

export type WorkerReply =
	{ ok: true; reading: Reading } | { ok: false; status: 415 | 422; error: string };

/** Loads only the reader the file needs: pdf.js alone takes longer to load than most web pages to read. */
async function read(request: WorkerRequest): Promise<Reading> {
	switch (request.kind) {
		case 'pdf':
			return (await import('./pdf')).readPdf(request.bytes);
		case 'html':
			return (await import('./html')).readHtml(request.bytes);
		case 'docx':
			return (await import('./docx')).readDocx(request.bytes);
	}
}

// A spare worker loads its readers while it waits for a file (see `takeWorker` in run.ts).
if ((workerData as { preload?: boolean } | null)?.preload)
	void Promise.all([import('./pdf'), import('./html'), import('./docx')]).catch(() => undefined);

parentPort?.on('message', (request: WorkerRequest) => {
	read(request).then(
		(reading) => parentPort!.postMessage({ ok: true, reading } satisfies WorkerReply),
		(err: unknown) => {
			const reply: WorkerReply =
				err instanceof ExtractError
					? { ok: false, status: err.status, error: err.message }
					: {
							ok: false,
							status: 422,
							error: `it could not be read (${err instanceof RangeError ? 'it is nested too deeply' : String((err as Error)?.message ?? err).slice(0, 200)})`
						};
			parentPort!.postMessage(reply);
		}
	);
});
