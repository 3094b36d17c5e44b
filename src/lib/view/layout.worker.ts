/**
 * The editor's layout worker: runs `layoutMap` / `placeMissing` (through `runLayoutJob`) off the
 * page's main thread, one request at a time, in the order they came. Protocol and checks in
 * `$lib/drawing/layout-job.ts`; the page's side is `layout-runner.ts`.
 */
import { answerLayoutRequest } from '$lib/drawing/layout-job';

self.onmessage = (e: MessageEvent) => {
	self.postMessage(answerLayoutRequest(e.data));
};
