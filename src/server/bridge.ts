/**
 * How SvelteKit's server side reaches the backend in the same process. The SvelteKit server bundle
 * (build/server, or Vite's SSR modules in dev) and the backend (dist/server.js) are built
 * separately, so they share no module instances: they meet on one well-known global symbol. The
 * backend publishes itself when created and withdraws on close; `hooks.server.ts` hands it to every
 * request as `locals.backend`, and the editor page's server load asks it for the picture of a map and
 * its essay to render into the page's HTML. With nothing published (the API served by another
 * process), pages simply come without them.
 */
import type { PagePreview } from './page-preview';
import type { PageState } from './page-state';

export interface BackendBridge {
	/** The page previews a caller presenting `token` may see (`page-preview.ts` `previewFor`). */
	pagePreview(id: string, token: string | null): Promise<PagePreview | null>;
	/** The map's document for the page's HTML, under the same rule (`page-state.ts` `pageStateFor`). */
	pageState(id: string, token: string | null): Promise<PageState>;
}

const KEY = Symbol.for('warrant.backend-bridge');
type Holder = { [KEY]?: BackendBridge };

export function publishBridge(bridge: BackendBridge): () => void {
	(globalThis as Holder)[KEY] = bridge;
	return () => {
		if ((globalThis as Holder)[KEY] === bridge) delete (globalThis as Holder)[KEY];
	};
}

export function backendBridge(): BackendBridge | null {
	return (globalThis as Holder)[KEY] ?? null;
}
