/**
 * Opening a large map (issue 12), end to end with the built server and Chromium: the editor adds a
 * map of 1,000 nodes to cytoscape over several frames (`ADD_CHUNK` in src/lib/view/binding.ts), so
 * no task styles the whole map, and its first view (the map folded to its main lines) first and
 * alone: the page is ready before the nodes folded away are in (`firstShown`). A peer (a stock y-websocket client) edits the map while the page is
 * still adding it (seen by the page holding some of the nodes, not all; the page's CPU is slowed
 * four times so that the adding lasts many frames): nothing of the peer's edits is lost, every node
 * and edge is drawn once the map is ready, and unfolded every node shows.
 */
import { describe, expect, it } from 'vitest';
import { addEdge, addNode, deleteNodes, setNodeText, setPositions } from '$lib/model/doc';
import { docToFile } from '$lib/model/mapfile';
import { readMap } from '$lib/model/read';
import { generateDoc, gridPositions } from '$lib/drawing/testing/generate';
import { connectSynced } from '$tests/integration/support';
import { useEditorApp } from '$tests/e2e/fixture';

const app = useEditorApp();

interface Hooks {
	nodeIds(): string[];
	shownIds(): string[];
	nodeText(id: string): string | null;
	position(id: string): { x: number; y: number } | null;
	edges(): Array<{ id: string; source: string; target: string; relation: string }>;
}
type Win = { __warrant?: Hooks };

describe('opening a large map', () => {
	it(
		'adds it over several frames and keeps a peer’s edits made meanwhile',
		{ timeout: 300_000 },
		async () => {
			const source = generateDoc(1000, 11);
			setPositions(source, gridPositions(readMap(source)), null);
			const { id: _id, ...body } = docToFile(source);
			const res = await fetch(`${app.server.url}/api/maps`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body)
			});
			expect(res.status).toBe(201);
			const mapId = ((await res.json()) as { id: string }).id;
			const peer = await connectSynced(app.server, mapId);
			try {
				const page = await app.newPage({ defaultTimeout: 120_000 });
				const cdp = await page.context().newCDPSession(page);
				await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
				// What cytoscape holds when the page says it is ready (in the same task: the rest of
				// the map is added from the next frame on).
				await page.addInitScript(() => {
					new MutationObserver(() => {
						const w = (window as unknown as Win & { __atReady?: unknown }).__warrant;
						if (!w || document.body?.dataset.mapReady !== 'true') return;
						(window as unknown as { __atReady?: unknown }).__atReady ??= {
							nodes: w.nodeIds().length,
							shown: w.shownIds().length
						};
					}).observe(document, {
						attributes: true,
						subtree: true,
						attributeFilter: ['data-map-ready']
					});
				});
				await page.goto(`${app.server.url}/map/${mapId}`);
				// The editor has started and holds part of the map: the rest is still being added.
				const partial = await page.waitForFunction(
					() => {
						const w = (window as unknown as Win).__warrant;
						const ids = w?.nodeIds() ?? [];
						return ids.length > 0 && ids.length < 1000 ? ids : null;
					},
					undefined,
					{ polling: 'raf' }
				);
				const present = new Set(await partial.jsonValue());
				const all = readMap(peer.doc).nodes.map((n) => n.id);
				const waiting = all.filter((id) => !present.has(id));
				const inCy = [...present][0];
				// The last ones waiting: still queued when the peer's edit is drawn (an edit of an element
				// at the head of the queue would find it added by then).
				const [removed, edited] = waiting.slice(-2);
				const P = { x: -4321, y: -8765 };
				peer.doc.transact(() => {
					setNodeText(peer.doc, edited, 'Edited by a peer while the page was opening', null);
					setPositions(peer.doc, new Map([[edited, P]]), null);
					setNodeText(peer.doc, inCy, 'Also edited meanwhile', null);
					deleteNodes(peer.doc, [removed], null);
					addNode(
						peer.doc,
						{ id: 'peer-late', kind: 'claim', text: 'Added meanwhile', x: 0, y: 0, author: '' },
						null
					);
					addEdge(
						peer.doc,
						{ id: 'peer-late-e', from: 'peer-late', to: edited, relation: 'supports' },
						null
					);
				});
				await page.waitForFunction(() => document.body.dataset.mapReady === 'true');
				await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
				// Ready with its first view alone (the map folded to its main lines): every node in
				// cytoscape then is shown, and the nodes folded away come after (binding.ts, firstShown).
				const atReady = (await page.evaluate(
					() => (window as unknown as { __atReady?: unknown }).__atReady
				)) as { nodes: number; shown: number } | undefined;
				expect(atReady).toBeDefined();
				expect(atReady!.nodes).toBeGreaterThan(0);
				expect(atReady!.nodes).toBeLessThan(1000);
				expect(atReady!.shown).toBe(atReady!.nodes);
				// The peer's edits reach the page (they may land before or after the adding ended).
				await page.waitForFunction(
					(id) => {
						const w = (window as unknown as Win).__warrant!;
						return (
							w.nodeText('peer-late') === 'Added meanwhile' &&
							w.nodeText(id) === 'Edited by a peer while the page was opening'
						);
					},
					edited,
					{ polling: 50 }
				);
				// Every node and edge of the peer's map, once each, with its text.
				const want = readMap(peer.doc);
				const drawn = (await page.evaluate(() => {
					const w = (window as unknown as Win).__warrant!;
					return {
						nodes: w.nodeIds().map((id) => [id, w.nodeText(id)]),
						edges: w.edges().map((e) => e.id)
					};
				})) as { nodes: Array<[string, string]>; edges: string[] };
				expect(drawn.nodes.length).toBe(want.nodes.length);
				expect(new Map(drawn.nodes)).toEqual(new Map(want.nodes.map((n) => [n.id, n.text])));
				expect(drawn.edges.sort()).toEqual(want.edges.map((e) => e.id).sort());
				expect(drawn.nodes.some(([id]) => id === removed)).toBe(false);
				expect(drawn.nodes.find(([id]) => id === inCy)?.[1]).toBe('Also edited meanwhile');
				// Opened folded to its main lines; unfolded, every node shows.
				expect(
					await page.evaluate(() => (window as unknown as Win).__warrant!.shownIds().length)
				).toBeLessThan(want.nodes.length);
				await page.locator('[data-testid="unfold-all"]').click();
				await page.waitForFunction(
					(n) => (window as unknown as Win).__warrant!.shownIds().length === n,
					want.nodes.length
				);
				// Unfolded, nodes are drawn at their stored positions (folded, the ones in view are
				// arranged for this person): the peer's move is there.
				await page.waitForFunction(
					([id, p]) => {
						const at = (window as unknown as Win).__warrant!.position(id as string);
						const q = p as { x: number; y: number };
						return at?.x === q.x && at?.y === q.y;
					},
					[edited, P] as const
				);
				expect(app.errors).toEqual([]);
				await page.context().close();
			} finally {
				peer.destroy();
			}
		}
	);
});
