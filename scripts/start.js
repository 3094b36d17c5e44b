// `npm start`: builds when there is no build yet, then runs the production server.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

if (!existsSync('dist/server.js') || !existsSync('build/handler.js')) {
	console.log('No build found: running `npm run build` first.');
	execSync('npm run build', { stdio: 'inherit' });
}
// A computed specifier: the server bundle exists only after a build, so type-checking a fresh clone
// must not try to resolve it.
const entry = new URL('../dist/server.js', import.meta.url);
await import(entry.href);
