/**
 * Writing text that @argdown/core reads back unchanged. Argdown gives meaning to many characters
 * inside a statement (`[` `<` references, `#` tags, `*` `_` emphasis, `{` data, `//` comments,
 * `.x.`/`:x:` shortcodes, `@` mentions, `===` front matter); each of those is backslash-escaped,
 * everything else is left readable. Invariant (tested against the real parser): for text that does not
 * `needsExactText` — one line, single spaces, none at either end — the parser returns exactly the
 * text that was escaped.
 *
 * Data (`{...}` after a statement) and front matter are YAML; we write JSON, which YAML reads, with
 * the characters that would end Argdown's data or front-matter token early (`{`, `}`, `=`) and the
 * ones YAML refuses (C1 controls, U+2028/9, BOM, non-characters) written as `\u` escapes.
 */

const ALWAYS = new Set(['\\', '@', '#', '*', '_', '[', ']', '<', '>', '{', '}']);

/**
 * True if the `.` or `:` at `i` would start a shortcode token: the same character again at least two
 * places on, with no white space in between (the lexer's `\.[^\s]+?\.`).
 */
function opensShortcode(text: string, i: number): boolean {
	const c = text[i];
	for (let j = i + 1; j < text.length; j++) {
		if (/\s/.test(text[j])) return false;
		if (text[j] === c && j >= i + 2) return true;
	}
	return false;
}

export function escapeArgdownText(text: string): string {
	let out = '';
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		const next = text[i + 1];
		if (ALWAYS.has(c)) out += '\\' + c;
		else if (c === '/' && (next === '/' || next === '*')) out += '\\/';
		// `.x.` and `:x:` (no white space inside) are shortcodes; escaping the opener breaks them.
		else if ((c === '.' || c === ':') && opensShortcode(text, i)) out += '\\' + c;
		else if (c === '=' && (next === '=' || text[i - 1] === '=')) out += '\\=';
		else out += c;
	}
	return out;
}

/**
 * True when the text cannot be written as one Argdown line that reads back the same: line breaks,
 * white space at either end, empty text, and tabs or runs of white space (the lexer drops white
 * space that follows a punctuation or escape token, except single spaces).
 */
export const needsExactText = (text: string): boolean =>
	text === '' || text !== text.trim() || /[\r\n\t]|\s\s/.test(text);

const UNSAFE_IN_STRING = /[{}=\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;

const uEscape = (c: string) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');

/** JSON for Argdown data and front matter (see the module comment). */
export function argdownJson(value: unknown): string {
	const json = JSON.stringify(value);
	let out = '';
	let inString = false;
	let from = 0;
	for (let i = 0; i < json.length; i++) {
		const c = json[i];
		if (c === '\\' && inString) {
			i++;
			continue;
		}
		if (c === '"') {
			if (inString) out += json.slice(from, i).replace(UNSAFE_IN_STRING, uEscape);
			else out += json.slice(from, i);
			out += '"';
			from = i + 1;
			inString = !inString;
		}
	}
	return out + json.slice(from);
}
