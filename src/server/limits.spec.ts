import { describe, expect, it } from 'vitest';
import { DEFAULT_TUNING, tuningFromEnv } from './limits';

describe('tuningFromEnv', () => {
	it('reads WARRANT_GROUP_COMMIT: unset or 1 on, 0 off, anything else refused by name', () => {
		expect(DEFAULT_TUNING.groupCommit).toBe(true);
		expect(tuningFromEnv({}).groupCommit).toBe(true);
		expect(tuningFromEnv({ WARRANT_GROUP_COMMIT: '1' }).groupCommit).toBe(true);
		expect(tuningFromEnv({ WARRANT_GROUP_COMMIT: '0' }).groupCommit).toBe(false);
		expect(() => tuningFromEnv({ WARRANT_GROUP_COMMIT: 'off' })).toThrow(
			'WARRANT_GROUP_COMMIT must be 0 or 1, got "off"'
		);
	});

	it('refuses a catch-up period that is not a positive integer', () => {
		expect(tuningFromEnv({ WARRANT_CATCHUP_MS: '250' }).catchUpMs).toBe(250);
		expect(() => tuningFromEnv({ WARRANT_CATCHUP_MS: '0' })).toThrow(/WARRANT_CATCHUP_MS/);
	});
});
