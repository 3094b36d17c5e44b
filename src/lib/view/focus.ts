/**
 * Focus after a menu, panel or dialog closes: back on the element that had it when it opened
 * (the button that opened it, the map, a sentence), so a keyboard user continues where they were.
 * When that element is gone or hidden (e.g. a toolbar button folded into the overflow menu again),
 * `fallback` names where to go instead; with neither, focus is left alone.
 */
export function focusReturn(fallback?: () => HTMLElement | null | undefined): () => void {
	const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
	const usable = (el: HTMLElement | null | undefined): el is HTMLElement =>
		!!el && el !== document.body && el.isConnected && el.checkVisibility();
	return () => {
		const target = usable(opener) ? opener : fallback?.();
		if (usable(target)) target.focus({ preventScroll: true });
	};
}
