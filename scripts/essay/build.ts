/**
 * Builds maps/china-digging-in.json from the seed essay and the authoring source in `nodes.ts`:
 *
 *   npx tsx scripts/essay/build.ts [--seed <path>] [--out <path>]
 *
 * The seed is read here, at build time only (default ../shared/seed/000_80415038fda62851.txt); the
 * product only ever reads the committed JSON. The output is a pure function of the seed and
 * `nodes.ts` (fixed author and date, stable order), so tests/essay-map.test.ts can rebuild it and
 * compare. Any quote that is missing or ambiguous, any bad reference, or a file that fails the
 * contract stops the build with a message naming the culprit.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { findQuote } from '../../src/lib/model/anchor';
import {
	MAP_FILE_FORMAT,
	MAP_FILE_VERSION,
	parseMapFile,
	type MapFile
} from '../../src/lib/model/mapfile';
import {
	SCHEMA_VERSION,
	type Anchor,
	type EdgeRecord,
	type NodeRecord
} from '../../src/lib/model/schema';
import { buildSource } from '../../src/lib/text/source';
import { IMPORT_AUTHOR } from '../../src/lib/view/collab/authorship';
import { layout } from './layout';
import { EDGES, NODES, edgeId } from './nodes';
import { essayText } from './seed';

export const MAP_ID = 'china-digging-in';
/** The author of every node and edge of the essay map: the import account, never a participant. */
export const AUTHOR = IMPORT_AUTHOR;
export const CREATED_AT = '2026-11-29T00:00:00.000Z';
/** Labels are short paraphrases (~120 characters); longer ones crowd the map. */
export const MAX_LABEL_CHARS = 125;

export const DEFAULT_SEED = fileURLToPath(
	new URL('../../../shared/seed/000_80415038fda62851.txt', import.meta.url)
);
export const DEFAULT_OUT = fileURLToPath(new URL(`../../maps/${MAP_ID}.json`, import.meta.url));

const META = {
	title: 'Why China Is Digging In at Home and Asserting Itself Abroad',
	author: 'Sheena Chestnut Greitens',
	publication: 'Foreign Affairs',
	date: '2023-07-28',
	// The article's language; the Swedish lede segments the same way (see segment.spec.ts).
	lang: 'en'
};

export interface EssayBuild {
	file: MapFile;
	/** What intake told about the seed (the dropped repeat). */
	notices: string[];
}

function fail(message: string): never {
	throw new Error(`essay map: ${message}`);
}

export function buildEssayMap(seed: string): EssayBuild {
	const intake = buildSource({ ...META, text: seed });
	if (!intake.ok) fail(intake.error);
	const built = buildSource({ ...META, text: essayText(intake.source.text) });
	if (!built.ok) fail(built.error);
	if (built.notices.length > 0) fail(`unexpected notices: ${built.notices.join(' ')}`);
	const { source, sentences } = built;

	const nodeIds = new Set<string>();
	const nodes: NodeRecord[] = NODES.map((spec) => {
		if (nodeIds.has(spec.id)) fail(`duplicate node id ${spec.id}`);
		nodeIds.add(spec.id);
		if (spec.text.length > MAX_LABEL_CHARS)
			fail(`label of ${spec.id} is ${spec.text.length} characters; at most ${MAX_LABEL_CHARS}`);
		if (spec.quotes.length === 0) fail(`node ${spec.id} has no quote`);
		const anchors: Anchor[] = spec.quotes.flatMap((quote) => {
			const found = findQuote(source.text, sentences, quote);
			if (!found.ok)
				fail(
					`quote of ${spec.id} ${found.reason} (${found.matches} matches): ${JSON.stringify(quote)}`
				);
			return found.anchors;
		});
		return {
			id: spec.id,
			kind: spec.kind,
			text: spec.text,
			anchors,
			author: AUTHOR,
			createdAt: CREATED_AT
		};
	});

	// Undercuts last, as a Y.Doc lists them (they need their edge first): the file then equals its
	// own round trip through the editor's document.
	const ordered = [
		...EDGES.filter((e) => e.relation !== 'undercuts'),
		...EDGES.filter((e) => e.relation === 'undercuts')
	];
	const edges: EdgeRecord[] = ordered.map((spec) => ({
		id: edgeId(spec.from, spec.to),
		from: spec.from,
		to: spec.to,
		relation: spec.relation,
		...(spec.group ? { group: spec.group } : {}),
		author: AUTHOR,
		createdAt: CREATED_AT
	}));
	const byId = new Map(edges.map((e) => [e.id, e]));
	if (byId.size !== edges.length) fail('two edges join the same nodes');

	for (const e of edges) if (e.relation === 'undercuts' && !byId.has(e.to)) fail(`no edge ${e.to}`);
	// Nodes that point at nothing — the thesis, the policy conclusion, notes — form the top row.
	// (For the layout an undercut points at the conclusion of the edge it answers: see layoutMap.)
	const pointing = new Set(edges.map((e) => e.from));
	const top = nodes.filter((n) => !pointing.has(n.id)).map((n) => n.id);
	const positions = layout(nodes, edges, top);
	const placed = nodes.map(({ id, kind, text, anchors, author, createdAt }) => {
		const p = positions.get(id) ?? fail(`no position for ${id}`);
		return { id, kind, text, x: p.x, y: p.y, anchors, author, createdAt };
	});

	const file: MapFile = {
		format: MAP_FILE_FORMAT,
		version: MAP_FILE_VERSION,
		id: MAP_ID,
		meta: { schema: SCHEMA_VERSION, title: META.title, createdAt: CREATED_AT, source },
		sentences,
		nodes: placed,
		edges,
		// A fresh map: the seminar's comments and votes start empty.
		comments: [],
		votes: []
	};
	const checked = parseMapFile(JSON.parse(JSON.stringify(file)));
	if (!checked.ok) fail(`the built file breaks the contract: ${checked.error}`);
	return { file, notices: intake.notices };
}

/** The file's text exactly as committed: tab-indented JSON with a final newline. */
export const serialize = (file: MapFile): string => `${JSON.stringify(file, null, '\t')}\n`;

function main() {
	const { values } = parseArgs({
		options: { seed: { type: 'string' }, out: { type: 'string' } }
	});
	const seedPath = values.seed ?? DEFAULT_SEED;
	const out = values.out ?? DEFAULT_OUT;
	const { file, notices } = buildEssayMap(readFileSync(seedPath, 'utf8'));
	writeFileSync(out, serialize(file));
	for (const n of notices) console.log(`seed: ${n}`);
	const groups = new Set(file.edges.flatMap((e) => (e.group ? [e.group] : [])));
	console.log(
		`wrote ${out}: ${file.sentences.length} sentences, ${file.nodes.length} nodes, ${file.edges.length} edges, ${groups.size} co-premise groups`
	);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
