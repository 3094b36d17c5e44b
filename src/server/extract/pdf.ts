/** Reads a PDF's text layer with pdf.js and rebuilds its paragraphs (`layout.ts`). Runs in the worker. */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';
import { rebuild, type PageRuns, type TextRun } from './layout';
import { clean, ExtractError, isoDate, languageTag, type Reading } from './types';

/** PDF titles that are a program's placeholder or a file name, not the document's title. */
const PLACEHOLDER_TITLE = /^(?:untitled|microsoft word - .*|.*\.(?:docx?|pdf|tex|indd|rtf|odt))$/i;

interface PdfInfo {
	Title?: unknown;
	Author?: unknown;
	CreationDate?: unknown;
	Language?: unknown;
}

const str = (value: unknown): string | null =>
	typeof value === 'string' && clean(value) ? clean(value) : null;

export async function readPdf(bytes: Uint8Array): Promise<Reading> {
	const task = getDocument({
		data: bytes,
		isEvalSupported: false,
		disableFontFace: true,
		useSystemFonts: false,
		stopAtErrors: false,
		verbosity: 0
	});
	let doc;
	try {
		doc = await task.promise;
	} catch (err) {
		const name = (err as Error)?.name;
		if (name === 'PasswordException')
			throw new ExtractError(
				422,
				'the PDF is encrypted with a password; remove the password (or print it to a new PDF) and try again'
			);
		if (name === 'InvalidPDFException')
			throw new ExtractError(422, 'it is not a readable PDF (its structure is damaged)');
		throw new ExtractError(422, `the PDF could not be read: ${(err as Error)?.message ?? err}`);
	}
	try {
		const pages: PageRuns[] = [];
		let rotated = 0;
		for (let n = 1; n <= doc.numPages; n++) {
			const page = await doc.getPage(n);
			const viewport = page.getViewport({ scale: 1 });
			const content = await page.getTextContent();
			const runs: TextRun[] = [];
			for (const item of content.items as TextItem[]) {
				if (typeof item.str !== 'string') continue;
				const [a, b, c, d, e, f] = viewport.transform;
				const [ia, ib, ic, id, ix, iy] = item.transform;
				if (Math.abs(ib) > 1e-3 || Math.abs(ic) > 1e-3) {
					if (item.str.trim()) rotated++;
					continue;
				}
				// The item's origin in viewport space (y down), whatever the page's own rotation or box.
				const x = a * ix + c * iy + e;
				const y = b * ix + d * iy + f;
				runs.push({ text: item.str, x, y, width: item.width, size: Math.hypot(ic, id) || ia });
			}
			pages.push({ width: viewport.width, height: viewport.height, runs });
			page.cleanup();
		}
		const rebuilt = rebuild(pages);
		if (rebuilt.paragraphs.length === 0)
			throw new ExtractError(
				422,
				`the PDF has no text layer (${doc.numPages} page${doc.numPages === 1 ? '' : 's'} of images: a scan?); run it through OCR first, or paste the text`
			);
		const { info } = (await doc.getMetadata().catch(() => ({ info: {} }))) as { info: PdfInfo };
		const warnings: string[] = [];
		if (rebuilt.droppedRunning > 0 || rebuilt.droppedPageNumbers > 0)
			warnings.push(
				`Dropped ${rebuilt.droppedRunning} running header/footer line(s) and ${rebuilt.droppedPageNumbers} page number(s).`
			);
		if (rebuilt.hyphenJoins > 0)
			warnings.push(
				`Joined ${rebuilt.hyphenJoins} word(s) hyphenated at line ends; check compounds such as "well-known".`
			);
		if (rotated > 0)
			warnings.push(`Left out ${rotated} piece(s) of rotated text (margin notes, stamps).`);
		const metaTitle = str(info.Title);
		const title =
			metaTitle && !PLACEHOLDER_TITLE.test(metaTitle) ? metaTitle : headingTitle(rebuilt);
		return {
			title,
			author: str(info.Author),
			date: isoDate(str(info.CreationDate)),
			lang: languageTag(str(info.Language)),
			paragraphs: rebuilt.paragraphs,
			warnings
		};
	} finally {
		await doc.destroy();
	}
}

/** The first of the first few paragraphs set clearly larger than the body text, if any. */
function headingTitle(rebuilt: { paragraphs: string[]; sizes: number[] }): string | null {
	const body = rebuilt.sizes.toSorted((a, b) => a - b)[Math.floor(rebuilt.sizes.length / 2)] ?? 0;
	for (let i = 0; i < Math.min(5, rebuilt.paragraphs.length); i++)
		if (rebuilt.sizes[i] > 1.3 * body && rebuilt.paragraphs[i].length <= 300)
			return rebuilt.paragraphs[i];
	return null;
}
