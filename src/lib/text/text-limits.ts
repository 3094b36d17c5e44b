/** The largest source text accepted, in characters (a long essay is ~60,000; a short book ~500,000). */
export const MAX_SOURCE_CHARS = 500_000;
