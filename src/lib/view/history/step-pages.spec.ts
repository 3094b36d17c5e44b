import { describe, expect, it } from 'vitest';
import type { HistorySession, HistoryStep, StepsPage } from './history-api';
import { StepPages } from './step-pages';

/** A log of `n` rows with gaps in the seqs (other maps' rows), in sessions of the given sizes. */
function log(sizes: number[]) {
	const steps: HistoryStep[] = [];
	const sessions: HistorySession[] = [];
	let seq = 10;
	for (const size of sizes) {
		const first = steps.length;
		for (let i = 0; i < size; i++) {
			seq += 1 + (i % 3);
			steps.push({ seq, at: new Date(seq * 1000).toISOString(), authorId: 'a' });
		}
		sessions.push({
			id: `s${steps[first].seq}`,
			start: steps[first].at,
			end: steps[steps.length - 1].at,
			firstSeq: steps[first].seq,
			lastSeq: steps[steps.length - 1].seq,
			steps: size,
			authors: [{ authorId: 'a', steps: size }]
		});
	}
	return { steps, sessions };
}

/** The server's paging over `steps`: the first `size` rows after a seq. */
function server(steps: HistoryStep[], size: number) {
	const asked: number[] = [];
	const fetchAfter = async (after: number): Promise<StepsPage> => {
		asked.push(after);
		const rest = steps.filter((s) => s.seq > after);
		const page = rest.slice(0, size);
		return { steps: page, older: null, newer: rest.length > size ? page[size - 1].seq : null };
	};
	return { asked, fetchAfter };
}

describe('StepPages', () => {
	it('gives every position the step the whole log has there, in any order of asking', async () => {
		const { steps, sessions } = log([30, 7, 55]);
		const { fetchAfter } = server(steps, 8);
		const pages = new StepPages(steps.length, sessions, fetchAfter);
		const order = [91, 0, 45, 44, 36, 37, 12, 90, 29, 30, 60];
		for (const pos of order) expect(await pages.get(pos)).toEqual(steps[pos]);
		for (let pos = 0; pos < steps.length; pos++) expect(await pages.get(pos)).toEqual(steps[pos]);
	});

	it('reaches a far position from its session start, not by walking every page before it', async () => {
		const { steps, sessions } = log([400, 400, 10]);
		const { asked, fetchAfter } = server(steps, 50);
		const pages = new StepPages(steps.length, sessions, fetchAfter);
		expect(await pages.get(805)).toEqual(steps[805]);
		// One page, from just before the third session.
		expect(asked).toEqual([sessions[2].firstSeq - 1]);
		expect(await pages.get(420)).toEqual(steps[420]);
		expect(asked).toHaveLength(2);
		// Concurrent asks for one page fetch it once.
		const before = asked.length;
		await Promise.all([pages.get(0), pages.get(1), pages.get(2)]);
		expect(asked.length - before).toBe(1);
		expect(pages.loaded).toBe(10 + 50 + 50);
	});

	it('refuses a position outside the history, and one the server does not have', async () => {
		const { steps, sessions } = log([5]);
		const pages = new StepPages(steps.length, sessions, server(steps, 2).fetchAfter);
		await expect(pages.get(5)).rejects.toThrow(/no step at position 5/);
		await expect(pages.get(-1)).rejects.toThrow(/no step/);
		const short = new StepPages(9, sessions, server(steps, 2).fetchAfter);
		await expect(short.get(7)).rejects.toThrow(/has no step at position 7/);
		// A refusal does not block later asks.
		expect(await short.get(4)).toEqual(steps[4]);
	});
});
