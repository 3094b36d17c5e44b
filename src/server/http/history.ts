/**
 * A map's history (issue 14). Same access as the map: anyone who may read it reads its history;
 * naming versions and restoring need the edit role.
 *   GET  /api/maps/<id>/history   sessions, named versions, step count
 *   GET  /api/maps/<id>/history/steps[?after=<seq>|before=<seq>][&limit=<n>]   a page of steps
 *   GET  /api/maps/<id>/history/updates?to=<seq>[&limit=<n>]   a checkpoint and the stored updates after it
 *   POST /api/maps/<id>/versions {name, authorId?}   names the map as it is now → 201 the version
 *   GET  /api/maps/<id>/versions/<moment>[?format=yjs]   the warrant-map JSON (or Yjs state) of that moment
 *   GET  /api/maps/<id>/diff?from=<moment>&to=<moment>   what changed between two moments
 *   POST /api/maps/<id>/restore {to: <moment>, authorId?}   makes the map as it was, as one new change
 *   GET  /api/maps/<id>/report[?format=csv]   the instructor's report (editors only)
 * Moments: `history/moments.ts`. A moment before what history still holds (pruned) is 410; one after
 * the last step, an unknown version, or anything malformed is 400 / 404 with what is wrong.
 *
 * The event loop only reads storage here, in bounded pages (`history/log-pages.ts`); rebuilding
 * moments, differences and the report run in the worker pool (`work/history-jobs.ts`). Sessions and the
 * report's activity are kept per map and extended with the rows stored since the last read
 * (`history/log-digest.ts`).
 */
import * as Y from 'yjs';
import { restoreTo } from '$lib/model/restore';
import { isParticipantId } from '$lib/model/schema';
import { HISTORY_STEPS_PAGE, HISTORY_STEPS_PAGE_MAX, HISTORY_UPDATES_MAX } from '../limits';
import { momentState } from '../history/moment-state';
import { parseMoment, type Moment } from '../history/moments';
import type { StateAt } from '../storage/storage';
import { readJsonBody } from './body';
import type { ApiContext, ApiRequest } from './context';
import { requireAccess } from './guard';
import { YJS_UPDATE_MIME } from './state';
import { HttpError, runWork, sendJson } from './respond';

const MAX_HISTORY_BODY = 4096;
const MAX_VERSION_NAME = 200;

const iso = (ms: number) => new Date(ms).toISOString();

/** What rebuilding the map at `moment` needs (`history/moment-state.ts`); refusals as HttpError. */
export async function stateAtMoment(
	ctx: ApiContext,
	id: string,
	moment: Moment,
	what: string
): Promise<{ seq: number; state: StateAt }> {
	const found = await momentState(ctx.storage, id, moment, what);
	if (!found.ok) throw new HttpError(found.status, found.error, {}, found.reason);
	return found;
}

/** `version=<moment>` of an export, or null for the live map (checked before any work). */
export function versionParam(url: URL): Moment | null {
	if (!url.searchParams.has('version')) return null;
	return momentParam(url, 'version');
}

/** The map at `moment` as one Yjs update, rebuilt in the worker pool. */
async function momentUpdate(
	ctx: ApiContext,
	id: string,
	moment: Moment,
	what: string
): Promise<{ seq: number; update: Uint8Array }> {
	const { seq, state } = await stateAtMoment(ctx, id, moment, what);
	const out = await runWork(() => ctx.work.run('moment', { state, id, format: 'yjs' }));
	if (!out.ok || !('update' in out))
		throw new HttpError(
			409,
			`the map at step ${seq} cannot be rebuilt: ${out.ok ? '' : out.error}`
		);
	return { seq, update: out.update };
}

function momentParam(url: URL, name: string): Moment {
	const parsed = parseMoment(url.searchParams.get(name));
	if (!parsed.ok) throw new HttpError(400, `${name}: ${parsed.error}`);
	if (url.searchParams.getAll(name).length > 1) throw new HttpError(400, `${name} given twice`);
	return parsed.moment;
}

/** `{ …, authorId? }` from a JSON body: an object, with a valid author id if any. */
function objectBody(body: unknown): Record<string, unknown> & { authorId: string | null } {
	if (typeof body !== 'object' || body === null || Array.isArray(body))
		throw new HttpError(400, 'body must be a JSON object');
	const record = body as Record<string, unknown>;
	const authorId = record.authorId ?? null;
	if (authorId !== null && !isParticipantId(authorId))
		throw new HttpError(400, 'authorId: must be 1-64 letters, digits, _ or -');
	return { ...record, authorId: authorId as string | null };
}

export async function getHistory(ctx: ApiContext, id: string, ar: ApiRequest): Promise<void> {
	await requireAccess(ctx, id, ar, 'read');
	for (const key of ar.url.searchParams.keys())
		if (key !== 'token')
			throw new HttpError(
				400,
				`unknown parameter ${JSON.stringify(key.slice(0, 40))}: the steps are paged at /api/maps/${id}/history/steps`
			);
	const gapMs = ctx.sessionGapMs;
	const digest = await ctx.logDigests.read(ctx.storage, id, gapMs);
	if (!digest) throw new HttpError(404, `no map ${id}`);
	const oldestSeq = (await ctx.storage.oldestSeq(id)) ?? 0;
	const versions = await ctx.storage.listVersions(id);
	sendJson(ar.res, 200, {
		mapId: id,
		oldestSeq,
		lastSeq: digest.last?.seq ?? oldestSeq,
		stepCount: digest.count,
		sessionGapMs: gapMs,
		sessions: digest.sessions.sessions(),
		versions: versions.map((v) => ({ ...v, at: iso(v.at) }))
	});
}

/** A non-negative seq (`after`, `before`) or a page size, each at most once; anything else is 400. */
function intParam(url: URL, name: string, max: number): number | null {
	const all = url.searchParams.getAll(name);
	if (all.length === 0) return null;
	if (all.length > 1) throw new HttpError(400, `${name} given twice`);
	if (!/^(0|[1-9][0-9]{0,14})$/.test(all[0]) || Number(all[0]) > max)
		throw new HttpError(
			400,
			`${name}: ${JSON.stringify(all[0].slice(0, 40))} is not a whole number from 0 to ${max}`
		);
	return Number(all[0]);
}

/**
 * GET /api/maps/<id>/history/steps[?after=<seq>|?before=<seq>][&limit=<n>]: one page of the stored
 * steps, oldest first: the first `limit` after `after`, or the last `limit` before `before` (default:
 * the newest page). `{ steps, older, newer }`: the cursors of the neighbouring pages (`before=older`,
 * `after=newer`), null at either end. One bounded storage read; no worker needed.
 */
export async function getSteps(ctx: ApiContext, id: string, ar: ApiRequest): Promise<void> {
	const url = ar.url;
	for (const key of url.searchParams.keys())
		if (!['after', 'before', 'limit', 'token'].includes(key))
			throw new HttpError(
				400,
				`unknown parameter ${JSON.stringify(key.slice(0, 40))}: give after, before and limit`
			);
	const after = intParam(url, 'after', Number.MAX_SAFE_INTEGER);
	const before = intParam(url, 'before', Number.MAX_SAFE_INTEGER);
	const limit = intParam(url, 'limit', HISTORY_STEPS_PAGE_MAX) ?? HISTORY_STEPS_PAGE;
	if (after !== null && before !== null) throw new HttpError(400, 'give after or before, not both');
	if (limit === 0) throw new HttpError(400, `limit: from 1 to ${HISTORY_STEPS_PAGE_MAX}`);
	await requireAccess(ctx, id, ar, 'read');
	// One row more than the page says whether there is another page beyond it.
	const rows = await ctx.storage.logEntries(
		id,
		after !== null
			? { afterSeq: after, limit: limit + 1 }
			: { beforeSeq: before ?? Number.MAX_SAFE_INTEGER, limit: limit + 1 }
	);
	if (!rows) throw new HttpError(404, `no map ${id}`);
	const more = rows.length > limit;
	const page = after !== null ? rows.slice(0, limit) : rows.slice(Math.max(0, rows.length - limit));
	// The cursor of the neighbouring page on each side, null when nothing is there: one side is
	// known from the extra row, the other from a one-row read.
	let older: number | null = null;
	let newer: number | null = null;
	if (page.length > 0) {
		const first = page[0].seq;
		const last = page[page.length - 1].seq;
		if (after !== null) {
			newer = more ? last : null;
			const before1 = await ctx.storage.logEntries(id, { beforeSeq: first, limit: 1 });
			older = before1 && before1.length > 0 ? first : null;
		} else {
			older = more ? first : null;
			const after1 = await ctx.storage.logEntries(id, { afterSeq: last, limit: 1 });
			newer = after1 && after1.length > 0 ? last : null;
		}
	}
	sendJson(ar.res, 200, {
		steps: page.map((e) => ({ seq: e.seq, at: iso(e.at), authorId: e.authorId })),
		older,
		newer
	});
}

/**
 * GET /api/maps/<id>/history/updates?to=<seq>[&limit=<n>]: what the browser rebuilds moments from
 * (`$lib/model/replay.ts`): the checkpoint at or before step `to` and the stored updates after it up
 * to `to` (at most `limit`, oldest first; fewer reach less far), base64 in JSON:
 * `{ fromSeq, base, steps: [{ seq, update }] }`. `base` is the map right after step `fromSeq` (the
 * last row before the first update; any seq from it to the first update's gives the same map).
 * Storage reads only (one `stateAt`, two bounded log reads); the checkpoint interval bounds the rows.
 */
export async function getUpdates(ctx: ApiContext, id: string, ar: ApiRequest): Promise<void> {
	const url = ar.url;
	for (const key of url.searchParams.keys())
		if (!['to', 'limit', 'token'].includes(key))
			throw new HttpError(
				400,
				`unknown parameter ${JSON.stringify(key.slice(0, 40))}: give to and limit`
			);
	const to = intParam(url, 'to', Number.MAX_SAFE_INTEGER);
	if (to === null) throw new HttpError(400, 'to: missing; give the step to rebuild up to');
	const limit = intParam(url, 'limit', HISTORY_UPDATES_MAX) ?? HISTORY_UPDATES_MAX;
	if (limit === 0) throw new HttpError(400, `limit: from 1 to ${HISTORY_UPDATES_MAX}`);
	await requireAccess(ctx, id, ar, 'read');
	// One consistent read gives the checkpoint, the rows after it and their seqs.
	const { state } = await stateAtMoment(ctx, id, { kind: 'seq', seq: to }, 'to');
	const oldest = (await ctx.storage.oldestSeq(id)) ?? 0;
	const b64 = (bytes: Uint8Array) =>
		Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
	const kept = Math.min(state.updates.length, limit);
	sendJson(ar.res, 200, {
		fromSeq: Math.max(oldest, state.baseSeq),
		base: b64(state.base),
		steps: state.seqs.slice(0, kept).map((seq, i) => ({ seq, update: b64(state.updates[i]) }))
	});
}

export async function postVersion(ctx: ApiContext, id: string, ar: ApiRequest): Promise<void> {
	await requireAccess(ctx, id, ar, 'edit');
	const body = objectBody(await readJsonBody(ar.req, MAX_HISTORY_BODY));
	const name = typeof body.name === 'string' ? body.name.trim() : '';
	if (!name || name.length > MAX_VERSION_NAME)
		throw new HttpError(400, `name: give a name of 1-${MAX_VERSION_NAME} characters`);
	const { seq, update } = await momentUpdate(ctx, id, { kind: 'now' }, 'now');
	const version = await ctx.storage.nameVersion(
		id,
		{ name, seq, at: Date.now(), authorId: body.authorId },
		update
	);
	sendJson(ar.res, 201, { ...version, at: iso(version.at) });
}

export async function getVersion(
	ctx: ApiContext,
	id: string,
	rawMoment: string,
	ar: ApiRequest
): Promise<void> {
	await requireAccess(ctx, id, ar, 'read');
	let decoded: string;
	try {
		decoded = decodeURIComponent(rawMoment);
	} catch {
		throw new HttpError(400, 'malformed version');
	}
	const parsed = parseMoment(decoded);
	if (!parsed.ok) throw new HttpError(400, `version: ${parsed.error}`);
	const format = ar.url.searchParams.get('format') ?? 'json';
	if (format !== 'json' && format !== 'yjs')
		throw new HttpError(400, `format: json (the map file, default) or yjs (its Yjs state)`);
	const { seq, state } = await stateAtMoment(ctx, id, parsed.moment, 'version');
	const out = await runWork(() => ctx.work.run('moment', { state, id, format }));
	if (!out.ok) throw new HttpError(409, `the map at step ${seq} is not a valid map: ${out.error}`);
	if ('update' in out) {
		// What the editor's restore applies locally (one undoable step for who restores).
		ar.res.writeHead(200, {
			'content-type': YJS_UPDATE_MIME,
			'content-length': out.update.byteLength,
			'cache-control': 'no-store',
			'x-warrant-step': String(seq)
		});
		ar.res.end(out.update);
		return;
	}
	ar.res.writeHead(200, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength(out.json),
		'cache-control': 'no-store',
		'x-warrant-step': String(seq)
	});
	ar.res.end(out.json);
}

export async function getDiff(ctx: ApiContext, id: string, ar: ApiRequest): Promise<void> {
	await requireAccess(ctx, id, ar, 'read');
	const fromMoment = momentParam(ar.url, 'from');
	const toMoment = ar.url.searchParams.has('to')
		? momentParam(ar.url, 'to')
		: { kind: 'now' as const };
	const from = await stateAtMoment(ctx, id, fromMoment, 'from');
	const to = await stateAtMoment(ctx, id, toMoment, 'to');
	const diff = await runWork(() => ctx.work.run('diff', { from: from.state, to: to.state }));
	sendJson(ar.res, 200, { from: from.seq, to: to.seq, diff });
}

/**
 * GET /api/maps/<id>/report[?format=csv] (editors only): the instructor's report (`history/report.ts`),
 * as JSON, or as CSV with one row per participant; aggregated in a worker.
 */
export async function getReport(ctx: ApiContext, id: string, ar: ApiRequest): Promise<void> {
	await requireAccess(ctx, id, ar, 'edit');
	const format = ar.url.searchParams.get('format') ?? 'json';
	if (format !== 'json' && format !== 'csv')
		throw new HttpError(400, 'format: json (default) or csv');
	const state = await ctx.registry.encodedState(id);
	const digest = await ctx.logDigests.read(ctx.storage, id, ctx.sessionGapMs);
	if (!state || !digest) throw new HttpError(404, `no map ${id}`);
	const activity = digest.tally.activity();
	const out = await runWork(() => ctx.work.run('report', { state, activity, format }));
	if (out.format === 'json') return sendJson(ar.res, 200, out.report);
	ar.res.writeHead(200, {
		'content-type': 'text/csv; charset=utf-8',
		'content-disposition': `attachment; filename="${id}-report.csv"`,
		'cache-control': 'no-store',
		'x-content-type-options': 'nosniff'
	});
	ar.res.end(out.csv);
}

/** The origin of restores made by the server on request (no person's UndoManager tracks it). */
export const SERVER_RESTORE_ORIGIN = 'warrant-server-restore';

export async function postRestore(ctx: ApiContext, id: string, ar: ApiRequest): Promise<void> {
	await requireAccess(ctx, id, ar, 'edit');
	const body = objectBody(await readJsonBody(ar.req, MAX_HISTORY_BODY));
	const parsed = parseMoment(typeof body.to === 'string' ? body.to : null);
	if (!parsed.ok) throw new HttpError(400, `to: ${parsed.error}`);
	// Rebuilt in a worker; the restore itself is one change of the live map, in its room.
	const past = await momentUpdate(ctx, id, parsed.moment, 'to');
	const pastDoc = new Y.Doc();
	Y.applyUpdate(pastDoc, past.update);
	try {
		let summary = { added: 0, removed: 0, changed: 0 };
		const changed = await ctx.registry.change(
			id,
			(doc) => {
				summary = restoreTo(doc, pastDoc, SERVER_RESTORE_ORIGIN);
			},
			body.authorId
		);
		if (changed === null) throw new HttpError(404, `no map ${id}`);
		sendJson(ar.res, 200, { restored: past.seq, applied: changed, records: summary });
	} finally {
		pastDoc.destroy();
	}
}
