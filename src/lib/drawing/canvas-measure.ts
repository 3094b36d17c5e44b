/**
 * Measures label text with a canvas in the font cytoscape draws labels in, so node boxes fit their
 * labels exactly. Browser only; falls back to the estimate when no 2D context is available.
 */
import { LABEL_FONT, estimateWidth, type Measure } from './label';

export function canvasMeasure(): Measure {
	const ctx = document.createElement('canvas').getContext('2d');
	if (!ctx) return estimateWidth;
	ctx.font = LABEL_FONT;
	const cache = new Map<string, number>();
	return (text) => {
		let w = cache.get(text);
		if (w === undefined) {
			w = ctx.measureText(text).width;
			// Words repeat across labels, but whole lines rarely do: keep the cache bounded.
			if (cache.size > 20_000) cache.clear();
			cache.set(text, w);
		}
		return w;
	};
}
