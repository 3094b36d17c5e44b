import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SCHEMA_VERSION } from './schema';
import { docToFile, fileToDoc, parseMapFile, parseMapFileText, type MapFile } from './mapfile';

const TEXT = 'Cats are good. Dogs are loyal.';

function goodFile(): MapFile {
	return {
		format: 'warrant-map',
		version: SCHEMA_VERSION,
		id: 'pets',
		meta: {
			schema: SCHEMA_VERSION,
			title: 'Pets',
			createdAt: '2024-01-01T00:00:00.000Z',
			source: { title: 'Pets', author: 'A', publication: 'P', date: '2024', lang: 'en', text: TEXT }
		},
		sentences: [
			{ id: 's1', text: 'Cats are good.', start: 0, end: 14, paragraph: 0 },
			{ id: 's2', text: 'Dogs are loyal.', start: 15, end: 30, paragraph: 0 }
		],
		nodes: [
			{
				id: 'a',
				kind: 'claim',
				text: 'Cats are good',
				x: 0,
				y: 100,
				anchors: [
					{
						sentenceId: 's1',
						start: 0,
						end: 13,
						exact: 'Cats are good',
						prefix: '',
						suffix: '. Dogs are loyal.'
					}
				],
				author: 'x',
				createdAt: '2024-01-01T00:00:00.000Z'
			},
			{
				id: 'b',
				kind: 'thesis',
				text: 'Pets',
				anchors: [],
				author: 'x',
				createdAt: '2024-01-01T00:00:00.000Z'
			},
			{
				id: 'c',
				kind: 'rebuttal',
				text: 'Not all',
				anchors: [],
				author: 'x',
				createdAt: '2024-01-01T00:00:00.000Z'
			}
		],
		edges: [
			{
				id: 'e1',
				from: 'a',
				to: 'b',
				relation: 'supports',
				group: 'g1',
				createdAt: '2024-01-01T00:00:00.000Z'
			},
			{
				id: 'e2',
				from: 'c',
				to: 'e1',
				relation: 'undercuts',
				createdAt: '2024-01-01T00:00:00.000Z'
			}
		],
		comments: [
			{
				id: 'c1',
				targetType: 'node',
				targetId: 'a',
				body: 'Why?',
				author: 'Ann',
				authorId: 'u1',
				createdAt: '2024-01-02T00:00:00.000Z'
			},
			{
				id: 'c2',
				targetType: 'node',
				targetId: 'a',
				parent: 'c1',
				body: 'See s1.',
				author: 'Bob',
				authorId: 'u2',
				createdAt: '2024-01-03T00:00:00.000Z',
				resolved: false
			}
		],
		votes: [{ nodeId: 'a', voterId: 'u1', voter: 'Ann', value: 4, at: '2024-01-02T00:00:00.000Z' }]
	};
}

type Mutation = (f: Record<string, any>) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

const malformed: Array<[string, Mutation, RegExp]> = [
	['wrong format', (f) => (f.format = 'other'), /format: expected "warrant-map"/],
	['wrong version', (f) => (f.version = SCHEMA_VERSION + 1), /version/],
	['unknown kind', (f) => (f.nodes[0].kind = 'opinion'), /nodes\[0\]\.kind/],
	['label not a string', (f) => (f.nodes[1].text = 5), /nodes\[1\]\.text/],
	['bad createdAt', (f) => (f.meta.createdAt = 'yesterday'), /meta\.createdAt/],
	['bad map id', (f) => (f.id = 'Not An Id'), /id: "Not An Id" is not a valid map id/],
	['duplicate node id', (f) => (f.nodes[1].id = 'a'), /duplicate id a/],
	['edge to a missing node', (f) => (f.edges[0].to = 'zz'), /edges\[0\]\.to: no node zz/],
	['undercut of a node', (f) => (f.edges[1].to = 'a'), /undercuts needs an edge id/],
	['group on an undercut', (f) => (f.edges[1].group = 'g'), /only supports edges have a group/],
	[
		'sentence offsets wrong',
		(f) => (f.sentences[1].start = 14),
		/sentences\[1\]: text does not equal/
	],
	[
		'anchor text wrong',
		(f) => (f.nodes[0].anchors[0].exact = 'Dogs'),
		/nodes\[0\]\.anchors\[0\]: anchor exact text/
	],
	[
		'anchor to unknown sentence',
		(f) => (f.nodes[0].anchors[0].sentenceId = 's7'),
		/unknown sentence s7/
	],
	['missing sentences', (f) => delete f.sentences, /sentences/],
	[
		'reply to a missing comment',
		(f) => (f.comments[1].parent = 'c9'),
		/comments\[1\]\.parent: no comment c9/
	],
	['vote out of range', (f) => (f.votes[0].value = 6), /votes\[0\]\.value/],
	['vote on a missing node', (f) => (f.votes[0].nodeId = 'zz'), /votes\[0\]\.nodeId: no node zz/],
	['two votes by one person', (f) => f.votes.push({ ...f.votes[0] }), /a second vote by u1 on a/]
];

describe('map files', () => {
	it('accepts a good file', () => {
		const parsed = parseMapFile(goodFile());
		expect(parsed.ok).toBe(true);
	});

	it.each(malformed)('refuses %s with a message naming the problem', (_name, mutate, message) => {
		const f = structuredClone(goodFile()) as unknown as Record<string, unknown>;
		mutate(f);
		const parsed = parseMapFile(f);
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.error).toMatch(message);
	});

	it.each([
		['truncated JSON', '{"format": "warrant-map", "vers', /not valid JSON/],
		['an array', '[]', /must be a JSON object/],
		['null', 'null', /must be a JSON object/],
		['empty', '', /not valid JSON/]
	])('refuses %s', (_name, text, message) => {
		const parsed = parseMapFileText(text);
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.error).toMatch(message);
	});

	it('reads a file without comments and votes as having none', () => {
		const f = goodFile() as Partial<MapFile>;
		delete f.comments;
		delete f.votes;
		const parsed = parseMapFile(f);
		expect(parsed.ok && parsed.value.comments).toEqual([]);
		expect(parsed.ok && parsed.value.votes).toEqual([]);
	});

	it('round-trips file → doc → file unchanged', () => {
		const file = goodFile();
		const doc = fileToDoc(file);
		expect(docToFile(doc, 'pets')).toEqual(file);
	});

	it('round-trips through a second peer', () => {
		const doc = fileToDoc(goodFile());
		const peer = new Y.Doc();
		Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
		expect(docToFile(peer, 'pets')).toEqual(goodFile());
	});
});
