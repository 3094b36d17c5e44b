/**
 * The shapes that cross the HTTP API, declared once for the server that sends them and the browser
 * that reads them. Types only: this module has no runtime code and imports nothing, so either side
 * may import it without pulling the other's code along.
 */

/** What a share token allows on a map: `x-warrant-role`, a websocket peer, a guarded route. */
export type Role = 'editor' | 'viewer';

/**
 * What admitted a caller (`x-warrant-via`, `/access`'s `via`): an open map, the edit or view link,
 * or an editor grant (the browser was editing when the map became protected). Only `open` and
 * `edit-link` may show or replace the links.
 */
export type AccessVia = 'open' | 'edit-link' | 'view-link' | 'grant';

/** `POST /api/maps/<id>/share`: the map's absolute edit and view links. */
export interface ShareLinks {
	editUrl: string;
	viewUrl: string;
}

/** One row of `GET /api/maps`. `protected`: the map has share links, so opening it needs a token. */
export interface MapListEntry {
	id: string;
	title: string;
	source: { title: string; author: string };
	nodeCount: number;
	edgeCount: number;
	updatedAt: string;
	protected: boolean;
}

/** `POST /api/extract`: a document's text and what could be told about it. Unknown fields are null. */
export interface Extracted {
	title: string | null;
	author: string | null;
	/** `YYYY-MM-DD` when the file says when it was written or published. */
	date: string | null;
	/** A BCP 47 tag when the file declares its language. */
	lang: string | null;
	/** The paragraphs joined by blank lines: what becomes the map's source text after review. */
	text: string;
	paragraphs: string[];
	/** Things the reader should check: what was dropped or guessed. */
	warnings: string[];
}

/** The instructor's report (`GET /api/maps/<id>/report`, built by `src/server/history/report.ts`). */
export interface ParticipantReport {
	key: string;
	name: string;
	nodes: number;
	edges: number;
	anchors: number;
	comments: number;
	replies: number;
	votes: number;
	steps: number;
	activeMinutes: number;
	/** Sentence ids their nodes are anchored to, in reading order. */
	sentences: string[];
}

export interface MapReport {
	participants: ParticipantReport[];
	openQuestions: Array<{ id: string; text: string }>;
	unresolvedThreads: Array<{ id: string; targetType: string; targetId: string; body: string }>;
	contestedNodes: Array<{ id: string; text: string; low: number; high: number }>;
	unmappedSentences: Array<{ id: string; text: string }>;
	/** Steps per hour (ISO hour start), for the activity chart. */
	activity: Array<{ hour: string; steps: number }>;
}
