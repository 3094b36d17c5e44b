/**
 * History through the real server (issue 14): three stock clients edit the sample map with seeded
 * random gestures in three bursts separated by quiet; the server's sessions and versions must match
 * what the clients saw, a restore must give every client the old state, and all of it must survive
 * `kill -9`. Access: viewers read history but cannot name or restore.
 */
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { MapFile } from '$lib/model/mapfile';
import { randomOp } from '$tests/helpers/random-ops';
import { seededRng } from '$tests/helpers/rng';
import type { RunningServer } from '$tests/helpers/server';
import {
	SAMPLE_ID,
	canonicalJson,
	connectSynced,
	mapJson,
	useServers,
	waitFor,
	type Client
} from './support';

const GAP_MS = 2000;
const PEOPLE = [
	{ id: 'ada-0001', name: 'Ada' },
	{ id: 'bo-0002', name: 'Bo' },
	{ id: 'cy-0003', name: 'Cy' }
];

async function api(
	server: RunningServer,
	method: 'GET' | 'POST',
	path: string,
	body?: unknown,
	token?: string
): Promise<{ status: number; body: Record<string, unknown> }> {
	const query = token ? `${path.includes('?') ? '&' : '?'}token=${token}` : '';
	const res = await fetch(`${server.url}${path}${query}`, {
		method,
		...(body === undefined
			? {}
			: { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
	});
	return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/**
 * The map file a history moment gives, as comparable JSON. Not parsed strictly: like the export, it
 * is the map as it was, a vote on a node deleted meanwhile included.
 */
async function versionJson(server: RunningServer, moment: string | number): Promise<string> {
	const res = await api(server, 'GET', `/api/maps/${SAMPLE_ID}/versions/${moment}`);
	expect(res.status).toBe(200);
	expect(res.body).toMatchObject({ format: 'warrant-map', id: SAMPLE_ID });
	return canonicalJson(res.body as unknown as MapFile);
}

const allSame = (clients: Client[]) =>
	clients.every((c) => mapJson(c.doc) === mapJson(clients[0].doc));

interface Session {
	firstSeq: number;
	lastSeq: number;
	authors: Array<{ authorId: string | null }>;
}

describe('history', () => {
	const fixture = useServers('SIGKILL');

	it('sessions and versions match what the clients saw; restore reaches everyone; kill -9 keeps it', async () => {
		const env = { WARRANT_SESSION_GAP_MS: String(GAP_MS), WARRANT_COMPACT_AFTER: '15' };
		const server = await fixture.start({ env });
		const clients = await Promise.all(
			PEOPLE.map((p) => connectSynced(server, SAMPLE_ID, { author: p.id }))
		);
		fixture.clients.push(...clients);
		const rng = seededRng(14);
		const seenAtEnd: string[] = [];
		let lastEdit = 0;
		for (let burst = 0; burst < 3; burst++) {
			if (burst > 0)
				await waitFor(
					'the quiet between bursts',
					() => Date.now() - lastEdit > GAP_MS + 200,
					GAP_MS * 3
				);
			for (let i = 0; i < 12; i++) {
				const who = rng.int(3);
				randomOp(clients[who].doc as Y.Doc, rng, PEOPLE[who], 'gesture');
				await waitFor('every client to have the gesture', () => allSame(clients));
				lastEdit = Date.now();
			}
			seenAtEnd.push(mapJson(clients[0].doc));
			if (burst === 0) {
				const named = await api(server, 'POST', `/api/maps/${SAMPLE_ID}/versions`, {
					name: 'After the first burst',
					authorId: PEOPLE[0].id
				});
				expect(named).toMatchObject({
					status: 201,
					body: { id: 'v1', name: 'After the first burst' }
				});
			}
		}
		const history = await api(server, 'GET', `/api/maps/${SAMPLE_ID}/history`);
		expect(history.status).toBe(200);
		const sessions = history.body.sessions as Session[];
		expect(sessions).toHaveLength(3);
		for (const [i, s] of sessions.entries()) {
			// The automatic version at each session's end is the map the clients had then.
			expect(await versionJson(server, s.lastSeq)).toBe(seenAtEnd[i]);
			for (const a of s.authors) expect([...PEOPLE.map((p) => p.id), null]).toContain(a.authorId);
		}
		const authors = new Set(sessions.flatMap((s) => s.authors.map((a) => a.authorId)));
		for (const p of PEOPLE) expect(authors).toContain(p.id);
		expect(history.body.versions).toMatchObject([{ id: 'v1', authorId: PEOPLE[0].id }]);
		expect(await versionJson(server, 'v1')).toBe(seenAtEnd[0]);
		expect(await versionJson(server, 'now')).toBe(seenAtEnd[2]);
		const diff = await api(server, 'GET', `/api/maps/${SAMPLE_ID}/diff?from=v1&to=now`);
		expect(diff.status).toBe(200);
		const counts = (diff.body.diff as { counts: Record<string, number> }).counts;
		expect(counts.added + counts.removed + counts.changed).toBeGreaterThan(0);

		// Restore the first burst's end for everyone, as one new change.
		const restored = await api(server, 'POST', `/api/maps/${SAMPLE_ID}/restore`, { to: 'v1' });
		expect(restored).toMatchObject({ status: 200, body: { applied: true } });
		await waitFor('every client to have the restored map', () =>
			clients.every((c) => mapJson(c.doc) === seenAtEnd[0])
		);
		expect(await versionJson(server, 'now')).toBe(seenAtEnd[0]);
		// History was not rewritten: the third burst's end is still there.
		expect(await versionJson(server, sessions[2].lastSeq)).toBe(seenAtEnd[2]);

		// The instructor's report attributes the steps to the three people.
		const report = await api(server, 'GET', `/api/maps/${SAMPLE_ID}/report`);
		expect(report.status).toBe(200);
		const participants = report.body.participants as Array<{ key: string; steps: number }>;
		for (const p of PEOPLE)
			expect(participants.find((r) => r.key === p.id)?.steps ?? 0).toBeGreaterThan(0);
		const csv = await fetch(`${server.url}/api/maps/${SAMPLE_ID}/report?format=csv`);
		expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		const rows = (await csv.text()).trim().split('\r\n');
		expect(rows).toHaveLength(participants.length + 1);

		// kill -9, then the same history (the restore included) from a new server on the same file.
		const beforeKill = await api(server, 'GET', `/api/maps/${SAMPLE_ID}/history`);
		await server.stop('SIGKILL');
		fixture.servers.splice(fixture.servers.indexOf(server), 1);
		for (const c of fixture.clients.splice(0)) c.destroy();
		const again = await fixture.start({ env, dataDir: server.dataDir });
		const after = await api(again, 'GET', `/api/maps/${SAMPLE_ID}/history`);
		expect(after.body).toEqual(beforeKill.body);
		expect((after.body.sessions as Session[]).slice(0, 2)).toEqual(sessions.slice(0, 2));
		expect(await versionJson(again, 'v1')).toBe(seenAtEnd[0]);
		expect(await versionJson(again, sessions[1].lastSeq)).toBe(seenAtEnd[1]);
		expect(await versionJson(again, 'now')).toBe(seenAtEnd[0]);
	});

	it('refuses bad ids, moments and bodies with what is wrong; viewers read but cannot name or restore', async () => {
		const server = await fixture.start();
		const base = `/api/maps/${SAMPLE_ID}`;
		const cases: Array<[string, 'GET' | 'POST', string, unknown, number, RegExp]> = [
			['bad map id', 'GET', '/api/maps/NOT_AN_ID/history', undefined, 400, /invalid map id/],
			['unknown map', 'GET', '/api/maps/no-such-map/history', undefined, 404, /no map/],
			['moment missing', 'GET', `${base}/diff`, undefined, 400, /from: missing/],
			['moment malformed', 'GET', `${base}/diff?from=yesterday`, undefined, 400, /not a moment/],
			['moment twice', 'GET', `${base}/diff?from=0&from=1`, undefined, 400, /given twice/],
			[
				'step after the last',
				'GET',
				`${base}/versions/999999999`,
				undefined,
				400,
				/after the last step/
			],
			['unknown version', 'GET', `${base}/versions/v7`, undefined, 404, /no version v7/],
			['bad version', 'GET', `${base}/versions/%ZZ`, undefined, 400, /malformed/],
			['too deep', 'GET', `${base}/versions/1/2`, undefined, 404, /no API endpoint/],
			['name missing', 'POST', `${base}/versions`, {}, 400, /name: give a name/],
			['name too long', 'POST', `${base}/versions`, { name: 'x'.repeat(201) }, 400, /name/],
			['body not an object', 'POST', `${base}/versions`, ['x'], 400, /JSON object/],
			['bad author', 'POST', `${base}/versions`, { name: 'a', authorId: 'a b' }, 400, /authorId/],
			['restore to nothing', 'POST', `${base}/restore`, { to: 5 }, 400, /to: missing/],
			['report format', 'GET', `${base}/report?format=xls`, undefined, 400, /format/],
			['time before the map', 'GET', `${base}/versions/1999-01-01T00:00:00Z`, undefined, 200, /./]
		];
		for (const [name, method, path, body, status, error] of cases) {
			const res = await api(server, method, path, body);
			expect([name, res.status]).toEqual([name, status]);
			if (status !== 200)
				expect([name, String(res.body.error)]).toEqual([name, expect.stringMatching(error)]);
		}
		// Nothing was named by the refused requests.
		expect((await api(server, 'GET', `${base}/history`)).body.versions).toEqual([]);

		const share = await api(server, 'POST', `${base}/share`);
		expect(share.status).toBe(200);
		const links = (share.body.links ?? share.body) as { viewUrl: string };
		const view = new URL(links.viewUrl).searchParams.get('token')!;
		expect((await api(server, 'GET', `${base}/history`, undefined, view)).status).toBe(200);
		expect((await api(server, 'GET', `${base}/diff?from=0`, undefined, view)).status).toBe(200);
		expect((await api(server, 'GET', `${base}/history`)).status).toBe(403);
		const name = await api(server, 'POST', `${base}/versions`, { name: 'x' }, view);
		expect(name).toMatchObject({ status: 403, body: { reason: 'editor-required' } });
		const restore = await api(server, 'POST', `${base}/restore`, { to: '0' }, view);
		expect(restore).toMatchObject({ status: 403, body: { reason: 'editor-required' } });
		const report = await api(server, 'GET', `${base}/report`, undefined, view);
		expect(report).toMatchObject({ status: 403, body: { reason: 'editor-required' } });
	});
});
