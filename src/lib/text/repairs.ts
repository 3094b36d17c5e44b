/**
 * The one place where Intl.Segmenter's sentence boundaries are corrected. ICU's sentence rules (UAX
 * #29) know no abbreviations — V8 ignores the `-u-ss-standard` suppressions — so a period after an
 * abbreviation followed by a capital or a digit reads to it as a sentence end. Each rule below names
 * one such mistake met in real text; a rule only ever *joins* two segments, never splits one, so a
 * repair cannot cut a sentence ICU got right.
 *
 * A rule sees the previous segment without its trailing white space and the next segment from its
 * first character, and answers whether the boundary between them is false.
 */

export interface Repair {
	name: string;
	/** A text ICU splits wrongly and this rule joins again (each has a test in repairs.spec.ts). */
	example: string;
	joins(previous: string, next: string): boolean;
}

/** Start of a word: the text's start, white space, or an opening bracket or quote. */
const W = String.raw`(?:^|[\s([{“‘"'«])`;
const endsWith = (words: string, flags = 'u') => new RegExp(`${W}(?:${words})\\.$`, flags);

/** Titles that stand before a name and never end a sentence ("Jr." and "Sr." can, so they are not here). */
const TITLE = endsWith(
	'Mr|Mrs|Ms|Mx|Dr|Prof|Gen|Lt|Col|Capt|Cmdr|Adm|Sgt|Sen|Rep|Gov|Amb|Rev|Hon|St|Mt'
);
/** Abbreviations that stand before a number: "No. 9", "p. 12", "Jan. 2023". */
const BEFORE_NUMBER = endsWith(
	'No|Nos|Nr|nr|Vol|vol|Fig|fig|Figs|Art|art|Ch|ch|Sec|sec|Para|para|p|pp|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec'
);
/** Abbreviations that never end a sentence, in English and Swedish (the languages of our essays). */
const NEVER_FINAL = endsWith(
	String.raw`e\.g|i\.e|cf|viz|vs|approx|t\.ex|bl\.a|s\.k|d\.v\.s|dvs|p\.g\.a|f\.d|jfr`,
	'iu'
);
/** One capital letter and a period: an initial, as in "Sheena C. Greitens" or "J. R. R. Tolkien". */
const INITIAL = new RegExp(`${W}\\p{Lu}\\.$`, 'u');
/** Two or more capital initials: "U.S.", "U.K.", "U.N.", "E.U.", "D.C.". */
const INITIALISM = new RegExp(`${W}(?:\\p{Lu}\\.){2,}$`, 'u');
/** "?" or "!" possibly followed by closing quotes or brackets. */
const QUESTION_OR_EXCLAMATION = /[?!][\p{Pf}\p{Pe}"'’”]*$/u;

const startsUpper = (s: string) => /^[\p{Pi}\p{Ps}"']*\p{Lu}/u.test(s);
const startsDigit = (s: string) => /^\d/.test(s);
const startsLower = (s: string) => /^\p{Ll}/u.test(s);

/**
 * Words that open a sentence far more often than they follow "U.S." inside one. After an initialism
 * ("...than the U.S. They ...") such a word means the period really ends the sentence; any other
 * capitalised word ("U.S. President", "U.S. Navy") continues it.
 */
const SENTENCE_OPENERS = new Set(
	(
		'A An And As At But By During Even For From He Her His How However I If In It Its Many Meanwhile ' +
		'Most Much No Now On One Or Our She Since So Some Still Such That The Their Then There These They ' +
		'This Those Though To Under We What When Where Whether While Why With Yet You'
	).split(' ')
);
const firstWord = (s: string) => /^[\p{Pi}\p{Ps}"']*([\p{L}\p{M}'’-]+)/u.exec(s)?.[1] ?? '';

export const REPAIRS: readonly Repair[] = [
	{
		name: 'title before a name',
		example: 'Mr. Smith met Dr. Chen in Beijing.',
		joins: (previous, next) => TITLE.test(previous) && startsUpper(next)
	},
	{
		name: 'abbreviation before a number',
		example: 'See Document No. 9. It mattered.',
		joins: (previous, next) => BEFORE_NUMBER.test(previous) && startsDigit(next)
	},
	{
		name: 'abbreviation that never ends a sentence',
		example: 'Values, e.g. Western ones, spread. Han bor i t.ex. Stockholm.',
		joins: (previous) => NEVER_FINAL.test(previous)
	},
	{
		name: 'initial of a name',
		example: 'Sheena C. Greitens wrote it.',
		joins: (previous, next) => INITIAL.test(previous) && startsUpper(next)
	},
	{
		name: 'initialism before a capitalised word',
		example: 'The U.S. Navy sailed.',
		joins: (previous, next) =>
			INITIALISM.test(previous) && startsUpper(next) && !SENTENCE_OPENERS.has(firstWord(next))
	},
	{
		name: 'question or exclamation inside a sentence',
		example: 'He asked “Really?” and left.',
		joins: (previous, next) => QUESTION_OR_EXCLAMATION.test(previous) && startsLower(next)
	}
];

/** Returns the repair that joins these two segments, or undefined when the boundary stands. */
export const repairFor = (previous: string, next: string): Repair | undefined =>
	REPAIRS.find((r) => r.joins(previous, next));
