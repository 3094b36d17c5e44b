/** Map records for the drawing specs, with only what a spec names. */
import type { EdgeRecord } from '$lib/model/schema';

/** An edge record; `group` makes it a co-premise of the others with the same group. */
export const edge = (
	id: string,
	from: string,
	to: string,
	relation: EdgeRecord['relation'] = 'supports',
	group?: string
): EdgeRecord => ({
	id,
	from,
	to,
	relation,
	...(group ? { group } : {})
});
