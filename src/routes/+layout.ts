// The API and the websocket live beside SvelteKit, in the same Node server, and SvelteKit cannot
// fetch them while rendering on the server: every page renders in the browser.
export const ssr = false;
export const prerender = false;
