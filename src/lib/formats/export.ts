/**
 * `exportMap`: one entry point for every data format. Exports are pure functions of the map file;
 * none of them needs the Argdown parser, so this module stays light enough for the browser.
 */
import type { MapFile } from '$lib/model/mapfile';
import { exportAif } from './aif-export';
import { exportAnnotations } from './annotations';
import { exportArgdown } from './argdown-export';
import { exportJson } from './json';
import { exportMarkdown } from './markdown';
import type { DataFormat, ExportOptions, ExportResult } from './types';

export function exportMap(
	file: MapFile,
	format: DataFormat,
	opts: ExportOptions = {}
): ExportResult {
	switch (format) {
		case 'json':
			return exportJson(file);
		case 'aif':
			return exportAif(file, opts);
		case 'argdown':
			return exportArgdown(file);
		case 'md':
			return exportMarkdown(file, opts);
		case 'annotations':
			return exportAnnotations(file, opts);
		default:
			throw new Error(`unknown export format ${JSON.stringify(format)}`);
	}
}
