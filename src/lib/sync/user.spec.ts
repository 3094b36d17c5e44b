import { describe, expect, it } from 'vitest';
import { memoryStorage } from '$tests/helpers/memory-storage';
import { yjsServerUrl } from './session';
import { PERSON_COLOURS, cleanName, colourFor, localUser, saveUserName } from './user';

describe('localUser', () => {
	it('keeps the same person (id, name, colour) across visits', () => {
		const storage = memoryStorage();
		const first = localUser(storage);
		expect(first.name).toMatch(/^Analyst \d+$/);
		expect(first.named).toBe(false);
		expect(first.colour).toBe(colourFor(first.id));
		expect(localUser(storage)).toEqual(first);
	});

	it('replaces an unreadable stored value', () => {
		const user = localUser(memoryStorage({ 'warrant:user': '{not json' }));
		expect(user.name).toMatch(/^Analyst/);
		expect(user.id).toMatch(/^[0-9a-f]{24}$/);
	});

	it('gives a name stored before ids existed an id, and asks for a name once', () => {
		const storage = memoryStorage({
			'warrant:user': JSON.stringify({ name: 'Ada', colour: '#000' })
		});
		const user = localUser(storage);
		expect(user.name).toBe('Ada');
		expect(user.named).toBe(false);
		expect(localUser(storage).id).toBe(user.id);
	});

	it('remembers a picked name, cleaned, under the same id', () => {
		const storage = memoryStorage();
		const before = localUser(storage);
		const after = saveUserName('  Grace \n  Hopper ', storage);
		expect(after).toMatchObject({ id: before.id, name: 'Grace Hopper', named: true });
		expect(localUser(storage)).toEqual(after);
		// An empty name keeps the current one.
		expect(saveUserName('   ', storage).name).toBe('Grace Hopper');
	});
});

describe('colourFor', () => {
	it('is stable per id and spreads ids over the palette', () => {
		expect(colourFor('abc')).toBe(colourFor('abc'));
		const used = new Set(Array.from({ length: 200 }, (_, i) => colourFor(`person-${i}`)));
		expect(used.size).toBe(PERSON_COLOURS.length);
	});
});

describe('cleanName', () => {
	it('drops control characters and caps the length', () => {
		expect(cleanName('a\u0000b')).toBe('a b');
		expect(cleanName('x'.repeat(200))).toHaveLength(60);
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
