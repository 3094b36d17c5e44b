/**
 * `GET /api/maps/<id>/history/updates` through the real server: the checkpoint and stored updates it
 * hands the browser rebuild, with `$lib/model/replay.ts`, the same map the server's own rebuild
 * (`/versions/<step>`) gives at every step; it is bounded (`limit`), refuses hostile parameters with
 * a 400 naming the parameter, and follows the history's access rules (viewers may read).
 */
import { describe, expect, it } from 'vitest';
import { docToFile, type MapFile } from '$lib/model/mapfile';
import { Replay, type ReplaySegment } from '$lib/model/replay';
import { randomOp } from '$tests/helpers/random-ops';
import { seededRng } from '$tests/helpers/rng';
import { SAMPLE_ID, canonicalJson, connectSynced, mapJson, useServers, waitFor } from './support';

const base = `/api/maps/${SAMPLE_ID}`;

interface Wire {
	fromSeq: number;
	base: string;
	steps: Array<{ seq: number; update: string }>;
}

const segmentOf = (w: Wire): ReplaySegment => ({
	fromSeq: w.fromSeq,
	base: new Uint8Array(Buffer.from(w.base, 'base64')),
	steps: w.steps.map((s) => ({
		seq: s.seq,
		update: new Uint8Array(Buffer.from(s.update, 'base64'))
	}))
});

describe('history updates for the browser replay', () => {
	const fixture = useServers();

	it('rebuilds every step as the server does; bounded; refuses bad parameters; viewers read', async () => {
		const server = await fixture.start({ env: { WARRANT_COMPACT_AFTER: '10' } });
		const get = async (path: string) => {
			const res = await fetch(`${server.url}${path}`);
			return { status: res.status, body: (await res.json()) as Record<string, unknown> };
		};
		const client = await connectSynced(server, SAMPLE_ID, { author: 'ada-0001' });
		const rng = seededRng(14);
		for (let i = 0; i < 36; i++) {
			randomOp(client.doc, rng, { id: 'ada-0001', name: 'Ada' }, 'gesture');
			// One stored row per gesture: each reaches the server before the next is made.
			const want = mapJson(client.doc);
			await waitFor('the gesture to reach the server', async () => {
				const res = await get(`${base}`);
				return canonicalJson(res.body as unknown as MapFile) === want;
			});
		}
		client.provider.destroy();
		client.doc.destroy();

		const history = (await get(`${base}/history`)).body as { oldestSeq: number; lastSeq: number };
		const steps = (await get(`${base}/history/steps?after=0&limit=2000`)).body.steps as Array<{
			seq: number;
		}>;
		expect(steps.length).toBeGreaterThanOrEqual(30);
		const seqs = [history.oldestSeq, ...steps.map((s) => s.seq)].filter(
			(s) => s >= history.oldestSeq
		);

		// Every step, rebuilt in the browser's way from the answer for it, is the server's moment.
		const replay = new Replay(4);
		let sawCheckpointAfterStart = false;
		let longest = { seq: history.oldestSeq, steps: 0 };
		for (const seq of seqs) {
			const res = await get(`${base}/history/updates?to=${seq}`);
			expect(res.status).toBe(200);
			const wire = res.body as unknown as Wire;
			expect(wire.fromSeq).toBeLessThanOrEqual(seq);
			if (wire.fromSeq > history.oldestSeq) sawCheckpointAfterStart = true;
			// The steps are the stored steps after fromSeq up to `to`, in order.
			expect(wire.steps.map((s) => s.seq)).toEqual(
				steps.map((s) => s.seq).filter((s) => s > wire.fromSeq && s <= seq)
			);
			if (wire.steps.length > longest.steps) longest = { seq, steps: wire.steps.length };
			replay.add(segmentOf(wire));
			const doc = replay.docAt(seq)!;
			const server = (await get(`${base}/versions/${seq}`)).body as unknown as MapFile;
			expect([seq, canonicalJson(docToFile(doc, SAMPLE_ID))]).toEqual([seq, canonicalJson(server)]);
		}
		// Compaction every 10 rows: later answers start at a later checkpoint.
		expect(sawCheckpointAfterStart).toBe(true);

		// Bounded: at most `limit` updates, the first ones after the checkpoint.
		const last = history.lastSeq;
		const full = (await get(`${base}/history/updates?to=${longest.seq}`)).body as unknown as Wire;
		const two = (await get(`${base}/history/updates?to=${longest.seq}&limit=2`))
			.body as unknown as Wire;
		expect(full.steps.length).toBeGreaterThan(2);
		expect(two.fromSeq).toBe(full.fromSeq);
		expect(two.steps).toEqual(full.steps.slice(0, 2));

		const refused: Array<[string, number, RegExp]> = [
			['', 400, /to: missing/],
			['?to=abc', 400, /^to: "abc" is not a whole number/],
			['?to=-1', 400, /^to:/],
			['?to=1&to=2', 400, /to given twice/],
			[`?to=${last}&limit=0`, 400, /^limit: from 1 to 2000/],
			[`?to=${last}&limit=2001`, 400, /^limit:/],
			[`?to=${last}&after=3`, 400, /unknown parameter "after"/],
			[`?to=${last + 1_000_000}`, 400, /^to: step \d+ is after the last step/]
		];
		for (const [query, status, error] of refused) {
			const res = await get(`${base}/history/updates${query}`);
			expect([query, res.status, String(res.body.error)]).toEqual([
				query,
				status,
				expect.stringMatching(error)
			]);
		}
		expect((await get(`/api/maps/no-such-map/history/updates?to=1`)).status).toBe(404);

		// Access: a protected map's history is read with its view link, not without one.
		const share = await fetch(`${server.url}${base}/share`, { method: 'POST' });
		const links = (await share.json()) as { links?: { viewUrl: string }; viewUrl?: string };
		const view = new URL((links.links ?? links).viewUrl!).searchParams.get('token')!;
		expect((await get(`${base}/history/updates?to=${longest.seq}`)).status).toBe(403);
		const viewed = await get(`${base}/history/updates?to=${longest.seq}&token=${view}`);
		expect(viewed.status).toBe(200);
		expect(viewed.body).toEqual(full);
	});
});
