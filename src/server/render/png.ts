/**
 * PNG from the SVG export, in Node, with resvg (`@resvg/resvg-js`, Rust, no browser): the text is
 * set in the bundled fonts only (`fonts.ts`; system fonts are not loaded, so every machine draws
 * the same picture), with resvg's per-character fallback from DejaVu Sans to Noto Sans Hans.
 */
import { Resvg } from '@resvg/resvg-js';
import { fitScale, pixelSize } from '$lib/export/image-limits';
import type { SvgDocument } from '$lib/drawing/svg-types';
import { ALL_FONT_FILES, PRIMARY_FAMILY } from './fonts';

export interface PngResult {
	bytes: Uint8Array;
	width: number;
	height: number;
	/** The scale drawn at: lower than asked when the picture would pass the raster limits. */
	scale: number;
}

export function svgToPng(doc: SvgDocument, scale: number): PngResult {
	const drawn = fitScale(doc.width, doc.height, scale);
	const px = pixelSize(doc.width, doc.height, drawn);
	const resvg = new Resvg(doc.svg, {
		fitTo: { mode: 'width', value: px.w },
		font: {
			fontFiles: [...ALL_FONT_FILES],
			loadSystemFonts: false,
			defaultFontFamily: PRIMARY_FAMILY,
			sansSerifFamily: PRIMARY_FAMILY
		}
	});
	const image = resvg.render();
	const bytes = image.asPng();
	return { bytes: new Uint8Array(bytes), width: image.width, height: image.height, scale: drawn };
}
