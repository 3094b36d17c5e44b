/**
 * Editor grants through the real server (issue 11, "sharing never strands anyone"): the editor
 * connections open on a map when it becomes protected keep editing without a link, are told who
 * protected it, and are admitted again when they reconnect or reload, bound to their participant
 * key; nobody else can claim that later; replacing the links ends the grants with a final close
 * (4403), so a stock client stops instead of reconnecting in a loop. Stock y-websocket clients.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { AUTH_NOTICE, MESSAGE_AUTH, parseNotice, type ServerNotice } from '$lib/api/notice';
import { addNode, getNodesMap } from '$lib/model/doc';
import type { MapFile } from '$lib/model/mapfile';
import { tempDir } from '$tests/helpers/server';
import {
	SAMPLE_FILE,
	SAMPLE_ID,
	connectClient,
	connectSynced,
	upgradeStatus,
	useServer,
	useServers,
	waitFor,
	type Client
} from './support';

interface Links {
	editUrl: string;
	viewUrl: string;
}

const tokenOf = (url: string) => new URL(url).searchParams.get('token') ?? '';
const key = (name: string) => `participant-${name}-0000000000`;

/** Notices the client received (the web app reads them the same way, sync/session.ts). */
function listenForNotices(client: Client): ServerNotice[] {
	const notices: ServerNotice[] = [];
	const stock = client.provider.messageHandlers[MESSAGE_AUTH];
	client.provider.messageHandlers[MESSAGE_AUTH] = (encoder, decoder, provider, synced, type) => {
		const copy = decoding.clone(decoder);
		if (decoding.readVarUint(copy) !== AUTH_NOTICE)
			return stock(encoder, decoder, provider, synced, type);
		const notice = parseNotice(decoding.readVarString(copy));
		if (notice) notices.push(notice);
	};
	return notices;
}

function closedWith(client: Client): Promise<{ code: number; reason: string }> {
	return new Promise((resolve) => client.provider.once('closed', (e) => resolve(e)));
}

describe('editor grants when a map becomes protected', () => {
	const { server, track } = useServer();
	const sample = JSON.parse(readFileSync(SAMPLE_FILE, 'utf8')) as MapFile;
	let copies = 0;

	async function newMap(): Promise<string> {
		const id = `granted-${++copies}`;
		const res = await fetch(`${server.url}/api/maps`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ ...sample, id })
		});
		expect(res.status).toBe(201);
		return id;
	}

	async function call(
		method: string,
		path: string,
		opts: { participant?: string; token?: string; body?: unknown } = {}
	): Promise<{ status: number; body: Record<string, unknown> }> {
		const headers: Record<string, string> = {};
		if (opts.participant) headers['x-warrant-participant'] = opts.participant;
		if (opts.token) headers.authorization = `Bearer ${opts.token}`;
		if (opts.body !== undefined) headers['content-type'] = 'application/json';
		const res = await fetch(`${server.url}${path}`, {
			method,
			headers,
			body: opts.body === undefined ? undefined : JSON.stringify(opts.body)
		});
		const text = await res.text();
		return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : { text } };
	}

	const nodeTexts = (doc: Y.Doc) =>
		[...getNodesMap(doc).values()].map((n) => String(n.get('text'))).sort();

	it('keeps the editors who were on the map editing, tells them who protected it, and closes only the unidentifiable', async () => {
		const id = await newMap();
		const ada = track(await connectSynced(server, id, { participant: key('ada') }));
		const bea = track(await connectSynced(server, id, { participant: key('bea') }));
		const anon = track(await connectSynced(server, id));
		const notices = [ada, bea].map(listenForNotices);
		const anonClosed = closedWith(anon);
		const closes: number[] = [];
		for (const c of [ada, bea]) c.provider.on('connection-close', (e) => closes.push(e?.code ?? 0));

		const shared = await call('POST', `/api/maps/${id}/share`, { body: { by: 'Ada' } });
		expect(shared.status).toBe(200);
		const links = shared.body as unknown as Links;

		await waitFor('both editors told', () => notices.every((n) => n.length === 1));
		expect(notices).toEqual([
			[{ notice: 'protected', by: 'Ada' }],
			[{ notice: 'protected', by: 'Ada' }]
		]);
		expect(await anonClosed).toMatchObject({ code: 4401, reason: /^token-required/ });
		// Not interrupted: still connected, never closed, and their edits keep flowing both ways.
		expect(closes).toEqual([]);
		expect(ada.provider.wsconnected && bea.provider.wsconnected).toBe(true);
		addNode(
			bea.doc,
			{ kind: 'claim', text: 'Written after protecting', x: 0, y: 0, author: 'Bea' },
			'bea'
		);
		await waitFor('Ada sees Bea’s node', () =>
			nodeTexts(ada.doc).includes('Written after protecting')
		);
		// The edit link still works for anyone given it.
		const viaLink = track(await connectSynced(server, id, { token: tokenOf(links.editUrl) }));
		expect(nodeTexts(viaLink.doc)).toContain('Written after protecting');
	});

	it('admits a granted browser again after it reconnects or reloads, and nobody else without a link', async () => {
		const id = await newMap();
		const ada = track(await connectSynced(server, id, { participant: key('ada2') }));
		expect((await call('POST', `/api/maps/${id}/share`)).status).toBe(200);

		// Reconnect (a network blip): admitted with the same key.
		ada.provider.disconnect();
		ada.provider.connect();
		await waitFor('Ada back', () => ada.provider.wsconnected && ada.provider.synced);
		// Reload: the page's HTTP calls present the key in a header.
		expect(await call('GET', `/api/maps/${id}/access`, { participant: key('ada2') })).toEqual({
			status: 200,
			body: { protected: true, role: 'editor', via: 'grant' }
		});
		const state = await fetch(`${server.url}/api/maps/${id}/state`, {
			headers: { 'x-warrant-participant': key('ada2') }
		});
		expect(state.status).toBe(200);
		expect(state.headers.get('x-warrant-via')).toBe('grant');
		expect(state.headers.get('x-warrant-role')).toBe('editor');

		// Someone who arrives later cannot claim a grant, with a key of their own or none.
		expect((await upgradeStatus(server, `/yjs/${id}?participant=${key('late')}`)).status).toBe(401);
		expect(await call('GET', `/api/maps/${id}/access`, { participant: key('late') })).toMatchObject(
			{ status: 403, body: { reason: 'token-required' } }
		);
		// Protecting again (same links) grants nobody new.
		track(await connectSynced(server, id, { participant: key('ada2') }));
		expect((await call('POST', `/api/maps/${id}/share`, { participant: key('ada2') })).status).toBe(
			403
		);
		expect((await upgradeStatus(server, `/yjs/${id}?participant=${key('late')}`)).status).toBe(401);
	});

	it('lets a grant edit but not show or replace the links', async () => {
		const id = await newMap();
		track(await connectSynced(server, id, { participant: key('cy') }));
		const { body } = await call('POST', `/api/maps/${id}/share`);
		const edit = tokenOf((body as unknown as Links).editUrl);
		for (const [method, payload] of [
			['GET', undefined],
			['POST', undefined],
			['POST', { rotate: true }]
		] as const)
			expect(
				await call(method, `/api/maps/${id}/share`, { participant: key('cy'), body: payload })
			).toMatchObject({ status: 403, body: { reason: 'edit-link-required' } });
		// Nothing was replaced by those refusals.
		expect((await call('GET', `/api/maps/${id}/share`, { token: edit })).body).toEqual(body);
	});

	it('replacing the links ends the grants with a final close (4403): no reconnect loop', async () => {
		const id = await newMap();
		const bea = track(await connectSynced(server, id, { participant: key('bea3') }));
		const first = await call('POST', `/api/maps/${id}/share`);
		const edit = tokenOf((first.body as unknown as Links).editUrl);
		const holder = track(await connectSynced(server, id, { token: edit }));
		const closed = [bea, holder].map(closedWith);
		const attempts: number[] = [];
		bea.provider.on('status', (e) => e.status === 'connecting' && attempts.push(1));

		const rotated = await call('POST', `/api/maps/${id}/share`, {
			token: edit,
			body: { rotate: true }
		});
		expect(rotated.status).toBe(200);
		const [beaClose, holderClose] = await Promise.all(closed);
		expect(beaClose).toEqual({
			code: 4403,
			reason: 'token-invalid: the links to this map were changed'
		});
		expect(holderClose.code).toBe(4403);
		// The stock client stops for good: it will not try again on its own.
		expect(bea.provider.shouldConnect).toBe(false);
		expect((await upgradeStatus(server, `/yjs/${id}?participant=${key('bea3')}`)).status).toBe(401);
		expect(await call('GET', `/api/maps/${id}/access`, { participant: key('bea3') })).toMatchObject(
			{ status: 403, body: { reason: 'token-required' } }
		);
		// Meanwhile the new edit link works; Bea never reconnected.
		track(
			await connectSynced(server, id, {
				token: tokenOf((rotated.body as unknown as Links).editUrl)
			})
		);
		expect(attempts).toEqual([]);
	});
});

describe('editor grants across a restart', () => {
	const fixture = useServers();

	it('are kept in the share record, so a granted browser is admitted by the next server too', async () => {
		const dataDir = tempDir();
		const first = await fixture.start({ dataDir });
		const dee = connectClient(first, SAMPLE_ID, { participant: key('dee') });
		fixture.clients.push(dee);
		await waitFor('Dee synced', () => dee.provider.synced);
		const shared = await fetch(`${first.url}/api/maps/${SAMPLE_ID}/share`, { method: 'POST' });
		expect(shared.status).toBe(200);
		dee.destroy();
		await first.stop();
		const second = await fixture.start({ dataDir });
		const access = await fetch(`${second.url}/api/maps/${SAMPLE_ID}/access`, {
			headers: { 'x-warrant-participant': key('dee') }
		});
		expect(await access.json()).toEqual({ protected: true, role: 'editor', via: 'grant' });
		expect(
			(await upgradeStatus(second, `/yjs/${SAMPLE_ID}?participant=${key('dee')}`)).status
		).toBe(101);
	});
});
