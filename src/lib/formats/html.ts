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

/**
 * The text of an HTML fragment: `<br>` and the ends of block elements become line breaks, other tags
 * and comments go, entities are decoded. Only what looks like a tag (`<` then a letter, `/` or `!`)
 * is removed, so plain text such as "a < b" survives.
 */
export function htmlToText(html: string): string {
	return decodeEntities(
		html
			.replace(/<!--[\s\S]*?-->/g, '')
			.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
			.replace(/<br\s*\/?>/gi, '\n')
			.replace(/<\/(p|div|li|h[1-6]|blockquote|tr)\s*>/gi, '\n')
			.replace(/<[a-z/!][^<>]*>/gi, '')
	);
}

/** True if the string contains something that looks like an HTML tag or entity. */
export const looksLikeHtml = (text: string): boolean =>
	/<[a-z/!][^<>]*>|&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/i.test(text);
