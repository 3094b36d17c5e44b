/** Websocket upgrades that the server refuses before the handshake, and the ones it accepts. */
import { describe, expect, it } from 'vitest';
import { SAMPLE_ID, upgradeStatus, useServer } from './support';

describe('websocket upgrades', () => {
	const { server } = useServer();

	it.each([
		['an existing map', `/yjs/${SAMPLE_ID}`, 101, /^$/],
		[
			'an existing map with a query string (y-websocket params)',
			`/yjs/${SAMPLE_ID}?token=abc&x=1`,
			101,
			/^$/
		],
		['an invalid map id', '/yjs/Not_A_Valid_Id', 400, /invalid map id/],
		['a map id that is too long', `/yjs/${'a'.repeat(65)}`, 400, /invalid map id/],
		['an encoded slash in the id', '/yjs/a%2Fb', 400, /invalid map id/],
		['a map that does not exist', '/yjs/no-such-map', 404, /no map no-such-map/],
		['the bare endpoint', '/yjs', 404, /expected \/yjs\/<map id>/],
		['a nested path', `/yjs/${SAMPLE_ID}/more`, 400, /invalid map id/],
		['another path', '/somewhere-else', 404, /^$/]
	])('%s → %i', async (_name, path, status, body) => {
		const got = await upgradeStatus(server, path);
		expect(got.status).toBe(status);
		expect(got.body).toMatch(body);
	});
});
