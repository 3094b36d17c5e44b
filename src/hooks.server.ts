/**
 * Every request's `locals.backend`: the backend in this process (bridge.ts), through which server
 * loads reach the maps (the editor page's `+page.server.ts` asks it for the page's previews).
 */
import type { Handle } from '@sveltejs/kit';
import { backendBridge } from './server/bridge';

export const handle: Handle = ({ event, resolve }) => {
	event.locals.backend = backendBridge();
	return resolve(event);
};
