/**
 * Turns the seed file into the map's source text. The essay's words are never changed; the only
 * edits are the two the seed's faults call for, both reported by the build:
 *
 * 1. The repeated body (the seed's line 3 repeats line 2 verbatim) is dropped — by `buildSource`,
 *    the same rule every pasted text goes through (`src/lib/text/duplicates.ts`).
 * 2. The seed has no paragraph breaks inside its body line, although the text plainly changes block
 *    five times: Swedish lede → English title → byline → date → article → copyright notice. At each
 *    of those points the one space between the blocks becomes a line break (same length, so every
 *    offset is the same as in the deduplicated seed). The article's own paragraphs are unknown and
 *    are not guessed: the article stays one paragraph.
 */

/** The text that starts each new block; each must occur exactly once, after a single space. */
export const BLOCK_STARTS = [
	'Why China Is Digging In at Home and Asserting Itself Abroad By',
	'By Sheena Chestnut Greitens July 28, 2023',
	'July 28, 2023 Since he came to power',
	'Since he came to power in 2012, the Chinese leader',
	'© 2023 Council on Foreign Relations'
] as const;

export function essayText(deduplicated: string): string {
	let text = deduplicated;
	for (const start of BLOCK_STARTS) {
		const at = text.indexOf(start);
		if (at < 1 || text.indexOf(start, at + 1) !== -1)
			throw new Error(`block start ${JSON.stringify(start)} must occur exactly once in the seed`);
		if (text[at - 1] !== ' ')
			throw new Error(`block start ${JSON.stringify(start)} must follow a space`);
		text = `${text.slice(0, at - 1)}\n${text.slice(at)}`;
	}
	return text;
}
