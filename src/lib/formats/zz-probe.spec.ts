import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { ArgdownApplication, DataPlugin, ModelPlugin, ParserPlugin } from '@argdown/core';
it('probe', () => {
	const app = new ArgdownApplication({ log: () => {}, setLevel: () => {} } as never);
	app.addPlugin(new ParserPlugin(), 'parse-input');
	app.addPlugin(new DataPlugin(), 'build-model');
	app.addPlugin(new ModelPlugin(), 'build-model');
	const res = app.run({ process: ['parse-input', 'build-model'], input: readFileSync('tests/fixtures/formats/argdown/argdown-primer.argdown', 'utf8'), logLevel: 'error', model: { removeTagsFromText: true } });
	for (const ec of Object.values(res.statements ?? {})) {
		const m = ec.members[0] as any;
		console.log('S', JSON.stringify(ec.title), 'auto', (ec as any).isUsedAsTitle, (ec as any).titleIsSet ?? '', 'tags', JSON.stringify(ec.tags), 'sec', ec.section?.title, 'rels', ec.relations?.length, 'isUsedAsPremise', (ec as any).isUsedAsPremise, (ec as any).isUsedAsConclusion, 'top', (ec as any).isUsedAsTopLevelStatement, 'members', ec.members.length, JSON.stringify(m.text).slice(0, 80), JSON.stringify(m.ranges ?? []).slice(0,200));
	}
	for (const a of Object.values(res.arguments ?? {})) {
		console.log('A', JSON.stringify(a.title), 'pcs', a.pcs.length, 'tags', JSON.stringify(a.tags), 'sec', a.section?.title, 'desc', JSON.stringify(a.members.map((m: any) => m.text)).slice(0, 200));
	}
	for (const r of res.relations ?? []) console.log('R', r.relationType, (r.from as any)?.type, (r.from as any)?.title, '->', (r.to as any)?.type, (r.to as any)?.title);
	console.log('sections', JSON.stringify((res.sections ?? []).map((s: any) => [s.title, s.level, s.children?.length])));
	console.log(Object.keys(res));
});
