/**
 * What a file's first bytes say it is, whatever its name or declared type claims. A client's media
 * type picks the reader; the bytes must agree, or the file is refused with both named — a .pdf that
 * is a ZIP archive is a lie a reader must not be fed.
 */
import type { ExtractKind } from './types';

export type Sniffed = ExtractKind | 'zip' | 'binary' | 'empty';

const startsWith = (bytes: Uint8Array, magic: number[], at = 0) =>
	magic.every((b, i) => bytes[at + i] === b);

const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const ZIP_EMPTY = [0x50, 0x4b, 0x05, 0x06];

/** Names of other common binary formats, so the message can say what the file really is. */
const OTHER: [number[], string][] = [
	[[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
	[[0xff, 0xd8, 0xff], 'a JPEG image'],
	[[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
	[[0xd0, 0xcf, 0x11, 0xe0], 'an old Word or Office file (.doc); save it as .docx'],
	[[0x1f, 0x8b], 'a gzip archive'],
	[[0x7b, 0x5c, 0x72, 0x74, 0x66], 'an RTF file; save it as .docx'],
	[[0x7f, 0x45, 0x4c, 0x46], 'a program (ELF)']
];

const HTML_START =
	/^(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|article|main|div|p|h[1-6]|section|header|!--)[\s>/]/i;

export function sniff(bytes: Uint8Array): Sniffed {
	if (bytes.length === 0) return 'empty';
	// A PDF may have a little junk before its header (readers look in the first 1024 bytes).
	if (startsWith(bytes, PDF)) return 'pdf';
	if (startsWith(bytes, ZIP) || startsWith(bytes, ZIP_EMPTY)) return 'zip';
	const head = bytes.subarray(0, 1024);
	const headText = new TextDecoder('latin1').decode(head);
	if (headText.includes('%PDF-')) return 'pdf';
	if (OTHER.some(([magic]) => startsWith(bytes, magic))) return 'binary';
	if (head.includes(0)) {
		// UTF-16 text has NULs too: its byte-order mark says so.
		const bom16 = startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff]);
		if (!bom16) return 'binary';
	}
	const trimmed = headText.replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart();
	if (HTML_START.test(trimmed)) return 'html';
	return 'text';
}

/** What the bytes are, in words, for a message. */
export function describe(bytes: Uint8Array, sniffed: Sniffed): string {
	switch (sniffed) {
		case 'pdf':
			return 'a PDF';
		case 'zip':
			return 'a ZIP archive';
		case 'docx':
			return 'a Word document';
		case 'html':
			return 'an HTML page';
		case 'text':
			return 'plain text';
		case 'empty':
			return 'empty';
		case 'binary':
			return OTHER.find(([magic]) => startsWith(bytes, magic))?.[1] ?? 'binary data';
	}
}

const NAMES: Record<ExtractKind, string> = {
	pdf: 'a PDF',
	html: 'an HTML page',
	docx: 'a Word document (.docx)',
	text: 'plain text'
};

/**
 * Checks that the bytes are what the declared kind says; the reason when they are not. A DOCX is a
 * ZIP archive (its parts are checked when it is opened); HTML may be declared as plain text and
 * read as such (its tags stay), but plain text is not HTML and a PDF is not text.
 */
export function mismatch(declared: ExtractKind, bytes: Uint8Array): string | null {
	const sniffed = sniff(bytes);
	if (sniffed === 'empty') return 'the file is empty';
	const fits =
		(declared === 'pdf' && sniffed === 'pdf') ||
		(declared === 'docx' && sniffed === 'zip') ||
		(declared === 'html' && (sniffed === 'html' || sniffed === 'text')) ||
		(declared === 'text' && (sniffed === 'text' || sniffed === 'html'));
	if (fits) return null;
	return `it was sent as ${NAMES[declared]}, but its content is ${describe(bytes, sniffed)}`;
}
