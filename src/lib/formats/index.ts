/**
 * Data interchange: export a map file to a data format, import one back. See each format's module
 * for what it keeps and what it cannot carry. The browser should import from `./export` when it only
 * exports, to leave the Argdown parser (used by imports) out of its bundle.
 */
export { DATA_FORMATS, IMPORT_FORMATS, isDataFormat } from './types';
export type {
	DataFormat,
	ExportOptions,
	ExportResult,
	ImportFormat,
	ImportHint,
	ImportReport,
	ImportResult
} from './types';
export { exportMap } from './export';
export { importMap, MAX_IMPORT_BYTES } from './import';
