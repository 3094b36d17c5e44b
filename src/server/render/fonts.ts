/**
 * The fonts every server-side picture is drawn, measured and embedded with, bundled from npm so a
 * PNG or PDF looks the same on any machine: DejaVu Sans (Latin with Swedish, Greek, Cyrillic,
 * typographic quotes) first, then Noto Sans Hans (Simplified Chinese, GB2312) for what DejaVu
 * lacks. A label mixing scripts is drawn in runs, each in the first face that has its glyphs.
 *
 * Invariant: the measure given to the SVG export (`fontMeasure`) and the faces the PNG (resvg) and
 * PDF (pdfkit) renderers draw with are the same files, so wrapped lines fit their node boxes.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';
import { LABEL_FONT_SIZE, type Measure } from '$lib/drawing/label';

const require = createRequire(import.meta.url);

export type FaceStyle = 'regular' | 'bold' | 'italic' | 'bolditalic';

const dejavu = (file: string) => require.resolve(`dejavu-fonts-ttf/ttf/${file}`);
// The package exports only its index; the fonts lie beside its dist/ folder.
const notoDir = join(dirname(dirname(require.resolve('@embedpdf/fonts-sc'))), 'fonts');

/** Font files by fallback order, per style. Noto Sans Hans has no italic: CJK stays upright. */
export const FACE_FILES: Record<FaceStyle, readonly string[]> = {
	regular: [dejavu('DejaVuSans.ttf'), join(notoDir, 'NotoSansHans-Regular.otf')],
	bold: [dejavu('DejaVuSans-Bold.ttf'), join(notoDir, 'NotoSansHans-Bold.otf')],
	italic: [dejavu('DejaVuSans-Oblique.ttf'), join(notoDir, 'NotoSansHans-Regular.otf')],
	bolditalic: [dejavu('DejaVuSans-BoldOblique.ttf'), join(notoDir, 'NotoSansHans-Bold.otf')]
};

/** Every file once, for resvg's font database. */
export const ALL_FONT_FILES: readonly string[] = [...new Set(Object.values(FACE_FILES).flat())];

/** The family resvg resolves `sans-serif` (and every unknown family) to. */
export const PRIMARY_FAMILY = 'DejaVu Sans';

export interface Face {
	/** The file, also the name a PDF registers it under. */
	file: string;
	bytes: Buffer;
	font: fontkit.Font;
}

// Parsed once per process (a worker keeps them for its next job); fontkit reads tables lazily.
const faces = new Map<string, Face>();

function face(file: string): Face {
	let f = faces.get(file);
	if (!f) {
		const bytes = readFileSync(file);
		const font = fontkit.create(bytes);
		if (!('hasGlyphForCodePoint' in font)) throw new Error(`${file} is a font collection`);
		f = { file, bytes, font };
		faces.set(file, f);
	}
	return f;
}

export const facesOf = (style: FaceStyle): Face[] => FACE_FILES[style].map(face);

export const styleOf = (bold: boolean, italic: boolean): FaceStyle =>
	bold ? (italic ? 'bolditalic' : 'bold') : italic ? 'italic' : 'regular';

/**
 * `text` cut into runs, each with the first face of `style` that has every glyph of the run. A
 * character no face has goes with the first face (drawn as its missing-glyph box).
 */
export function fontRuns(text: string, style: FaceStyle): Array<{ text: string; face: Face }> {
	const list = facesOf(style);
	const runs: Array<{ text: string; face: Face }> = [];
	for (const ch of text) {
		const cp = ch.codePointAt(0)!;
		const f = list.find((c) => c.font.hasGlyphForCodePoint(cp)) ?? list[0];
		const last = runs[runs.length - 1];
		if (last && last.face === f) last.text += ch;
		else runs.push({ text: ch, face: f });
	}
	return runs;
}

/** Advance width of `text` at `size` px in the given face, without kerning (as a PDF draws it). */
export function advance(f: Face, text: string, size: number): number {
	let units = 0;
	for (const glyph of f.font.glyphsForString(text)) units += glyph.advanceWidth;
	return (units / f.font.unitsPerEm) * size;
}

/** Width of `text` drawn in runs at `size` px. */
export function runsWidth(text: string, size: number, style: FaceStyle = 'regular'): number {
	let w = 0;
	for (const run of fontRuns(text, style)) w += advance(run.face, run.text, size);
	return w;
}

/** The label measure of server-side pictures: regular face at the label size, per character. */
export function fontMeasure(): Measure {
	const cache = new Map<string, number>();
	return (s) => {
		let w = 0;
		for (const ch of s) {
			let a = cache.get(ch);
			if (a === undefined) {
				a = runsWidth(ch, LABEL_FONT_SIZE);
				cache.set(ch, a);
			}
			w += a;
		}
		return w;
	};
}
