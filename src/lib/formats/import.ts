/**
 * `importMap`: one entry point for every importable format. The size is checked before anything is
 * parsed; the format is detected (`detect.ts`); the whole map is built and validated before it is
 * returned, and any failure — including an exception inside a parser — becomes one error line.
 */
import { importAif } from './aif-import';
import { importArgdown } from './argdown-import';
import { detectFormat } from './detect';
import { FORMAT_NAMES } from './draft';
import { importJsonValue } from './json';
import { MAX_IMPORT_BYTES, utf8Length } from './limits';
import type { ImportHint, ImportResult } from './types';

export { MAX_IMPORT_BYTES } from './limits';

const MIB = 1024 * 1024;

export function importMap(text: string, hint: ImportHint = {}): ImportResult {
	if (typeof text !== 'string') return { ok: false, error: 'the file must be text' };
	// A UTF-16 unit is 1 to 3 UTF-8 bytes, so only lengths in between need measuring.
	const tooBig =
		text.length > MAX_IMPORT_BYTES ||
		(text.length * 3 > MAX_IMPORT_BYTES && utf8Length(text, MAX_IMPORT_BYTES) > MAX_IMPORT_BYTES);
	if (tooBig)
		return {
			ok: false,
			error: `the file is larger than the import limit of ${MAX_IMPORT_BYTES / MIB} MiB (${MAX_IMPORT_BYTES} bytes)`
		};
	if (!text.trim()) return { ok: false, error: 'the file is empty' };
	const detected = detectFormat(text, hint);
	if ('error' in detected) return { ok: false, error: detected.error };
	try {
		if (detected.format === 'json') return importJsonValue(detected.value);
		if (detected.format === 'aif') return importAif(detected.value, hint);
		return importArgdown(text, hint);
	} catch (err) {
		return {
			ok: false,
			error: `${FORMAT_NAMES[detected.format]}: the file could not be read: ${(err as Error).message}`
		};
	}
}
