/**
 * The history panel's steps, fetched page by page as the scrubber reaches them (the server pages
 * them: `GET /api/maps/<id>/history/steps`). Positions count from the oldest step history holds:
 * position p is the p-th step (0-based); the sessions say where each one starts, so a position far
 * from what is loaded is reached from its session's first step, not by walking every page before it.
 * Plain TS; the fetching is given.
 */
import type { HistorySession, HistoryStep, StepsPage } from './history-api';

/** Asks for the page of steps after `afterSeq` (oldest first, at most the server's page size). */
export type FetchAfter = (afterSeq: number) => Promise<StepsPage>;

export class StepPages {
	private readonly steps: Array<HistoryStep | undefined>;
	/** Position of each session's first step, with the seq just before it (its page cursor). */
	private readonly anchors: Array<{ pos: number; after: number }>;
	private chain: Promise<unknown> = Promise.resolve();

	constructor(
		readonly total: number,
		sessions: readonly HistorySession[],
		private readonly fetchAfter: FetchAfter
	) {
		this.steps = new Array<HistoryStep | undefined>(total);
		let pos = 0;
		this.anchors = [];
		for (const s of sessions) {
			this.anchors.push({ pos, after: s.firstSeq - 1 });
			pos += s.steps;
		}
	}

	/** The step at `pos` if it is loaded. */
	at(pos: number): HistoryStep | undefined {
		return this.steps[pos];
	}

	/** How many steps are loaded (for tests and the caption). */
	get loaded(): number {
		return this.steps.filter(Boolean).length;
	}

	/** Fills positions from `pos` on with a page that starts right after `after`. */
	private fill(pos: number, page: StepsPage): void {
		for (const [i, step] of page.steps.entries())
			if (pos + i < this.total) this.steps[pos + i] = step;
	}

	/**
	 * The step at `pos` (0 <= pos < total), fetching the pages up to it from the nearest loaded step
	 * or session start before it. Calls run one after another, so a page is never asked twice.
	 */
	get(pos: number): Promise<HistoryStep> {
		const run = this.chain.then(() => this.load(pos));
		this.chain = run.catch(() => undefined);
		return run;
	}

	private async load(pos: number): Promise<HistoryStep> {
		if (!(pos >= 0 && pos < this.total)) throw new Error(`no step at position ${pos}`);
		for (;;) {
			const have = this.steps[pos];
			if (have) return have;
			// Start from the closest known point before `pos`: a loaded step or a session's start.
			let start = 0;
			let after = 0;
			for (const a of this.anchors) if (a.pos <= pos && a.pos >= start) ({ pos: start, after } = a);
			for (let q = pos - 1; q >= start; q--) {
				const s = this.steps[q];
				if (s) {
					start = q + 1;
					after = s.seq;
					break;
				}
			}
			const page = await this.fetchAfter(after);
			if (page.steps.length === 0) throw new Error(`the history has no step at position ${pos}`);
			this.fill(start, page);
		}
	}
}
