/**
 * Finds a source text's paragraphs. Two conventions exist in the text people paste or upload, and
 * the text itself says which one it follows:
 *
 * - **Block mode** (the text has at least one blank line): paragraphs are separated by blank lines,
 *   and a single line break inside a paragraph is a soft wrap (as in Markdown and hard-wrapped .txt
 *   files). A Markdown heading or list item still starts a paragraph of its own.
 * - **Line mode** (no blank line anywhere): every non-empty line is a paragraph — the shape of text
 *   copied from a web page or a word processor, one paragraph per line.
 *
 * A paragraph's range leaves out surrounding white space and a leading block marker (`# `, `- `,
 * `* `, `+ `, `1. `, `> `), so the first sentence of a heading is its words. The markers stay in the
 * source text: offsets always point into the text exactly as the user supplied it.
 *
 * Invariant: ranges are ordered, disjoint, non-empty, and start and end on non-white-space.
 */

export interface Range {
	start: number;
	end: number;
}

const BLANK_LINE = /\n[ \t\f\v]*\n/;
/** A line that starts a Markdown block of its own, even without a blank line before it. */
const BLOCK_START = /^[ \t]{0,3}(?:#{1,6}[ \t]|[-*+][ \t]|\d{1,3}[.)][ \t])/;
/** Leading block markers (possibly nested, e.g. `> - `) that are not part of the paragraph's words. */
const MARKER = /^(?:[ \t]*(?:#{1,6}|[-*+]|\d{1,3}[.)]|>)[ \t]+)+/;

interface Line extends Range {
	blank: boolean;
}

function lines(text: string): Line[] {
	const out: Line[] = [];
	let start = 0;
	for (;;) {
		const nl = text.indexOf('\n', start);
		const end = nl === -1 ? text.length : nl;
		// A '\r' before '\n' belongs to the break, not to the line.
		const contentEnd = end > start && text[end - 1] === '\r' ? end - 1 : end;
		out.push({ start, end: contentEnd, blank: text.slice(start, contentEnd).trim() === '' });
		if (nl === -1) return out;
		start = nl + 1;
	}
}

/** Shrinks a range to its content: no surrounding white space, no leading block marker. */
function content(text: string, start: number, end: number): Range | null {
	const marker = MARKER.exec(text.slice(start, end));
	if (marker) start += marker[0].length;
	while (start < end && /\s/.test(text[start])) start++;
	while (end > start && /\s/.test(text[end - 1])) end--;
	return end > start ? { start, end } : null;
}

export function paragraphRanges(text: string): Range[] {
	const all = lines(text);
	const blockMode = BLANK_LINE.test(text.replace(/\r/g, ''));
	const out: Range[] = [];
	let open: Range | null = null;
	const close = () => {
		const r = open && content(text, open.start, open.end);
		if (r) out.push(r);
		open = null;
	};
	for (const line of all) {
		if (line.blank) {
			close();
			continue;
		}
		const startsBlock = !blockMode || BLOCK_START.test(text.slice(line.start, line.end));
		if (open && !startsBlock) open.end = line.end;
		else {
			close();
			open = { start: line.start, end: line.end };
		}
	}
	close();
	return out;
}
