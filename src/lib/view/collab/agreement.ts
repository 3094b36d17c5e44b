/**
 * "How convinced are you?" votes as colours and text. The scale is diverging around the middle of
 * 1-5 (3 = undecided): red for unconvinced, white for undecided, blue for convinced (ColorBrewer
 * RdBu, readable for the common colour-vision deficiencies). Pure.
 */
import { VOTE_MAX, VOTE_MIN } from '$lib/model/schema';
import type { Tally } from '$lib/model/votes';

/** Colour stops for 1, 2, 3, 4, 5. */
export const AGREEMENT_STOPS = ['#b2182b', '#ef8a62', '#f7f7f7', '#67a9cf', '#2166ac'] as const;
/** A node nobody has voted on, while colouring by agreement. */
export const NO_VOTES_FILL = '#e4e4e7';

export const VOTE_LABELS: Record<number, string> = {
	1: 'Not convinced',
	2: 'Doubtful',
	3: 'Undecided',
	4: 'Fairly convinced',
	5: 'Convinced'
};

const hex = (c: string) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
const toHex = (rgb: number[]) =>
	'#' + rgb.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');

/** The fill for a mean vote: stops interpolated in RGB; clamped to 1-5. */
export function agreementColour(mean: number): string {
	const m = Math.min(VOTE_MAX, Math.max(VOTE_MIN, Number.isFinite(mean) ? mean : 3));
	const pos = m - VOTE_MIN;
	const i = Math.min(AGREEMENT_STOPS.length - 2, Math.floor(pos));
	const t = pos - i;
	const a = hex(AGREEMENT_STOPS[i]);
	const b = hex(AGREEMENT_STOPS[i + 1]);
	return toHex(a.map((v, k) => v + (b[k] - v) * t));
}

/** Black or white text, whichever reads better on `fill` (WCAG relative luminance). */
export function textOn(fill: string): '#111827' | '#ffffff' {
	const [r, g, b] = hex(fill).map((v) => {
		const c = v / 255;
		return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	});
	const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
	return lum > 0.22 ? '#111827' : '#ffffff';
}

/** "★3.8 (12)": the mean to one decimal and how many people voted; '' without votes. */
export function tallyText(t: Tally | undefined): string {
	if (!t || t.count === 0) return '';
	return `★${t.mean.toFixed(1)} (${t.count})`;
}

/** The same, for a screen reader or a tooltip. */
export function tallyDescription(t: Tally | undefined): string {
	if (!t || t.count === 0) return 'No votes yet';
	return `Mean confidence ${t.mean.toFixed(1)} of 5 from ${t.count} ${t.count === 1 ? 'person' : 'people'}`;
}
