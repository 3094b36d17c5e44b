/**
 * Argdown → map, parsed by @argdown/core (parser, data and model plugins, loose mode) — the only
 * format module that needs a runtime dependency beyond zod.
 *
 * What becomes what:
 * - a statement (equivalence class) → a node; its kind is its first tag that names a Warrant kind,
 *   else `claim`; its other tags are kept (`tags`), an explicit title exactly (`title`), and the
 *   headings it sits under (`section`); its data may carry `id`, `text` (exact), `anchors`, `x`/`y`
 *   (as our export writes). Links keep their URL: `[text](url)` stays in the node's text.
 * - an untitled statement that no relation, argument or tag touches is prose, not a claim: it is no
 *   node, but its words stay in the source text (when the file carries none).
 * - a reconstructed argument → one inference per conclusion of its premise-conclusion structure:
 *   supports edges from the step's premises (and the previous conclusion) into it, grouped when there
 *   are two or more, carrying the argument's title, tags and (on its last step) description;
 *   undercuts of the inference point at its first edge (or the edge named in data).
 * - a sketched argument (no structure) → a node of kind `claim` marked `argument`, its description
 *   as text; an undercut aimed at it is an attack with `attackKind: 'undercut'`.
 * - relations: support and entails → supports; attack → attacks; contrary → an attack with
 *   `attackKind: 'contrary'`; contradictory → one attack with `attackKind: 'contradictory'` (the
 *   relation is symmetric, so it is stored once); undercut → undercuts. Two parallel relations are
 *   two edges. A relation from a reconstructed argument starts at its main conclusion; one aimed at
 *   a reconstructed argument (other than an undercut) at its main conclusion too, with a warning.
 * - statement data `undercuts` (our export's form for undercuts of attacks) → undercuts; data
 *   `rephrases` and `contrary` (node ids) turn the support or attack to that node into a rephrase or
 *   a contrary attack (Argdown has no rephrase, and loose mode no contrary, so our export writes
 *   them as support and attack and says which in data).
 * Source text: front matter `warrant.source.text` if present, else the statement texts (prose
 * included), one paragraph each.
 */
import {
	ArgdownApplication,
	DataPlugin,
	IArgument,
	IEquivalenceClass,
	ModelPlugin,
	ParserPlugin,
	type IArgdownResponse,
	type IArgument as Argument,
	type IConclusion,
	type IEquivalenceClass as EquivalenceClass,
	type IRelation,
	type IInference,
	type IRange,
	type ISection,
	type RelationMember
} from '@argdown/core';
import { z } from 'zod/mini';
import {
	AifLayerSchema,
	AifRefSchema,
	NODE_KINDS,
	SectionSchema,
	TagsSchema,
	TitleSchema,
	type EdgeRecord,
	type NodeKind
} from '$lib/model/schema';
import { normalizeText } from '$lib/text/source';
import { edgeKey } from './argdown-export';
import { finishDraft, newDraft, skip, type Draft, type DraftNode } from './draft';
import { IdAllocator } from './ids';
import type { ImportHint, ImportResult } from './types';

let app: ArgdownApplication | null = null;

/** One application for all imports: building the parser is the expensive part. */
function application(): ArgdownApplication {
	if (!app) {
		app = new ArgdownApplication({ log: () => {}, setLevel: () => {} });
		app.addPlugin(new ParserPlugin(), 'parse-input');
		app.addPlugin(new DataPlugin(), 'build-model');
		app.addPlugin(new ModelPlugin(), 'build-model');
	}
	return app;
}

const StatementData = z.looseObject({
	id: z.optional(z.string()),
	text: z.optional(z.string()),
	anchors: z.optional(z.array(z.object({ start: z.int(), end: z.int() }))),
	x: z.optional(z.number()),
	y: z.optional(z.number()),
	undercuts: z.optional(z.array(z.string())),
	rephrases: z.optional(z.array(z.string())),
	contrary: z.optional(z.array(z.string())),
	aif: z.optional(z.unknown())
});

const StepData = z.looseObject({
	edges: z.optional(z.array(z.string())),
	group: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
	undercuts: z.optional(z.array(z.object({ from: z.string(), id: z.string(), edge: z.string() })))
});

/**
 * What our export writes in an argument's data: for one step its edges, group and undercuts; for
 * several, `steps` (one each); `untitled` when the inference had no title in Warrant (the Argdown
 * title is then a stand-in, not kept).
 */
const ArgumentData = z.extend(StepData, {
	steps: z.optional(z.array(StepData)),
	untitled: z.optional(z.literal(true))
});

const FrontMatter = z.looseObject({
	title: z.optional(z.string()),
	warrant: z.optional(
		z.looseObject({
			createdAt: z.optional(z.string()),
			source: z.optional(
				z.looseObject({
					title: z.optional(z.string()),
					author: z.optional(z.string()),
					publication: z.optional(z.string()),
					date: z.optional(z.string()),
					lang: z.optional(z.string()),
					text: z.optional(z.string())
				})
			),
			aif: z.optional(z.unknown()),
			edgeAif: z.optional(z.record(z.string(), z.unknown()))
		})
	)
});

const lenient = <T>(schema: z.ZodMiniType<T>, value: unknown): T | undefined => {
	const parsed = schema.safeParse(value);
	return parsed.success ? parsed.data : undefined;
};

const isKindTag = (t: string): t is NodeKind => (NODE_KINDS as readonly string[]).includes(t);
const kindOf = (tags: readonly string[] | undefined): NodeKind =>
	(tags ?? []).find(isKindTag) ?? 'claim';
/** Tags other than Warrant's kinds, as many as the contract holds. */
const freeTags = (tags: readonly string[] | undefined): string[] | undefined => {
	const kept = lenient(
		TagsSchema,
		[...new Set((tags ?? []).filter((t) => !isKindTag(t)))].slice(0, 32)
	);
	return kept?.length ? kept : undefined;
};
/** Argdown names statements it was not given a title for `Untitled N`. */
const AUTO_TITLE = /^Untitled \d+$/;
const explicitTitle = (title: string | undefined, input: string): string | undefined =>
	title && (!AUTO_TITLE.test(title) || input.includes(`[${title}]`))
		? lenient(TitleSchema, title)
		: undefined;
/** The headings a statement or argument sits under, outermost first. */
function sectionPath(section: ISection | null | undefined): string[] | undefined {
	const path: string[] = [];
	for (let s = section; s && path.length < 12; s = s.parent)
		if (s.title) path.unshift(s.title.trim());
	return lenient(
		SectionSchema,
		path
			.slice(-6)
			.map((t) => t.slice(0, 200))
			.filter(Boolean)
	);
}

/** A member's text with its links written back as `[text](url)`, so the URL is kept. */
function textWithLinks(member: { text?: string; ranges?: IRange[] } | undefined): string {
	const text = member?.text ?? '';
	const links = (member?.ranges ?? [])
		.filter((r) => r.type === 'link' && typeof r.url === 'string' && r.url)
		.sort((a, b) => b.start - a.start);
	let out = text;
	for (const l of links) {
		const end = Math.min(out.length, l.stop + 1);
		if (l.start < 0 || l.start >= end) continue;
		out = `${out.slice(0, l.start)}[${out.slice(l.start, end)}](${l.url})${out.slice(end)}`;
	}
	return out;
}

/** Where a statement is first defined (not merely referenced), to keep the file's order. */
const firstDefinition = (
	members: ReadonlyArray<{ isReference?: boolean; startLine?: number; startColumn?: number }>
): number => {
	const defined = members.filter((m) => !m.isReference);
	return Math.min(
		...(defined.length > 0 ? defined : members).map(
			(m) => (m.startLine ?? Infinity) * 1e6 + (m.startColumn ?? 0)
		)
	);
};

function parseError(res: IArgdownResponse): string | null {
	const lexer = res.lexerErrors?.[0];
	if (lexer) return `Argdown: line ${lexer.line}, column ${lexer.column}: ${lexer.message}`;
	const parser = res.parserErrors?.[0];
	if (parser)
		return `Argdown: line ${parser.token.startLine ?? '?'}, column ${parser.token.startColumn ?? '?'}: ${parser.message}`;
	const exception = res.exceptions?.[0];
	return exception ? `Argdown: ${exception.message}` : null;
}

interface Step {
	edges: string[];
	undercutTargets: Map<string, { id: string; edge: string }>;
}

export function importArgdown(text: string, hint: ImportHint = {}): ImportResult {
	const res = application().run({
		process: ['parse-input', 'build-model'],
		input: text,
		logLevel: 'error',
		model: { removeTagsFromText: true }
	});
	const error = parseError(res);
	if (error) return { ok: false, error };

	const front = lenient(FrontMatter, res.frontMatter) ?? {};
	const stem = hint.filename?.replace(/^.*[\\/]/, '').replace(/\.(argdown|ad)$/i, '');
	const draft: Draft = newDraft('argdown', front.title || stem || 'Imported Argdown map');
	const source = front.warrant?.source;
	draft.createdAt = front.warrant?.createdAt;
	draft.source = { ...source, text: source?.text?.trim() ? source.text : undefined };
	const layer = lenient(AifLayerSchema, front.warrant?.aif);
	if (layer) draft.aif = layer;

	const ids = new IdAllocator();
	const statements = Object.values(res.statements ?? {}).sort(
		(a, b) => firstDefinition(a.members) - firstDefinition(b.members)
	);
	const argumentList = Object.values(res.arguments ?? {});
	const reconstructed = argumentList.filter((a) => a.pcs.length > 0);
	const sketched = argumentList.filter((a) => a.pcs.length === 0);

	// Carried ids first, so that no generated id takes one.
	const statementData = new Map(
		statements.map((ec) => [ec, lenient(StatementData, ec.data) ?? {}])
	);
	const argumentData = new Map(reconstructed.map((a) => [a, lenient(ArgumentData, a.data) ?? {}]));
	const nodeOfStatement = new Map<EquivalenceClass, string>();
	for (const ec of statements)
		if (ids.claim(statementData.get(ec)!.id)) nodeOfStatement.set(ec, statementData.get(ec)!.id!);
	const carried = new Set<string>();
	for (const d of argumentData.values())
		for (const step of [d, ...(d.steps ?? [])])
			for (const id of [...(step.edges ?? []), ...(step.undercuts ?? []).map((u) => u.id)])
				if (ids.claim(id)) carried.add(id);
	const edgeId = (preferred: string | undefined, prefix: string) =>
		preferred !== undefined && carried.delete(preferred) ? preferred : ids.next(prefix);

	// Prose: untitled statements that nothing refers to. Their words go to the source text only.
	const inPcs = new Set<string>();
	for (const a of reconstructed) for (const st of a.pcs) if (st.title) inPcs.add(st.title);
	const isProse = (ec: EquivalenceClass) =>
		!explicitTitle(ec.title, text) &&
		(ec.relations ?? []).length === 0 &&
		!inPcs.has(ec.title ?? '') &&
		(ec.tags ?? []).length === 0 &&
		Object.keys(statementData.get(ec) ?? {}).length === 0;
	const prose = new Set(statements.filter(isProse));
	skip(
		draft,
		'prose paragraphs (untitled statements nothing refers to): kept in the source text, not made into nodes',
		prose.size
	);
	const paragraphs: string[] = [];
	for (const ec of statements)
		if (!nodeOfStatement.has(ec) && !prose.has(ec))
			nodeOfStatement.set(ec, ids.take(ec.title, `s-${ec.title ?? 'statement'}`));
	for (const ec of statements) {
		const data = statementData.get(ec)!;
		const member = IEquivalenceClass.getCanonicalMember(ec);
		// Exact text from data wins, even when empty; otherwise a statement without text is its title.
		const words = data.text ?? (textWithLinks(member).trim() || ec.title || '');
		paragraphs.push(words.replace(/\s+/g, ' ').trim());
		if (prose.has(ec)) continue;
		draft.nodes.push({
			...nodeFrom(
				nodeOfStatement.get(ec)!,
				kindOf(ec.tags),
				words,
				data,
				`statement [${ec.title}]`
			),
			...optionalFields(
				nodeOfStatement.get(ec)!,
				explicitTitle(ec.title, text),
				freeTags(ec.tags),
				sectionPath(ec.section)
			)
		});
	}
	if (!draft.source.text && prose.size > 0)
		draft.source.text = normalizeText(paragraphs.filter(Boolean).join('\n\n'));
	const nodeOfArgument = new Map<Argument, string>();
	for (const a of sketched) {
		const data = lenient(StatementData, a.data) ?? {};
		const id = ids.claim(data.id) ? data.id : ids.take(a.title, `a-${a.title ?? 'argument'}`);
		nodeOfArgument.set(a, id);
		const words = data.text ?? textWithLinks(IArgument.getCanonicalMember(a)).trim();
		draft.nodes.push({
			...nodeFrom(id, kindOf(a.tags), words || a.title || '', data, `argument <${a.title}>`),
			...optionalFields(id, explicitTitle(a.title, text), freeTags(a.tags), sectionPath(a.section)),
			argument: true
		});
	}

	// Premise-conclusion structures: one inference per conclusion.
	const stepOf = new Map<string, Step>();
	const stepKey = (argumentTitle: string | undefined, conclusionIndex: number | undefined) =>
		`${argumentTitle}#${conclusionIndex}`;
	const mainStep = new Map<Argument, Step>();
	const mainConclusion = new Map<Argument, string>();
	for (const a of reconstructed) {
		const data = argumentData.get(a)!;
		const steps = a.pcs.filter((s) => 'inference' in s && (s as IConclusion).inference).length;
		const about = {
			...(lenient(TitleSchema, a.title) && !data.untitled ? { title: a.title } : {}),
			...(freeTags(a.tags) ? { tags: freeTags(a.tags) } : {}),
			...(sectionPath(a.section) ? { section: sectionPath(a.section) } : {})
		};
		const description = textWithLinks(IArgument.getCanonicalMember(a)).trim().slice(0, 10_000);
		let stepNo = 0;
		let premises: string[] = [];
		let last: Step | undefined;
		a.pcs.forEach((s, index) => {
			const node = s.title ? nodeOfStatement.get(res.statements![s.title]) : undefined;
			const inference = (s as IConclusion).inference;
			if (!inference) {
				if (node) premises.push(node);
				return;
			}
			if (!node) return;
			const from = premises.filter((p) => p !== node);
			stepNo++;
			const carriedStep = steps === 1 ? data : data.steps?.[stepNo - 1];
			const group =
				from.length > 1
					? carriedStep?.group ||
						`${a.title ?? 'argument'}${steps > 1 ? ` ${index + 1}` : ''}`.slice(0, 64)
					: undefined;
			const step: Step = { edges: [], undercutTargets: new Map() };
			// The description belongs to the argument as a whole: it goes on the last step.
			const described = stepNo === steps && description ? { description } : {};
			from.forEach((p, k) => {
				const id = edgeId(
					carriedStep?.edges?.length === from.length ? carriedStep.edges[k] : undefined,
					'e'
				);
				step.edges.push(id);
				draft.edges.push({
					id,
					from: p,
					to: node,
					relation: 'supports',
					...(group ? { group } : {}),
					...about,
					...described
				});
			});
			for (const u of carriedStep?.undercuts ?? []) step.undercutTargets.set(u.from, u);
			if (step.edges.length > 0) {
				stepOf.set(stepKey(inference.argumentTitle ?? a.title, inference.conclusionIndex), step);
				last = step;
			}
			premises = [node];
			mainConclusion.set(a, node);
		});
		if (last) mainStep.set(a, last);
	}

	const nodeOf = (m: RelationMember | undefined): string | undefined => {
		if (!m) return undefined;
		if (m.type === 'equivalence-class') return nodeOfStatement.get(m as EquivalenceClass);
		if (m.type === 'argument')
			return nodeOfArgument.get(m as Argument) ?? mainConclusion.get(m as Argument);
		return undefined;
	};
	// Every relation is an edge. The model can list one relation object twice; it is one edge.
	const seenRelations = new Set<IRelation>();
	const add = (
		from: string,
		to: string,
		relation: 'supports' | 'attacks',
		attackKind?: EdgeRecord['attackKind']
	) => {
		if (from === to) return;
		draft.edges.push({
			id: ids.next('e'),
			from,
			to,
			relation,
			...(attackKind ? { attackKind } : {})
		});
	};
	let retargeted = 0;
	for (const r of res.relations ?? []) {
		if (seenRelations.has(r)) continue;
		seenRelations.add(r);
		const from = nodeOf(r.from);
		if (!from) {
			skip(draft, 'relations from an inference');
			continue;
		}
		if (
			r.relationType === 'undercut' &&
			r.to?.type === 'argument' &&
			nodeOfArgument.has(r.to as Argument)
		) {
			// A sketched argument is a node: the undercut is an attack on it, marked as an undercut.
			add(from, nodeOfArgument.get(r.to as Argument)!, 'attacks', 'undercut');
			continue;
		}
		if (r.relationType === 'undercut') {
			const step =
				r.to?.type === 'inference'
					? stepOf.get(
							stepKey((r.to as IInference).argumentTitle, (r.to as IInference).conclusionIndex)
						)
					: r.to?.type === 'argument'
						? mainStep.get(r.to as Argument)
						: undefined;
			if (!step) {
				skip(draft, 'undercuts of something that is not an inference');
				continue;
			}
			const exact = step.undercutTargets.get(from);
			const to = exact && step.edges.includes(exact.edge) ? exact.edge : step.edges[0];
			draft.edges.push({ id: edgeId(exact?.id, 'u'), from, to, relation: 'undercuts' });
			continue;
		}
		const to = nodeOf(r.to);
		if (!to) {
			skip(draft, `${r.relationType} relations to an inference`);
			continue;
		}
		if (r.to?.type === 'argument' && !nodeOfArgument.has(r.to as Argument)) retargeted++;
		// One Argdown relation is one edge, however often the file states it (Argdown merges a
		// relation written below both of its ends). Parallel edges of a Warrant map come back as
		// arguments, which keep their own edges (see the export).
		if (r.relationType === 'support' || r.relationType === 'entails') add(from, to, 'supports');
		else if (r.relationType === 'contradictory') add(from, to, 'attacks', 'contradictory');
		else if (r.relationType === 'contrary') add(from, to, 'attacks', 'contrary');
		else add(from, to, 'attacks');
	}
	// Rephrases and contrary attacks our export wrote as support and attack, named in data.
	for (const ec of statements) {
		const from = nodeOfStatement.get(ec);
		const data = statementData.get(ec)!;
		if (!from) continue;
		const relabel = (targets: string[] | undefined, wanted: 'rephrases' | 'contrary') => {
			for (const to of targets ?? []) {
				const e = draft.edges.find(
					(x) =>
						x.from === from &&
						x.to === to &&
						!x.group &&
						!x.attackKind &&
						(wanted === 'rephrases' ? x.relation === 'supports' : x.relation === 'attacks')
				);
				if (!e) continue;
				if (wanted === 'rephrases') e.relation = 'rephrases';
				else e.attackKind = 'contrary';
			}
		};
		relabel(data.rephrases, 'rephrases');
		relabel(data.contrary, 'contrary');
	}
	if (retargeted > 0)
		draft.warnings.push(
			`${retargeted} relation(s) aimed at a reconstructed argument were attached to its main conclusion`
		);

	// Undercuts of attacks and undercuts, carried in statement data as edge keys.
	const byId = new Map(draft.edges.map((e) => [e.id, e]));
	const byKey = new Map<string, EdgeRecord>();
	const keyAll = () => {
		for (const e of draft.edges) byKey.set(edgeKey(e, byId), e);
	};
	keyAll();
	const pendingKeys: Array<{ from: string; key: string }> = [];
	for (const ec of statements)
		for (const key of statementData.get(ec)!.undercuts ?? [])
			pendingKeys.push({ from: nodeOfStatement.get(ec)!, key });
	// An undercut of an undercut needs the inner one first: resolve in rounds.
	for (let progress = true; progress && pendingKeys.length > 0;) {
		progress = false;
		for (let i = pendingKeys.length - 1; i >= 0; i--) {
			const target = byKey.get(pendingKeys[i].key);
			if (!target || target.from === pendingKeys[i].from) continue;
			const e: EdgeRecord = {
				id: ids.next('u'),
				from: pendingKeys[i].from,
				to: target.id,
				relation: 'undercuts'
			};
			draft.edges.push(e);
			byId.set(e.id, e);
			byKey.set(edgeKey(e, byId), e);
			pendingKeys.splice(i, 1);
			progress = true;
		}
	}
	skip(
		draft,
		'undercuts in statement data whose target edge is not in the file',
		pendingKeys.length
	);
	// AIF provenance our export carried for edges, by edge key.
	const edgeAif = front.warrant?.edgeAif ?? {};
	if (Object.keys(edgeAif).length > 0) {
		const all = new Map(draft.edges.map((e) => [e.id, e]));
		for (const e of draft.edges) {
			const ref = lenient(AifRefSchema, edgeAif[edgeKey(e, all)]);
			if (ref) e.aif = ref;
		}
	}
	return finishDraft(draft);
}

/** A title equal to the node's id says nothing the id does not, and is not stored. */
function optionalFields(
	id: string,
	title: string | undefined,
	tags: string[] | undefined,
	section: string[] | undefined
): Partial<DraftNode> {
	return {
		...(title && title !== id ? { title } : {}),
		...(tags ? { tags } : {}),
		...(section ? { section } : {})
	};
}

function nodeFrom(
	id: string,
	kind: NodeKind,
	text: string,
	data: z.infer<typeof StatementData>,
	origin: string
): DraftNode {
	return {
		id,
		kind,
		text,
		...(data.x !== undefined && data.y !== undefined ? { x: data.x, y: data.y } : {}),
		...(data.anchors ? { ranges: data.anchors.map((a) => ({ start: a.start, end: a.end })) } : {}),
		...(lenient(AifRefSchema, data.aif) ? { aif: lenient(AifRefSchema, data.aif) } : {}),
		origin
	};
}
