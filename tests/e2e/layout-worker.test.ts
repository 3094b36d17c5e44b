/**
 * Layout off the main thread (issue 12), end to end with the built server and Chromium: a generated
 * map of 1,000 nodes without positions opens, is laid out in the editor's layout worker (checked),
 * and the positions are written for everyone, with no two boxes overlapping. While the layout runs, a peer
 * (a stock y-websocket client) moves one node and adds a node with an edge: the move survives the
 * layout's result, and the new node is placed too. The browser's copy of the map (IndexedDB) opens
 * only once the map is laid out and drawn, and then holds all of it, positions included.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEdge, addNode, getNode, getNodesMap, setPositions } from '$lib/model/doc';
import { docToFile } from '$lib/model/mapfile';
import { generateDoc } from '$lib/drawing/testing/generate';
import { connectSynced, waitFor } from '$tests/integration/support';
import { useEditorApp } from '$tests/e2e/fixture';

const app = useEditorApp();

interface Hooks {
	nodeIds(): string[];
	shownIds(): string[];
	position(id: string): { x: number; y: number } | null;
	box(id: string): { x1: number; y1: number; x2: number; y2: number } | null;
	layoutInWorker(): boolean;
}
type Win = { __warrant: Hooks };

async function createUnplaced(nodes: number): Promise<string> {
	const { id: _id, ...body } = docToFile(generateDoc(nodes, 7));
	expect(body.nodes.every((n) => n.x === undefined && n.y === undefined)).toBe(true);
	const res = await fetch(`${app.server.url}/api/maps`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});
	expect(res.status).toBe(201);
	return ((await res.json()) as { id: string }).id;
}

/** In the page: whether this browser has a copy of the map in IndexedDB (offline.ts names it). */
async function copyOpened(mapId: string): Promise<boolean> {
	const dbs = await indexedDB.databases();
	return dbs.some((d) => d.name === `warrant:${mapId}`);
}

/** In the page: the updates y-indexeddb stored for the map, or null while it has none. */
async function storedUpdates(mapId: string): Promise<number[][] | null> {
	const dbs = await indexedDB.databases();
	if (!dbs.some((d) => d.name === `warrant:${mapId}`)) return null;
	const db = await new Promise<IDBDatabase>((resolve, reject) => {
		const req = indexedDB.open(`warrant:${mapId}`);
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
	try {
		if (!db.objectStoreNames.contains('updates')) return null;
		const all = await new Promise<Uint8Array[]>((resolve, reject) => {
			const req = db.transaction('updates', 'readonly').objectStore('updates').getAll();
			req.onsuccess = () => resolve(req.result as Uint8Array[]);
			req.onerror = () => reject(req.error);
		});
		return all.length > 0 ? all.map((u) => Array.from(u)) : null;
	} finally {
		db.close();
	}
}

const positionOf = (doc: Y.Doc, id: string) => {
	const n = getNode(doc, id);
	const x = n?.get('x');
	const y = n?.get('y');
	return typeof x === 'number' && typeof y === 'number' ? { x, y } : null;
};

describe('layout in a worker', () => {
	it(
		'lays out a 1,000-node map without positions, keeping a peer’s edits made meanwhile',
		{ timeout: 300_000 },
		async () => {
			const mapId = await createUnplaced(1000);
			const peer = await connectSynced(app.server, mapId);
			try {
				const ids = [...getNodesMap(peer.doc).keys()];
				expect(ids.length).toBe(1000);
				const page = await app.newPage({ defaultTimeout: 120_000 });
				await page.goto(`${app.server.url}/map/${mapId}`);
				// The page has started the layout: the toolbar says so, and nothing is written yet.
				await page.waitForFunction(() => document.body.dataset.layingOut === 'true', undefined, {
					timeout: 120_000,
					polling: 20
				});
				await page.locator('[data-testid="auto-layout"]', { hasText: 'Laying out' }).waitFor();
				// The browser copy waits for the map to be laid out and drawn: its whole-map encoding is
				// no task of the layout's time (session.ts, `copyAfter`).
				expect(await page.evaluate(copyOpened, mapId)).toBe(false);
				// A node the folded first view hides: drawn at its stored position, not arranged.
				const shown = new Set(
					await page.evaluate(() => (window as unknown as Win).__warrant.shownIds())
				);
				const moved = ids.find((id) => !shown.has(id))!;
				const target = ids.find((id) => id !== moved)!;
				const P = { x: 123456, y: -65432 };
				peer.doc.transact(() => {
					setPositions(peer.doc, new Map([[moved, P]]), null);
					addNode(
						peer.doc,
						{ id: 'peer-node', kind: 'claim', text: 'Added while laying out', author: '' },
						null
					);
					addEdge(
						peer.doc,
						{ id: 'peer-edge', from: 'peer-node', to: target, relation: 'supports' },
						null
					);
				});
				// The page drew the peer's move while its layout was still running (both read in one
				// task of the page, so the layout's result cannot land between them).
				const during = await page.waitForFunction(
					([id, p]) => {
						const at = (window as unknown as Win).__warrant.position(id as string);
						const q = p as { x: number; y: number };
						if (!at || at.x !== q.x || at.y !== q.y) return null;
						return { layingOut: document.body.dataset.layingOut === 'true' };
					},
					[moved, P] as const,
					{ polling: 10 }
				);
				expect(await during.jsonValue()).toEqual({ layingOut: true });

				await page.waitForFunction(() => document.body.dataset.mapReady === 'true');
				await page.waitForFunction(() => document.body.dataset.layingOut === undefined);
				// Every node has a stored position, for everyone (the peer sees them), the peer's move kept.
				await waitFor(
					'every node placed in the peer’s copy',
					() => [...ids, 'peer-node'].every((id) => positionOf(peer.doc, id) !== null),
					120_000
				);
				expect(positionOf(peer.doc, moved)).toEqual(P);
				// It ran in the worker, not on the page's fallback.
				expect(
					await page.evaluate(() => (window as unknown as Win).__warrant.layoutInWorker())
				).toBe(true);
				// The node added meanwhile sits below the node it supports (placed beside its neighbours).
				expect(positionOf(peer.doc, 'peer-node')!.y).toBeGreaterThan(
					positionOf(peer.doc, target)!.y
				);
				// The browser copy opened after that, and holds the whole map as laid out.
				const copy = new Y.Doc();
				await waitFor(
					'the browser copy holds every node placed',
					async () => {
						const updates = await page.evaluate(storedUpdates, mapId);
						if (!updates) return false;
						for (const u of updates) Y.applyUpdate(copy, new Uint8Array(u));
						return [...ids, 'peer-node'].every((id) => positionOf(copy, id) !== null);
					},
					60_000
				);
				expect(positionOf(copy, moved)).toEqual(P);
				for (const id of ids.slice(0, 50))
					expect(positionOf(copy, id)).toEqual(positionOf(peer.doc, id));

				// Unfolded, as drawn: no two boxes overlap (sweep over boxes sorted by left edge).
				await page.locator('[data-testid="unfold-all"]').click();
				const overlaps = await page.waitForFunction(
					() => {
						const w = (window as unknown as Win).__warrant;
						const ids = w.nodeIds();
						if (w.shownIds().length !== ids.length) return null;
						const boxes = ids.map((id) => ({ id, ...w.box(id)! }));
						boxes.sort((a, b) => a.x1 - b.x1);
						const hits: string[] = [];
						for (let i = 0; i < boxes.length; i++)
							for (let j = i + 1; j < boxes.length && boxes[j].x1 < boxes[i].x2; j++) {
								const a = boxes[i];
								const b = boxes[j];
								if (a.y1 < b.y2 && b.y1 < a.y2) hits.push(`${a.id}/${b.id}`);
							}
						return { count: ids.length, hits };
					},
					undefined,
					{ polling: 100 }
				);
				expect(await overlaps.jsonValue()).toEqual({ count: 1001, hits: [] });
				expect(app.errors).toEqual([]);
				await page.context().close();
			} finally {
				peer.destroy();
			}
		}
	);
});
