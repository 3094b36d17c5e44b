import { describe, expect, it } from 'vitest';
import { mismatch, sniff } from './sniff';

const bytes = (text: string) => new TextEncoder().encode(text);
const raw = (...b: number[]) => new Uint8Array(b);

describe('sniff', () => {
	it.each([
		['a PDF header', bytes('%PDF-1.7\n%âãÏÓ'), 'pdf'],
		['a PDF header after some junk', bytes('\r\n\r\n%PDF-1.4\n'), 'pdf'],
		['a ZIP archive', raw(0x50, 0x4b, 0x03, 0x04, 0x14, 0), 'zip'],
		['an empty ZIP archive', raw(0x50, 0x4b, 0x05, 0x06, 0, 0), 'zip'],
		['a doctype', bytes('<!DOCTYPE html><html><body>x</body></html>'), 'html'],
		[
			'a comment, then <html>',
			bytes('<!-- saved from url=(0014)about:internet -->\n<html>'),
			'html'
		],
		['a byte-order mark, then <html>', raw(0xef, 0xbb, 0xbf, ...bytes('<html lang="en">')), 'html'],
		['a fragment starting with <p>', bytes('  <p>Hello</p>'), 'html'],
		['prose that mentions <html>', bytes('The <html> tag starts a page.'), 'text'],
		['UTF-8 prose', bytes('Så gör Xis besatthet av säkerhet'), 'text'],
		['UTF-16 text with its byte-order mark', raw(0xff, 0xfe, 0x48, 0, 0x69, 0), 'text'],
		['a PNG image', raw(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a), 'binary'],
		['an old .doc file', raw(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1), 'binary'],
		['NUL bytes without a byte-order mark', raw(0x48, 0, 0x69, 0), 'binary'],
		['nothing', raw(), 'empty']
	])('%s → %s', (_name, input, expected) => {
		expect(sniff(input)).toBe(expected);
	});
});

describe('mismatch', () => {
	it.each([
		['pdf', bytes('%PDF-1.7'), null],
		['docx', raw(0x50, 0x4b, 0x03, 0x04), null],
		['html', bytes('<html><body>x'), null],
		['html', bytes('plain words, read as a page'), null],
		['text', bytes('<p>tags stay as text</p>'), null],
		['pdf', raw(0x50, 0x4b, 0x03, 0x04), 'it was sent as a PDF, but its content is a ZIP archive'],
		['docx', bytes('%PDF-1.7'), 'it was sent as a Word document (.docx), but its content is a PDF'],
		['pdf', raw(0x89, 0x50, 0x4e, 0x47), 'it was sent as a PDF, but its content is a PNG image'],
		['text', bytes('%PDF-1.7'), 'it was sent as plain text, but its content is a PDF'],
		[
			'docx',
			raw(0xd0, 0xcf, 0x11, 0xe0),
			'it was sent as a Word document (.docx), but its content is an old Word or Office file (.doc); save it as .docx'
		],
		['pdf', raw(), 'the file is empty']
	] as const)('%s with %j → %j', (declared, input, expected) => {
		expect(mismatch(declared, input)).toBe(expected);
	});
});
