/**
 * The heavy work the server does off its event loop (see `pool.ts`): each job takes plain data
 * (a map's Yjs state, text) and returns plain data, so it can run in a worker thread. Before this,
 * a 50,000-node map made its editor page in 4.15 s and exports in 1.8-3.3 s on the event loop,
 * and every other request waited.
 */
import * as Y from 'yjs';
import { exportMap, importMap, isDataFormat, type ImportHint } from '$lib/formats';
import { mapPreview, previewArrangement } from '$lib/drawing/map-preview';
import type { FirstArrangement } from '$lib/drawing/fold-arrangement';
import { docToFile, fileToDoc } from '$lib/model/mapfile';
import { getEdgesMap, getNodesMap } from '$lib/model/doc';
import { sentenceCoverage } from '$lib/model/coverage';
import { readMap, type MapView } from '$lib/model/read';
import type { Meta, Sentence } from '$lib/model/schema';
import type { ImageRequest, ImageResult } from '../render/image';
import { diffJob, docOfState, momentJob, reportJob, type StateInput } from './history-jobs';

/** Stands for the CSS scope of a map picture; the caller substitutes its own selector. */
export const SCOPE_PLACEHOLDER = '\u0000scope\u0000';

/** The live map as one update, or a moment of its history (exports of a version). */
const docOf = (state: StateInput): Y.Doc => docOfState(state);

export interface ExportInput {
	state: StateInput;
	id: string;
	format: string;
	baseUrl?: string;
}
export type ExportOutput =
	| { ok: true; title: string; body: string; mime: string; ext: string }
	| { ok: false; error: string };

function exportJob(input: ExportInput): ExportOutput {
	const doc = docOf(input.state);
	try {
		if (!isDataFormat(input.format)) return { ok: false, error: `unknown format ${input.format}` };
		const file = docToFile(doc, input.id);
		const out = exportMap(file, input.format, {
			mapId: input.id,
			...(input.baseUrl ? { baseUrl: input.baseUrl } : {})
		});
		return { ok: true, title: file.meta.title, body: out.body, mime: out.mime, ext: out.ext };
	} catch (err) {
		return { ok: false, error: (err as Error).message };
	} finally {
		doc.destroy();
	}
}

export interface ImageInput {
	state: StateInput;
	request: ImageRequest;
}
export type ImageOutput = ({ ok: true } & ImageResult) | { ok: false; error: string };

/** A picture of the map (SVG, PNG or PDF), drawn without a browser (`render/image.ts`). */
async function imageJob(input: ImageInput): Promise<ImageOutput> {
	// Loaded on the first picture: the renderers and fonts (pdfkit, resvg, fontkit) stay out of a
	// worker that only makes previews and data exports.
	const { renderImage } = await import('../render/image');
	const doc = docOf(input.state);
	try {
		return { ok: true, ...(await renderImage(readMap(doc), input.request)) };
	} catch (err) {
		return { ok: false, error: (err as Error).message };
	} finally {
		doc.destroy();
	}
}

/** The map as a warrant-map file (GET /api/maps/<id>), already as JSON text. */
function fileJob(input: {
	state: Uint8Array;
	id: string;
}): { ok: true; json: string } | { ok: false; error: string } {
	const doc = docOf(input.state);
	try {
		return { ok: true, json: JSON.stringify(docToFile(doc, input.id)) };
	} catch (err) {
		return { ok: false, error: (err as Error).message };
	} finally {
		doc.destroy();
	}
}

export interface PreviewInput {
	state: Uint8Array;
	/** False for maps above the picture limit: the page then carries the essay only. */
	drawMap: boolean;
}
/** The essay as the editor page renders it before the editor runs (its SourcePane, still). */
export interface EssayPreview {
	meta: Meta;
	sentences: Sentence[];
	/** How many nodes anchor each sentence, by sentence id (the coverage shading). */
	coverage: Record<string, number>;
}

export interface PreviewOutput {
	/** The map picture, its CSS with SCOPE_PLACEHOLDER for the scope. */
	map: { svg: string; css: string } | null;
	essay: EssayPreview | null;
	/**
	 * The arrangement of the map's default folds (fold-arrangement.ts), which the page's editor
	 * draws at once when it fits, and which the picture shows; null when the map opens unfolded.
	 */
	arrangement: FirstArrangement | null;
}

/** Null without a source text. */
function essayPreview(view: MapView): EssayPreview | null {
	if (!view.meta || view.sentences.length === 0) return null;
	return {
		// The sentences carry the text; the whole source text would only double the page.
		meta: { ...view.meta, source: { ...view.meta.source, text: '' } },
		sentences: view.sentences,
		coverage: Object.fromEntries(sentenceCoverage(view.sentences, view.nodes))
	};
}

function previewJob(input: PreviewInput): PreviewOutput {
	const doc = docOf(input.state);
	try {
		const view = readMap(doc);
		const arrangement = input.drawMap ? previewArrangement(view) : null;
		const map = input.drawMap ? mapPreview(view, arrangement) : null;
		return {
			map: map ? { svg: map.svg, css: map.css(SCOPE_PLACEHOLDER) } : null,
			essay: essayPreview(view),
			arrangement
		};
	} finally {
		doc.destroy();
	}
}

export interface ImportInput {
	text: string;
	hint: ImportHint;
}
export type ImportOutput =
	| {
			ok: true;
			/** The whole new map as one Yjs update. */
			state: Uint8Array;
			file: {
				title: string;
				sourceTitle: string;
				sourceAuthor: string;
				createdAt: string;
				id?: string;
			};
			format: string;
			report: unknown;
			nodes: number;
			edges: number;
	  }
	| { ok: false; error: string };

function importJob(input: ImportInput): ImportOutput {
	const imported = importMap(input.text, input.hint);
	if (!imported.ok) return { ok: false, error: imported.error };
	const doc = fileToDoc(imported.file);
	try {
		const { meta, id } = imported.file;
		return {
			ok: true,
			state: Y.encodeStateAsUpdate(doc),
			file: {
				title: meta.title,
				sourceTitle: meta.source.title,
				sourceAuthor: meta.source.author,
				createdAt: meta.createdAt,
				...(id ? { id } : {})
			},
			format: imported.report.format,
			report: imported.report,
			nodes: getNodesMap(doc).size,
			edges: getEdgesMap(doc).size
		};
	} finally {
		doc.destroy();
	}
}

export const JOBS = {
	export: exportJob,
	image: imageJob,
	file: fileJob,
	preview: previewJob,
	import: importJob,
	moment: momentJob,
	diff: diffJob,
	report: reportJob
} as const;
export type JobKind = keyof typeof JOBS;
export type JobInput<K extends JobKind> = Parameters<(typeof JOBS)[K]>[0];
export type JobOutput<K extends JobKind> = Awaited<ReturnType<(typeof JOBS)[K]>>;
