// See https://svelte.dev/docs/kit/types#app.d.ts
import type { BackendBridge } from './server/bridge';

declare global {
	namespace App {
		// interface Error {}
		interface Locals {
			/** The backend in this process (bridge.ts), or null when the API is served elsewhere. */
			backend: BackendBridge | null;
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
