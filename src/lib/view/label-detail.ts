/**
 * Keeps node labels readable at every zoom (rules in `$lib/drawing/level-of-detail.ts`): full labels
 * from zoom 11/13 up, short forms at a band's font size below, none under the floor. Works through
 * element data (`lod`: the band, `short`: the short label), read by the rules of `lodStyle()`, so the
 * binding's updates (which replace classes and merge data) keep it. Restyles only when the zoom
 * crosses a band edge or nodes change, never on every frame of a zoom; and during a wheel or pinch
 * gesture not even then: the labels keep their band while the gesture lasts (drawn a little larger
 * or smaller, cytoscape's `min-zoomed-font-size` still leaving out any below 11 px) and take the
 * band of the zoom reached once it has ended (`GESTURE_SETTLE_MS` without a wheel or touch event).
 * Zooming by keys, Fit or a program restyles at once. Nodes folded away (`foldHidden`) keep
 * whatever band they had until a fold shows them again.
 *
 * Teardown invariant: the listeners and the timer started here are removed by `destroy()`.
 */
import type cytoscape from 'cytoscape';
import type { NodeKind } from '$lib/model/schema';
import {
	LAST_SHORT_BAND,
	MIN_LABEL_PX,
	SHORT_LINE_HEIGHT,
	bandFontSize,
	labelLevel,
	shortLabel
} from '$lib/drawing/level-of-detail';
import type { Measure } from '$lib/drawing/label';
import { isBold } from '$lib/drawing/node-box';

/** Style rules for the bands (part of the stylesheet cytoscape starts with: no later restyle). */
export function lodStyle(): cytoscape.StylesheetJson {
	const rules: cytoscape.StylesheetJson = [
		// Safety net under the bands: cytoscape itself never draws a node label below 11 px
		// (a hair less, so that 13 px at exactly 11/13 is not lost to rounding).
		{ selector: 'node.node', style: { 'min-zoomed-font-size': MIN_LABEL_PX - 0.5 } }
	];
	for (let band = 1; band <= LAST_SHORT_BAND; band++)
		rules.push({
			selector: `node.node[lod = ${band}]`,
			style: {
				label: 'data(short)',
				'font-size': bandFontSize(band),
				'line-height': SHORT_LINE_HEIGHT,
				// Short labels come wrapped; no re-wrapping by cytoscape.
				'text-max-width': '4000px'
			}
		});
	rules.push({ selector: `node.node[lod = ${LAST_SHORT_BAND + 1}]`, style: { label: '' } });
	return rules;
}

/** A wheel or pinch gesture counts as ended after this long without one of its events. */
export const GESTURE_SETTLE_MS = 160;

export class LabelDetail {
	private band = -1;
	/** Set while a wheel or pinch gesture zooms: the end of the gesture applies the band. */
	private settleTimer: ReturnType<typeof setTimeout> | null = null;
	private readonly onGesture = () => {
		if (this.settleTimer !== null) clearTimeout(this.settleTimer);
		this.settleTimer = setTimeout(() => {
			this.settleTimer = null;
			this.update();
		}, GESTURE_SETTLE_MS);
	};
	/** What each node's `lod` / `short` data were computed from (band, box, kind, text). */
	private readonly done = new Map<string, string>();
	private readonly onZoom = () => {
		// Within a gesture: the band waits for its end (see the module comment).
		if (this.settleTimer === null) this.update();
	};

	constructor(
		private readonly cy: cytoscape.Core,
		private readonly measure: Measure
	) {
		cy.on('zoom', this.onZoom);
		// Captured before cytoscape's own handlers, which zoom on these events.
		const container = cy.container();
		container?.addEventListener('wheel', this.onGesture, { capture: true, passive: true });
		container?.addEventListener('touchmove', this.onGesture, { capture: true, passive: true });
	}

	/** The band in use (0: full labels). */
	get currentBand(): number {
		return this.band;
	}

	/** Re-reads the zoom; restyles when the band changed (or `force`, e.g. after nodes changed). */
	update(force = false): void {
		const level = labelLevel(this.cy.zoom());
		if (level.band === this.band && !force) return;
		this.band = level.band;
		const nodes = this.cy.nodes('.node');
		// Deleted nodes' entries go now and then (the map stays within twice the nodes drawn).
		if (this.done.size > 2 * nodes.length + 1000) this.done.clear();
		this.cy.batch(() => {
			nodes.forEach((n) => {
				// A node folded away is not drawn: its band is worked out when a fold shows it (the
				// editor calls `update(true)` then). A large map opens folded to its main lines, and
				// restyling its hidden nodes at each band cost a style pass over the whole map.
				if (n.data('foldHidden')) return;
				const text = String(n.data('text') ?? '');
				const w = Number(n.data('w')) || 0;
				const h = Number(n.data('h')) || 0;
				const kind = n.data('kind') as NodeKind;
				// After an edit only the nodes whose label or box changed are measured again.
				const key = `${level.band}|${w}|${h}|${kind}|${text}`;
				if (this.done.get(n.id()) === key) return;
				this.done.set(n.id(), key);
				const data: { lod: number; short?: string } = { lod: level.band };
				if (level.kind === 'short')
					data.short = shortLabel(text, w, h, level.fontSize, this.measure, isBold(kind));
				n.data(data);
			});
		});
	}

	/**
	 * For tests: the smallest label size drawn on screen (model font size × zoom) among nodes with
	 * a label, and how many nodes draw one.
	 */
	drawnLabels(ids: readonly string[]): { smallestPx: number | null; labelled: number } {
		const zoom = this.cy.zoom();
		let smallest: number | null = null;
		let labelled = 0;
		for (const id of ids) {
			const n = this.cy.getElementById(id);
			if (n.empty()) continue;
			const label = String(n.style('label') ?? '');
			const size = parseFloat(String(n.style('font-size'))) * zoom;
			const minShown = parseFloat(String(n.style('min-zoomed-font-size')));
			if (!label.trim() || size < minShown) continue;
			labelled++;
			smallest = smallest === null ? size : Math.min(smallest, size);
		}
		return { smallestPx: smallest, labelled };
	}

	destroy(): void {
		this.cy.removeListener('zoom', this.onZoom);
		const container = this.cy.container();
		container?.removeEventListener('wheel', this.onGesture, { capture: true });
		container?.removeEventListener('touchmove', this.onGesture, { capture: true });
		if (this.settleTimer !== null) clearTimeout(this.settleTimer);
	}
}
