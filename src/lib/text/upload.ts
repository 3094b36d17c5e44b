/**
 * Reads an uploaded file's bytes as text for "New map". Only plain text and Markdown are accepted,
 * and only when they decode as UTF-8 (or UTF-16 with a byte-order mark): a wrong guess at an encoding
 * would put mangled letters into a source text that can never be edited afterwards.
 */
import { inspectText } from './inspect';
import { MAX_SOURCE_CHARS } from './text-limits';

export const UPLOAD_EXTENSIONS = ['.txt', '.md', '.markdown'] as const;

/** UTF-8 takes at most 4 bytes a character: a larger file cannot be within the character limit. */
export const MAX_UPLOAD_BYTES = MAX_SOURCE_CHARS * 4;

export type UploadResult = { ok: true; text: string } | { ok: false; error: string };

function encodingOf(bytes: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' {
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
	if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
	return 'utf-8';
}

export function decodeUpload(bytes: Uint8Array, name: string): UploadResult {
	const lower = name.toLowerCase();
	if (!UPLOAD_EXTENSIONS.some((ext) => lower.endsWith(ext)))
		return {
			ok: false,
			error: `${name} is not a text file: upload a .txt or .md file (or paste the text)`
		};
	if (bytes.length === 0) return { ok: false, error: `${name} is empty` };
	if (bytes.length > MAX_UPLOAD_BYTES)
		return {
			ok: false,
			error: `${name} is ${bytes.length.toLocaleString('en-US')} bytes; the limit is ${MAX_SOURCE_CHARS.toLocaleString('en-US')} characters`
		};
	const encoding = encodingOf(bytes);
	// A NUL byte never occurs in UTF-8 text; it is the surest sign of a binary file.
	if (encoding === 'utf-8' && bytes.includes(0))
		return { ok: false, error: `${name} looks binary (it contains NUL bytes), not like text` };
	let text: string;
	try {
		// The decoder drops the byte-order mark, so offsets start at the first character.
		text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
	} catch {
		return {
			ok: false,
			error: `${name} is not valid ${encoding.toUpperCase()} text; save it as UTF-8 and upload it again`
		};
	}
	const { problem } = inspectText(text);
	if (problem) return { ok: false, error: `${name}: ${problem}` };
	return { ok: true, text };
}
