import { afterEach, describe, expect, it } from 'vitest';
import { FOLD_DEFAULT_MIN_NODES } from '$lib/drawing/fold';
import { foldKey, opensFolded } from './fold-view';

/** The browser's localStorage, as far as fold-view uses it (Node has none). */
function withStorage(entries: Record<string, string>): void {
	const store = new Map(Object.entries(entries));
	(globalThis as { localStorage?: unknown }).localStorage = {
		getItem: (k: string) => store.get(k) ?? null,
		setItem: (k: string, v: string) => void store.set(k, v)
	};
}

afterEach(() => {
	delete (globalThis as { localStorage?: unknown }).localStorage;
});

describe('opensFolded: whether the page loads the layout engine while the map opens', () => {
	it('without stored folds: only a map large enough for the default folds', () => {
		withStorage({});
		expect(opensFolded('m', FOLD_DEFAULT_MIN_NODES)).toBe(false);
		expect(opensFolded('m', FOLD_DEFAULT_MIN_NODES + 1)).toBe(true);
	});

	it('with this person’s folds stored: folded when any, unfolded when they unfolded all', () => {
		withStorage({ [foldKey('m')]: JSON.stringify(['n1']), [foldKey('big')]: '[]' });
		expect(opensFolded('m', 3)).toBe(true);
		expect(opensFolded('big', 500)).toBe(false);
	});

	it('reads broken storage as none stored, and works where there is no storage', () => {
		withStorage({ [foldKey('m')]: '{not json' });
		expect(opensFolded('m', 3)).toBe(false);
		expect(opensFolded('m', 100)).toBe(true);
		delete (globalThis as { localStorage?: unknown }).localStorage;
		expect(opensFolded('m', 100)).toBe(true);
	});
});
