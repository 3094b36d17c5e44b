/**
 * Runs when the app's entry is evaluated, before SvelteKit starts the page (start() loads the
 * route's nodes and runs their `load`s only after every preloaded script is in, and that took about
 * 260 ms more under load). An editor page needs cytoscape (about 117 KB of script) for its first
 * render: asking for it here overlaps its download and compilation with the start, instead of
 * beginning them when the page's `load` runs (routes/map/[id]/+page.ts asks again, which returns
 * the same promise).
 */
import { loadCytoscape } from '$lib/view/cy';

/** The editor page, `/map/<id>` (not its report, `/map/<id>/report`). */
const EDITOR_PAGE = /^\/map\/[^/]+\/?$/;

if (EDITOR_PAGE.test(location.pathname)) void loadCytoscape();
