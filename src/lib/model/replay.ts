/**
 * Rebuilding past moments of a map in the browser (issue 14's scrubber): segments of the stored
 * history, each a full state (a checkpoint, or the state right after a step) and the stored updates
 * of the steps after it, as `GET /api/maps/<id>/history/updates` hands them out. Any step a segment
 * covers is rebuilt as the nearest snapshot at or before it plus at most `every` updates; moving
 * forward from the moment last rebuilt applies only the updates in between.
 *
 * Invariants:
 * - A segment's snapshot k is the encoded state after its first k steps; snapshot 0 is its base.
 *   Segments from the same `fromSeq` are one checkpoint's rows, so the longer extends the shorter.
 *   Snapshots are taken at multiples of `every` as rebuilding passes them, so the cost of a moment
 *   is bounded by one state load plus `every` updates once its neighbourhood was visited.
 * - `docAt` returns the engine's own document: the caller reads it and never writes to it; it stays
 *   valid until the next `docAt` or `destroy`.
 * Plain TS over Yjs (no drawing, no fetching).
 */
import * as Y from 'yjs';

export interface ReplayStep {
	/** The log row's seq (the API's step number). */
	seq: number;
	update: Uint8Array;
}

export interface ReplaySegment {
	/** The step `base` is the state after (any seq from it up to the first step's gives the same). */
	fromSeq: number;
	base: Uint8Array;
	/** Oldest first, every seq > fromSeq, increasing, with no stored step of the map left out. */
	steps: ReplayStep[];
}

interface Held extends ReplaySegment {
	lastSeq: number;
	snapshots: Map<number, Uint8Array>;
}

/** Number of steps with seq <= `seq` (binary search over increasing seqs). */
function stepsUpTo(steps: readonly ReplayStep[], seq: number): number {
	let lo = 0;
	let hi = steps.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (steps[mid].seq <= seq) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

export class Replay {
	private readonly segments: Held[] = [];
	private cursor: { segment: Held; k: number; doc: Y.Doc } | null = null;

	/** `every`: steps between two snapshots (the most updates one rebuild applies after a visit). */
	constructor(readonly every = 25) {
		if (!(every >= 1)) throw new Error('every: at least 1');
	}

	/** Adds a segment; refuses one whose steps are not in increasing seq order after `fromSeq`. */
	add(segment: ReplaySegment): void {
		let prev = segment.fromSeq;
		for (const step of segment.steps) {
			if (!(step.seq > prev)) throw new Error(`steps out of order at seq ${step.seq}`);
			prev = step.seq;
		}
		// The same checkpoint asked for further: the longer answer replaces the shorter one in place
		// (same base, same first steps, so its snapshots and the cursor stay valid).
		const same = this.segments.find((s) => s.fromSeq === segment.fromSeq);
		if (same) {
			if (prev > same.lastSeq) {
				same.steps = segment.steps;
				same.lastSeq = prev;
			}
			return;
		}
		this.segments.push({
			...segment,
			lastSeq: prev,
			snapshots: new Map([[0, segment.base]])
		});
	}

	/** The segment that rebuilds `seq` with the fewest updates, or undefined. */
	private segmentFor(seq: number): Held | undefined {
		let best: Held | undefined;
		for (const s of this.segments)
			if (s.fromSeq <= seq && seq <= s.lastSeq && (!best || s.fromSeq > best.fromSeq)) best = s;
		return best;
	}

	/** Whether the map after step `seq` can be rebuilt from what was added. */
	covers(seq: number): boolean {
		return this.segmentFor(seq) !== undefined;
	}

	/** The map right after step `seq` (see the invariants), or null when no segment covers it. */
	docAt(seq: number): Y.Doc | null {
		const segment = this.segmentFor(seq);
		if (!segment) return null;
		const k = stepsUpTo(segment.steps, seq);
		let start = Math.floor(k / this.every) * this.every;
		while (!segment.snapshots.has(start)) start -= this.every;
		const c = this.cursor;
		if (c && c.segment === segment && c.k <= k && c.k >= start) {
			// Forward from the moment shown: only the updates in between.
			this.advance(c, k);
			return c.doc;
		}
		c?.doc.destroy();
		const doc = new Y.Doc();
		Y.applyUpdate(doc, segment.snapshots.get(start)!);
		const next = { segment, k: start, doc };
		this.cursor = next;
		this.advance(next, k);
		return doc;
	}

	/** Applies the cursor's segment's steps up to `k`, taking snapshots at multiples of `every`. */
	private advance(c: { segment: Held; k: number; doc: Y.Doc }, k: number): void {
		const { segment, doc } = c;
		while (c.k < k) {
			// One transaction per stretch between snapshots; a snapshot is encoded after its commit.
			const end = Math.min(k, (Math.floor(c.k / this.every) + 1) * this.every);
			doc.transact(() => {
				for (; c.k < end; c.k++) Y.applyUpdate(doc, segment.steps[c.k].update);
			});
			if (c.k % this.every === 0 && !segment.snapshots.has(c.k))
				segment.snapshots.set(c.k, Y.encodeStateAsUpdate(doc));
		}
	}

	destroy(): void {
		this.cursor?.doc.destroy();
		this.cursor = null;
		this.segments.length = 0;
	}
}
