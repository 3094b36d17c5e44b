/**
 * Reads a Word file (.docx) with mammoth, after checking its ZIP directory: a DOCX has
 * `word/document.xml`, and its parts unpack to at most MAX_DOCX_UNPACKED bytes (a ZIP bomb declares
 * gigabytes). Images are never unpacked. Title, author and date come from `docProps/core.xml`.
 * Runs in the worker.
 */
import mammoth from 'mammoth';
import { parseHTML } from 'linkedom';
import { blockParagraphs } from './blocks';
import { readEntry, zipEntries } from './zip';
import { clean, ExtractError, isoDate, languageTag, type Reading } from './types';

/** The most the parts mammoth reads (everything but media) may unpack to. */
export const MAX_DOCX_UNPACKED = 64 * 1024 * 1024;
const MAX_DOCX_ENTRIES = 5_000;

const mb = (n: number) => `${Math.round(n / (1024 * 1024)).toLocaleString('en-US')} MB`;

function coreField(xml: string, tag: string): string | null {
	const match = new RegExp(`<${tag}(?:\\s[^>]*)?>([^<]*)</${tag}>`).exec(xml);
	if (!match) return null;
	const value = clean(
		match[1]
			.replace(/&lt;/g, '<')
			.replace(/&gt;/g, '>')
			.replace(/&quot;/g, '"')
			.replace(/&apos;/g, "'")
			.replace(/&amp;/g, '&')
	);
	return value || null;
}

export async function readDocx(bytes: Uint8Array): Promise<Reading> {
	const entries = zipEntries(bytes);
	if (typeof entries === 'string') throw new ExtractError(422, entries);
	if (!entries.some((e) => e.name === 'word/document.xml'))
		throw new ExtractError(
			415,
			'it is a ZIP archive but not a Word document (it has no word/document.xml)'
		);
	if (entries.length > MAX_DOCX_ENTRIES)
		throw new ExtractError(
			422,
			`it holds ${entries.length.toLocaleString('en-US')} parts; a Word document has a few dozen`
		);
	const parts = entries.filter((e) => !e.name.startsWith('word/media/'));
	const unpacked = parts.reduce((sum, e) => sum + e.uncompressedSize, 0);
	if (unpacked > MAX_DOCX_UNPACKED)
		throw new ExtractError(
			422,
			`it unpacks to ${mb(unpacked)} of XML (the limit is ${mb(MAX_DOCX_UNPACKED)}): a ZIP bomb, or not a plain document`
		);
	let core = '';
	const coreEntry = entries.find((e) => e.name === 'docProps/core.xml');
	if (coreEntry && coreEntry.uncompressedSize <= 1024 * 1024) {
		try {
			core = readEntry(bytes, coreEntry, 1024 * 1024).toString('utf-8');
		} catch {
			core = '';
		}
	}
	let result;
	try {
		result = await mammoth.convertToHtml(
			{ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
			{
				styleMap: ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"],
				// An image is never unpacked: only its place is kept, and that is dropped below.
				convertImage: mammoth.images.imgElement(async () => ({ src: '' }))
			}
		);
	} catch (err) {
		const message = String((err as Error)?.message ?? err);
		if (/size mismatch/i.test(message))
			throw new ExtractError(
				422,
				'its parts unpack to more than its ZIP directory declares: a ZIP bomb, or a damaged file'
			);
		throw new ExtractError(422, `the Word document could not be read: ${message.slice(0, 200)}`);
	}
	const { document } = parseHTML(`<!doctype html><html><body>${result.value}</body></html>`);
	const paragraphs = blockParagraphs(document.body);
	if (paragraphs.length === 0) throw new ExtractError(422, 'the Word document has no text');
	const warnings: string[] = [];
	const errors = result.messages.filter((m) => m.type === 'error');
	if (errors.length > 0) warnings.push(`Word reader: ${errors.map((m) => m.message).join('; ')}`);
	const headingTitle = clean(document.querySelector('h1')?.textContent ?? '') || null;
	return {
		title: coreField(core, 'dc:title') ?? headingTitle,
		author: coreField(core, 'dc:creator'),
		date: isoDate(coreField(core, 'dcterms:created')),
		lang: languageTag(coreField(core, 'dc:language')),
		paragraphs,
		warnings
	};
}
