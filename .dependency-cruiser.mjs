/**
 * `npm run cycles` (part of `npm run lint`): no import cycles between folders of src, scripts and
 * bench, and imports only downward: bench → scripts → src. The cycle rule's `scope: 'folder'` makes
 * each folder one module, so a → b → a between two folders fails even when no file imports itself
 * back; a folder's own files may import each other.
 */
import { resolve } from 'node:path';

export default {
	forbidden: [
		{
			name: 'no-folder-cycles',
			severity: 'error',
			scope: 'folder',
			comment: 'Folders under src import each other in one direction only (README, Layout).',
			from: {},
			to: { circular: true }
		},
		{
			name: 'drawing-is-shared',
			severity: 'error',
			comment:
				'The drawing rules serve editor, exports, server and scripts: model, text and libraries only.',
			from: { path: '^src/lib/drawing/' },
			to: { path: '^src/', pathNot: '^src/lib/(drawing|model|text)/' }
		},
		{
			name: 'model-is-plain',
			severity: 'error',
			comment: 'The document model is plain TS over Yjs: it imports nothing else of ours.',
			from: { path: '^src/lib/model/' },
			to: { path: '^src/', pathNot: '^src/lib/model/' }
		},
		{
			name: 'scripts-and-bench-on-top',
			severity: 'error',
			comment:
				'The app never imports a script or a benchmark, and scripts never import a benchmark.',
			from: { path: '^(src|scripts)/' },
			to: { path: '^bench/' }
		},
		{
			name: 'src-below-scripts',
			severity: 'error',
			from: { path: '^src/' },
			to: { path: '^scripts/' }
		}
	],
	options: {
		doNotFollow: { path: 'node_modules' },
		includeOnly: '^(src|scripts|bench)/',
		// Unit specs may assemble a test from any layers (model's anchor spec segments text first);
		// the rule is about the code that ships.
		exclude: { path: '\\.spec\\.ts$' },
		tsPreCompilationDeps: true,
		enhancedResolveOptions: { extensions: ['.ts', '.js', '.svelte'] },
		// SvelteKit's `$lib` alias, which dependency-cruiser reads as a webpack `resolve.alias`.
		webpackConfig: { fileName: resolve(import.meta.dirname, '.dependency-cruiser-aliases.mjs') }
	}
};
