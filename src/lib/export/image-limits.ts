/**
 * How large a raster may get. Browsers refuse canvases past about 16k pixels a side (Safari also
 * caps the area), and Chromium's screenshots fail past its texture size, so a big map at a high
 * scale is drawn at the largest scale that fits instead of failing. 64M pixels is 256 MB of RGBA.
 */
export const MIN_SCALE = 1;
export const MAX_SCALE = 4;
export const MAX_SIDE = 16_384;
export const MAX_PIXELS = 64 * 1024 * 1024;

/**
 * The scale to draw a `width` x `height` (CSS px) picture at: `scale`, lowered when the result
 * would pass `MAX_SIDE` or `MAX_PIXELS`. It may go below 1 for a very large map.
 */
export function fitScale(width: number, height: number, scale: number): number {
	const w = Math.max(1, width);
	const h = Math.max(1, height);
	const bySide = MAX_SIDE / Math.max(w, h);
	const byArea = Math.sqrt(MAX_PIXELS / (w * h));
	const fitted = Math.min(scale, bySide, byArea);
	// Round down to 1/100 so that rounding never pushes the result over a limit.
	return Math.floor(fitted * 100) / 100;
}

/** Pixel size of the picture at `scale`. */
export function pixelSize(width: number, height: number, scale: number): { w: number; h: number } {
	return { w: Math.max(1, Math.round(width * scale)), h: Math.max(1, Math.round(height * scale)) };
}
