/** The home page's calls to the HTTP API, with every failure turned into a message a person can read. */
import type { Extracted, MapListEntry } from '$lib/api/wire';

export interface NewMapInput {
	title: string;
	text: string;
	author: string;
	publication: string;
	date: string;
	lang: string;
}

async function errorOf(res: Response): Promise<string> {
	try {
		const body = (await res.json()) as { error?: unknown };
		if (typeof body.error === 'string' && body.error) return body.error;
	} catch {
		// Not JSON: fall back to the status line.
	}
	return `the server answered ${res.status} ${res.statusText}`.trim();
}

const isSummary = (v: unknown): v is MapListEntry =>
	typeof v === 'object' &&
	v !== null &&
	typeof (v as MapListEntry).id === 'string' &&
	typeof (v as MapListEntry).title === 'string';

/**
 * The line under a map's title in the list: the source's title (when it is not the map's) and its
 * author, joined by " · "; empty parts leave no stray separator.
 */
export function sourceLine(m: Pick<MapListEntry, 'title' | 'source'>): string {
	const title = m.source.title.trim();
	return [title && title !== m.title ? title : '', m.source.author.trim()]
		.filter(Boolean)
		.join(' · ');
}

export async function listMaps(fetcher: typeof fetch = fetch): Promise<MapListEntry[]> {
	const res = await fetcher('/api/maps', { headers: { accept: 'application/json' } });
	if (!res.ok) throw new Error(await errorOf(res));
	const body: unknown = await res.json();
	if (!Array.isArray(body)) throw new Error('the server sent something that is not a list of maps');
	return body.filter(isSummary).map((m) => ({
		...m,
		source: {
			title: String(m.source?.title ?? ''),
			author: String(m.source?.author ?? '')
		},
		nodeCount: Number(m.nodeCount) || 0,
		edgeCount: Number(m.edgeCount) || 0,
		updatedAt: String(m.updatedAt ?? '')
	}));
}

export async function createMap(
	input: NewMapInput,
	fetcher: typeof fetch = fetch
): Promise<{ ok: true; id: string } | { ok: false; error: string }> {
	let res: Response;
	try {
		res = await fetcher('/api/maps', {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			body: JSON.stringify(input)
		});
	} catch (err) {
		return { ok: false, error: `could not reach the server (${String(err)})` };
	}
	if (!res.ok) return { ok: false, error: await errorOf(res) };
	const body = (await res.json().catch(() => null)) as { id?: unknown } | null;
	if (!body || typeof body.id !== 'string')
		return { ok: false, error: 'the server did not say which map it created' };
	return { ok: true, id: body.id };
}

/** What the server says about an imported file (see ImportReport in $lib/formats). */
export interface ImportSummary {
	format: string;
	nodes: number;
	edges: number;
	skipped: Array<{ reason: string; count: number }>;
	warnings: string[];
}

/** Map files the server imports, by extension, and the content type each is sent with. */
export const IMPORT_EXTENSIONS: ReadonlyArray<[string, string]> = [
	['.json', 'application/json'],
	['.argdown', 'text/x-argdown'],
	['.ad', 'text/x-argdown']
];

/** Limit of one imported file, as the server enforces it (MAX_IMPORT_BYTES in $lib/formats). */
export const MAX_IMPORT_FILE_BYTES = 10 * 1024 * 1024;

/**
 * POSTs a file to `path` as `type`, its name in `x-filename`, asking for JSON. When the body cannot
 * be read or the server cannot be reached, the answer is the message to show instead of a response.
 */
async function postFile(
	path: string,
	name: string,
	type: string,
	body: () => Promise<string | ArrayBuffer>,
	fetcher: typeof fetch
): Promise<Response | string> {
	try {
		return await fetcher(path, {
			method: 'POST',
			headers: {
				'content-type': type,
				accept: 'application/json',
				'x-filename': encodeURIComponent(name)
			},
			body: await body()
		});
	} catch (err) {
		return `could not reach the server (${String(err)})`;
	}
}

/**
 * Sends a map file (warrant JSON, AIF / xAIF, Argdown) as the body of `POST /api/maps`. The file is
 * checked here only for what the server would refuse anyway without reading it (type and size), so
 * the person hears at once; everything else is the server's one validation.
 */
export async function importMapFile(
	file: { name: string; size: number; text: () => Promise<string> },
	fetcher: typeof fetch = fetch
): Promise<{ ok: true; id: string; report: ImportSummary | null } | { ok: false; error: string }> {
	const lower = file.name.toLowerCase();
	const type = IMPORT_EXTENSIONS.find(([ext]) => lower.endsWith(ext))?.[1];
	if (!type)
		return {
			ok: false,
			error: `${file.name}: import takes a warrant-map or AIF file (.json) or Argdown (.argdown); for an essay use "New map"`
		};
	if (file.size > MAX_IMPORT_FILE_BYTES)
		return {
			ok: false,
			error: `${file.name} is ${(file.size / 1048576).toFixed(1)} MiB; the limit is 10 MiB`
		};
	const res = await postFile('/api/maps', file.name, type, () => file.text(), fetcher);
	if (typeof res === 'string') return { ok: false, error: res };
	if (!res.ok) return { ok: false, error: `${file.name}: ${await errorOf(res)}` };
	const body = (await res.json().catch(() => null)) as { id?: unknown; report?: unknown } | null;
	if (!body || typeof body.id !== 'string')
		return { ok: false, error: 'the server did not say which map it created' };
	const report = body.report as ImportSummary | undefined;
	return {
		ok: true,
		id: body.id,
		report: report && typeof report === 'object' && Array.isArray(report.skipped) ? report : null
	};
}

/** Readings "New map" sends to `POST /api/extract`, by extension, with the media type of each. */
export const READING_EXTENSIONS: ReadonlyArray<[string, string]> = [
	['.pdf', 'application/pdf'],
	['.html', 'text/html'],
	['.htm', 'text/html'],
	['.xhtml', 'application/xhtml+xml'],
	['.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document']
];

/** Limit of one reading, as the server enforces it (MAX_EXTRACT_BYTES in src/server/extract). */
export const MAX_READING_BYTES = 50 * 1024 * 1024;

/** The media type a reading is sent with, from its extension; null when "New map" does not read it. */
export function readingType(name: string): string | null {
	const lower = name.toLowerCase();
	return READING_EXTENSIONS.find(([ext]) => lower.endsWith(ext))?.[1] ?? null;
}

const stringOrNull = (v: unknown) => (typeof v === 'string' && v.trim() ? v : null);

/**
 * Sends a PDF, web page or Word file to `POST /api/extract` and returns its text for review.
 * Nothing is created: the map is made from the reviewed text, as from pasted text. The server's
 * messages name the file already.
 */
export async function extractReading(
	file: { name: string; size: number; arrayBuffer: () => Promise<ArrayBuffer> },
	fetcher: typeof fetch = fetch
): Promise<{ ok: true; reading: Extracted } | { ok: false; error: string }> {
	const type = readingType(file.name);
	if (!type)
		return {
			ok: false,
			error: `${file.name}: "New map" reads PDF, web pages (.html) and Word files (.docx), or text (.txt, .md)`
		};
	if (file.size > MAX_READING_BYTES)
		return {
			ok: false,
			error: `${file.name} is ${(file.size / 1048576).toFixed(1)} MiB; the most that is read is 50 MiB`
		};
	const res = await postFile('/api/extract', file.name, type, () => file.arrayBuffer(), fetcher);
	if (typeof res === 'string') return { ok: false, error: res };
	if (!res.ok) return { ok: false, error: await errorOf(res) };
	const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
	if (!body || typeof body.text !== 'string' || !Array.isArray(body.paragraphs))
		return { ok: false, error: `${file.name}: the server sent no text` };
	return {
		ok: true,
		reading: {
			title: stringOrNull(body.title),
			author: stringOrNull(body.author),
			date: stringOrNull(body.date),
			lang: stringOrNull(body.lang),
			text: body.text,
			paragraphs: body.paragraphs.filter((p): p is string => typeof p === 'string'),
			warnings: Array.isArray(body.warnings)
				? body.warnings.filter((w): w is string => typeof w === 'string')
				: []
		}
	};
}
