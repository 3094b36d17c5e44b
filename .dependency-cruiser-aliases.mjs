/** SvelteKit's import aliases, for the folder cycle check (`.dependency-cruiser.mjs`). */
import { resolve } from 'node:path';

export default { resolve: { alias: { $lib: resolve(import.meta.dirname, 'src/lib') } } };
