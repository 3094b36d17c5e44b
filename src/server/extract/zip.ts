/**
 * Reads a ZIP archive's central directory (names and sizes, nothing unpacked) and single small
 * entries, so a Word file can be judged before a library unpacks it: a ZIP bomb declares its huge
 * sizes here. Sizes a bomb lies about are caught by the worker's memory limit instead, and
 * `readEntry` never inflates beyond the limit it is given.
 */
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
	name: string;
	method: number;
	compressedSize: number;
	uncompressedSize: number;
	/** Offset of the entry's local header. */
	offset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The entries of the archive, or a reason it is not a readable ZIP archive. */
export function zipEntries(bytes: Uint8Array): ZipEntry[] | string {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	// The end record is in the last 22 + 65,535 bytes (its comment is at most that long).
	let eocd = -1;
	for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--)
		if (view.getUint32(i, true) === EOCD) {
			eocd = i;
			break;
		}
	if (eocd < 0) return 'it is not a complete ZIP archive (no end of central directory)';
	const count = view.getUint16(eocd + 10, true);
	const size = view.getUint32(eocd + 12, true);
	let at = view.getUint32(eocd + 16, true);
	if (count === 0xffff || at === 0xffffffff)
		return 'it is a ZIP64 archive, which no Word file needs';
	if (at + size > bytes.length) return 'its ZIP directory points past the end of the file';
	const entries: ZipEntry[] = [];
	const names = new TextDecoder('utf-8');
	for (let n = 0; n < count; n++) {
		if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL)
			return 'its ZIP directory is damaged';
		const nameLength = view.getUint16(at + 28, true);
		const extra = view.getUint16(at + 30, true);
		const comment = view.getUint16(at + 32, true);
		entries.push({
			method: view.getUint16(at + 10, true),
			compressedSize: view.getUint32(at + 20, true),
			uncompressedSize: view.getUint32(at + 24, true),
			offset: view.getUint32(at + 42, true),
			name: names.decode(bytes.subarray(at + 46, at + 46 + nameLength))
		});
		at += 46 + nameLength + extra + comment;
	}
	return entries;
}

/** One entry's bytes, inflating at most `limit` bytes (an error beyond). */
export function readEntry(bytes: Uint8Array, entry: ZipEntry, limit: number): Buffer {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	if (entry.offset + 30 > bytes.length || view.getUint32(entry.offset, true) !== LOCAL)
		throw new Error(`the ZIP entry ${entry.name} is damaged`);
	const start =
		entry.offset +
		30 +
		view.getUint16(entry.offset + 26, true) +
		view.getUint16(entry.offset + 28, true);
	const data = bytes.subarray(start, start + entry.compressedSize);
	if (entry.method === 0) return Buffer.from(data.subarray(0, limit));
	if (entry.method !== 8)
		throw new Error(`the ZIP entry ${entry.name} uses an unknown compression`);
	return inflateRawSync(data, { maxOutputLength: limit });
}
