/**
 * History on a map with a long log, through the real server (issue 14): the heavy work runs in the
 * worker pool, so live editing goes on while a history request is being worked on; the steps come
 * in bounded pages whose cursors join up to the whole log; hostile paging parameters are refused
 * with what is wrong; any moment exports in every format the live map does.
 *
 * The long log is written straight into the SQLite file before the server starts (a real store,
 * the server's own module): 12,000 relabellings of one node in three sessions, no checkpoint
 * after the first, so rebuilding a late moment applies thousands of rows.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { getNodeText, setNodeText } from '$lib/model/doc';
import { fileToDoc, parseMapFileText, type MapFile } from '$lib/model/mapfile';
import { openSqliteStorage } from '../../src/server/storage/sqlite';
import { HISTORY_STEPS_PAGE, HISTORY_STEPS_PAGE_MAX } from '../../src/server/limits';
import { startServer, tempDir, type RunningServer } from '$tests/helpers/server';
import { SAMPLE_FILE, connectSynced, sampleMapsDir, waitFor, type Client } from './support';

const MAP = 'long-history';
const ROWS = 12_000;
const SESSION_ROWS = 4_000;
const T0 = Date.parse('2026-11-02T09:00:00Z');
/** Row i's time: a second apart, with two hours of quiet between sessions. */
const timeOf = (i: number) => T0 + i * 1000 + Math.floor(i / SESSION_ROWS) * 2 * 3600_000;
const PEOPLE = ['ada-1', 'bo-2', 'cy-3'];

interface Step {
	seq: number;
	at: string;
	authorId: string | null;
}
interface Page {
	steps: Step[];
	older: number | null;
	newer: number | null;
}

let server: RunningServer;
/** The seq of each row written, in order. */
const seqs: number[] = [];
const clients: Client[] = [];

beforeAll(async () => {
	const dataDir = tempDir('warrant-long-history-');
	const storage = openSqliteStorage(dataDir);
	const parsed = parseMapFileText(readFileSync(SAMPLE_FILE, 'utf8'));
	if (!parsed.ok) throw new Error(parsed.error);
	const doc = fileToDoc({ ...parsed.value, id: MAP });
	await storage.createMap(
		{
			id: MAP,
			title: 'Long history',
			sourceTitle: '',
			sourceAuthor: '',
			createdAt: new Date(T0).toISOString(),
			updatedAt: new Date(T0).toISOString(),
			nodeCount: parsed.value.nodes.length,
			edgeCount: parsed.value.edges.length
		},
		Y.encodeStateAsUpdate(doc)
	);
	for (let i = 0; i < ROWS; i++) {
		const before = Y.encodeStateVector(doc);
		setNodeText(doc, 'thesis', `Wording ${i}`, null);
		seqs.push(
			await storage.appendUpdate(MAP, Y.encodeStateAsUpdate(doc, before), {
				at: timeOf(i),
				authorId: PEOPLE[i % 3]
			})
		);
	}
	await storage.close();
	server = await startServer({ dataDir, mapsDir: sampleMapsDir() });
}, 300_000);

afterAll(async () => {
	for (const c of clients.splice(0)) c.destroy();
	await server?.stop();
});

async function getJson(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
	const res = await fetch(`${server.url}${path}`);
	return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const base = `/api/maps/${MAP}`;

describe('history of a long log', () => {
	it('pages the steps: forward and backward walks give every row once, in order, within the limit', async () => {
		const history = await getJson(`${base}/history`);
		expect(history.status).toBe(200);
		expect(history.body.stepCount).toBe(ROWS);
		const sessions = history.body.sessions as Array<{ firstSeq: number; steps: number }>;
		expect(sessions.map((s) => s.steps)).toEqual([SESSION_ROWS, SESSION_ROWS, SESSION_ROWS]);
		expect(sessions.map((s) => s.firstSeq)).toEqual([0, 1, 2].map((k) => seqs[k * SESSION_ROWS]));

		// Forward from the start with an odd page size.
		const forward: Step[] = [];
		let page: Page = (await getJson(`${base}/history/steps?after=0&limit=997`)).body as never;
		expect(page.older).toBeNull();
		for (;;) {
			expect(page.steps.length).toBeLessThanOrEqual(997);
			forward.push(...page.steps);
			if (page.newer === null) break;
			expect(page.newer).toBe(page.steps[page.steps.length - 1].seq);
			page = (await getJson(`${base}/history/steps?after=${page.newer}&limit=997`)).body as never;
		}
		expect(forward.map((s) => s.seq)).toEqual(seqs);
		expect(forward[1]).toEqual({
			seq: seqs[1],
			at: new Date(timeOf(1)).toISOString(),
			authorId: 'bo-2'
		});

		// Backward from the newest page (the default), with the default page size.
		const backward: Step[][] = [];
		page = (await getJson(`${base}/history/steps`)).body as never;
		expect(page.newer).toBeNull();
		for (;;) {
			expect(page.steps.length).toBeLessThanOrEqual(HISTORY_STEPS_PAGE);
			backward.unshift(page.steps);
			if (page.older === null) break;
			page = (await getJson(`${base}/history/steps?before=${page.older}`)).body as never;
		}
		expect(backward.flat()).toEqual(forward);
		expect(backward).toHaveLength(Math.ceil(ROWS / HISTORY_STEPS_PAGE));

		// A page from the middle knows both neighbours.
		const middle = (await getJson(`${base}/history/steps?after=${seqs[5000]}&limit=3`)).body;
		expect(middle).toMatchObject({
			steps: [{ seq: seqs[5001] }, { seq: seqs[5002] }, { seq: seqs[5003] }],
			older: seqs[5001],
			newer: seqs[5003]
		});
		const most = (await getJson(`${base}/history/steps?after=0&limit=${HISTORY_STEPS_PAGE_MAX}`))
			.body as unknown as Page;
		expect(most.steps).toHaveLength(HISTORY_STEPS_PAGE_MAX);
	});

	it('refuses hostile paging with what is wrong', async () => {
		const cases: Array<[string, number, RegExp]> = [
			['history/steps?limit=0', 400, /limit: from 1/],
			['history/steps?limit=abc', 400, /limit: "abc" is not a whole number/],
			[
				`history/steps?limit=${HISTORY_STEPS_PAGE_MAX + 1}`,
				400,
				/not a whole number from 0 to 2000/
			],
			['history/steps?limit=1e3', 400, /limit: "1e3"/],
			['history/steps?after=-1', 400, /after: "-1"/],
			['history/steps?after=1.5', 400, /after: "1.5"/],
			['history/steps?after=99999999999999999999', 400, /after:/],
			['history/steps?after=1&after=2', 400, /after given twice/],
			['history/steps?after=1&before=2', 400, /after or before, not both/],
			['history/steps?cursor=1', 400, /unknown parameter "cursor"/],
			['history?steps=1', 400, /unknown parameter "steps": the steps are paged/],
			['history/nothing', 404, /no API endpoint/],
			['history/steps/deeper', 404, /no API endpoint/]
		];
		for (const [path, status, error] of cases) {
			const res = await getJson(`${base}/${path}`);
			expect([path, res.status, String(res.body.error)]).toEqual([
				path,
				status,
				expect.stringMatching(error)
			]);
		}
		expect((await getJson('/api/maps/no-such-map/history/steps')).status).toBe(404);
	});

	it('keeps live editing going while a history request is worked on', async () => {
		const a = await connectSynced(server, MAP, { author: 'ada-1' });
		const b = await connectSynced(server, MAP, { author: 'bo-2' });
		clients.push(a, b);
		// The moment just before the last row: no checkpoint but the first one before it, so the
		// worker applies almost every row of the log (the map as it was loaded got its checkpoint
		// at the last row only).
		const moment = seqs[ROWS - 2];
		let answered = false;
		const request = fetch(`${server.url}${base}/versions/${moment}`).then(async (res) => {
			answered = true;
			return { status: res.status, file: (await res.json()) as MapFile };
		});
		// Round trips of one edit from a to b while the request is pending. On the event loop, the
		// rebuild would hold every socket until it was done; in the worker, they go on.
		let during = 0;
		for (let k = 0; !answered; k++) {
			const label = `Live edit ${k}`;
			setNodeText(a.doc, 'thesis', label, null);
			await waitFor(`the edit ${k} to reach the other client`, () =>
				getNodeText(b.doc, 'thesis')?.toString() === label ? true : answered
			);
			if (!answered && getNodeText(b.doc, 'thesis')?.toString() === label) during++;
		}
		const { status, file } = await request;
		expect(status).toBe(200);
		expect(file.nodes.find((n) => n.id === 'thesis')?.text).toBe(`Wording ${ROWS - 2}`);
		expect(during).toBeGreaterThanOrEqual(3);
	});

	it('exports any moment in every format, named after it; refuses a bad version before any work', async () => {
		const moment = seqs[41];
		const asJson = await fetch(`${server.url}${base}/export?format=json&version=${moment}`);
		expect(asJson.status).toBe(200);
		expect(asJson.headers.get('content-disposition')).toMatch(
			new RegExp(`filename="[a-z0-9-]+-step-${moment}\\.json"`)
		);
		const file = (await asJson.json()) as MapFile;
		expect(file.nodes.find((n) => n.id === 'thesis')?.text).toBe('Wording 41');
		for (const format of ['aif', 'argdown', 'md', 'annotations']) {
			const res = await fetch(`${server.url}${base}/export?format=${format}&version=${moment}`);
			const text = await res.text();
			expect([format, res.status]).toEqual([format, 200]);
			expect([format, text.includes('Wording 41')]).toEqual([format, true]);
			expect([format, text.includes(`Wording ${ROWS - 1}`)]).toEqual([format, false]);
		}
		const svg = await fetch(`${server.url}${base}/export?format=svg&version=${moment}`);
		expect(svg.status).toBe(200);
		expect(await svg.text()).toContain('Wording 41');
		const png = await fetch(`${server.url}${base}/export?format=png&scale=1&version=${moment}`);
		expect(png.status).toBe(200);
		expect([...new Uint8Array(await png.arrayBuffer()).subarray(0, 4)]).toEqual([
			0x89, 0x50, 0x4e, 0x47
		]);
		expect(png.headers.get('content-disposition')).toMatch(/-step-\d+\.png"/);
		const pdf = await fetch(`${server.url}${base}/export?format=pdf&version=${moment}`);
		expect(pdf.status).toBe(200);
		expect(
			Buffer.from(await pdf.arrayBuffer())
				.subarray(0, 5)
				.toString('latin1')
		).toBe('%PDF-');

		// A named version: its own file name.
		const named = await fetch(`${server.url}${base}/versions`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'Before export' })
		});
		expect(named.status).toBe(201);
		const { id } = (await named.json()) as { id: string };
		const v = await fetch(`${server.url}${base}/export?format=argdown&version=${id}`);
		expect(v.status).toBe(200);
		expect(v.headers.get('content-disposition')).toMatch(new RegExp(`-${id}\\.argdown"`));

		const refused: Array<[string, number, RegExp]> = [
			['format=json&version=yesterday', 400, /version: "yesterday" is not a moment/],
			['format=png&version=soon', 400, /version: "soon" is not a moment/],
			['format=json&version=1&version=2', 400, /version given twice/],
			['format=json&version=v99', 404, /no version v99/],
			['format=svg&version=999999999999', 400, /after the last step/],
			['format=json&versions=1', 400, /unknown parameter "versions"/],
			['format=png&version=1&page=a4', 400, /page/]
		];
		for (const [query, status, error] of refused) {
			const res = await fetch(`${server.url}${base}/export?${query}`);
			const body = (await res.json()) as { error: string };
			expect([query, res.status, body.error]).toEqual([
				query,
				status,
				expect.stringMatching(error)
			]);
		}
	});
});
