/**
 * PNG and JPEG in the browser: the SVG is loaded as an image and drawn onto a canvas at the chosen
 * scale (the browser rasterises the vector at that size, so text stays sharp). Browser only.
 */
import { fitScale, pixelSize } from './image-limits';
import type { Background, SvgDocument } from '$lib/drawing/svg-types';

export interface RasterOptions {
	format: 'png' | 'jpeg';
	scale: number;
	/** PNG only; JPEG has no alpha and is always drawn on white. */
	background: Background;
}

export interface Raster {
	blob: Blob;
	width: number;
	height: number;
	/** The scale drawn at: lower than asked when the picture would pass the browser's limits. */
	scale: number;
}

async function loadImage(svg: string): Promise<{ img: HTMLImageElement; release: () => void }> {
	const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml;charset=utf-8' }));
	const img = new Image();
	img.decoding = 'async';
	img.src = url;
	try {
		await img.decode();
	} catch {
		URL.revokeObjectURL(url);
		throw new Error('the browser could not load the exported SVG as an image');
	}
	return { img, release: () => URL.revokeObjectURL(url) };
}

export async function svgToRaster(
	doc: SvgDocument,
	opts: RasterOptions,
	onStage: (stage: 'load' | 'draw' | 'encode') => Promise<void> = async () => {}
): Promise<Raster> {
	const scale = fitScale(doc.width, doc.height, opts.scale);
	const { w, h } = pixelSize(doc.width, doc.height, scale);
	await onStage('load');
	const { img, release } = await loadImage(doc.svg);
	try {
		await onStage('draw');
		const canvas = document.createElement('canvas');
		canvas.width = w;
		canvas.height = h;
		const ctx = canvas.getContext('2d');
		if (!ctx) throw new Error('this browser has no 2D canvas');
		if (opts.format === 'jpeg' || opts.background === 'white') {
			ctx.fillStyle = '#ffffff';
			ctx.fillRect(0, 0, w, h);
		}
		ctx.drawImage(img, 0, 0, w, h);
		await onStage('encode');
		const type = opts.format === 'jpeg' ? 'image/jpeg' : 'image/png';
		const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, type, 0.92));
		// toBlob gives null when the canvas is too large for this browser to encode.
		if (!blob) throw new Error(`the browser could not encode a ${w}x${h} ${opts.format}`);
		return { blob, width: w, height: h, scale };
	} finally {
		release();
	}
}
