import type { MapFile } from '$lib/model/mapfile';
import type { ExportOptions, ExportResult } from './types';
export function exportAnnotations(_file: MapFile, _opts: ExportOptions = {}): ExportResult {
	return { body: '', mime: 'application/ld+json', ext: 'jsonld' };
}
