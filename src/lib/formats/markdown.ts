import type { MapFile } from '$lib/model/mapfile';
import type { ExportOptions, ExportResult } from './types';
export function exportMarkdown(_file: MapFile, _opts: ExportOptions = {}): ExportResult {
	return { body: '', mime: 'text/markdown', ext: 'md' };
}
