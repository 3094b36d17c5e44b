/**
 * Turns what a client or a map file supplies into a new map: validates the input completely, builds
 * the document, then writes listing row and first snapshot in one storage transaction. Nothing is
 * written for input that fails any check.
 */
import * as Y from 'yjs';
import { initMap } from '$lib/model/doc';
import { fileToDoc, parseMapFile, type MapFile } from '$lib/model/mapfile';
import { isMapId } from '$lib/model/schema';
import { buildSource } from '$lib/text/source';
import type { MapSummary, Storage } from '../storage/storage';
import { newMapId } from './ids';
import { summarize } from './summary';

/** A validated request to create a map: the document to store and the id it asks for (if any). */
export interface NewMap {
	doc: Y.Doc;
	title: string;
	source: { title: string; author: string };
	createdAt: string;
	/** Set when a map file names its own id; otherwise an id is generated from the title. */
	requestedId?: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

export function newMapFromFile(file: MapFile): NewMap {
	return {
		doc: fileToDoc(file),
		title: file.meta.title,
		source: { title: file.meta.source.title, author: file.meta.source.author },
		createdAt: file.meta.createdAt,
		...(file.id ? { requestedId: file.id } : {})
	};
}

/**
 * A body is a warrant-map file when it has a `format` field, and a new text otherwise:
 * `{ title, text, author?, publication?, date?, lang? }`.
 */
export function checkNewMapBody(body: unknown): Checked<NewMap> {
	if (typeof body !== 'object' || body === null || Array.isArray(body))
		return { ok: false, error: 'body must be a JSON object' };
	if ('format' in body) {
		const parsed = parseMapFile(body);
		return parsed.ok ? { ok: true, value: newMapFromFile(parsed.value) } : parsed;
	}
	const allowed = new Set(['title', 'text', 'author', 'publication', 'date', 'lang']);
	const unknown = Object.keys(body).filter((key) => !allowed.has(key));
	if (unknown.length > 0)
		return { ok: false, error: `unknown field ${unknown[0]} (expected title, text, author, publication, date, lang, or a warrant-map file)` };
	const built = buildSource(body);
	if (!built.ok) return built;
	const createdAt = new Date().toISOString();
	const doc = new Y.Doc();
	initMap(doc, { title: built.title, createdAt, source: built.source, sentences: built.sentences });
	return {
		ok: true,
		value: {
			doc,
			title: built.title,
			source: { title: built.source.title, author: built.source.author },
			createdAt
		}
	};
}

export type CreateResult = { ok: true; id: string } | { ok: false; status: 409; error: string };

/** Stores a checked map under its requested id (409 if taken) or a fresh id from its title. */
export function storeNewMap(storage: Storage, map: NewMap): Promise<CreateResult> {
	const counts = summarize(map.doc, map.title, new Date().toISOString());
	return storeNewMapState(storage, map, Y.encodeStateAsUpdate(map.doc), counts);
}

/**
 * The same for a map built elsewhere (an import in a worker, `work/jobs.ts`): its whole state as
 * one update, and its counts.
 */
export async function storeNewMapState(
	storage: Storage,
	map: Omit<NewMap, 'doc'>,
	state: Uint8Array,
	counts: { updatedAt: string; nodeCount: number; edgeCount: number }
): Promise<CreateResult> {
	const summaryFor = (id: string): MapSummary => ({
		id,
		title: map.title,
		sourceTitle: map.source.title,
		sourceAuthor: map.source.author,
		createdAt: map.createdAt,
		updatedAt: counts.updatedAt,
		nodeCount: counts.nodeCount,
		edgeCount: counts.edgeCount
	});
	if (map.requestedId !== undefined) {
		if (!isMapId(map.requestedId)) throw new Error(`invalid map id ${map.requestedId}`);
		const result = await storage.createMap(summaryFor(map.requestedId), state);
		return result === 'created'
			? { ok: true, id: map.requestedId }
			: { ok: false, status: 409, error: `a map with id ${map.requestedId} already exists` };
	}
	// A random suffix collides very rarely; try a few before giving up.
	for (let attempt = 0; attempt < 5; attempt++) {
		const id = newMapId(map.title);
		if ((await storage.createMap(summaryFor(id), state)) === 'created') return { ok: true, id };
	}
	throw new Error('could not find a free map id');
}
