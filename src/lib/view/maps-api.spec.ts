import { describe, expect, it } from 'vitest';
import { createMap, listMaps } from './maps-api';

const respond = (status: number, body: unknown) =>
	(async () =>
		new Response(typeof body === 'string' ? body : JSON.stringify(body), {
			status,
			headers: { 'content-type': 'application/json' }
		})) as unknown as typeof fetch;

const input = { title: 't', text: 'x.', author: '', publication: '', date: '', lang: '' };

describe('maps API client', () => {
	it('lists maps and drops malformed entries', async () => {
		const maps = await listMaps(
			respond(200, [
				{
					id: 'a',
					title: 'A',
					source: { title: 'S', author: 'W' },
					nodeCount: 3,
					edgeCount: 1,
					updatedAt: 'x'
				},
				{ nope: 1 }
			])
		);
		expect(maps).toEqual([
			{
				id: 'a',
				title: 'A',
				source: { title: 'S', author: 'W' },
				nodeCount: 3,
				edgeCount: 1,
				updatedAt: 'x'
			}
		]);
	});

	it('passes on the server error of a refused map', async () => {
		expect(await createMap(input, respond(400, { error: 'text is empty' }))).toEqual({
			ok: false,
			error: 'text is empty'
		});
		expect(await createMap(input, respond(500, 'oops'))).toMatchObject({
			ok: false,
			error: expect.stringContaining('500')
		});
		expect(await createMap(input, respond(201, { id: 'new-map' }))).toEqual({
			ok: true,
			id: 'new-map'
		});
	});
});
