/**
 * The history panel's replay worker: holds the stretches of stored updates the panel fetched and
 * draws the moments it asks for (`replay-drawing.ts`), off the page's main thread, one request at a
 * time in the order they came.
 */
import { Replay } from '$lib/model/replay';
import { answerReplayRequest } from './replay-drawing';

const replay = new Replay(25);

self.onmessage = (e: MessageEvent) => {
	const reply = answerReplayRequest(replay, e.data);
	if (reply) self.postMessage(reply);
};
