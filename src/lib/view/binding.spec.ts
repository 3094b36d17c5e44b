import cytoscape from 'cytoscape';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import {
	addEdge,
	addNode,
	deleteNodes,
	getNode,
	setNodeKind,
	setNodeText,
	setPositions
} from '$lib/model/doc';
import { ADD_CHUNK, ADD_MAX, MapBinding, PLACE_CHUNK, type Rendered } from './binding';
import { buildElements, junctionId, midId } from '$lib/drawing/elements';
import { readMap } from '$lib/model/read';
import { generateDoc, gridPositions } from '$lib/drawing/testing/generate';

/** Animation frames run only when the test flushes them, so every render is explicit. */
let frames: Array<() => void> = [];
const flush = () => {
	const run = frames;
	frames = [];
	for (const f of run) f();
};

beforeEach(() => {
	frames = [];
	vi.stubGlobal('requestAnimationFrame', (f: () => void) => frames.push(f));
	vi.stubGlobal('cancelAnimationFrame', () => {});
});

afterEach(() => {
	vi.unstubAllGlobals();
});

function setup() {
	const doc = new Y.Doc();
	const cy = cytoscape({ headless: true, styleEnabled: true });
	const binding = new MapBinding(doc, cy);
	return { doc, cy, binding };
}

const updates = (doc: Y.Doc) => {
	const list: unknown[] = [];
	doc.on('update', (_u: Uint8Array, origin: unknown) => list.push(origin));
	return list;
};

describe('MapBinding', () => {
	it('draws the document after a frame and patches what changed', () => {
		const { doc, cy, binding } = setup();
		addNode(doc, { id: 'a', kind: 'thesis', text: 'A', x: 0, y: 0, author: '' }, null);
		addNode(doc, { id: 'b', kind: 'claim', text: 'B', x: 0, y: 200, author: '' }, null);
		addEdge(doc, { id: 'e', from: 'b', to: 'a', relation: 'supports' }, null);
		expect(cy.elements().length).toBe(0);
		flush();
		expect(cy.getElementById('e').data('target')).toBe('a');
		expect(cy.getElementById('b').position()).toEqual({ x: 0, y: 200 });

		setNodeText(doc, 'b', 'B, changed', null);
		setNodeKind(doc, 'b', 'evidence', null);
		flush();
		expect(cy.getElementById('b').data('text')).toBe('B, changed');
		expect(cy.getElementById('b').hasClass('kind-evidence')).toBe(true);

		deleteNodes(doc, ['a'], null);
		flush();
		expect(cy.nodes('.node').map((n) => n.id())).toEqual(['b']);
		expect(cy.edges().length).toBe(0);
		binding.destroy();
	});

	it('renders many changes in one frame once', () => {
		const { doc, binding } = setup();
		const onRender = vi.spyOn(binding, 'render');
		for (let i = 0; i < 5; i++)
			addNode(
				doc,
				{ id: `n${i}`, kind: 'claim', text: `${i}`, x: i * 200, y: 0, author: '' },
				null
			);
		expect(frames.length).toBe(1);
		flush();
		expect(onRender).toHaveBeenCalledTimes(1);
		binding.destroy();
	});

	it('writes a drag as one transaction and does not re-render its own echo', () => {
		const { doc, cy, binding } = setup();
		addNode(doc, { id: 'a', kind: 'claim', text: 'A', x: 0, y: 0, author: '' }, null);
		addNode(doc, { id: 'b', kind: 'claim', text: 'B', x: 300, y: 0, author: '' }, null);
		flush();
		const origins = updates(doc);
		cy.getElementById('a').position({ x: 50.04, y: 60 });
		cy.getElementById('b').position({ x: 350, y: 10 });
		cy.getElementById('a').emit('dragfree');
		cy.getElementById('b').emit('dragfree');
		return Promise.resolve().then(() => {
			expect(origins).toEqual([binding.origin]);
			expect(getNode(doc, 'a')!.get('x')).toBe(50);
			expect(getNode(doc, 'b')!.get('y')).toBe(10);
			// The echo of the binding's own write is not rendered (cytoscape already shows it).
			const render = vi.spyOn(binding, 'render');
			flush();
			expect(render).not.toHaveBeenCalled();
			binding.destroy();
		});
	});

	it('moves nodes a peer moved, but not one the local user is holding', () => {
		const { doc, cy, binding } = setup();
		addNode(doc, { id: 'a', kind: 'claim', text: 'A', x: 0, y: 0, author: '' }, null);
		addNode(doc, { id: 'b', kind: 'claim', text: 'B', x: 300, y: 0, author: '' }, null);
		flush();
		cy.getElementById('b').grabify();
		(cy.getElementById('b') as unknown as { grabbed: () => boolean }).grabbed = () => true;
		getNode(doc, 'a')!.set('x', 100);
		getNode(doc, 'b')!.set('x', 500);
		flush();
		expect(cy.getElementById('a').position('x')).toBe(100);
		expect(cy.getElementById('b').position('x')).toBe(300);
		binding.destroy();
	});

	it('keeps junctions and undercut anchors between the nodes they belong to', () => {
		const { doc, cy, binding } = setup();
		addNode(doc, { id: 'c', kind: 'thesis', text: 'C', x: 0, y: 0, author: '' }, null);
		addNode(doc, { id: 'p1', kind: 'claim', text: 'P1', x: -100, y: 200, author: '' }, null);
		addNode(doc, { id: 'p2', kind: 'claim', text: 'P2', x: 100, y: 200, author: '' }, null);
		addNode(doc, { id: 'u', kind: 'counterpoint', text: 'U', x: 300, y: 100, author: '' }, null);
		addEdge(doc, { id: 'e1', from: 'p1', to: 'c', relation: 'supports', group: 'g' }, null);
		addEdge(doc, { id: 'e2', from: 'p2', to: 'c', relation: 'supports', group: 'g' }, null);
		addEdge(doc, { id: 'x', from: 'u', to: 'e1', relation: 'undercuts' }, null);
		flush();
		const j = cy.getElementById(junctionId('c', 'g'));
		expect(j.position()).toEqual({ x: 0, y: 90 });
		expect(cy.getElementById('x').target().id()).toBe(midId('e1'));
		expect(cy.getElementById(midId('e1')).position()).toEqual({ x: -50, y: 145 });
		getNode(doc, 'c')!.set('y', -100);
		flush();
		flush();
		expect(j.position().y).toBeCloseTo(-100 + 300 * 0.45);
		binding.destroy();
	});

	it('lays out a map without positions once synced, for everyone, in one transaction', async () => {
		const doc = new Y.Doc();
		const cy = cytoscape({ headless: true, styleEnabled: true });
		let synced = false;
		const binding = new MapBinding(doc, cy, { isSynced: () => synced });
		addNode(doc, { id: 't', kind: 'thesis', text: 'T', author: '' }, null);
		addNode(doc, { id: 'r', kind: 'claim', text: 'R', author: '' }, null);
		addEdge(doc, { id: 'e', from: 'r', to: 't', relation: 'supports' }, null);
		const origins = updates(doc);
		flush();
		expect(origins).toEqual([]);
		synced = true;
		binding.render();
		// The layout runs after this task (in a worker on a page): meanwhile nothing is written.
		expect(binding.layingOut).toBe(true);
		expect(origins).toEqual([]);
		await binding.whenIdle();
		// Derived positions are not a gesture: their own origin, which no undo tracks.
		expect(origins).toEqual([expect.objectContaining({ name: 'warrant-place' })]);
		const t = getNode(doc, 't')!;
		const r = getNode(doc, 'r')!;
		// Top-down: the thesis is above the reason that supports it.
		expect(t.get('y') as number).toBeLessThan(r.get('y') as number);
		expect(cy.getElementById('t').position('y')).toBe(t.get('y'));
		const render = vi.spyOn(binding, 'render');
		flush();
		expect(render).not.toHaveBeenCalled();
		binding.destroy();
	});

	it('stops observing when destroyed', () => {
		const { doc, cy, binding } = setup();
		binding.destroy();
		addNode(doc, { id: 'a', kind: 'claim', text: 'A', x: 0, y: 0, author: '' }, null);
		flush();
		expect(frames.length).toBe(0);
		expect(cy.elements().length).toBe(0);
	});
});

describe('MapBinding: layouts while the map changes', () => {
	/** A thesis, two reasons for it, and one reason for the first reason; no positions unless `at`. */
	function unplaced(doc: Y.Doc, at?: boolean) {
		const p = (x: number, y: number) => (at ? { x, y } : {});
		addNode(doc, { id: 't', kind: 'thesis', text: 'T', author: '', ...p(0, 0) }, null);
		addNode(doc, { id: 'r1', kind: 'claim', text: 'R1', author: '', ...p(-200, 200) }, null);
		addNode(doc, { id: 'r2', kind: 'claim', text: 'R2', author: '', ...p(200, 200) }, null);
		addNode(doc, { id: 'r3', kind: 'claim', text: 'R3', author: '', ...p(-200, 400) }, null);
		addEdge(doc, { id: 'e1', from: 'r1', to: 't', relation: 'supports' }, null);
		addEdge(doc, { id: 'e2', from: 'r2', to: 't', relation: 'supports' }, null);
		addEdge(doc, { id: 'e3', from: 'r3', to: 'r1', relation: 'supports' }, null);
	}
	const stored = (doc: Y.Doc, id: string) => {
		const n = getNode(doc, id)!;
		return { x: n.get('x') as number | undefined, y: n.get('y') as number | undefined };
	};

	it('draws unplaced nodes on a provisional grid, none on another, while they are laid out', () => {
		const doc = new Y.Doc();
		const cy = cytoscape({ headless: true, styleEnabled: true });
		const binding = new MapBinding(doc, cy);
		unplaced(doc);
		binding.render();
		expect(binding.layingOut).toBe(true);
		const spots = new Set(cy.nodes('.node').map((n) => `${n.position('x')},${n.position('y')}`));
		expect(spots.size).toBe(4);
		binding.destroy();
	});

	it('keeps a node moved and a label typed while the first layout ran; places a node added then', async () => {
		const doc = new Y.Doc();
		const cy = cytoscape({ headless: true, styleEnabled: true });
		const binding = new MapBinding(doc, cy);
		unplaced(doc);
		binding.render();
		expect(binding.layingOut).toBe(true);
		// A peer, while the layout runs: moves r2, retypes r1, adds a reason for r3.
		setPositions(doc, new Map([['r2', { x: 777, y: 888 }]]), null);
		setNodeText(doc, 'r1', 'R1, retyped meanwhile', null);
		addNode(doc, { id: 'n', kind: 'claim', text: 'N', author: '' }, null);
		addEdge(doc, { id: 'e4', from: 'n', to: 'r3', relation: 'supports' }, null);
		await binding.whenIdle();
		expect(stored(doc, 'r2')).toEqual({ x: 777, y: 888 });
		expect(String(getNode(doc, 'r1')!.get('text'))).toBe('R1, retyped meanwhile');
		for (const id of ['t', 'r1', 'r3']) expect(stored(doc, id).y).toBeTypeOf('number');
		// Top-down: the thesis above its reason, the reason above its own reason.
		expect(stored(doc, 't').y!).toBeLessThan(stored(doc, 'r1').y!);
		expect(stored(doc, 'r1').y!).toBeLessThan(stored(doc, 'r3').y!);
		// The node added meanwhile was not in that layout: the next render places it below r3.
		expect(stored(doc, 'n').y).toBeUndefined();
		flush();
		expect(binding.layingOut).toBe(true);
		await binding.whenIdle();
		expect(stored(doc, 'n').y!).toBeGreaterThan(stored(doc, 'r3').y!);
		expect(cy.getElementById('n').position()).toEqual(stored(doc, 'n'));
		binding.destroy();
	});

	it('writes nothing when a peer placed every node first', async () => {
		const doc = new Y.Doc();
		const cy = cytoscape({ headless: true, styleEnabled: true });
		const binding = new MapBinding(doc, cy);
		unplaced(doc);
		binding.render();
		const peer = new Map(['t', 'r1', 'r2', 'r3'].map((id, i) => [id, { x: i * 300, y: 5 }]));
		setPositions(doc, peer, null);
		const origins = updates(doc);
		await binding.whenIdle();
		expect(origins).toEqual([]);
		expect(stored(doc, 'r3')).toEqual({ x: 900, y: 5 });
		binding.destroy();
	});

	it('Auto layout is one gesture; a node dragged while it ran stays where it was dropped', async () => {
		const doc = new Y.Doc();
		const cy = cytoscape({ headless: true, styleEnabled: true });
		const binding = new MapBinding(doc, cy);
		unplaced(doc, true);
		binding.render();
		const origins = updates(doc);
		const done = binding.autoLayout();
		// A second press while it runs does nothing.
		expect(await binding.autoLayout()).toBe(false);
		setPositions(doc, new Map([['r3', { x: 5000, y: 5000 }]]), null);
		expect(await done).toBe(true);
		expect(stored(doc, 'r3')).toEqual({ x: 5000, y: 5000 });
		expect(stored(doc, 't').y!).toBeLessThan(stored(doc, 'r1').y!);
		// The peer's move, then the layout as one transaction of this person's own origin.
		expect(origins).toEqual([null, expect.objectContaining({ name: 'warrant-view' })]);
		binding.destroy();
	});

	it('Auto layout lays out again when nodes or edges change while it runs', async () => {
		const doc = new Y.Doc();
		const cy = cytoscape({ headless: true, styleEnabled: true });
		const binding = new MapBinding(doc, cy);
		unplaced(doc, true);
		binding.render();
		const done = binding.autoLayout();
		addNode(doc, { id: 'n', kind: 'claim', text: 'N', author: '', x: 9000, y: -9000 }, null);
		addEdge(doc, { id: 'e4', from: 'n', to: 'r2', relation: 'supports' }, null);
		expect(await done).toBe(true);
		// Laid out with the new node in it: below the reason it supports, not where it was added.
		expect(stored(doc, 'n').y!).toBeGreaterThan(stored(doc, 'r2').y!);
		expect(stored(doc, 'n').x).not.toBe(9000);
		binding.destroy();
	});

	describe('a large addition goes into cytoscape over several frames', () => {
		/** A placed generated map of `size` nodes arriving in one update, as the server's state does. */
		function largeMap(size: number) {
			const source = generateDoc(size, 7);
			setPositions(source, gridPositions(readMap(source)), null);
			const doc = new Y.Doc();
			const cy = cytoscape({ headless: true, styleEnabled: true });
			const renders: Rendered[] = [];
			const binding = new MapBinding(doc, cy, {
				addHidden: true,
				onRender: (r) => renders.push(r)
			});
			Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
			return { doc, cy, binding, renders };
		}

		/** Ids cytoscape should hold for the document as it is, and the map nodes' positions. */
		function expected(doc: Y.Doc) {
			const { elements } = buildElements(readMap(doc));
			return {
				ids: elements.map((d) => d.data.id).sort(),
				positions: new Map(elements.filter((d) => d.position).map((d) => [d.data.id, d.position]))
			};
		}

		const drain = (renders: Rendered[]) => {
			for (let i = 0; i < 200 && !renders.at(-1)?.complete; i++) flush();
		};

		it('adds a part a frame, then every node and edge, reporting the render complete once', () => {
			const { doc, cy, binding, renders } = largeMap(400);
			const all = expected(doc).ids;
			expect(all.length).toBeGreaterThan(2 * ADD_CHUNK);
			flush();
			// The first render adds at most one part and is not complete.
			expect(renders).toHaveLength(1);
			expect(renders[0].complete).toBe(false);
			expect(cy.elements().length).toBeGreaterThan(0);
			expect(cy.elements().length).toBeLessThanOrEqual(ADD_CHUNK);
			let frames = 0;
			while (!renders.at(-1)?.complete && frames < 100) {
				const before = cy.elements().length;
				flush();
				frames++;
				expect(cy.elements().length - before).toBeLessThanOrEqual(ADD_MAX);
			}
			expect(frames).toBeGreaterThanOrEqual(1);
			expect(renders.filter((r) => r.complete)).toHaveLength(1);
			expect(
				cy
					.elements()
					.map((e) => e.id())
					.sort()
			).toEqual(all);
			// Added from the queue: hidden until the fold view says what is in view.
			expect(cy.nodes('.node').every((n) => n.data('foldHidden') === true)).toBe(true);
			for (const [id, p] of expected(doc).positions)
				expect(cy.getElementById(id).position()).toEqual(p);
			binding.destroy();
		});

		it('keeps every change made while it is being added, and adds a small change at once', () => {
			const { doc, cy, binding, renders } = largeMap(400);
			flush();
			expect(renders.at(-1)?.complete).toBe(false);
			// Changes to elements still queued and to elements already in cytoscape.
			const inCy = cy.nodes('.node').first().id();
			const queued = 'n399';
			expect(cy.getElementById(queued).empty()).toBe(true);
			setNodeText(doc, queued, 'Changed while it waited', null);
			setNodeText(doc, inCy, 'Changed after it was added', null);
			setPositions(doc, new Map([[queued, { x: -500, y: -700 }]]), null);
			deleteNodes(doc, ['n398'], null);
			addNode(doc, { id: 'late', kind: 'claim', text: 'Late', x: 5, y: 5, author: '' }, null);
			addEdge(doc, { id: 'late-e', from: 'late', to: queued, relation: 'supports' }, null);
			// Rendered before the next part is added: the changes find `queued` still waiting.
			binding.render();
			drain(renders);
			expect(renders.at(-1)?.complete).toBe(true);
			const want = expected(doc);
			expect(
				cy
					.elements()
					.map((e) => e.id())
					.sort()
			).toEqual(want.ids);
			expect(cy.getElementById('n398').empty()).toBe(true);
			expect(cy.getElementById(queued).data('text')).toBe('Changed while it waited');
			expect(cy.getElementById(queued).position()).toEqual({ x: -500, y: -700 });
			expect(cy.getElementById(inCy).data('text')).toBe('Changed after it was added');
			expect(cy.getElementById('late-e').source().id()).toBe('late');
			// Once complete, a small addition is added in the render itself, shown as added.
			addNode(doc, { id: 'after', kind: 'claim', text: 'After', x: 0, y: 0, author: '' }, null);
			flush();
			expect(renders.at(-1)?.complete).toBe(true);
			expect(cy.getElementById('after').nonempty()).toBe(true);
			expect(cy.getElementById('after').data('foldHidden')).toBeUndefined();
			binding.destroy();
		});

		it('adds a first view alone and first, holds the rest until addRest, then adds it all', () => {
			const source = generateDoc(1000, 7);
			setPositions(source, gridPositions(readMap(source)), null);
			const doc = new Y.Doc();
			const cy = cytoscape({ headless: true, styleEnabled: true });
			const renders: Rendered[] = [];
			// The first view: 400 map nodes (a fold view would give what its folds leave), more than a
			// part (ADD_CHUNK) holds: it goes in whole all the same.
			const firstIds = new Set(
				readMap(source)
					.nodes.slice(0, 400)
					.map((n) => n.id)
			);
			expect(firstIds.size).toBeGreaterThan(ADD_CHUNK);
			const asked: number[] = [];
			const binding = new MapBinding(doc, cy, {
				addHidden: true,
				onRender: (r) => renders.push(r),
				firstShown: (graph) => {
					asked.push(graph.nodes.length);
					return firstIds;
				}
			});
			Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
			flush();
			// Asked once, with the whole map (nodes and their drawn boxes).
			expect(asked).toEqual([1000]);
			expect(binding.graph().nodes).toHaveLength(1000);
			expect(binding.graph().nodes.every((n) => n.w > 0 && n.h > 0)).toBe(true);
			expect(renders).toHaveLength(1);
			expect(renders[0]).toMatchObject({ complete: false, firstViewIn: true });
			// The first view's nodes, and none of the map's other nodes, are in.
			expect(new Set(cy.nodes('.node').map((n) => n.id()))).toEqual(firstIds);
			// Every edge in has both ends in; every edge between first-view nodes is in.
			const view = readMap(doc);
			const between = view.edges.filter(
				(e) => e.relation !== 'undercuts' && firstIds.has(e.from) && firstIds.has(e.to)
			);
			expect(between.length).toBeGreaterThan(0);
			// (a co-premise edge too: its junction goes with its conclusion)
			for (const e of between) expect(cy.getElementById(e.id).nonempty()).toBe(true);
			cy.edges().forEach((e) => {
				expect(e.source().nonempty() && e.target().nonempty()).toBe(true);
			});
			// Held: frames pass and nothing more is added, changes are still drawn.
			const held = cy.elements().length;
			for (let i = 0; i < 5; i++) flush();
			expect(cy.elements().length).toBe(held);
			const someFirst = [...firstIds][0];
			setNodeText(doc, someFirst, 'Edited while the rest was held', null);
			flush();
			expect(cy.getElementById(someFirst).data('text')).toBe('Edited while the rest was held');
			expect(renders.at(-1)).toMatchObject({ complete: false, firstViewIn: true });
			expect(cy.elements().length).toBe(held);
			// Released: the rest goes in over frames, hidden, and the render completes once.
			binding.addRest();
			drain(renders);
			expect(renders.filter((r) => r.complete)).toHaveLength(1);
			expect(renders.at(-1)).toMatchObject({ complete: true, firstViewIn: true });
			expect(
				cy
					.elements()
					.map((e) => e.id())
					.sort()
			).toEqual(expected(doc).ids);
			binding.destroy();
		});

		it('asks for no first view when nodes wait for their layout, nor for a small addition', () => {
			const unplaced = generateDoc(600, 7);
			const doc = new Y.Doc();
			const cy = cytoscape({ headless: true, styleEnabled: true });
			const renders: Rendered[] = [];
			let asked = 0;
			const binding = new MapBinding(doc, cy, {
				onRender: (r) => renders.push(r),
				firstShown: () => {
					asked++;
					return new Set(['n0']);
				}
			});
			Y.applyUpdate(doc, Y.encodeStateAsUpdate(unplaced));
			flush();
			expect(asked).toBe(0);
			expect(renders[0]).toMatchObject({ complete: false, firstViewIn: false });
			drain(renders);
			addNode(doc, { id: 'one', kind: 'claim', text: 'One', x: 0, y: 0, author: '' }, null);
			flush();
			expect(asked).toBe(0);
			binding.destroy();
		});

		/** Runs frames until no layout job is left (the layout itself runs after the current task). */
		async function idle(binding: MapBinding) {
			for (let i = 0; i < 2000 && binding.layingOut; i++) {
				flush();
				await new Promise((r) => setTimeout(r, 2));
			}
			expect(binding.layingOut).toBe(false);
		}

		it('lays out a large map without positions once all of it is in, writing it in parts', async () => {
			const source = generateDoc(600, 7);
			const doc = new Y.Doc();
			const cy = cytoscape({ headless: true, styleEnabled: true });
			const renders: Rendered[] = [];
			const binding = new MapBinding(doc, cy, { onRender: (r) => renders.push(r) });
			Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
			flush();
			expect(binding.layingOut).toBe(false);
			drain(renders);
			expect(binding.layingOut).toBe(true);
			const origins = updates(doc);
			// A peer places a node that the first part left for a later one, between the parts.
			let peerPlaced: string | null = null;
			doc.on('afterTransaction', (tr: Y.Transaction) => {
				if (peerPlaced || (tr.origin as { name?: string } | null)?.name !== 'warrant-place') return;
				peerPlaced = readMap(doc).nodes.find((n) => n.x === undefined)!.id;
				const id = peerPlaced;
				queueMicrotask(() => setPositions(doc, new Map([[id, { x: -999, y: -888 }]]), null));
			});
			await idle(binding);
			// Parts of at most PLACE_CHUNK nodes, one write each, every one a placement.
			expect(origins.length).toBe(Math.ceil(600 / PLACE_CHUNK) + 1);
			expect(
				origins.filter((o) => (o as { name?: string } | null)?.name === 'warrant-place').length
			).toBe(Math.ceil(600 / PLACE_CHUNK));
			const view = readMap(doc);
			expect(view.nodes.every((n) => n.x !== undefined && n.y !== undefined)).toBe(true);
			// The peer's position stands: its part found the node placed and left it.
			expect(peerPlaced).not.toBeNull();
			const peers = view.nodes.find((n) => n.id === peerPlaced)!;
			expect({ x: peers.x, y: peers.y }).toEqual({ x: -999, y: -888 });
			expect(cy.getElementById(peerPlaced!).position()).toEqual({ x: -999, y: -888 });
			expect(cy.nodes('.node')).toHaveLength(600);
			binding.destroy();
		});
	});
});
