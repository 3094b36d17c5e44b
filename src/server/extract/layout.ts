/**
 * Rebuilds a document's paragraphs from positioned text runs (a PDF's text layer): pure geometry and
 * text rules, with no PDF library in sight, so every rule is tested on tables of cases.
 *
 * The steps, per document:
 * 1. runs → lines: consecutive runs on one baseline, close together, are one line (a space goes in
 *    where the gap between them is wider than a fifth of the font size and neither side has one);
 * 2. running headers and footers go: a line in the top or bottom band of a page whose text, with
 *    its digits masked, is in the same band on at least half the pages (and on two at least); a line
 *    there that is only a page number ("7", "Page 7", "7 / 30", "vii") goes on any page;
 * 3. reading order: lines that cross no column gutter (headings, one-column text) are read top down;
 *    between two of them, the lines of each column are read column by column, left to right (see
 *    `gutters` for what makes a column);
 * 4. paragraphs: within a column, a paragraph ends at a gap wider than the usual line spacing (in
 *    ems, so a heading's leading compares with the text's), at a change of font size, before an
 *    indented first line, or after a line broken early (the next line's first word would have fit
 *    on it); across columns and pages, a paragraph goes on unless its last line was broken early;
 * 5. a word hyphenated at a line end is joined (see `joinHyphenated`).
 *
 * Invariant: every output paragraph is non-empty, has no line breaks and no leading or trailing
 * white space; the runs' characters appear in the output in reading order, less the dropped lines
 * and the hyphens removed by step 5.
 */

/** One piece of text at a position, as a PDF's text layer gives it (y grows downwards). */
export interface TextRun {
	text: string;
	/** Left edge. */
	x: number;
	/** Baseline, from the top of the page. */
	y: number;
	width: number;
	/** Font size (the height of an em). */
	size: number;
}

export interface PageRuns {
	width: number;
	height: number;
	runs: TextRun[];
}

export interface Line {
	text: string;
	x0: number;
	x1: number;
	/** Baseline. */
	y: number;
	size: number;
	page: number;
}

export interface Rebuilt {
	paragraphs: string[];
	/** Lines dropped as running headers or footers. */
	droppedRunning: number;
	/** Lines dropped as page numbers. */
	droppedPageNumbers: number;
	/** Words joined across a line-end hyphen. */
	hyphenJoins: number;
	/** The largest font size of each paragraph (a title is set larger than the text). */
	sizes: number[];
}

/** The top and bottom share of a page where running headers, footers and page numbers live. */
export const BAND = 0.12;

const percentile = (values: number[], p: number): number => {
	if (values.length === 0) return 0;
	const sorted = values.toSorted((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
};
const median = (values: number[]): number => percentile(values, 0.5);

const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);

/** Step 1: runs in content order → lines. Empty runs (pdf.js marks line ends with them) are skipped. */
export function linesOf(runs: TextRun[], page = 0): Line[] {
	const lines: Line[] = [];
	let open: Line | null = null;
	for (const run of runs) {
		if (run.text === '' || run.size <= 0) continue;
		if (open) {
			const gap = run.x - open.x1;
			const sameLine =
				Math.abs(run.y - open.y) < 0.4 * Math.max(run.size, open.size) &&
				gap > -0.5 * run.size &&
				gap < 1.5 * Math.max(run.size, open.size);
			if (sameLine) {
				const needsSpace =
					gap > 0.2 * run.size && !isSpace(open.text.at(-1)) && !isSpace(run.text[0]);
				open.text += (needsSpace ? ' ' : '') + run.text;
				open.x1 = Math.max(open.x1, run.x + run.width);
				open.size = Math.max(open.size, run.size);
				continue;
			}
		}
		open = { text: run.text, x0: run.x, x1: run.x + run.width, y: run.y, size: run.size, page };
		lines.push(open);
	}
	for (const line of lines) line.text = line.text.replace(/\s+/g, ' ').trim();
	return lines.filter((line) => line.text !== '');
}

/** A line that is only a page number: "7", "- 7 -", "Page 7", "7 / 30", "7 of 30", "vii". */
export function isPageNumber(text: string): boolean {
	const t = text.trim().toLowerCase();
	return (
		/^[-–—]?\s*(?:page\s+|p\.\s*)?\d{1,4}(?:\s*(?:\/|of)\s*\d{1,4})?\s*[-–—]?$/.test(t) ||
		/^[ivxlcdm]{1,7}$/.test(t)
	);
}

/** The key a running header or footer keeps from page to page: its words, digits masked. */
const runningKey = (text: string) => text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ');

type Band = 'top' | 'bottom' | null;

function bandOf(line: Line, height: number): Band {
	if (line.y < height * BAND) return 'top';
	if (line.y > height * (1 - BAND)) return 'bottom';
	return null;
}

/** Step 2: drops running headers, footers and page numbers; says how many of each. */
export function dropRunning(pages: { height: number; lines: Line[] }[]): {
	pages: Line[][];
	running: number;
	pageNumbers: number;
} {
	const seen = new Map<string, Set<number>>();
	pages.forEach(({ height, lines }, index) => {
		for (const line of lines) {
			const band = bandOf(line, height);
			if (!band) continue;
			const key = `${band}:${runningKey(line.text)}`;
			if (!seen.has(key)) seen.set(key, new Set());
			seen.get(key)!.add(index);
		}
	});
	const needed = Math.max(2, Math.ceil(pages.length / 2));
	let running = 0;
	let pageNumbers = 0;
	const kept = pages.map(({ height, lines }) =>
		lines.filter((line) => {
			const band = bandOf(line, height);
			if (!band) return true;
			if (isPageNumber(line.text)) {
				pageNumbers++;
				return false;
			}
			if ((seen.get(`${band}:${runningKey(line.text)}`)?.size ?? 0) >= needed) {
				running++;
				return false;
			}
			return true;
		})
	);
	return { pages: kept, running, pageNumbers };
}

interface Span {
	x0: number;
	x1: number;
}

/**
 * The gutters of a page. A column starts where at least three lines start (their left edges within
 * two units); a gutter ends there when at least three lines end left of it, side by side with the
 * column's lines, and few lines cross it (headings, a full-width quote, a running header: at most
 * a fifth of the page's lines). Indented first lines and block quotes are crossed by every line of
 * their column, so they never look like columns.
 */
export function gutters(lines: Line[]): Span[] {
	if (lines.length < 6) return [];
	const tol = 2;
	const minGap = 0.5 * median(lines.map((l) => l.size));
	const leftmost = Math.min(...lines.map((l) => l.x0));
	const starts = [...new Set(lines.map((l) => l.x0))].toSorted((a, b) => a - b);
	const out: Span[] = [];
	const top = (ls: Line[]) => Math.min(...ls.map((l) => l.y));
	const bottom = (ls: Line[]) => Math.max(...ls.map((l) => l.y));
	for (const x of starts) {
		if (x - leftmost < 4 * minGap) continue;
		if (out.some((g) => Math.abs(g.x1 - x) <= tol)) continue;
		const column = lines.filter((l) => Math.abs(l.x0 - x) <= tol);
		if (column.length < 3) continue;
		const before = lines.filter((l) => l.x1 <= x - minGap);
		const crossing = lines.filter((l) => l.x0 < x - tol && l.x1 > x - minGap);
		const sideBySide =
			before.length >= 3 && top(before) < bottom(column) && top(column) < bottom(before);
		if (sideBySide && crossing.length <= Math.max(2, 0.2 * lines.length))
			out.push({ x0: Math.max(...before.filter((l) => l.x0 < x).map((l) => l.x1)), x1: x });
	}
	return out.toSorted((a, b) => a.x1 - b.x1);
}

/** Step 3: a page's lines in reading order, as columns (each read top down), in order. */
export function readingOrder(lines: Line[]): Line[][] {
	const byY = lines.toSorted((a, b) => a.y - b.y || a.x0 - b.x0);
	const cuts = gutters(lines);
	if (cuts.length === 0) return byY.length ? [byY] : [];
	const crosses = (l: Line) => cuts.some((g) => l.x0 < g.x1 - 2 && l.x1 > g.x0);
	const columnOf = (l: Line) => cuts.filter((g) => l.x0 >= g.x1).length;
	const out: Line[][] = [];
	let region: Line[] = [];
	const flush = () => {
		for (let c = 0; c <= cuts.length; c++) {
			const column = region.filter((l) => columnOf(l) === c);
			if (column.length) out.push(column);
		}
		region = [];
	};
	for (const line of byY) {
		if (crosses(line)) {
			flush();
			out.push([line]);
		} else region.push(line);
	}
	flush();
	return out;
}

/**
 * Step 4: the columns of a document (in reading order) → paragraphs of lines. The usual line
 * spacing is measured over the whole document, in ems.
 */
export function paragraphsOf(columns: Line[][]): Line[][] {
	// Line spacing in ems: the same for a heading and for body text set with the same leading.
	const spacings: number[] = [];
	for (const column of columns)
		for (let i = 1; i < column.length; i++) {
			const d = column[i].y - column[i - 1].y;
			if (d > 0 && Math.abs(column[i].size - column[i - 1].size) < 0.5)
				spacings.push(d / column[i].size);
		}
	const spacing = median(spacings) || 1.2;
	const out: Line[][] = [];
	let open: Line[] | null = null;
	let prevRight = 0;
	for (const column of columns) {
		const x0 = median(column.map((l) => l.x0));
		// The right edge: where most full lines end, not the one line that overflows it.
		const x1 = percentile(
			column.map((l) => l.x1),
			0.9
		);
		const indented = (l: Line) => l.x0 > x0 + 0.8 * l.size;
		column.forEach((line, i) => {
			const prev = open?.at(-1);
			let startsNew = open === null;
			if (prev && !startsNew) {
				const sameColumn = i > 0;
				const sizeChange = Math.abs(line.size - prev.size) > 0.15 * prev.size;
				const broken = brokenEarly(prev, line, sameColumn ? x1 : prevRight);
				if (sizeChange) startsNew = true;
				else if (sameColumn) {
					const wideGap = (line.y - prev.y) / line.size > 1.15 * spacing;
					const indent = indented(line) && !indented(prev);
					startsNew = wideGap || indent || broken;
				} else {
					// The previous line was the last of its column: only its shape says whether the
					// paragraph ended there. An indented first line says so too.
					startsNew = broken || (indented(line) && column.length > 1);
				}
			}
			if (startsNew) {
				open = [line];
				out.push(open);
			} else open!.push(line);
		});
		prevRight = x1;
	}
	return out;
}

/**
 * True when `line` ended before its column's right edge `right` with room to spare for the first
 * word of `next`: a line is broken early only at the end of a paragraph (or a heading, a byline).
 * Widths are estimated from the lines' own average character widths.
 */
export function brokenEarly(line: Line, next: Line, right: number): boolean {
	const perChar = (l: Line) => (l.x1 - l.x0) / Math.max(1, l.text.length);
	const firstWord = next.text.split(' ')[0];
	const needed = (firstWord.length + 1) * perChar(next);
	return right - line.x1 > needed + 0.5 * line.size;
}

const WORD_BEFORE_HYPHEN = /(-?)(\p{L}+)-$/u;
const CLOSED_DASH = /\S[—–]$/u;
const WORD_AFTER = /^(\p{Ll}[\p{L}]*)/u;

/**
 * Step 5: joins the lines of one paragraph. A line ending in a hyphen after a letter, followed by a
 * line starting with a lower-case letter, is either a hyphenated word ("extraordi-" "narily") or a
 * compound broken at its hyphen ("laser-" "focused"). The document decides where it can: the joined
 * word elsewhere in it means join; the hyphenated form elsewhere means keep the hyphen; so does a
 * hyphen that ends a chain of them ("state-of-the-" "art"). Otherwise the word is joined:
 * typesetters hyphenate far more often than they break compounds, and halves that are words of
 * their own prove nothing ("some-" "times", "under-" "stand"). A line ending in a dash with no space
 * before it ("investment—" "in part") is joined without a space. `words` counts the document's
 * words, hyphenated forms included.
 */
export function joinLines(
	lines: string[],
	words: Map<string, number>
): { text: string; joins: number } {
	let text = '';
	let joins = 0;
	for (const line of lines) {
		if (text === '') {
			text = line;
			continue;
		}
		const before = WORD_BEFORE_HYPHEN.exec(text);
		const after = WORD_AFTER.exec(line);
		if (before && after) {
			const chain = before[1] === '-';
			const head = before[2].toLowerCase();
			const tail = after[1].toLowerCase();
			const hyphenated = words.get(`${head}-${tail}`) ?? 0;
			const joined = words.get(head + tail) ?? 0;
			const keep = joined === 0 && (hyphenated > 0 || chain);
			if (keep) text += line;
			else {
				text = text.slice(0, -1) + line;
				joins++;
			}
			continue;
		}
		text += (CLOSED_DASH.test(text) ? '' : ' ') + line;
	}
	return { text, joins };
}

/**
 * Words of the lines (letters and inner hyphens), lower case, with how often each occurs. The pieces
 * of a word cut at a line-end hyphen are not counted: they are what is being decided.
 */
export function wordCounts(lines: string[]): Map<string, number> {
	const counts = new Map<string, number>();
	lines.forEach((line, i) => {
		const cutBefore = i > 0 && lines[i - 1].endsWith('-');
		for (const match of line.matchAll(/\p{L}+(?:-\p{L}+)*/gu)) {
			if (cutBefore && match.index === 0) continue;
			if (match.index + match[0].length === line.length - 1 && line.endsWith('-')) continue;
			const word = match[0].toLowerCase();
			counts.set(word, (counts.get(word) ?? 0) + 1);
		}
	});
	return counts;
}

export function rebuild(pages: PageRuns[]): Rebuilt {
	const withLines = pages.map((p, i) => ({ height: p.height, lines: linesOf(p.runs, i) }));
	const { pages: kept, running, pageNumbers } = dropRunning(withLines);
	const columns = kept.flatMap((lines) => readingOrder(lines));
	const paragraphs = paragraphsOf(columns);
	const words = wordCounts(paragraphs.flat().map((l) => l.text));
	let hyphenJoins = 0;
	const texts: string[] = [];
	const sizes: number[] = [];
	for (const lines of paragraphs) {
		const { text, joins } = joinLines(
			lines.map((l) => l.text),
			words
		);
		hyphenJoins += joins;
		if (!text.trim()) continue;
		texts.push(text.trim());
		sizes.push(Math.max(...lines.map((l) => l.size)));
	}
	return {
		paragraphs: texts,
		droppedRunning: running,
		droppedPageNumbers: pageNumbers,
		hyphenJoins,
		sizes
	};
}
