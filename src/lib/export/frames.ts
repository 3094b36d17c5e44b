/**
 * Yielding to the browser between the stages of a long export, so the page repaints (the progress
 * bar moves) and stays responsive. A hidden tab gets no animation frames, so it falls back to a task.
 */
export function nextFrame(): Promise<void> {
	return new Promise((resolve) => {
		if (typeof requestAnimationFrame === 'function' && !document.hidden)
			requestAnimationFrame(() => resolve());
		else setTimeout(resolve, 0);
	});
}
