/**
 * PNG from the SVG export, in Node, with resvg (`@resvg/resvg-js`, Rust, no browser): the text is
 * set in the bundled fonts only (`fonts.ts`; system fonts are not loaded, so every machine draws
 * the same picture), with resvg's per-character fallback from DejaVu Sans to Noto Sans Hans.
 *
 * Two costs are cut here: the Chinese face (8 MB) is loaded only when the picture has text DejaVu
 * cannot set, and the PNG is encoded by us (no filter, zlib level 3) rather than by resvg's
 * encoder, which took about 2.3 times as long for files of the same size on the essay map.
 */
import { deflateSync, crc32 } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';
import { fitScale, pixelSize } from '$lib/export/image-limits';
import type { SvgDocument } from '$lib/drawing/svg-types';
import { FACE_FILES, PRIMARY_FAMILY, facesOf } from './fonts';

export interface PngResult {
	bytes: Uint8Array;
	width: number;
	height: number;
	/** The scale drawn at: lower than asked when the picture would pass the raster limits. */
	scale: number;
}

/** Font files the picture needs: every DejaVu face, and Noto only for characters DejaVu lacks. */
function fontFilesFor(svg: string): string[] {
	const dejavu = facesOf('regular')[0].font;
	const files = new Set(Object.values(FACE_FILES).map((list) => list[0]));
	const seen = new Set<number>();
	for (const ch of svg) {
		const cp = ch.codePointAt(0)!;
		if (cp < 0x80 || seen.has(cp)) continue;
		seen.add(cp);
		if (!dejavu.hasGlyphForCodePoint(cp)) {
			for (const list of Object.values(FACE_FILES)) for (const f of list.slice(1)) files.add(f);
			break;
		}
	}
	return [...files];
}

function chunk(type: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'latin1');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0);
	return Buffer.concat([head, data, crc]);
}

/**
 * An RGBA PNG of `pixels` (premultiplied, as resvg keeps them: demultiplied here, as PNG stores
 * straight alpha). Each row gets filter 0.
 */
export function encodePng(pixels: Uint8Array, width: number, height: number): Buffer {
	const stride = width * 4;
	const raw = Buffer.alloc((stride + 1) * height);
	for (let y = 0; y < height; y++) {
		const at = y * (stride + 1) + 1;
		raw.set(pixels.subarray(y * stride, (y + 1) * stride), at);
		for (let i = at + 3; i < at + stride; i += 4) {
			const a = raw[i];
			if (a === 255 || a === 0) continue;
			raw[i - 3] = Math.min(255, Math.round((raw[i - 3] * 255) / a));
			raw[i - 2] = Math.min(255, Math.round((raw[i - 2] * 255) / a));
			raw[i - 1] = Math.min(255, Math.round((raw[i - 1] * 255) / a));
		}
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr[8] = 8; // bits per channel
	ihdr[9] = 6; // RGBA
	const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	return Buffer.concat([
		signature,
		chunk('IHDR', ihdr),
		chunk('IDAT', deflateSync(raw, { level: 3 })),
		chunk('IEND', Buffer.alloc(0))
	]);
}

export function svgToPng(doc: SvgDocument, scale: number): PngResult {
	const drawn = fitScale(doc.width, doc.height, scale);
	const px = pixelSize(doc.width, doc.height, drawn);
	const resvg = new Resvg(doc.svg, {
		fitTo: { mode: 'width', value: px.w },
		font: {
			fontFiles: fontFilesFor(doc.svg),
			loadSystemFonts: false,
			defaultFontFamily: PRIMARY_FAMILY,
			sansSerifFamily: PRIMARY_FAMILY
		}
	});
	const image = resvg.render();
	const bytes = encodePng(image.pixels, image.width, image.height);
	return { bytes: new Uint8Array(bytes), width: image.width, height: image.height, scale: drawn };
}
