/**
 * The essay's map, maps/china-digging-in.json: it keeps the document contract, every node is anchored
 * to the words it comes from, the argument the essay makes is all there, the stored layout reads top
 * down without overlapping labels, and the file is exactly what scripts/essay/build.ts makes of the
 * seed (so the authoring source and the committed file cannot drift apart).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { coverageSummary } from '$lib/model/coverage';
import { docToFile, fileToDoc, parseMapFileText, type MapFile } from '$lib/model/mapfile';
import { readMap } from '$lib/model/read';
import type { NodeRecord } from '$lib/model/schema';
import { buildEssayMap, DEFAULT_OUT, serialize } from '../scripts/essay/build';
import { nodeBox } from '../scripts/essay/layout';
import { readEssaySeed, SHARED_SEED_PATH } from '$tests/fixtures/text/essay';

const committed = readFileSync(DEFAULT_OUT, 'utf8');

function load(): MapFile {
	const parsed = parseMapFileText(committed);
	if (!parsed.ok) throw new Error(parsed.error);
	return parsed.value;
}

const map = load();
const text = map.meta.source.text;
const byId = new Map(map.nodes.map((n) => [n.id, n]));
const sentence = new Map(map.sentences.map((s) => [s.id, s]));
/** Everything a reader sees of a node: its label and the words it is anchored to. */
const seen = (n: NodeRecord) => [n.text, ...n.anchors.map((a) => a.exact)].join(' ');
const nodesMentioning = (term: string) => map.nodes.filter((n) => seen(n).includes(term));

describe('essay map: contract and source', () => {
	it('passes parseMapFileText, with the essay’s id and metadata', () => {
		expect(map.id).toBe('china-digging-in');
		expect(map.meta.title).toBe('Why China Is Digging In at Home and Asserting Itself Abroad');
		expect(map.meta.source).toMatchObject({
			title: 'Why China Is Digging In at Home and Asserting Itself Abroad',
			author: 'Sheena Chestnut Greitens',
			publication: 'Foreign Affairs',
			date: '2023-07-28',
			lang: 'en'
		});
	});

	it('holds the seed’s words once: the repeated body dropped, five spaces turned into line breaks', () => {
		const [headline, body] = readEssaySeed().split('\n');
		expect(text.replace(/\n/g, ' ')).toBe(`${headline} ${body}`);
		expect(text.split('\n')).toEqual([
			headline,
			body.slice(0, body.indexOf(' Why China')),
			'Why China Is Digging In at Home and Asserting Itself Abroad',
			'By Sheena Chestnut Greitens',
			'July 28, 2023',
			expect.stringMatching(/^Since he came to power in 2012.*cementing long-term CCP control\.$/),
			'© 2023 Council on Foreign Relations, publisher of Foreign Affairs. Distributed by Tribune Content Agency. Read the original article at Foreign Affairs.'
		]);
		expect(map.sentences).toHaveLength(115);
	});

	it('is exactly what the build script makes of the seed', () => {
		const { file, notices } = buildEssayMap(readEssaySeed());
		expect(serialize(file)).toBe(committed);
		expect(notices).toEqual([
			'The text contained a verbatim repeat of 19,566 characters (line 2 repeated as line 3); the repeat was dropped.'
		]);
	});

	it('survives a round trip through a Y.Doc without problems', () => {
		const doc = fileToDoc(map);
		expect(readMap(doc).problems).toEqual([]);
		expect(docToFile(doc, map.id)).toEqual(map);
	});

	it('builds from a fixture that is the shared seed, byte for byte', () => {
		expect(readFileSync(SHARED_SEED_PATH, 'utf8')).toBe(readEssaySeed());
	});
});

describe('essay map: anchors', () => {
	it('anchors every node, each anchor matching the text and lying inside its sentence', () => {
		for (const n of map.nodes) {
			expect(n.anchors.length, n.id).toBeGreaterThan(0);
			for (const a of n.anchors) {
				const s = sentence.get(a.sentenceId)!;
				expect(text.slice(a.start, a.end), n.id).toBe(a.exact);
				expect(a.start, n.id).toBeGreaterThanOrEqual(s.start);
				expect(a.end, n.id).toBeLessThanOrEqual(s.end);
				expect(a.exact).toBe(a.exact.trim());
				expect(text.slice(0, a.start).endsWith(a.prefix)).toBe(true);
				expect(text.slice(a.end).startsWith(a.suffix)).toBe(true);
			}
		}
	});

	it('covers every sentence of the essay except the copyright notice', () => {
		const { unmapped } = coverageSummary(map.sentences, map.nodes);
		expect(unmapped.map((s) => s.text)).toEqual([
			'© 2023 Council on Foreign Relations, publisher of Foreign Affairs.',
			'Distributed by Tribune Content Agency.',
			'Read the original article at Foreign Affairs.'
		]);
	});
});

describe('essay map: the argument', () => {
	it('has 50 to 90 nodes, with short labels of its own', () => {
		expect(map.nodes.length).toBeGreaterThanOrEqual(50);
		expect(map.nodes.length).toBeLessThanOrEqual(90);
		for (const n of map.nodes) {
			expect(n.text.length, n.id).toBeLessThanOrEqual(125);
			expect(
				n.anchors.map((a) => a.exact),
				n.id
			).not.toContain(n.text);
		}
	});

	it('has one thesis, the paradox, anchored in English and in the Swedish lede', () => {
		const theses = map.nodes.filter((n) => n.kind === 'thesis');
		expect(theses).toHaveLength(1);
		const exact = theses[0].anchors.map((a) => a.exact).join(' | ');
		expect(exact).toContain('Så gör Xis besatthet av säkerhet världen osäker');
		expect(exact).toContain('Men paradoxalt nog');
		expect(exact).toContain('an ostensibly defensive goal at home');
		expect(exact).toContain('an escalatory cycle with no obvious off-ramp');
	});

	// Terms of each piece of evidence the essay gives, found in a node's label or anchors.
	const evidence = [
		'20th Party Congress',
		'Central National Security Commission',
		'Cai Qi',
		'Ding Xuexiang',
		'Zhao Leji',
		'Li Qiang',
		'Chen Wenqing',
		'Chen Yixin',
		'Counterespionage',
		'No. 9',
		'CIA informants',
		'Xinjiang',
		'new security pattern',
		'Anti-Foreign Sanctions',
		'Global Security Initiative',
		'concept paper released by China’s Foreign Ministry in February 2023',
		'Qin Gang',
		'Iran and Saudi Arabia',
		'Global Public Security Cooperation Forum',
		'Peaceful China',
		'Inter-Services Intelligence',
		'Patrushev',
		'Wang Xiaohong'
	];
	it.each(evidence)('has evidence for “%s”', (term) => {
		expect(nodesMentioning(term).some((n) => n.kind === 'evidence' || n.kind === 'claim')).toBe(
			true
		);
	});

	// The counterpoints the essay raises, each attacked in turn by its answer.
	const answered: Array<[string, string]> = [
		['economic woes can themselves pose problems for regime stability', 'course appears to be set'],
		['Conventional wisdom', 'securitization, not economic growth'],
		['affirms the importance of the United Nations', 'new regional and global security orders'],
		['buzzwords appear and then fade', 'not likely to disappear'],
		['Much has changed since last October', 'none of this has dented']
	];
	it.each(answered)('has the counterpoint “%s” and the answer “%s”', (point, answer) => {
		const [cp] = nodesMentioning(point).filter((n) => n.kind === 'counterpoint');
		const [re] = nodesMentioning(answer).filter((n) => n.kind === 'rebuttal');
		expect(cp && re).toBeTruthy();
		expect(map.edges.some((e) => e.relation === 'attacks' && e.from === cp.id)).toBe(true);
		expect(map.edges).toContainEqual(
			expect.objectContaining({ from: re.id, to: cp.id, relation: 'attacks' })
		);
	});

	it('has the policy argument: alternatives, expectations, beyond allies, quickly', () => {
		const policy = map.nodes.find((n) => seen(n).includes('adopts a more proactive strategy'))!;
		const reasons = map.edges.filter((e) => e.to === policy.id && e.relation === 'supports');
		const said = reasons.map((e) => seen(byId.get(e.from)!)).join(' | ');
		for (const term of [
			'offer them an alternative',
			'manage expectations',
			'not always had close ties with Washington',
			'acts quickly',
			'pose serious challenges for the United States'
		])
			expect(said).toContain(term);
	});

	it('uses co-premise groups and an undercut, and every kind in its proper role', () => {
		const groups = new Map<string, Set<string>>();
		for (const e of map.edges)
			if (e.group) groups.set(e.group, (groups.get(e.group) ?? new Set()).add(e.to));
		expect(groups.size).toBeGreaterThanOrEqual(4);
		// A group joins premises of one conclusion.
		for (const targets of groups.values()) expect(targets.size).toBe(1);
		expect(map.edges.some((e) => e.relation === 'undercuts')).toBe(true);
		for (const e of map.edges) {
			const kind = byId.get(e.from)!.kind;
			if (kind === 'counterpoint') expect(e.relation, e.id).not.toBe('supports');
			if (e.relation === 'attacks' && kind !== 'counterpoint')
				expect(byId.get(e.to)!.kind, e.id).toBe('counterpoint');
		}
	});

	it('joins every claim, evidence, counterpoint and rebuttal to the argument, without cycles', () => {
		const out = new Map<string, string[]>();
		for (const e of map.edges) {
			const to = e.relation === 'undercuts' ? map.edges.find((x) => x.id === e.to)!.to : e.to;
			out.set(e.from, [...(out.get(e.from) ?? []), to]);
		}
		for (const n of map.nodes)
			if (!['thesis', 'note', 'question'].includes(n.kind) && n.id !== 'p-respond')
				expect(out.has(n.id), n.id).toBe(true);
		const state = new Map<string, 'open' | 'done'>();
		const visit = (id: string): void => {
			expect(state.get(id), `cycle through ${id}`).not.toBe('open');
			if (state.get(id) === 'done') return;
			state.set(id, 'open');
			for (const next of out.get(id) ?? []) visit(next);
			state.set(id, 'done');
		};
		for (const n of map.nodes) visit(n.id);
	});
});

describe('essay map: layout', () => {
	it('places every node, conclusions above their reasons, the thesis on the top row', () => {
		for (const n of map.nodes)
			expect(Number.isFinite(n.x) && Number.isFinite(n.y), n.id).toBe(true);
		const thesis = map.nodes.find((n) => n.kind === 'thesis')!;
		expect(thesis.y).toBe(Math.min(...map.nodes.map((n) => n.y!)));
		for (const e of map.edges) {
			if (e.relation === 'undercuts') continue;
			expect(byId.get(e.from)!.y!, e.id).toBeGreaterThan(byId.get(e.to)!.y!);
		}
	});

	it('has no two node boxes overlapping, given the stored centres and the size rule', () => {
		const boxes = map.nodes.map((n) => {
			const { width, height } = nodeBox(n.text);
			expect(width).toBeGreaterThanOrEqual(180);
			return {
				id: n.id,
				x0: n.x! - width / 2,
				x1: n.x! + width / 2,
				y0: n.y! - height / 2,
				y1: n.y! + height / 2
			};
		});
		for (let i = 0; i < boxes.length; i++)
			for (let j = i + 1; j < boxes.length; j++) {
				const [a, b] = [boxes[i], boxes[j]];
				const overlap = a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
				expect(overlap, `${a.id} overlaps ${b.id}`).toBe(false);
			}
	});
});
