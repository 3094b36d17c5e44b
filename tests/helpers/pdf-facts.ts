/**
 * What a PDF shows, read back with pdf.js (as a reader's viewer would): its pages, the text of each
 * page, the smallest text size printed (points, with the page's transforms applied), and each font
 * with whether its file is embedded. Used by the export tests to check handouts from the outside.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';

export interface PdfFacts {
	pages: number;
	/** Text of each page, items joined by spaces. */
	text: string[];
	/** The smallest text on any page, in points; Infinity without text. */
	minFontPt: number;
	/** Per page, the smallest text size. */
	minFontPtByPage: number[];
	/** Fonts used for text, by PDF name, and whether the PDF embeds each one's file. */
	fonts: Array<{ name: string; embedded: boolean }>;
	/** Page size of page 1 in points. */
	size: { w: number; h: number };
}

export async function pdfFacts(bytes: Uint8Array): Promise<PdfFacts> {
	const doc = await getDocument({
		data: new Uint8Array(bytes),
		isEvalSupported: false,
		disableFontFace: true,
		useSystemFonts: false
	}).promise;
	try {
		const text: string[] = [];
		const minByPage: number[] = [];
		const fonts = new Map<string, boolean>();
		let size = { w: 0, h: 0 };
		for (let i = 1; i <= doc.numPages; i++) {
			const page = await doc.getPage(i);
			if (i === 1) {
				const [x0, y0, x1, y1] = page.view;
				size = { w: x1 - x0, h: y1 - y0 };
			}
			const content = await page.getTextContent();
			const items = content.items.filter((it): it is TextItem => 'str' in it && it.str.length > 0);
			text.push(items.map((it) => it.str).join(' '));
			minByPage.push(Math.min(...items.map((it) => Math.hypot(it.transform[2], it.transform[3]))));
			await page.getOperatorList();
			for (const it of items) {
				if (fonts.has(it.fontName)) continue;
				const font = page.commonObjs.get(it.fontName) as { name?: string; missingFile?: boolean };
				fonts.set(font.name ?? it.fontName, font.missingFile !== true);
			}
		}
		return {
			pages: doc.numPages,
			text,
			minFontPt: Math.min(...minByPage),
			minFontPtByPage: minByPage,
			fonts: [...fonts].map(([name, embedded]) => ({ name, embedded })),
			size
		};
	} finally {
		await doc.destroy();
	}
}
