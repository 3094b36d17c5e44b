/**
 * Finds a body of text repeated verbatim right after itself — the mark of a copy-and-paste done twice
 * (the seed essay holds its whole body twice, as lines 2 and 3) — so that intake can drop the repeat
 * and tell the user. Only repeats that cannot be legitimate are found:
 *
 * - the repeat follows the original with nothing but white space between them;
 * - the repeated block is at least MIN_REPEAT_CHARS long and holds prose (a line of at least
 *   MIN_PROSE_LINE characters), so a refrain, a repeated heading or a rule of dashes is kept;
 * - the unit is whole lines (a block of one or more lines repeated as the next lines, blank lines
 *   between them ignored), or one long line that is two copies of the same text side by side.
 *
 * Line comparison ignores white space at the ends of lines; everything else must match exactly.
 */

export const MIN_REPEAT_CHARS = 200;
export const MIN_PROSE_LINE = 100;
/** How many later copies of a line are tried as the start of its repeat (bounds the work to O(n)). */
const MAX_CANDIDATES = 64;

export interface Repeat {
	/** The original block, kept: [start, end) in the text. */
	original: { start: number; end: number; firstLine: number; lastLine: number };
	/** What is dropped: the white space after the original and the repeat, [start, end). */
	drop: { start: number; end: number; firstLine: number; lastLine: number };
	/** Characters in the repeated block itself (without the white space before it). */
	chars: number;
}

interface Line {
	text: string;
	start: number;
	end: number;
	/** 1-based line number in the text. */
	number: number;
}

function nonBlankLines(text: string): Line[] {
	const out: Line[] = [];
	const re = /[^\n]*/g;
	let number = 0;
	for (let m = re.exec(text); m; m = re.exec(text)) {
		number++;
		const raw = m[0];
		const lead = raw.length - raw.trimStart().length;
		const body = raw.trim();
		if (body)
			out.push({ text: body, start: m.index + lead, end: m.index + lead + body.length, number });
		if (m.index + raw.length >= text.length) break;
		re.lastIndex = m.index + raw.length + 1;
	}
	return out;
}

/** Lines [i, i+k) repeated as lines [i+k, i+2k)? */
function blockRepeats(lines: Line[], i: number, k: number): boolean {
	if (i + 2 * k > lines.length) return false;
	for (let j = 0; j < k; j++) if (lines[i + j].text !== lines[i + k + j].text) return false;
	return true;
}

/**
 * The repeat of lines [i, i+k) as the next k lines, if the block is long enough and holds prose.
 * Both conditions are checked in O(1) (`prose` counts prose lines before each index) before any
 * text is compared, so runs of short identical lines cost next to nothing.
 */
function lineRepeat(lines: Line[], prose: number[], i: number, k: number): Repeat | null {
	if (i + 2 * k > lines.length) return null;
	const first = lines[i];
	const last = lines[i + k - 1];
	if (last.end - first.start < MIN_REPEAT_CHARS || prose[i + k] - prose[i] === 0) return null;
	if (!blockRepeats(lines, i, k)) return null;
	const copyFirst = lines[i + k];
	const copyLast = lines[i + 2 * k - 1];
	return {
		original: { start: first.start, end: last.end, firstLine: first.number, lastLine: last.number },
		drop: {
			start: last.end,
			end: copyLast.end,
			firstLine: copyFirst.number,
			lastLine: copyLast.number
		},
		chars: copyLast.end - copyFirst.start
	};
}

/** One line that is the same text twice, separated by white space: "X X". */
function withinLineRepeat(line: Line): Repeat | null {
	const s = line.text;
	for (let gap = 1; gap <= 8 && gap < s.length; gap++) {
		if ((s.length - gap) % 2 !== 0) continue;
		const half = (s.length - gap) / 2;
		if (half < MIN_REPEAT_CHARS || half < MIN_PROSE_LINE) break;
		if (s.slice(half, half + gap).trim() !== '') continue;
		if (s.slice(0, half) !== s.slice(half + gap)) continue;
		const at = { firstLine: line.number, lastLine: line.number };
		return {
			original: { start: line.start, end: line.start + half, ...at },
			drop: { start: line.start + half, end: line.end, ...at },
			chars: half
		};
	}
	return null;
}

/** All verbatim repeats in the text, in text order, none overlapping. */
export function findRepeats(text: string): Repeat[] {
	const lines = nonBlankLines(text);
	const prose = [0];
	lines.forEach((l, i) => prose.push(prose[i] + (l.text.length >= MIN_PROSE_LINE ? 1 : 0)));
	// For each line, the indices of the lines with the same text, and its own place in that list.
	const copies = new Map<string, number[]>();
	const place = lines.map((l, i) => {
		const list = copies.get(l.text) ?? [];
		copies.set(l.text, list);
		return list.push(i) - 1;
	});
	const out: Repeat[] = [];
	for (let i = 0; i < lines.length;) {
		let found: { repeat: Repeat; k: number } | null = null;
		const later = copies.get(lines[i].text)!.slice(place[i] + 1, place[i] + 1 + MAX_CANDIDATES);
		for (const j of later) {
			const repeat = lineRepeat(lines, prose, i, j - i);
			if (repeat) {
				found = { repeat, k: j - i };
				break;
			}
		}
		if (!found) {
			const inLine = withinLineRepeat(lines[i]);
			if (inLine) out.push(inLine);
			i++;
			continue;
		}
		out.push(found.repeat);
		// A block pasted three times is two repeats of the same original: keep dropping copies.
		let next = i + 2 * found.k;
		let more = lineRepeat(lines, prose, next - found.k, found.k);
		while (more) {
			out.push(more);
			next += found.k;
			more = lineRepeat(lines, prose, next - found.k, found.k);
		}
		i = next;
	}
	return out;
}

/** The text without its repeats, and the repeats that were dropped. */
export function dropRepeats(text: string): { text: string; repeats: Repeat[] } {
	const repeats = findRepeats(text);
	let kept = '';
	let at = 0;
	for (const r of repeats) {
		kept += text.slice(at, r.drop.start);
		at = r.drop.end;
	}
	return { text: kept + text.slice(at), repeats };
}

const lineSpan = (a: number, b: number) => (a === b ? `line ${a}` : `lines ${a}–${b}`);

/** A sentence for the user about one dropped repeat. */
export function describeRepeat(r: Repeat): string {
	const chars = r.chars.toLocaleString('en-US');
	const where =
		r.original.firstLine === r.drop.firstLine
			? `${lineSpan(r.original.firstLine, r.original.lastLine)} held the same text twice`
			: `${lineSpan(r.original.firstLine, r.original.lastLine)} repeated as ${lineSpan(r.drop.firstLine, r.drop.lastLine)}`;
	return `The text contained a verbatim repeat of ${chars} characters (${where}); the repeat was dropped.`;
}
