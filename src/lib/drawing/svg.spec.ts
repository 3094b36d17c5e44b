import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMapFileText, fileToDoc, type MapFile } from '$lib/model/mapfile';
import { readMap } from '$lib/model/read';
import type { EdgeRecord, NodeKind, NodeRecord } from '$lib/model/schema';
import { estimateWidth, wrapLabel } from './label';
import { exportToSvg, exportToSvgDocument } from './svg';
import { exitDistance, outline } from './shapes';
import { generateMap, gridPositions } from './testing/generate';
import { allElements, parseXml, textOf, type XmlElement } from './testing/xml';

const SAMPLE = resolve(import.meta.dirname, '../../../maps/sample-sunday-libraries.json');

function sample(): MapFile {
	const r = parseMapFileText(readFileSync(SAMPLE, 'utf8'));
	if (!r.ok) throw new Error(r.error);
	return r.value;
}

const AT = '2026-01-01T00:00:00.000Z';
const node = (id: string, kind: NodeKind, text: string, x?: number, y?: number): NodeRecord => ({
	id,
	kind,
	text,
	...(x !== undefined && y !== undefined ? { x, y } : {}),
	anchors: [],
	author: 'test',
	createdAt: AT
});
const edge = (
	id: string,
	from: string,
	to: string,
	relation: EdgeRecord['relation']
): EdgeRecord => ({
	id,
	from,
	to,
	relation
});
function mapOf(nodes: NodeRecord[], edges: EdgeRecord[] = []): MapFile {
	const file = sample();
	return { ...file, nodes, edges, comments: [], votes: [] };
}

const parse = (svg: string) => parseXml(svg);
const byClass = (root: XmlElement, cls: string) =>
	allElements(root).filter((el) => (el.attrs.class ?? '').split(' ').includes(cls));
const byId = (root: XmlElement, id: string) =>
	allElements(root).find((el) => el.attrs['data-id'] === id);
const translateOf = (el: XmlElement): [number, number] => {
	const m = /translate\(([-\d.]+) ([-\d.]+)\)/.exec(el.attrs.transform ?? '');
	if (!m) throw new Error(`no translate on <${el.name}>`);
	return [Number(m[1]), Number(m[2])];
};
/** A node's centre in document coordinates (map group shift + node position). */
function centre(root: XmlElement, id: string): [number, number] {
	const [mx, my] = translateOf(byClass(root, 'map')[0]);
	const [x, y] = translateOf(byId(root, id)!);
	return [mx + x, my + y];
}
/** The first point of a path's data. */
const firstPoint = (d: string): [number, number] => {
	const m = /^M([-\d.]+) ([-\d.]+)/.exec(d)!;
	return [Number(m[1]), Number(m[2])];
};

describe('exportToSvg', () => {
	it('writes every node label as text lines inside its node', () => {
		const file = sample();
		const root = parse(exportToSvg(file));
		expect(root.name).toBe('svg');
		expect(root.attrs.xmlns).toBe('http://www.w3.org/2000/svg');
		for (const n of file.nodes) {
			const g = byId(root, n.id)!;
			expect(g.attrs.class).toBe(`node kind-${n.kind}`);
			const text = g.children.find((c) => c.name === 'text')!;
			const lines = text.children.filter((c) => c.name === 'tspan').map(textOf);
			expect(lines).toEqual(wrapLabel(n.text, estimateWidth));
			expect(lines.join(' ')).toBe(n.text.split(/\s+/).join(' '));
		}
		expect(byClass(root, 'node')).toHaveLength(file.nodes.length);
	});

	it('never turns a label, title or source line into markup', () => {
		const hostile = [
			'<script>alert(1)</script>',
			'" onload="alert(1)',
			"' onmouseover='alert(1)",
			'Tom & Jerry <b>bold</b> &amp; &#60;x&#62; ]]>',
			'<svg onload=alert(1)><foreignObject><iframe src="javascript:alert(1)"></iframe>',
			'control \u0001 chars \u0000 and a lone \ud800 surrogate'
		];
		const file = mapOf(hostile.map((t, i) => node(`n${i}`, 'claim', t, i * 300, 0)));
		const svg = exportToSvg(file, {
			title: '</title><script>alert("title")</script>',
			sourceLine: '<a href="javascript:alert(1)">x</a> & co',
			legend: true
		});
		const root = parse(svg);
		const names = new Set(allElements(root).map((el) => el.name));
		expect([...names].sort()).toEqual(
			['circle', 'desc', 'g', 'path', 'rect', 'svg', 'text', 'title', 'tspan'].filter((n) =>
				names.has(n)
			)
		);
		for (const bad of ['script', 'foreignObject', 'iframe', 'a', 'b', 'img'])
			expect(names.has(bad)).toBe(false);
		for (const el of allElements(root))
			for (const name of Object.keys(el.attrs)) expect(name).not.toMatch(/^on/i);
		hostile.forEach((t, i) => {
			const shown = byId(root, `n${i}`)!
				.children.find((c) => c.name === 'text')!
				.children.map(textOf)
				.join(' ');
			// Characters XML cannot carry become U+FFFD; everything else arrives as written (long
			// words are broken across lines, so compare without white space).
			// eslint-disable-next-line no-control-regex -- the label holds control characters on purpose
			const expected = t.replace(/[\u0000-\u0008]|\ud800/g, '\ufffd');
			expect(shown.replace(/\s/g, '')).toBe(expected.replace(/\s/g, ''));
		});
		expect(textOf(byClass(root, 'title')[0])).toBe('</title><script>alert("title")</script>');
		expect(textOf(byClass(root, 'source-line')[0])).toBe(
			'<a href="javascript:alert(1)">x</a> & co'
		);
	});

	it('draws an undercut dashed, its head on the middle of the edge it attacks', () => {
		const file = sample();
		const root = parse(exportToSvg(file));
		const undercut = byId(root, 'e-librarians')!;
		expect(undercut.attrs.class).toBe('edge rel-undercuts');
		const [line, head] = undercut.children;
		expect(line.attrs['stroke-dasharray']).toBe('7 4');
		expect(line.attrs.stroke).toBe('#a21caf');
		expect(head.attrs.fill).toBe('#a21caf');
		// The tee's first two corners straddle the tip: their middle is the tip.
		const pts = [...head.attrs.d.matchAll(/([-\d.]+) ([-\d.]+)/g)].map((m) => [+m[1], +m[2]]);
		const tip = [(pts[0][0] + pts[1][0]) / 2, (pts[0][1] + pts[1][1]) / 2];
		// e-volunteers joins volunteers (260, 360) to cost (260, 180): its middle is (260, 270).
		expect(tip[0]).toBeCloseTo(260, 1);
		expect(tip[1]).toBeCloseTo(270, 1);
		// Attacks get a flat head, supports a triangle: heads with 4 and 3 corners.
		expect(byId(root, 'e-cost')!.children[1].attrs.d.match(/L/g)).toHaveLength(3);
		expect(byId(root, 'jout:thesis:sunday-need')!.children[1].attrs.d.match(/L/g)).toHaveLength(2);
	});

	it('draws a co-premise group through a junction, with one arrow to the conclusion', () => {
		const root = parse(exportToSvg(sample()));
		const junction = byId(root, 'junction:thesis:sunday-need')!;
		expect(junction.name).toBe('circle');
		// Premises at (-220, 180) and (0, 180), conclusion at (0, 0): 0.45 of the way to their middle.
		expect(Number(junction.attrs.cx)).toBeCloseTo(-49.5, 1);
		expect(Number(junction.attrs.cy)).toBeCloseTo(81, 1);
		for (const id of ['e-free-day', 'e-open-when-free']) {
			const g = byId(root, id)!;
			expect(g.attrs.class).toBe('edge grouped');
			expect(g.children).toHaveLength(1);
			expect(g.children[0].attrs.stroke).toBe(junction.attrs.fill);
		}
		const out = byId(root, 'jout:thesis:sunday-need')!;
		expect(out.children).toHaveLength(2);
		expect(out.children[0].attrs.stroke).toBe(junction.attrs.fill);
	});

	it('exports only the selected nodes, at their places in the whole map', () => {
		const file = sample();
		const full = parse(exportToSvg(file));
		const part = parse(exportToSvg(file, { scope: { ids: ['cost', 'volunteers', 'thesis'] } }));
		expect(
			byClass(part, 'node')
				.map((n) => n.attrs['data-id'])
				.sort()
		).toEqual(['cost', 'thesis', 'volunteers']);
		expect(
			byClass(part, 'edge')
				.map((e) => e.attrs['data-id'])
				.sort()
		).toEqual(['e-cost', 'e-volunteers']);
		expect(byClass(part, 'junction')).toHaveLength(0);
		// Relative placement is kept: cost sits 260 right of and 180 below the thesis in both.
		for (const root of [full, part]) {
			const [tx, ty] = centre(root, 'thesis');
			const [cx, cy] = centre(root, 'cost');
			expect([cx - tx, cy - ty]).toEqual([260, 180]);
		}
		// With the edge it attacks selected too, the undercut comes along.
		const withUndercut = parse(
			exportToSvg(file, { scope: { ids: ['cost', 'volunteers', 'librarians'] } })
		);
		expect(byId(withUndercut, 'e-librarians')).toBeDefined();
		const without = parse(exportToSvg(file, { scope: { ids: ['cost', 'librarians'] } }));
		expect(byClass(without, 'edge')).toHaveLength(0);
	});

	it('exports the current view: what meets the viewport, cut at its edges', () => {
		const file = sample();
		const viewport = { x: -100, y: -60, w: 300, h: 300 };
		const doc = exportToSvgDocument(file, { scope: { viewport }, padding: 10 });
		const root = parse(doc.svg);
		expect(doc.width).toBe(320);
		expect(doc.height).toBe(320);
		const ids = byClass(root, 'node')
			.map((n) => n.attrs['data-id'])
			.sort();
		// free-day (x -220, 212 wide) spans x -326..-114, volunteers sits below y 240, librarians
		// far right: all outside. cost (x 260) reaches left past x 200: inside.
		expect(ids).toEqual(['cost', 'open-when-free', 'thesis']);
		const clip = allElements(root).find((el) => el.name === 'clipPath')!;
		expect(clip.children[0].attrs).toMatchObject({
			x: '-100',
			y: '-60',
			width: '300',
			height: '300'
		});
		expect(byClass(root, 'map')[0].children[0].attrs['clip-path']).toBe(`url(#${clip.attrs.id})`);
	});

	it('adds a legend of the kinds and relations that are drawn, and only those', () => {
		const root = parse(exportToSvg(sample(), { legend: true }));
		const legend = byClass(root, 'legend')[0];
		const labels = byClass(legend, 'legend-item').map((item) =>
			textOf(item.children.find((c) => c.name === 'text')!)
		);
		expect(labels).toEqual([
			'Thesis',
			'Claim',
			'Counterpoint',
			'Rebuttal',
			'Supports',
			'Attacks',
			'Undercuts',
			'Co-premises'
		]);
		const part = parse(exportToSvg(sample(), { legend: true, scope: { ids: ['cost'] } }));
		expect(byClass(byClass(part, 'legend')[0], 'legend-item').map(textOf)).toEqual([
			'Counterpoint'
		]);
		expect(byClass(parse(exportToSvg(sample())), 'legend')).toHaveLength(0);
	});

	it('paints a white background unless asked for a transparent one', () => {
		const white = parse(exportToSvg(sample()));
		const bg = byClass(white, 'background')[0];
		expect(bg.attrs).toMatchObject({ x: '0', y: '0', fill: '#ffffff' });
		expect([bg.attrs.width, bg.attrs.height]).toEqual([white.attrs.width, white.attrs.height]);
		const clear = parse(exportToSvg(sample(), { background: 'transparent' }));
		expect(byClass(clear, 'background')).toHaveLength(0);
		expect(allElements(clear).filter((el) => el.name === 'rect')).toHaveLength(0);
	});

	it('puts title and source line above the map and makes room for them', () => {
		const plain = exportToSvgDocument(sample());
		const titled = exportToSvgDocument(sample(), {
			title: 'Should libraries open on Sundays?',
			sourceLine: 'Warrant contributors, Warrant sample maps, 2026'
		});
		expect(titled.height - plain.height).toBe(26 + 18 + 12);
		const root = parse(titled.svg);
		const title = byClass(root, 'title')[0];
		expect(title.attrs['font-weight']).toBe('bold');
		expect(textOf(root.children.find((c) => c.name === 'title')!)).toBe(
			'Should libraries open on Sundays?'
		);
		const [, mapTop] = translateOf(byClass(root, 'map')[0]);
		const thesisTop = centre(root, 'thesis')[1] - 27;
		expect(thesisTop).toBeGreaterThan(Number(byClass(root, 'source-line')[0].children[0].attrs.y));
		expect(mapTop).toBeGreaterThan(0);
		// A long title wraps at the map's width (at least 480px) instead of widening the picture.
		const long = exportToSvgDocument(sample(), { title: 'word '.repeat(200) });
		expect(long.width).toBe(plain.width);
		expect(byClass(parse(long.svg), 'title')[0].children.length).toBe(3);
	});

	it('lays out nodes without positions top-down, theses on top, without overlaps', () => {
		const file = mapOf(
			[
				node('t', 'thesis', 'The thesis'),
				node('a', 'claim', 'A reason for the thesis'),
				node('b', 'evidence', 'Evidence for the reason'),
				node('c', 'counterpoint', 'An objection to the thesis'),
				node('d', 'question', 'A question nobody answered')
			],
			[
				edge('ea', 'a', 't', 'supports'),
				edge('eb', 'b', 'a', 'supports'),
				edge('ec', 'c', 't', 'attacks')
			]
		);
		const root = parse(exportToSvg(file));
		const y = (id: string) => centre(root, id)[1];
		expect(y('t')).toBeLessThan(y('a'));
		expect(y('a')).toBeLessThan(y('b'));
		expect(y('t')).toBeLessThan(y('c'));
		const boxes = byClass(root, 'node').map((g) => {
			const [cx, cy] = centre(root, g.attrs['data-id']);
			const xs = [...g.children[0].attrs.d.matchAll(/([-\d.]+) ([-\d.]+)/g)].map((m) => +m[1]);
			const w = Math.max(...xs) - Math.min(...xs);
			return { cx, cy, w };
		});
		for (let i = 0; i < boxes.length; i++)
			for (let j = i + 1; j < boxes.length; j++) {
				const p = boxes[i];
				const q = boxes[j];
				const apart = Math.abs(p.cx - q.cx) >= (p.w + q.w) / 2 || Math.abs(p.cy - q.cy) >= 40;
				expect(apart).toBe(true);
			}
	});

	it('keeps stored positions and places only the missing nodes beside their neighbours', () => {
		const file = mapOf(
			[node('t', 'thesis', 'Thesis', 100, 100), node('x', 'claim', 'Unplaced reason')],
			[edge('e', 'x', 't', 'supports')]
		);
		const root = parse(exportToSvg(file));
		const [tx, ty] = centre(root, 't');
		const [xx, xy] = centre(root, 'x');
		expect(xy - ty).toBe(150);
		expect(xx).toBe(tx);
	});

	it('gives the same picture for a map file and for the document read back from it', () => {
		const file = sample();
		expect(exportToSvg(readMap(fileToDoc(file)), { legend: true, title: 'x' })).toBe(
			exportToSvg(file, { legend: true, title: 'x' })
		);
	});

	it('sizes boxes with the measure it is given', () => {
		const file = mapOf([node('a', 'claim', 'A label of some length', 0, 0)]);
		const narrow = exportToSvgDocument(file, { padding: 0 });
		const wide = exportToSvgDocument(file, { padding: 0, measure: (s) => estimateWidth(s) * 1.3 });
		// The box is the widest line plus 14px padding per side, plus the 2px border.
		const line = estimateWidth('A label of some length');
		expect(narrow.width).toBe(Math.ceil(Math.ceil(line) + 28 + 2));
		expect(wide.width).toBe(Math.ceil(Math.ceil(line * 1.3) + 28 + 2));
	});

	it('bends parallel edges apart instead of drawing one over the other', () => {
		const file = mapOf(
			[node('a', 'claim', 'A', 0, 0), node('b', 'claim', 'B', 0, 200)],
			[edge('ab', 'a', 'b', 'supports'), edge('ba', 'b', 'a', 'attacks')]
		);
		const root = parse(exportToSvg(file));
		const controls = ['ab', 'ba'].map((id) => {
			const d = byId(root, id)!.children[0].attrs.d;
			const m = /Q([-\d.]+) /.exec(d);
			expect(m).not.toBeNull();
			return Number(m![1]);
		});
		expect(Math.sign(controls[0])).toBe(-Math.sign(controls[1]));
		expect(firstPoint(byId(root, 'ab')!.children[0].attrs.d)).toBeDefined();
	});

	it('draws highlights only when passed as extras', () => {
		const file = sample();
		expect(byClass(parse(exportToSvg(file)), 'highlight')).toHaveLength(0);
		const lit = parse(exportToSvg(file, { extras: { highlight: ['cost'] } }));
		expect(byClass(lit, 'highlight')).toHaveLength(1);
	});

	it('writes a valid picture for a map with no nodes', () => {
		const doc = exportToSvgDocument(mapOf([]));
		const root = parse(doc.svg);
		expect(doc.nodeCount).toBe(0);
		expect(doc.width).toBe(240 + 48);
		expect(textOf(root)).toContain('(nothing to export)');
	});

	it('keeps every label line inside slanted and curved shapes, and bold lines inside theses', () => {
		const long = 'a fairly long label that wraps onto several lines inside its shape for sure';
		const kinds: NodeKind[] = ['rebuttal', 'note', 'question', 'thesis', 'evidence'];
		const file = mapOf(kinds.map((k, i) => node(k, k, long, i * 400, 0)));
		const root = parse(exportToSvg(file));
		for (const kind of kinds) {
			const g = byId(root, kind)!;
			const xs = [...g.children[0].attrs.d.matchAll(/([-\d.]+) ([-\d.]+)/g)].map((m) => +m[1]);
			const ys = [...g.children[0].attrs.d.matchAll(/([-\d.]+) ([-\d.]+)/g)].map((m) => +m[2]);
			const w = Math.max(...xs) - Math.min(...xs);
			const h = Math.max(...ys) - Math.min(...ys);
			const shape = outline(
				{
					rebuttal: 'round-hexagon',
					note: 'round-tag',
					question: 'ellipse',
					thesis: 'round-rectangle',
					evidence: 'barrel'
				}[kind as string] as never,
				w,
				h
			);
			const bold = kind === 'thesis' ? 1.08 : 1;
			const tspans = g.children.find((c) => c.name === 'text')!.children;
			for (const t of tspans) {
				const half = (estimateWidth(textOf(t)) * bold) / 2;
				// The line's corners (half a font size above its centre) must be inside the outline.
				for (const sy of [-1, 1]) {
					const y = Number(t.attrs.y) - 4.55 + sy * 6.5;
					const corner = { x: half, y };
					const d = Math.hypot(corner.x, corner.y);
					const reach = exitDistance(shape, { x: corner.x / d, y: corner.y / d });
					expect(d, `${kind}: "${textOf(t)}"`).toBeLessThanOrEqual(reach);
				}
			}
		}
	});

	it('draws a generated 1,000-node map whole and well-formed', () => {
		const view = generateMap(1000, 3, gridPositions);
		const doc = exportToSvgDocument(view, { legend: true, title: view.meta!.title });
		const root = parse(doc.svg);
		expect(doc.nodeCount).toBe(1000);
		expect(byClass(root, 'node')).toHaveLength(1000);
		const drawnEdges = new Set(byClass(root, 'edge').map((e) => e.attrs['data-id']));
		for (const e of view.edges.filter((e) => !e.group)) expect(drawnEdges.has(e.id)).toBe(true);
		expect(byClass(root, 'junction').length).toBeGreaterThan(0);
		expect(byClass(root, 'rel-undercuts').length).toBeGreaterThan(0);
	});
});
