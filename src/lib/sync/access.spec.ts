import { describe, expect, it } from 'vitest';
import { memoryStorage } from '$tests/helpers/memory-storage';
import { checkAccess, pageStateAccess, shareLinks, tokenFromUrl, withToken } from './access';

const answer =
	(status: number, body: unknown, seen: string[] = []): typeof fetch =>
	async (input) => {
		seen.push(String(input));
		return new Response(JSON.stringify(body), { status });
	};
/** What GET /api/maps/<id>/state answers to an admitted caller: the document, the role in headers. */
const granted =
	(role: string, isProtected: boolean, state: Uint8Array, seen: string[] = []): typeof fetch =>
	async (input) => {
		seen.push(String(input));
		return new Response(state as BodyInit, {
			status: 200,
			headers: {
				'content-type': 'application/vnd.yjs.update',
				'x-warrant-role': role,
				'x-warrant-protected': String(isProtected)
			}
		});
	};
const down: typeof fetch = async () => {
	throw new TypeError('Failed to fetch');
};

describe('tokens in URLs', () => {
	it('reads a well-formed token and ignores anything else', () => {
		expect(tokenFromUrl('http://h/map/a?token=abc_D-9')).toBe('abc_D-9');
		expect(tokenFromUrl('http://h/map/a?token=a%20b')).toBeNull();
		expect(tokenFromUrl('http://h/map/a')).toBeNull();
	});

	it('appends the token to API paths', () => {
		expect(withToken('/api/maps/a', 't1')).toBe('/api/maps/a?token=t1');
		expect(withToken('/api/maps/a?x=1', 't1')).toBe('/api/maps/a?x=1&token=t1');
		expect(withToken('/api/maps/a', null)).toBe('/api/maps/a');
	});
});

describe('checkAccess', () => {
	it('passes the token and returns the role with the document', async () => {
		const seen: string[] = [];
		const state = new Uint8Array([0, 0]);
		const r = await checkAccess('m', 'tok', {
			fetcher: granted('viewer', true, state, seen),
			storage: memoryStorage()
		});
		expect(r).toEqual({ kind: 'granted', role: 'viewer', protected: true, via: 'open', state });
		expect(seen).toEqual(['/api/maps/m/state?token=tok']);
		const open = await checkAccess('m', null, {
			fetcher: granted('editor', false, state),
			storage: memoryStorage()
		});
		expect(open).toMatchObject({ kind: 'granted', role: 'editor', protected: false });
	});

	it('presents the participant key and reads what admitted the page', async () => {
		let header: string | null = null;
		const fetcher: typeof fetch = async (_input, init) => {
			header = new Headers(init?.headers).get('x-warrant-participant');
			return new Response(new Uint8Array([0, 0]) as BodyInit, {
				headers: {
					'x-warrant-role': 'editor',
					'x-warrant-protected': 'true',
					'x-warrant-via': 'grant'
				}
			});
		};
		const r = await checkAccess('m', null, {
			fetcher,
			storage: memoryStorage(),
			participant: 'participant-key-0000001'
		});
		expect(header).toBe('participant-key-0000001');
		expect(r).toMatchObject({ kind: 'granted', role: 'editor', protected: true, via: 'grant' });
	});

	it('reports why a token is refused', async () => {
		const opts = (reason: string) => ({
			fetcher: answer(403, { error: 'x', reason }),
			storage: memoryStorage()
		});
		expect(await checkAccess('m', null, opts('token-required'))).toEqual({
			kind: 'refused',
			reason: 'token-required'
		});
		expect(await checkAccess('m', 'bad', opts('token-invalid'))).toEqual({
			kind: 'refused',
			reason: 'token-invalid'
		});
	});

	it('falls back to the last role this token had when the server is unreachable', async () => {
		const storage = memoryStorage();
		await checkAccess('m', 'edit-tok', {
			fetcher: granted('editor', true, new Uint8Array([0, 0])),
			storage
		});
		expect(await checkAccess('m', 'edit-tok', { fetcher: down, storage })).toEqual({
			kind: 'unreachable',
			role: 'editor'
		});
		// A token never granted here is treated as a view link; no token as an open map.
		expect((await checkAccess('m', 'other', { fetcher: down, storage })).kind).toBe('unreachable');
		expect(await checkAccess('m', 'other', { fetcher: down, storage })).toMatchObject({
			role: 'viewer'
		});
		expect(await checkAccess('m2', null, { fetcher: down, storage })).toMatchObject({
			role: 'editor'
		});
	});

	it('says when the map does not exist', async () => {
		expect(await checkAccess('m', null, { fetcher: answer(404, {}), storage: null })).toEqual({
			kind: 'missing'
		});
	});
});

describe('pageStateAccess', () => {
	it('reads the state the page carried as checkAccess reads /state, and remembers the role', async () => {
		const storage = memoryStorage();
		// Every byte value, so that no decoding step may lose the high ones.
		const bytes = Uint8Array.from({ length: 256 }, (_, i) => 255 - i);
		const update = Buffer.from(bytes).toString('base64');
		const r = pageStateAccess(
			'm',
			'view-tok',
			{ role: 'viewer', protected: true, via: 'view-link', update },
			storage
		);
		expect(r).toEqual({
			kind: 'granted',
			role: 'viewer',
			protected: true,
			via: 'view-link',
			state: bytes
		});
		// Offline later, this token opens read-only, as after a /state answer; the key was made.
		expect(await checkAccess('m', 'view-tok', { fetcher: down, storage })).toEqual({
			kind: 'unreachable',
			role: 'viewer'
		});
		expect(storage.getItem('warrant.participant')).toMatch(/^[0-9a-f]{48}$/);
		const editor = pageStateAccess(
			'm',
			'edit-tok',
			{ role: 'editor', protected: true, via: 'edit-link', update },
			storage
		);
		expect(editor).toMatchObject({ role: 'editor', via: 'edit-link' });
		expect(await checkAccess('m', 'edit-tok', { fetcher: down, storage })).toMatchObject({
			role: 'editor'
		});
	});
});

describe('shareLinks', () => {
	it('returns the links or the server’s reason', async () => {
		const links = { editUrl: 'http://h/map/m?token=e', viewUrl: 'http://h/map/m?token=v' };
		expect(await shareLinks('m', null, {}, answer(200, links))).toEqual(links);
		await expect(shareLinks('m', null, {}, answer(403, { error: 'nope' }))).rejects.toThrow('nope');
	});

	it('sends what is asked: rotation, and the name the others are told', async () => {
		const bodies: unknown[] = [];
		const fetcher: typeof fetch = async (_input, init) => {
			bodies.push(JSON.parse(String(init?.body)));
			return new Response(JSON.stringify({ editUrl: 'e', viewUrl: 'v' }));
		};
		await shareLinks('m', null, { by: '  Ada ' }, fetcher);
		await shareLinks('m', 't', { rotate: true }, fetcher);
		await shareLinks('m', null, { by: '   ' }, fetcher);
		expect(bodies).toEqual([{ by: 'Ada' }, { rotate: true }, {}]);
	});
});
