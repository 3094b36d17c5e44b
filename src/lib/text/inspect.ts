/**
 * Tells text from things that are not text: a binary file read as text, or text decoded with the
 * wrong encoding. Both make a map nobody can read, so intake refuses them rather than guess.
 */

/** Above this share of control or replacement characters, the input is not text. */
export const MAX_BAD_CHAR_RATIO = 0.01;

/** C0 controls other than tab, line feed and carriage return; DEL; C1 controls. */
const isControl = (code: number) =>
	(code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
	(code >= 0x7f && code <= 0x9f);

function countBad(text: string): { controls: number; replacements: number } {
	let controls = 0;
	let replacements = 0;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code === 0xfffd) replacements++;
		else if (isControl(code)) controls++;
	}
	return { controls, replacements };
}

export interface TextInspection {
	/** Why this is not text, or null when it is. */
	problem: string | null;
	/** How many U+FFFD characters the text holds (each a character lost before it reached us). */
	replacements: number;
}

export function inspectText(text: string): TextInspection {
	const { controls, replacements } = countBad(text);
	if (text.includes('\u0000'))
		return { problem: 'the text looks binary (it contains NUL characters)', replacements };
	const limit = Math.max(1, text.length * MAX_BAD_CHAR_RATIO);
	if (controls > limit)
		return {
			problem: `the text looks binary (${controls.toLocaleString('en-US')} of its ${text.length.toLocaleString('en-US')} characters are control characters)`,
			replacements
		};
	if (replacements > limit)
		return {
			problem: `the text was not decoded correctly (${replacements.toLocaleString('en-US')} characters are U+FFFD replacement characters); save it as UTF-8 and try again`,
			replacements
		};
	return { problem: null, replacements };
}
