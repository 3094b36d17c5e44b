/** Numbers in the SVG we write (text is escaped with `$lib/text/escape`). */

/** A coordinate with at most two decimals and no "-0", to keep big maps small. */
export function num(value: number): string {
	const r = Math.round(value * 100) / 100;
	return Object.is(r, -0) ? '0' : String(r);
}
