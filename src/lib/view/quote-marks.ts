/**
 * The exact words a node quotes, inside a sentence of the source pane. Anchors hold offsets into
 * `meta.source.text` (a W3C TextPositionSelector), and a sentence knows its own offsets, so the
 * sentence's text splits into plain and quoted runs. Several anchors in one sentence (from several
 * selected nodes) merge where they overlap; parts outside the sentence are ignored.
 */

export interface Span {
	start: number;
	end: number;
}

export interface Segment {
	text: string;
	quoted: boolean;
}

/** Clipped to the sentence, sorted, overlaps and touching spans merged; empty spans dropped. */
export function mergeSpans(spans: Iterable<Span>, within: Span): Span[] {
	const clipped = [...spans]
		.map((s) => ({ start: Math.max(s.start, within.start), end: Math.min(s.end, within.end) }))
		.filter((s) => s.end > s.start)
		.sort((a, b) => a.start - b.start);
	const out: Span[] = [];
	for (const s of clipped) {
		const last = out.at(-1);
		if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
		else out.push({ ...s });
	}
	return out;
}

/**
 * The sentence's text in runs, quoted or not, in order; their texts joined give the sentence's
 * text back (so that selections in the pane still map to source offsets).
 */
export function quoteSegments(sentence: Span & { text: string }, spans: Iterable<Span>): Segment[] {
	const out: Segment[] = [];
	let at = sentence.start;
	const piece = (from: number, to: number, quoted: boolean) => {
		if (to > from)
			out.push({
				text: sentence.text.slice(from - sentence.start, to - sentence.start),
				quoted
			});
	};
	for (const s of mergeSpans(spans, sentence)) {
		piece(at, s.start, false);
		piece(s.start, s.end, true);
		at = s.end;
	}
	piece(at, sentence.end, false);
	return out;
}
