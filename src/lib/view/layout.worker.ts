/**
 * The editor's layout worker: runs `layoutMap` / `placeMissing` (through `runLayoutJob`) off the
 * page's main thread; a whole-map layout of a large map goes to ELK instead (`layout-elk.ts`, which
 * says when and why), loaded here on the first such map so that no other map pays for it. Answers
 * carry their request's id (the page matches them; they may come back out of order). Protocol and
 * checks in `$lib/drawing/layout-job.ts`; the page's side is `layout-runner.ts`.
 */
import type { ELK } from 'elkjs/lib/elk-api';
import { answerLayoutRequestElk } from '$lib/drawing/layout-elk';

const answer = async (e: MessageEvent): Promise<void> => {
	self.postMessage(await answerLayoutRequestElk(e.data, loadElk));
};

let elk: Promise<ELK> | null = null;
function loadElk(): Promise<ELK> {
	elk ??= import('elkjs/lib/elk.bundled.js').then(({ default: Elk }) => {
		// Evaluated in a worker, elkjs makes the worker ELK's own: it sets `self.onmessage` to its
		// dispatcher (which ignores our requests). ELK runs in this thread here; drop it.
		self.onmessage = null;
		return new Elk();
	});
	return elk;
}

// A listener, not `onmessage`, which elkjs overwrites while it loads (a request arriving then
// would otherwise go unanswered).
self.addEventListener('message', (e) => void answer(e));
