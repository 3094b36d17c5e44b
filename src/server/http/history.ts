/**
 * A map's history (issue 14). Same access as the map: anyone who may read it reads its history;
 * naming versions and restoring need the edit role.
 *   GET  /api/maps/<id>/history[?steps=1]   sessions, named versions (and every step with ?steps=1)
 *   POST /api/maps/<id>/versions {name, authorId?}   names the map as it is now → 201 the version
 *   GET  /api/maps/<id>/versions/<moment>[?format=yjs]   the warrant-map JSON (or Yjs state) of that moment
 *   GET  /api/maps/<id>/diff?from=<moment>&to=<moment>   what changed between two moments
 *   POST /api/maps/<id>/restore {to: <moment>, authorId?}   makes the map as it was, as one new change
 *   GET  /api/maps/<id>/report[?format=csv]   the instructor's report (editors only)
 * Moments: `history/moments.ts`. A moment before what history still holds (pruned) is 410; one after
 * the last step, an unknown version, or anything malformed is 400 / 404 with what is wrong.
 */
import * as Y from 'yjs';
import { diffMaps } from '$lib/model/diff';
import { docToFile } from '$lib/model/mapfile';
import { readThreads } from '$lib/model/comments';
import { readMap } from '$lib/model/read';
import { readVotes } from '$lib/model/votes';
import { restoreTo } from '$lib/model/restore';
import { isParticipantId } from '$lib/model/schema';
import { parseMoment, seqAtTime, type Moment } from '../history/moments';
import { rebuildAt } from '../history/rebuild';
import { buildReport, reportCsv } from '../history/report';
import { sessionsOf } from '../history/sessions';
import { readJsonBody } from './body';
import type { ApiContext, ApiRequest } from './context';
import { requireAccess } from './guard';
import { YJS_UPDATE_MIME } from './state';
import { HttpError, sendJson } from './respond';

const MAX_HISTORY_BODY = 4096;
const MAX_VERSION_NAME = 200;

const iso = (ms: number) => new Date(ms).toISOString();

/** The map at `moment`: its log position and its document (the caller destroys it). */
async function docAt(
	ctx: ApiContext,
	id: string,
	moment: Moment,
	what: string
): Promise<{ seq: number; doc: Y.Doc }> {
	const store = ctx.storage;
	if (moment.kind === 'version') {
		const found = await store.getVersion(id, moment.id);
		if (!found) throw new HttpError(404, `${what}: no version ${moment.id} of map ${id}`);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, found.state);
		return { seq: found.version.seq, doc };
	}
	const entries = (await store.logEntries(id)) ?? [];
	const oldest = (await store.oldestSeq(id)) ?? 0;
	const last = entries.length > 0 ? Math.max(oldest, entries[entries.length - 1].seq) : oldest;
	let seq: number;
	if (moment.kind === 'now') seq = last;
	else if (moment.kind === 'time') seq = seqAtTime(entries, moment.at, oldest);
	else {
		if (moment.seq > last)
			throw new HttpError(400, `${what}: step ${moment.seq} is after the last step (${last})`);
		seq = moment.seq;
	}
	const rebuilt = await rebuildAt(store, id, seq);
	if (!rebuilt.ok) {
		if (rebuilt.reason === 'no-map') throw new HttpError(404, `no map ${id}`);
		throw new HttpError(410, `${what}: history before step ${oldest} was pruned`, {}, 'pruned');
	}
	return { seq, doc: rebuilt.doc };
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
	const entries = await ctx.storage.logEntries(id);
	if (!entries) throw new HttpError(404, `no map ${id}`);
	const oldestSeq = (await ctx.storage.oldestSeq(id)) ?? 0;
	const versions = await ctx.storage.listVersions(id);
	const withSteps = ar.url.searchParams.get('steps') === '1';
	sendJson(ar.res, 200, {
		mapId: id,
		oldestSeq,
		lastSeq: entries.length > 0 ? entries[entries.length - 1].seq : oldestSeq,
		sessionGapMs: ctx.sessionGapMs,
		sessions: sessionsOf(entries, ctx.sessionGapMs),
		versions: versions.map((v) => ({ ...v, at: iso(v.at) })),
		...(withSteps
			? { steps: entries.map((e) => ({ seq: e.seq, at: iso(e.at), authorId: e.authorId })) }
			: {})
	});
}

export async function postVersion(ctx: ApiContext, id: string, ar: ApiRequest): Promise<void> {
	await requireAccess(ctx, id, ar, 'edit');
	const body = objectBody(await readJsonBody(ar.req, MAX_HISTORY_BODY));
	const name = typeof body.name === 'string' ? body.name.trim() : '';
	if (!name || name.length > MAX_VERSION_NAME)
		throw new HttpError(400, `name: give a name of 1-${MAX_VERSION_NAME} characters`);
	const { seq, doc } = await docAt(ctx, id, { kind: 'now' }, 'now');
	try {
		const version = await ctx.storage.nameVersion(
			id,
			{ name, seq, at: Date.now(), authorId: body.authorId },
			Y.encodeStateAsUpdate(doc)
		);
		sendJson(ar.res, 201, { ...version, at: iso(version.at) });
	} finally {
		doc.destroy();
	}
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
	const { seq, doc } = await docAt(ctx, id, parsed.moment, 'version');
	try {
		if (format === 'yjs') {
			// What the editor's restore applies locally (one undoable step for who restores).
			const update = Y.encodeStateAsUpdate(doc);
			ar.res.writeHead(200, {
				'content-type': YJS_UPDATE_MIME,
				'content-length': update.byteLength,
				'cache-control': 'no-store',
				'x-warrant-step': String(seq)
			});
			ar.res.end(update);
			return;
		}
		let file;
		try {
			file = docToFile(doc, id);
		} catch (err) {
			throw new HttpError(409, `the map at step ${seq} is not a valid map: ${String(err)}`);
		}
		ar.res.setHeader('x-warrant-step', String(seq));
		sendJson(ar.res, 200, file);
	} finally {
		doc.destroy();
	}
}

export async function getDiff(ctx: ApiContext, id: string, ar: ApiRequest): Promise<void> {
	await requireAccess(ctx, id, ar, 'read');
	const from = momentParam(ar.url, 'from');
	const to = ar.url.searchParams.has('to') ? momentParam(ar.url, 'to') : { kind: 'now' as const };
	const a = await docAt(ctx, id, from, 'from');
	try {
		const b = await docAt(ctx, id, to, 'to');
		try {
			sendJson(ar.res, 200, {
				from: a.seq,
				to: b.seq,
				diff: diffMaps(readMap(a.doc), readMap(b.doc))
			});
		} finally {
			b.doc.destroy();
		}
	} finally {
		a.doc.destroy();
	}
}

/**
 * GET /api/maps/<id>/report[?format=csv] (editors only): the instructor's report (`history/report.ts`),
 * as JSON, or as CSV with one row per participant.
 */
export async function getReport(ctx: ApiContext, id: string, ar: ApiRequest): Promise<void> {
	await requireAccess(ctx, id, ar, 'edit');
	const format = ar.url.searchParams.get('format') ?? 'json';
	if (format !== 'json' && format !== 'csv')
		throw new HttpError(400, 'format: json (default) or csv');
	const read = await ctx.registry.withDoc(id, (doc) => ({
		view: readMap(doc),
		threads: readThreads(doc),
		votes: readVotes(doc)
	}));
	const log = await ctx.storage.logEntries(id);
	if (!read || !log) throw new HttpError(404, `no map ${id}`);
	const report = buildReport(read.view, read.threads, read.votes, log);
	if (format === 'json') return sendJson(ar.res, 200, report);
	const csv = reportCsv(report);
	ar.res.writeHead(200, {
		'content-type': 'text/csv; charset=utf-8',
		'content-disposition': `attachment; filename="${id}-report.csv"`,
		'cache-control': 'no-store',
		'x-content-type-options': 'nosniff'
	});
	ar.res.end(csv);
}

/** The origin of restores made by the server on request (no person's UndoManager tracks it). */
export const SERVER_RESTORE_ORIGIN = 'warrant-server-restore';

export async function postRestore(ctx: ApiContext, id: string, ar: ApiRequest): Promise<void> {
	await requireAccess(ctx, id, ar, 'edit');
	const body = objectBody(await readJsonBody(ar.req, MAX_HISTORY_BODY));
	const parsed = parseMoment(typeof body.to === 'string' ? body.to : null);
	if (!parsed.ok) throw new HttpError(400, `to: ${parsed.error}`);
	const past = await docAt(ctx, id, parsed.moment, 'to');
	try {
		let summary = { added: 0, removed: 0, changed: 0 };
		const changed = await ctx.registry.change(
			id,
			(doc) => {
				summary = restoreTo(doc, past.doc, SERVER_RESTORE_ORIGIN);
			},
			body.authorId
		);
		if (changed === null) throw new HttpError(404, `no map ${id}`);
		sendJson(ar.res, 200, { restored: past.seq, applied: changed, records: summary });
	} finally {
		past.doc.destroy();
	}
}
