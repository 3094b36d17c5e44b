/**
 * The editor page's history state: whether the panel is open and the picture of the chosen moment
 * drawn over the live map (null: the live map shows). The panel's code is not imported here: the
 * page loads it on first open.
 */
import type { CoverageLevel } from '../coverage-levels';

export interface HistoryPicture {
	/** The map at the chosen moment (or a difference), as SVG. */
	svg: string;
	caption: string;
	/** The essay's coverage at that moment (the essay pane shows it instead of the live one). */
	coverage: ReadonlyMap<string, CoverageLevel>;
	/** Where the moment was rebuilt: in this browser (`$lib/model/replay.ts`) or by the server. */
	drawnBy: 'browser' | 'server';
}

export class HistoryView {
	open = $state(false);
	picture = $state.raw<HistoryPicture | null>(null);
}
