import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ESSAY_SEED_PATH } from '$tests/fixtures/text/essay';
import { decodeUpload, MAX_UPLOAD_BYTES } from './upload';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('decodeUpload', () => {
	it('reads the seed essay file as UTF-8', () => {
		const bytes = new Uint8Array(readFileSync(ESSAY_SEED_PATH));
		const r = decodeUpload(bytes, 'essay.txt');
		expect(r.ok && r.text.startsWith('Så gör Xis besatthet')).toBe(true);
	});

	it('accepts .md and .markdown in any letter case, and drops a UTF-8 byte-order mark', () => {
		expect(decodeUpload(utf8('# Hi'), 'notes.MD')).toEqual({ ok: true, text: '# Hi' });
		expect(decodeUpload(utf8('\uFEFFHej'), 'a.markdown')).toEqual({ ok: true, text: 'Hej' });
	});

	it('reads UTF-16 with a byte-order mark', () => {
		const le = new Uint8Array([0xff, 0xfe, 0x48, 0x00, 0xe5, 0x00]);
		expect(decodeUpload(le, 'a.txt')).toEqual({ ok: true, text: 'Hå' });
	});

	const refused: Array<[string, Uint8Array, string, RegExp]> = [
		[
			'another extension',
			utf8('text'),
			'essay.pdf',
			/essay\.pdf is not a text file: upload a \.txt or \.md file/
		],
		['an empty file', new Uint8Array(), 'a.txt', /a\.txt is empty/],
		[
			'NUL bytes',
			new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]),
			'a.txt',
			/looks binary \(it contains NUL bytes\)/
		],
		[
			'invalid UTF-8 (Latin-1 bytes)',
			new Uint8Array([0x48, 0xe5, 0x6c]),
			'a.txt',
			/not valid UTF-8 text; save it as UTF-8/
		],
		[
			'control characters',
			utf8('\u0001\u0002\u0003\u0004 text'),
			'a.md',
			/a\.md: the text looks binary/
		],
		[
			'too many bytes',
			new Uint8Array(MAX_UPLOAD_BYTES + 1),
			'a.txt',
			/the limit is 500,000 characters/
		]
	];
	it.each(refused)('refuses %s with a clear message', (_case, bytes, name, message) => {
		const r = decodeUpload(bytes, name);
		expect(r.ok).toBe(false);
		expect(!r.ok && r.error).toMatch(message);
	});
});
