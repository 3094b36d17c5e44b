/**
 * Drawing a moment rebuilt in the browser (`$lib/model/replay.ts`): its SVG (the export's drawing
 * rules) and what the essay pane's coverage needs. Runs in the history panel's worker
 * (`replay.worker.ts`) so that drawing never holds the page's frames, or on the page where there is
 * no worker. Plain TS; the protocol between the two sides is declared here once.
 */
import { exportToSvg } from '$lib/drawing/svg';
import { readMap } from '$lib/model/read';
import type { Replay, ReplaySegment } from '$lib/model/replay';
import type { NodeRecord, Sentence } from '$lib/model/schema';

export interface DrawnMoment {
	svg: string;
	sentences: Sentence[];
	nodes: NodeRecord[];
}

export type ReplayRequest =
	{ type: 'add'; segment: ReplaySegment } | { type: 'draw'; id: number; seq: number };
/** The answer to a `draw` (null: the moment could not be rebuilt there). */
export interface ReplayReply {
	id: number;
	drawn: DrawnMoment | null;
}

/** The map right after step `seq`, drawn; null when `replay` does not cover it. */
export function drawMoment(replay: Replay, seq: number): DrawnMoment | null {
	const doc = replay.docAt(seq);
	if (!doc) return null;
	const view = readMap(doc);
	const svg = exportToSvg(view, { legend: false, padding: 24 });
	return { svg, sentences: view.sentences, nodes: view.nodes };
}

/** One request on the worker's side: `add` answers nothing, `draw` its reply. Never throws. */
export function answerReplayRequest(replay: Replay, request: ReplayRequest): ReplayReply | null {
	if (request.type === 'add') {
		try {
			replay.add(request.segment);
		} catch {
			// A segment out of order is left out: its moments are drawn by the server.
		}
		return null;
	}
	try {
		return { id: request.id, drawn: drawMoment(replay, request.seq) };
	} catch {
		return { id: request.id, drawn: null };
	}
}
