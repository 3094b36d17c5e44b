/**
 * The editor's side of the history API (README, "History"): what the history panel asks the
 * server. Browser code; the wire shapes are declared here once for the panel.
 */
import * as Y from 'yjs';
import type { MapDiff } from '$lib/model/diff';
import type { MapFile } from '$lib/model/mapfile';
import type { ReplaySegment } from '$lib/model/replay';
import { withToken } from '$lib/sync/access';

export interface HistorySession {
	id: string;
	start: string;
	end: string;
	firstSeq: number;
	lastSeq: number;
	steps: number;
	authors: Array<{ authorId: string | null; steps: number }>;
}

export interface NamedVersionRow {
	id: string;
	name: string;
	seq: number;
	at: string;
	authorId: string | null;
}

export interface HistoryStep {
	seq: number;
	at: string;
	authorId: string | null;
}

export interface MapHistory {
	mapId: string;
	oldestSeq: number;
	lastSeq: number;
	/** Steps history holds (the sessions' steps summed); the steps themselves come in pages. */
	stepCount: number;
	sessionGapMs: number;
	sessions: HistorySession[];
	versions: NamedVersionRow[];
}

/** A page of steps, oldest first, with the cursors of the pages before and after it (null: none). */
export interface StepsPage {
	steps: HistoryStep[];
	older: number | null;
	newer: number | null;
}

async function ok(res: Response): Promise<Response> {
	if (res.ok) return res;
	let message = `${res.status}`;
	try {
		message = ((await res.json()) as { error?: string }).error ?? message;
	} catch {
		// Not JSON: the status says enough.
	}
	throw new Error(message);
}

function fromBase64(text: string): Uint8Array {
	const binary = atob(text);
	const out = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
	return out;
}

const base = (mapId: string) => `/api/maps/${encodeURIComponent(mapId)}`;

export class HistoryApi {
	constructor(
		readonly mapId: string,
		private readonly token: () => string | null
	) {}

	private url(path: string): string {
		return withToken(`${base(this.mapId)}${path}`, this.token());
	}

	async history(): Promise<MapHistory> {
		return (await (await ok(await fetch(this.url('/history')))).json()) as MapHistory;
	}

	/** The page of steps right after `afterSeq`. */
	async stepsAfter(afterSeq: number): Promise<StepsPage> {
		const res = await ok(await fetch(this.url(`/history/steps?after=${afterSeq}`)));
		return (await res.json()) as StepsPage;
	}

	/**
	 * The checkpoint at or before step `to` and the stored updates after it up to `to`
	 * (`GET …/history/updates`), for rebuilding moments in the browser (`$lib/model/replay.ts`).
	 */
	async updates(to: number): Promise<ReplaySegment> {
		const res = await ok(await fetch(this.url(`/history/updates?to=${to}`)));
		const got = (await res.json()) as {
			fromSeq: number;
			base: string;
			steps: Array<{ seq: number; update: string }>;
		};
		return {
			fromSeq: got.fromSeq,
			base: fromBase64(got.base),
			steps: got.steps.map((s) => ({ seq: s.seq, update: fromBase64(s.update) }))
		};
	}

	/** The map at `moment` in an export format (`GET …/export?format=…&version=…`), as a file. */
	exportUrl(format: string, moment: string | number): string {
		const q = `format=${encodeURIComponent(format)}&version=${encodeURIComponent(String(moment))}`;
		return this.url(`/export?${q}`);
	}

	async file(moment: string | number): Promise<MapFile> {
		const res = await ok(await fetch(this.url(`/versions/${encodeURIComponent(String(moment))}`)));
		return (await res.json()) as MapFile;
	}

	/** The map at `moment` as a Y.Doc of its own (the caller destroys it). */
	async doc(moment: string | number): Promise<Y.Doc> {
		const path = `/versions/${encodeURIComponent(String(moment))}?format=yjs`;
		const res = await ok(await fetch(this.url(path)));
		const doc = new Y.Doc();
		Y.applyUpdate(doc, new Uint8Array(await res.arrayBuffer()));
		return doc;
	}

	async diff(from: string | number, to: string | number): Promise<MapDiff> {
		const q = `/diff?from=${encodeURIComponent(String(from))}&to=${encodeURIComponent(String(to))}`;
		return ((await (await ok(await fetch(this.url(q)))).json()) as { diff: MapDiff }).diff;
	}

	async nameVersion(name: string, authorId: string): Promise<NamedVersionRow> {
		const res = await fetch(this.url('/versions'), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ name, authorId })
		});
		return (await (await ok(res)).json()) as NamedVersionRow;
	}
}
