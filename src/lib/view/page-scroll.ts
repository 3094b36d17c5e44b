import type { Core } from 'cytoscape';

/** The part of cytoscape's renderer this module reads and writes (not in its typings). */
interface WheelGate {
	scrollingPage?: boolean;
}

/**
 * Keeps wheel zooming on the map while another pane scrolls.
 *
 * cytoscape listens for `scroll` on the window in the capture phase, so it hears every element's
 * scroll, and ignores the wheel for 250 ms after any of them (so that a page scrolled by the wheel
 * does not zoom a map that passes under the pointer). In the editor the essay pane scrolls beside the
 * map — by the reader, and smoothly by itself when a node is selected — and each of its scroll events
 * froze the map's zoom. Only a scroll of an element that holds the map moves the map under the
 * pointer; for any other the gate is opened again, after cytoscape's own listener (registered when
 * the core was created, before this one) has closed it. Returns the function that removes the
 * listener.
 */
export function keepWheelOnMap(cy: Core, container: HTMLElement): () => void {
	const renderer = (cy as unknown as { renderer(): WheelGate }).renderer();
	const listener = (e: Event) => {
		const target = e.target;
		if (target instanceof Element && !target.contains(container)) renderer.scrollingPage = false;
	};
	window.addEventListener('scroll', listener, true);
	return () => window.removeEventListener('scroll', listener, true);
}
