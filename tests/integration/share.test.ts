/**
 * Share links and roles through the real server: protecting a map, who may see and change its links,
 * what each token opens over HTTP and at the websocket upgrade, what a viewer gets live, and what
 * happens to open connections when a map becomes protected or its links are replaced.
 */
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode, getNodesMap } from '$lib/model/doc';
import type { MapFile } from '$lib/model/mapfile';
import {
	upgradeStatus,
	SAMPLE_FILE,
	connectClient,
	connectSynced,
	mapJson,
	waitFor,
	useServer
} from './support';

interface Reply {
	status: number;
	body: Record<string, unknown>;
}
interface Links {
	editUrl: string;
	viewUrl: string;
}

const TOKEN = /^[A-Za-z0-9_-]{32}$/;

/**
 * The map's state an editor page's HTML carries in its data (+page.server.ts), decoded; null when
 * it carries none. Read from the markup as SvelteKit writes the page's data (object literal syntax;
 * streamed after the markup, in the same response).
 */
function pageState(
	html: string
): { role: string; protected: boolean; via: string; doc: Y.Doc } | null {
	const m = html.match(
		/\{role:"(\w+)",protected:(true|false),via:"([\w-]+)",update:"([A-Za-z0-9+/=]*)"\}/
	);
	if (!m) return null;
	const doc = new Y.Doc();
	Y.applyUpdate(doc, Buffer.from(m[4], 'base64'));
	return { role: m[1], protected: m[2] === 'true', via: m[3], doc };
}
const tokenOf = (url: string) => new URL(url).searchParams.get('token') ?? '';

describe('share links and roles', () => {
	const { server, track } = useServer();
	const sample = JSON.parse(readFileSync(SAMPLE_FILE, 'utf8')) as MapFile;
	let copies = 0;

	async function api(
		method: string,
		path: string,
		opts: { token?: string; bearer?: string; body?: string } = {}
	): Promise<Reply> {
		const query = opts.token === undefined ? '' : `?token=${encodeURIComponent(opts.token)}`;
		const headers: Record<string, string> = {};
		if (opts.bearer !== undefined) headers.authorization = `Bearer ${opts.bearer}`;
		if (opts.body !== undefined) headers['content-type'] = 'application/json';
		const res = await fetch(`${server.url}${path}${query}`, { method, headers, body: opts.body });
		const text = await res.text();
		return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : { text } };
	}

	/** A new copy of the sample map, unprotected. */
	async function newMap(): Promise<string> {
		const id = `shared-${++copies}`;
		const res = await fetch(`${server.url}/api/maps`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ ...sample, id })
		});
		expect(res.status).toBe(201);
		return id;
	}

	async function protect(id: string): Promise<{ edit: string; view: string; links: Links }> {
		const res = await api('POST', `/api/maps/${id}/share`);
		expect(res.status).toBe(200);
		const links = res.body as unknown as Links;
		return { edit: tokenOf(links.editUrl), view: tokenOf(links.viewUrl), links };
	}

	const upgrade = (path: string) => upgradeStatus(server, path);

	it('an unprotected map is open to everyone as an editor, and has no links', async () => {
		const id = await newMap();
		expect(await api('GET', `/api/maps/${id}/access`)).toEqual({
			status: 200,
			body: { protected: false, role: 'editor', via: 'open' }
		});
		expect(await api('GET', `/api/maps/${id}/share`)).toMatchObject({
			status: 404,
			body: { reason: 'not-protected' }
		});
		expect((await upgrade(`/yjs/${id}`)).status).toBe(101);
	});

	it('protecting gives absolute links with unguessable tokens, the same ones every time', async () => {
		const id = await newMap();
		const { edit, view, links } = await protect(id);
		expect(links).toEqual({
			editUrl: `http://127.0.0.1:${server.port}/map/${id}?token=${edit}`,
			viewUrl: `http://127.0.0.1:${server.port}/map/${id}?token=${view}`
		});
		expect(edit).toMatch(TOKEN);
		expect(view).toMatch(TOKEN);
		expect(edit).not.toBe(view);
		// Idempotent for the edit token holder, through the header or the query.
		expect(await api('POST', `/api/maps/${id}/share`, { bearer: edit })).toEqual({
			status: 200,
			body: links
		});
		expect(await api('POST', `/api/maps/${id}/share`, { token: edit, body: '{}' })).toEqual({
			status: 200,
			body: links
		});
		expect(await api('GET', `/api/maps/${id}/share`, { token: edit })).toEqual({
			status: 200,
			body: links
		});
	});

	it('only the edit token may see or change the links of a protected map', async () => {
		const id = await newMap();
		const { edit, view } = await protect(id);
		for (const method of ['GET', 'POST']) {
			expect(await api(method, `/api/maps/${id}/share`)).toMatchObject({
				status: 403,
				body: { reason: 'token-required', error: expect.any(String) }
			});
			expect(await api(method, `/api/maps/${id}/share`, { token: view })).toMatchObject({
				status: 403,
				body: { reason: 'editor-required' }
			});
			expect(await api(method, `/api/maps/${id}/share`, { bearer: 'x'.repeat(32) })).toMatchObject({
				status: 403,
				body: { reason: 'token-invalid' }
			});
		}
		// A refused call changed nothing.
		expect((await api('GET', `/api/maps/${id}/share`, { token: edit })).status).toBe(200);
	});

	it('rotating replaces both links; the old ones stop working', async () => {
		const id = await newMap();
		const before = await protect(id);
		const rotated = await api('POST', `/api/maps/${id}/share`, {
			bearer: before.edit,
			body: '{"rotate":true}'
		});
		expect(rotated.status).toBe(200);
		const after = rotated.body as unknown as Links;
		expect(tokenOf(after.editUrl)).not.toBe(before.edit);
		expect(tokenOf(after.viewUrl)).not.toBe(before.view);
		for (const old of [before.edit, before.view])
			expect(await api('GET', `/api/maps/${id}/access`, { token: old })).toMatchObject({
				status: 403,
				body: { reason: 'token-invalid' }
			});
		expect(await api('GET', `/api/maps/${id}/access`, { token: tokenOf(after.viewUrl) })).toEqual({
			status: 200,
			body: { protected: true, role: 'viewer', via: 'view-link' }
		});
	});

	it('refuses malformed share requests without protecting anything', async () => {
		const id = await newMap();
		const cases: Array<[RequestInit, number, RegExp]> = [
			[
				{ body: '{"rotate":"yes"}', headers: { 'content-type': 'application/json' } },
				400,
				/rotate/
			],
			[
				{ body: '{"colour":1}', headers: { 'content-type': 'application/json' } },
				400,
				/unknown field/
			],
			[{ body: '[1]', headers: { 'content-type': 'application/json' } }, 400, /JSON object/],
			[{ body: 'rotate', headers: { 'content-type': 'text/plain' } }, 415, /application\/json/],
			[{ headers: { authorization: 'Basic abc' } }, 400, /Bearer/],
			[{ body: '{"by":""}', headers: { 'content-type': 'application/json' } }, 400, /by must/],
			[{ body: '{"by":7}', headers: { 'content-type': 'application/json' } }, 400, /by must/],
			[
				{
					body: JSON.stringify({ by: 'x'.repeat(81) }),
					headers: { 'content-type': 'application/json' }
				},
				400,
				/by must/
			],
			[
				{
					body: JSON.stringify({ by: 'Ada\u202e' }),
					headers: { 'content-type': 'application/json' }
				},
				400,
				/control or direction/
			],
			[{ headers: { 'x-warrant-participant': 'short' } }, 400, /X-Warrant-Participant/]
		];
		for (const [init, status, error] of cases) {
			const res = await fetch(`${server.url}/api/maps/${id}/share`, { method: 'POST', ...init });
			expect(res.status).toBe(status);
			expect(((await res.json()) as { error: string }).error).toMatch(error);
		}
		expect(await api('GET', `/api/maps/${id}/access?token=a&token=b`)).toMatchObject({
			status: 400,
			body: { reason: 'bad-token' }
		});
		expect((await api('GET', `/api/maps/${id}/access`)).body).toEqual({
			protected: false,
			role: 'editor',
			via: 'open'
		});
		expect((await api('POST', '/api/maps/no-such-map/share')).status).toBe(404);
	});

	it('builds links from the Host the caller used, and refuses a Host it cannot use', async () => {
		const id = await newMap();
		const post = (host: string) =>
			new Promise<Reply>((resolve, reject) => {
				const req = request(
					{
						host: '127.0.0.1',
						port: server.port,
						path: `/api/maps/${id}/share`,
						method: 'POST',
						headers: { host }
					},
					(res) => {
						let text = '';
						res.on('data', (d: Buffer) => (text += d));
						res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
					}
				);
				req.on('error', reject);
				req.end();
			});
		expect(await post('evil.example/x')).toMatchObject({ status: 400, body: { error: /Host/ } });
		// Nothing was protected by the refused call.
		expect((await api('GET', `/api/maps/${id}/access`)).body).toMatchObject({ protected: false });
		const links = (await post('classroom.local:3000')).body as unknown as Links;
		expect(links.editUrl).toMatch(new RegExp(`^http://classroom\\.local:3000/map/${id}\\?token=`));
	});

	it('a protected map needs a token for its content, export and access; the listing shows it', async () => {
		const id = await newMap();
		const { edit, view } = await protect(id);
		const paths = [`/api/maps/${id}`, `/api/maps/${id}/export?format=md`, `/api/maps/${id}/access`];
		for (const path of paths) {
			const get = async (token?: string) => {
				const sep = path.includes('?') ? '&' : '?';
				const res = await fetch(`${server.url}${path}${token ? `${sep}token=${token}` : ''}`);
				const json = (res.headers.get('content-type') ?? '').startsWith('application/json');
				const body = json ? ((await res.json()) as { reason?: string }) : null;
				return { status: res.status, reason: body?.reason };
			};
			expect(await get()).toEqual({ status: 403, reason: 'token-required' });
			expect(await get('A'.repeat(32))).toEqual({ status: 403, reason: 'token-invalid' });
			expect(await get('A'.repeat(31))).toEqual({ status: 403, reason: 'token-invalid' });
			expect((await get(edit)).status).toBe(200);
			expect((await get(view)).status).toBe(200);
		}
		expect(await api('GET', `/api/maps/${id}/access`, { bearer: edit })).toEqual({
			status: 200,
			body: { protected: true, role: 'editor', via: 'edit-link' }
		});
		const listing = await (await fetch(`${server.url}/api/maps`)).text();
		const row = (JSON.parse(listing) as Array<{ id: string; protected: boolean }>).find(
			(m) => m.id === id
		);
		expect(row?.protected).toBe(true);
		expect(listing).not.toContain(edit);
		expect(listing).not.toContain(view);
	});

	it('the upgrade refuses a protected map without a valid token (401/403), admits both roles', async () => {
		const id = await newMap();
		const { edit, view } = await protect(id);
		expect(await upgrade(`/yjs/${id}`)).toMatchObject({
			status: 401,
			body: expect.stringMatching(/^token-required/)
		});
		expect(await upgrade(`/yjs/${id}?token=${'b'.repeat(32)}`)).toMatchObject({
			status: 403,
			body: expect.stringMatching(/^token-invalid/)
		});
		expect(await upgrade(`/yjs/${id}?token=short`)).toMatchObject({
			status: 403,
			body: expect.stringMatching(/^token-invalid/)
		});
		expect(await upgrade(`/yjs/${id}?token=${edit}&token=${edit}`)).toMatchObject({
			status: 400
		});
		expect((await upgrade(`/yjs/${id}?token=${edit}`)).status).toBe(101);
		expect((await upgrade(`/yjs/${id}?token=${view}`)).status).toBe(101);
	});

	it('a viewer sees the map and edits live, is seen by others, and its own edits go nowhere', async () => {
		const id = await newMap();
		const { edit, view } = await protect(id);
		const editor = track(await connectSynced(server, id, { token: edit }));
		const viewer = track(await connectSynced(server, id, { token: view }));
		expect(mapJson(viewer.doc)).toBe(mapJson(editor.doc));
		addNode(editor.doc, { kind: 'claim', text: 'from the editor', author: 'e' }, 'e');
		await waitFor('the viewer to see the edit', () => mapJson(viewer.doc) === mapJson(editor.doc));
		// Presence goes both ways.
		viewer.provider.awareness.setLocalStateField('user', { name: 'Viewer' });
		editor.provider.awareness.setLocalStateField('user', { name: 'Editor' });
		await waitFor(
			'the editor to see the viewer',
			() => editor.provider.awareness.getStates().get(viewer.doc.clientID)?.user?.name === 'Viewer'
		);
		await waitFor(
			'the viewer to see the editor',
			() => viewer.provider.awareness.getStates().get(editor.doc.clientID)?.user?.name === 'Editor'
		);
		// The viewer's own edit stays local: the server drops it, the connection stays open.
		addNode(viewer.doc, { kind: 'claim', text: 'VIEWER EDIT', author: 'v' }, 'v');
		addNode(editor.doc, { kind: 'claim', text: 'after the viewer edit', author: 'e' }, 'e');
		await waitFor('the viewer to see the next edit', () =>
			mapJson(viewer.doc).includes('after the viewer edit')
		);
		const stored = await (await fetch(`${server.url}/api/maps/${id}?token=${view}`)).text();
		expect(stored).toContain('after the viewer edit');
		expect(stored).not.toContain('VIEWER EDIT');
		expect(mapJson(editor.doc)).not.toContain('VIEWER EDIT');
		expect(viewer.provider.wsconnected).toBe(true);
		expect(viewer.closeCodes).toEqual([]);
		// A late editor never gets it either.
		const late = track(await connectSynced(server, id, { token: edit }));
		expect(mapJson(late.doc)).not.toContain('VIEWER EDIT');
		expect([...getNodesMap(late.doc).values()].length).toBe(getNodesMap(editor.doc).size);
	});

	it('protecting closes tokenless connections (4401); rotating closes old-token ones (4403)', async () => {
		const id = await newMap();
		const open = track(await connectSynced(server, id));
		const closed = new Promise<{ code: number; reason: string }>((resolve) =>
			open.provider.once('closed', (e) => resolve(e))
		);
		const first = await protect(id);
		expect(await closed).toMatchObject({
			code: 4401,
			reason: expect.stringMatching(/^token-required/)
		});
		const editor = track(await connectSynced(server, id, { token: first.edit }));
		const viewer = track(await connectSynced(server, id, { token: first.view }));
		const closes = [editor, viewer].map(
			(c) =>
				new Promise<{ code: number }>((resolve) => c.provider.once('closed', (e) => resolve(e)))
		);
		const rotated = await api('POST', `/api/maps/${id}/share`, {
			bearer: first.edit,
			body: '{"rotate":true}'
		});
		expect(rotated.status).toBe(200);
		expect((await Promise.all(closes)).map((e) => e.code)).toEqual([4403, 4403]);
		// The new edit link works at once.
		const again = track(
			await connectSynced(server, id, {
				token: tokenOf((rotated.body as unknown as Links).editUrl)
			})
		);
		expect(again.provider.wsconnected).toBe(true);
	});

	it('tells browsers not to pass page URLs (with their tokens) on as a Referer', async () => {
		for (const path of ['/', `/api/maps`])
			expect((await fetch(`${server.url}${path}`)).headers.get('referrer-policy')).toBe(
				'no-referrer'
			);
	});

	it('keeps tokens out of documents and logs', async () => {
		const id = await newMap();
		const { edit, view } = await protect(id);
		const client = track(connectClient(server, id, { token: edit }));
		await waitFor('the client to sync', () => client.provider.synced);
		const json = JSON.stringify(client.doc.toJSON());
		for (const token of [edit, view]) {
			expect(json).not.toContain(token);
			expect(server.output()).not.toContain(token);
		}
	});

	it('GET /state answers the whole document with the role, under the same rules as /access', async () => {
		const id = await newMap();
		const state = async (token?: string) => {
			const q = token === undefined ? '' : `?token=${encodeURIComponent(token)}`;
			const res = await fetch(`${server.url}/api/maps/${id}/state${q}`);
			return { res, body: new Uint8Array(await res.arrayBuffer()) };
		};
		// Open map: anyone is an editor, and the body is the map a synced client has.
		const open = await state();
		expect(open.res.status).toBe(200);
		expect(open.res.headers.get('content-type')).toBe('application/vnd.yjs.update');
		expect(open.res.headers.get('x-warrant-role')).toBe('editor');
		expect(open.res.headers.get('x-warrant-protected')).toBe('false');
		const client = track(await connectSynced(server, id));
		const doc = new Y.Doc();
		Y.applyUpdate(doc, open.body);
		expect(mapJson(doc)).toBe(mapJson(client.doc));
		// A live edit is in the next answer.
		addNode(client.doc, { id: 'n-state', kind: 'claim', text: 'new', author: 'e' }, 'e');
		await waitFor('the edit to reach the server', async () => {
			const next = new Y.Doc();
			Y.applyUpdate(next, (await state()).body);
			return getNodesMap(next).has('n-state');
		});
		// Protected: refusals carry the reason and no document; each token gets its own role.
		const { edit, view } = await protect(id);
		const refused = await state();
		expect(refused.res.status).toBe(403);
		expect(JSON.parse(new TextDecoder().decode(refused.body))).toMatchObject({
			reason: 'token-required'
		});
		expect((await state('x'.repeat(32))).res.status).toBe(403);
		expect((await state(view)).res.headers.get('x-warrant-role')).toBe('viewer');
		const asEditor = await state(edit);
		expect(asEditor.res.headers.get('x-warrant-role')).toBe('editor');
		expect(asEditor.res.headers.get('x-warrant-protected')).toBe('true');
		// Unknown and malformed ids, and other methods.
		expect((await fetch(`${server.url}/api/maps/no-such-map/state`)).status).toBe(404);
		expect((await fetch(`${server.url}/api/maps/NOT_AN_ID/state`)).status).toBe(400);
		expect((await fetch(`${server.url}/api/maps/${id}/state`, { method: 'POST' })).status).toBe(
			405
		);
	});

	it('the editor page carries the map’s state and shows the map and the essay before it runs, only to callers its link admits', async () => {
		const id = await newMap();
		// The first words of the thesis, as they appear inside the picture (the SVG inline).
		const words = sample.nodes[0].text.split(' ').slice(0, 3).join(' ');
		const page = async (token?: string, path = `/map/${id}`) =>
			(await fetch(`${server.url}${path}${token ? `?token=${token}` : ''}`)).text();
		const open = await page();
		// The whole document, as /state would answer this caller, in the page's data: no request.
		const client = track(await connectSynced(server, id));
		const carried = pageState(open);
		expect(carried).toMatchObject({ role: 'editor', protected: false, via: 'open' });
		expect(mapJson(carried!.doc)).toBe(mapJson(client.doc));
		expect(open).not.toContain('rel="preload"');
		expect(open).toContain('id="warrant-map-preview"');
		// …and the essay, each sentence shaded by how many nodes anchor it.
		expect(open).toContain('id="warrant-essay-preview"');
		expect(open).toMatch(
			/<span data-coverage="[1-3]">Public libraries should open on Sundays\.<\/span>/
		);
		const picture = /id="warrant-map-preview"[^>]*>(?:\s|<!---->)*(<svg [\s\S]*?<\/svg>)/.exec(
			open
		);
		expect(picture?.[1]).toContain(words);
		// Protected: without a token, the page has no picture, no state and none of the map's words
		// (nor a preload of /state, which would be refused: the page asks it with its participant key,
		// which an editor grant needs); nor with a wrong or malformed token.
		const { edit, view } = await protect(id);
		for (const token of [undefined, 'x'.repeat(32), 'bad%20token', '<script>']) {
			const closed = await page(token);
			expect(closed).not.toContain('warrant-map-preview');
			expect(closed).not.toContain('warrant-essay-preview');
			expect(closed).not.toContain(words);
			expect(closed).not.toContain(sample.nodes[0].text);
			expect(closed).not.toContain('rel="preload"');
			expect(pageState(closed)).toBeNull();
		}
		// The view link: the state, as a viewer's (the socket drops a viewer's writes, above).
		const viewer = await page(view);
		expect(pageState(viewer)).toMatchObject({ role: 'viewer', protected: true, via: 'view-link' });
		expect(mapJson(pageState(viewer)!.doc)).toBe(mapJson(client.doc));
		expect(viewer).toContain(words);
		expect(viewer).toContain('id="warrant-essay-preview"');
		expect(pageState(await page(edit))).toMatchObject({
			role: 'editor',
			protected: true,
			via: 'edit-link'
		});
		// Not on the report page, nor for ids that are not map ids.
		expect(pageState(await page(edit, `/map/${id}/report`))).toBeNull();
		for (const bad of ['NOT_AN_ID', '%3Cscript%3E', 'a'.repeat(65), '..%2Fapi'])
			expect(pageState(await page(undefined, `/map/${bad}`))).toBeNull();
		// Nothing of the kind on other pages, or for a map that does not exist.
		const home = await (await fetch(`${server.url}/`)).text();
		expect(home).not.toContain('rel="preload" href="/api/');
		expect(pageState(home)).toBeNull();
		expect(home).not.toContain('warrant-map-preview');
		expect(
			await page()
				.then(() => fetch(`${server.url}/map/no-such-map`))
				.then((r) => r.text())
		).not.toContain('warrant-map-preview');
	});
});
