/**
 * Applies a Y.Text change made by someone else to the string shown in a textarea, keeping the local
 * caret and selection on the same characters. Text inserted exactly at the caret goes after it, so
 * a peer typing at the same spot does not push the local caret along.
 */
export type Delta = Array<{ insert?: unknown; delete?: number; retain?: number }>;

export interface Selection {
	start: number;
	end: number;
}

export function applyDelta(
	value: string,
	delta: Delta,
	sel: Selection
): { value: string; selection: Selection } {
	let str = value;
	let cur = 0; // position in `str`, which is transformed op by op
	let { start, end } = sel;
	for (const op of delta) {
		if (op.retain) cur += op.retain;
		else if (op.delete) {
			const n = op.delete;
			const move = (p: number) => (p >= cur + n ? p - n : p > cur ? cur : p);
			start = move(start);
			end = move(end);
			str = str.slice(0, cur) + str.slice(cur + n);
		} else if (typeof op.insert === 'string') {
			const n = op.insert.length;
			if (start > cur) start += n;
			if (end > cur) end += n;
			str = str.slice(0, cur) + op.insert + str.slice(cur);
			cur += n;
		}
	}
	return { value: str, selection: { start, end } };
}
