/**
 * HTML in and out. Exports never pass a label or source text through as markup: text is escaped
 * wherever it lands inside HTML. OVA stores its source text as HTML, so AIF import turns it back into
 * plain text.
 */
import { escapeMarkup } from '$lib/text/escape';

/** Plain text as OVA shows it: escaped, with line breaks as `<br>`. Inverse of `htmlToText`. */
export const textToOvaHtml = (text: string): string => escapeMarkup(text).replace(/\n/g, '<br>');

const NAMED: Record<string, string> = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'",
	nbsp: '\u00a0'
};

function decodeEntities(text: string): string {
	return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
		if (name[0] === '#') {
			const code =
				name[1] === 'x' || name[1] === 'X'
					? parseInt(name.slice(2), 16)
					: parseInt(name.slice(1), 10);
			return Number.isFinite(code) && code > 0 && code <= 0x10ffff
				? String.fromCodePoint(code)
				: whole;
		}
		return NAMED[name.toLowerCase()] ?? whole;
	});
}

const BLOCK_END = /^\/(p|div|li|h[1-6]|blockquote|tr)$/i;
/** Comments, script and style elements (dropped whole), and anything that looks like a tag. */
const TOKEN = /<!--[\s\S]*?-->|<(script|style)\b[\s\S]*?<\/\1\s*>|<([a-z/!][^<>]*)>/gi;

export interface HtmlText {
	text: string;
	/** `id` of every `<span id=…>` with its range in `text` (OVA marks analysed spans this way). */
	spans: Map<string, { start: number; end: number }>;
}

/**
 * The text of an HTML fragment: `<br>` and the ends of block elements become line breaks, other tags
 * and comments go, entities are decoded. Only what looks like a tag (`<` then a letter, `/` or `!`)
 * is removed, so plain text such as "a < b" survives. Spans with an id are recorded with their
 * range in the resulting text (line breaks normalised to `\n`, each piece NFC-normalised, so the
 * ranges hold in the text an import builds its source from).
 */
export function htmlToTextWithSpans(html: string): HtmlText {
	let text = '';
	const spans = new Map<string, { start: number; end: number }>();
	const open: Array<{ id: string | null; start: number }> = [];
	const addText = (raw: string) => {
		text += decodeEntities(raw).replace(/\r\n?/g, '\n').normalize('NFC');
	};
	let at = 0;
	for (const m of html.matchAll(TOKEN)) {
		addText(html.slice(at, m.index));
		at = m.index + m[0].length;
		const tag = m[2];
		if (tag === undefined) continue;
		const name = /^\/?[a-z][a-z0-9]*/i.exec(tag)?.[0] ?? '';
		if (/^br$/i.test(name)) text += '\n';
		else if (BLOCK_END.test(name)) text += '\n';
		else if (/^span$/i.test(name)) {
			const id = /\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i.exec(tag);
			open.push({ id: id ? decodeEntities(id[1] ?? id[2] ?? id[3]) : null, start: text.length });
		} else if (/^\/span$/i.test(name)) {
			const span = open.pop();
			if (span?.id && !spans.has(span.id))
				spans.set(span.id, { start: span.start, end: text.length });
		}
	}
	addText(html.slice(at));
	return { text, spans };
}

export const htmlToText = (html: string): string => htmlToTextWithSpans(html).text;

/** True if the string contains something that looks like an HTML tag or entity. */
export const looksLikeHtml = (text: string): boolean =>
	/<[a-z/!][^<>]*>|&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/i.test(text);
