/** Errors caused from outside are logged once per cause, then at 10, 100, 1000... occurrences. */
import { describe, expect, it } from 'vitest';
import { causeLogger, type Logger } from './log';

describe('causeLogger', () => {
	it('logs the first occurrence of each cause and then only powers of ten', () => {
		const lines: string[] = [];
		const log: Logger = { info: () => {}, warn: (m) => lines.push(m), error: (m) => lines.push(m) };
		const problems = causeLogger(log);
		for (let i = 1; i <= 1000; i++) problems.report('bad-update', `frame ${i}`);
		problems.report('text-frame', 'once');
		expect(lines).toEqual([
			'[bad-update] frame 1',
			'[bad-update] happened 10 times; latest: frame 10',
			'[bad-update] happened 100 times; latest: frame 100',
			'[bad-update] happened 1000 times; latest: frame 1000',
			'[text-frame] once'
		]);
		expect(problems.counts().get('bad-update')).toBe(1000);
	});
});
