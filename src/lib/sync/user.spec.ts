import { describe, expect, it } from 'vitest';
import { yjsServerUrl } from './session';
import { localUser } from './user';

function memoryStorage(initial: Record<string, string> = {}): Storage {
	const data = new Map(Object.entries(initial));
	return {
		get length() {
			return data.size;
		},
		clear: () => data.clear(),
		getItem: (k) => data.get(k) ?? null,
		key: (i) => [...data.keys()][i] ?? null,
		removeItem: (k) => void data.delete(k),
		setItem: (k, v) => void data.set(k, v)
	};
}

describe('localUser', () => {
	it('keeps the same name across visits', () => {
		const storage = memoryStorage();
		const first = localUser(storage);
		expect(first.name).toMatch(/^Analyst \d+$/);
		expect(localUser(storage)).toEqual(first);
	});

	it('replaces an unreadable stored value', () => {
		const user = localUser(memoryStorage({ 'warrant:user': '{not json' }));
		expect(user.name).toMatch(/^Analyst/);
	});
});

describe('yjsServerUrl', () => {
	it('uses wss behind https and the page host', () => {
		expect(yjsServerUrl({ protocol: 'https:', host: 'warrant.example:8443' })).toBe(
			'wss://warrant.example:8443/yjs'
		);
		expect(yjsServerUrl({ protocol: 'http:', host: '127.0.0.1:3000' })).toBe(
			'ws://127.0.0.1:3000/yjs'
		);
	});
});
