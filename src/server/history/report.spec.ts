import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addComment, readThreads, setThreadResolved } from '$lib/model/comments';
import { addEdge, addNode, initMap } from '$lib/model/doc';
import { readMap } from '$lib/model/read';
import { castVote, readVotes } from '$lib/model/votes';
import { PETS_SENTENCES, PETS_TEXT, petsSource } from '$tests/fixtures/pets';
import { activityOf, buildReport, reportCsv } from './report';

const ADA = { id: 'ada1', name: 'Ada' };
const BO = { id: 'bo1', name: 'Bo' };

function seminar() {
	const doc = new Y.Doc();
	initMap(doc, { title: 'Pets', source: petsSource(), sentences: PETS_SENTENCES });
	const anchor = {
		sentenceId: 's1',
		start: 0,
		end: 14,
		exact: PETS_TEXT.slice(0, 14),
		prefix: '',
		suffix: ''
	};
	addNode(
		doc,
		{ id: 'a', kind: 'claim', text: 'Cats', author: 'Ada', authorId: 'ada1', anchors: [anchor] },
		null
	);
	addNode(
		doc,
		{ id: 'q', kind: 'question', text: 'Why?', author: 'Ada L.', authorId: 'ada1' },
		null
	);
	addNode(doc, { id: 'q2', kind: 'question', text: 'How?', author: 'Old name' }, null);
	addEdge(
		doc,
		{ id: 'e', from: 'a', to: 'q2', relation: 'supports', author: 'Bo', authorId: 'bo1' },
		null
	);
	const root = addComment(
		doc,
		{ targetType: 'node', targetId: 'a', body: '=SUM(1)', author: BO },
		null
	);
	addComment(
		doc,
		{ targetType: 'node', targetId: 'a', body: 'yes', parent: root ?? undefined, author: ADA },
		null
	);
	const done = addComment(
		doc,
		{ targetType: 'node', targetId: 'q', body: 'ok', author: ADA },
		null
	);
	if (done) setThreadResolved(doc, done, true, null);
	castVote(doc, 'a', ADA, 5, null);
	castVote(doc, 'a', BO, 1, null);
	castVote(doc, 'q', BO, 3, null);
	const log = [
		{ seq: 1, at: Date.UTC(2026, 0, 1, 9, 0, 5), authorId: 'ada1', size: 9 },
		{ seq: 2, at: Date.UTC(2026, 0, 1, 9, 0, 50), authorId: 'ada1', size: 9 },
		{ seq: 3, at: Date.UTC(2026, 0, 1, 9, 3, 0), authorId: 'ada1', size: 9 },
		{ seq: 4, at: Date.UTC(2026, 0, 1, 10, 0, 0), authorId: 'bo1', size: 9 },
		{ seq: 5, at: Date.UTC(2026, 0, 1, 10, 1, 0), authorId: null, size: 9 }
	];
	return buildReport(readMap(doc), readThreads(doc), readVotes(doc), activityOf(log));
}

describe('buildReport', () => {
	it('counts per participant id, across renames, with coverage and active minutes', () => {
		const r = seminar();
		expect(r.participants).toEqual([
			{
				key: 'ada1',
				name: 'Ada',
				nodes: 2,
				edges: 0,
				anchors: 1,
				comments: 1,
				replies: 1,
				votes: 1,
				steps: 3,
				activeMinutes: 2,
				sentences: ['s1']
			},
			expect.objectContaining({
				key: 'bo1',
				name: 'Bo',
				edges: 1,
				comments: 1,
				votes: 2,
				steps: 1
			}),
			expect.objectContaining({ key: 'name:Old name', name: 'Old name', nodes: 1, steps: 0 })
		]);
	});

	it('lists the open work: unanswered questions, open threads, split votes, unmapped sentences', () => {
		const r = seminar();
		expect(r.openQuestions).toEqual([{ id: 'q', text: 'Why?' }]);
		expect(r.unresolvedThreads.map((t) => t.body)).toEqual(['=SUM(1)']);
		expect(r.contestedNodes).toEqual([{ id: 'a', text: 'Cats', low: 1, high: 1 }]);
		expect(r.unmappedSentences.map((s) => s.id)).toEqual(['s2']);
		expect(r.activity).toEqual([
			{ hour: '2026-01-01T09:00:00.000Z', steps: 3 },
			{ hour: '2026-01-01T10:00:00.000Z', steps: 2 }
		]);
	});

	it('writes CSV with quoted fields that a spreadsheet never runs', () => {
		const r = seminar();
		r.participants[0].name = '=HYPERLINK("x")';
		const csv = reportCsv(r);
		const lines = csv.split('\r\n');
		expect(lines[0]).toBe(
			'"participant id","name","nodes","edges","anchors","comments","replies","votes","steps","active minutes","sentences mapped"'
		);
		expect(lines[1]).toBe('"ada1","\'=HYPERLINK(""x"")","2","0","1","1","1","1","3","2","1"');
		expect(lines).toHaveLength(r.participants.length + 2);
	});
});
