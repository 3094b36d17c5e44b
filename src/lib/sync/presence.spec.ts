import { describe, expect, it } from 'vitest';
import {
	PointerThrottle,
	peerMarks,
	peopleOf,
	readPeers,
	readPresence,
	type Clock,
	type Point
} from './presence';

const state = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
	user: { id, name, colour: '#1d4ed8' },
	selection: { nodes: [], edges: [] },
	sentence: null,
	pointer: null,
	caret: null,
	...extra
});

describe('readPresence', () => {
	it('keeps valid fields and drops what a peer should not send', () => {
		const p = readPresence({
			user: { id: 'u1', name: '  Ada ', colour: 'red; background:url(x)' },
			selection: { nodes: ['n1', 42, 'bad id!'], edges: 'e1' },
			sentence: 's1',
			pointer: { x: 1, y: Infinity }
		});
		expect(p).toEqual({
			user: { id: 'u1', name: 'Ada', colour: '#52525b' },
			selection: { nodes: ['n1'], edges: [] },
			sentence: 's1',
			pointer: null,
			caret: null
		});
	});

	it.each([
		[
			{ node: 'n1', at: 4 },
			{ node: 'n1', at: 4 }
		],
		[
			{ node: 'n1', at: 0 },
			{ node: 'n1', at: 0 }
		],
		[{ node: 'n1', at: -1 }, null],
		[{ node: 'n1', at: 2.5 }, null],
		[{ node: 'n1', at: 1e9 }, null],
		[{ node: 'bad id!', at: 1 }, null],
		[{ at: 1 }, null],
		['n1:4', null]
	])('reads a label caret %j as %j', (caret, read) => {
		expect(readPresence(state('u', 'A', { caret }))!.caret).toEqual(read);
	});

	it('ignores states without a user (e.g. a peer that has not said who it is yet)', () => {
		expect(readPresence({})).toBeNull();
		expect(readPresence({ user: { id: 'u', name: '   ' } })).toBeNull();
		expect(readPresence(null)).toBeNull();
	});

	it('caps a huge selection', () => {
		const nodes = Array.from({ length: 1000 }, (_, i) => `n${i}`);
		expect(readPresence(state('u', 'A', { selection: { nodes } }))!.selection.nodes).toHaveLength(
			200
		);
	});
});

describe('readPeers and peopleOf', () => {
	const states = new Map<number, unknown>([
		[1, state('me', 'Me')],
		[2, state('b', 'Bea')],
		[3, state('a', 'Al')],
		[4, state('b', 'Bea')],
		[5, { cursor: 1 }]
	]);

	it('lists other connections sorted by name, without self or invalid states', () => {
		expect(readPeers(states, 1).map((p) => p.clientId)).toEqual([3, 2, 4]);
	});

	it('counts a person with two tabs once, self first', () => {
		const me = { id: 'me', name: 'Me', colour: '#000000' };
		expect(peopleOf(me, readPeers(states, 1)).map((u) => u.name)).toEqual(['Me', 'Al', 'Bea']);
	});
});

describe('peerMarks', () => {
	it('collects who selected what, once per person and target', () => {
		const peers = readPeers(
			new Map<number, unknown>([
				[
					2,
					state('b', 'Bea', { selection: { nodes: ['n1', 'n2'], edges: ['e1'] }, sentence: 's1' })
				],
				[3, state('c', 'Cy', { selection: { nodes: ['n1'], edges: [] } })],
				[4, state('b', 'Bea', { selection: { nodes: ['n1'], edges: [] } })]
			]),
			1
		);
		const m = peerMarks(peers);
		expect(m.nodes.get('n1')!.map((x) => x.name)).toEqual(['Bea', 'Cy']);
		expect(m.nodes.get('n2')).toHaveLength(1);
		expect(m.edges.get('e1')).toHaveLength(1);
		expect(m.sentences.get('s1')![0].name).toBe('Bea');
	});
});

describe('PointerThrottle', () => {
	function fakeClock() {
		let t = 0;
		const timers: Array<{ at: number; fn: () => void } | null> = [];
		const clock: Clock = {
			now: () => t,
			setTimeout: (fn, ms) => timers.push({ at: t + ms, fn }) - 1,
			clearTimeout: (h) => void (timers[h as number] = null)
		};
		const advance = (ms: number) => {
			t += ms;
			for (let i = 0; i < timers.length; i++) {
				const timer = timers[i];
				if (timer && timer.at <= t) {
					timers[i] = null;
					timer.fn();
				}
			}
		};
		return { clock, advance, pending: () => timers.filter(Boolean).length };
	}

	it('sends at most 10 positions per second, ending with the last one', () => {
		const { clock, advance } = fakeClock();
		const sent: Array<Point | null> = [];
		const th = new PointerThrottle((p) => sent.push(p), 100, clock);
		for (let i = 0; i < 100; i++) {
			th.update({ x: i, y: 0 });
			advance(10); // 100 moves per second for one second
		}
		advance(200);
		expect(sent.length).toBeGreaterThanOrEqual(9);
		expect(sent.length).toBeLessThanOrEqual(11);
		expect(sent.at(-1)).toEqual({ x: 99, y: 0 });
	});

	it('sends nothing when the rounded position did not change', () => {
		const { clock, advance } = fakeClock();
		const sent: Array<Point | null> = [];
		const th = new PointerThrottle((p) => sent.push(p), 100, clock);
		th.update({ x: 10.2, y: 5 });
		advance(500);
		th.update({ x: 9.8, y: 5.1 });
		advance(500);
		th.update(null);
		advance(500);
		th.update(null);
		expect(sent).toEqual([{ x: 10, y: 5 }, null]);
	});

	it('drops a waiting position when destroyed', () => {
		const { clock, advance, pending } = fakeClock();
		const sent: Array<Point | null> = [];
		const th = new PointerThrottle((p) => sent.push(p), 100, clock);
		th.update({ x: 1, y: 1 });
		th.update({ x: 2, y: 2 });
		th.destroy();
		advance(1000);
		expect(sent).toEqual([{ x: 1, y: 1 }]);
		expect(pending()).toBe(0);
	});
});
