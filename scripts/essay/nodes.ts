/**
 * The authoring source of the essay's map: Sheena Chestnut Greitens, "Why China Is Digging In at Home
 * and Asserting Itself Abroad" (Foreign Affairs, July 28, 2023), with the Swedish lede it was printed
 * under. `build.ts` turns this into maps/china-digging-in.json.
 *
 * Each node's `text` is our own short paraphrase; its `quotes` are exact substrings of the essay,
 * each found exactly once (the build fails otherwise) and anchored to the sentence(s) it lies in.
 * Edges run from premise to conclusion (supports), from attacker to target (attacks), and from an
 * undercutter to the edge whose inference it denies (undercuts). Supports edges sharing a `group`
 * are co-premises: reasons that only carry their conclusion together.
 *
 * Reading order of the map, top down: the thesis (the paradox and its escalatory cycle) and the
 * policy conclusion; the main claims (securitization at home, the belief that safety at home needs a
 * friendlier world, projection abroad, the responses it invites); the evidence under each; the
 * counterpoints the essay raises and its answers to them.
 */
import type { NodeKind, Relation } from '../../src/lib/model/schema';

export interface NodeSpec {
	id: string;
	kind: NodeKind;
	text: string;
	quotes: string[];
}

export interface EdgeSpec {
	from: string;
	/** A node id; for 'undercuts', the id of the attacked edge (see `edgeId`). */
	to: string;
	relation: Relation;
	group?: string;
}

/** Edge ids are derived from their ends, so an undercut can name the edge it attacks. */
export const edgeId = (from: string, to: string): string => `${from}__${to}`;

export const NODES: NodeSpec[] = [
	// ── Thesis and the lede's framing ────────────────────────────────────────────────────────────
	{
		id: 'thesis',
		kind: 'thesis',
		text: 'Xi’s paradox: defending the regime at home demands assertion abroad, whose backlash deepens Beijing’s fears — no off-ramp',
		quotes: [
			'Så gör Xis besatthet av säkerhet världen osäker',
			'Men paradoxalt nog kan Xis besatthet av säkerhet sätta Kina på kollisionskurs med andra länder – och skapa stor osäkerhet i omvärlden',
			'The paradox at the heart of Xi’s quest to neutralize all threats to CCP rule is that an ostensibly defensive goal at home, protecting regime security, demands that China take increasingly assertive actions abroad.',
			'These actions, in turn, invite responses from other countries that only heighten Beijing’s fears—an escalatory cycle with no obvious off-ramp.'
		]
	},
	{
		id: 'note-byline',
		kind: 'note',
		text: 'Author: Sheena Chestnut Greitens, Asia scholar and political scientist, writing in Foreign Affairs (July 28, 2023)',
		quotes: [
			'Det skriver Asienexperten och statsvetarprofessorn Sheena Chestnut Greitens i Foreign Affairs.',
			'Why China Is Digging In at Home and Asserting Itself Abroad',
			'By Sheena Chestnut Greitens',
			'July 28, 2023'
		]
	},
	{
		id: 'question-offramp',
		kind: 'question',
		text: 'Seminar question: what could be an off-ramp from the escalatory cycle, for Beijing or for its counterparts?',
		quotes: ['an escalatory cycle with no obvious off-ramp']
	},

	// ── Main claims ──────────────────────────────────────────────────────────────────────────────
	{
		id: 'm-home',
		kind: 'claim',
		text: 'At home, regime security — an ostensibly defensive goal — stays Xi’s overriding priority and is being entrenched',
		quotes: ['an ostensibly defensive goal at home, protecting regime security']
	},
	{
		id: 'm-belief',
		kind: 'claim',
		text: 'Xi believes protecting the regime from outside forces requires a world friendlier to CCP rule',
		quotes: [
			'To protect his regime from outside forces, Xi believes, China must make the international realm more favorable to CCP rule.',
			'ostensibly defensive ends at home require increasingly assertive means abroad'
		]
	},
	{
		id: 'm-abroad',
		kind: 'claim',
		text: 'China projects its security concept abroad ever more assertively, while justifying it on defensive grounds',
		quotes: [
			'China is seeking to strengthen its position abroad even as it justifies its more assertive behavior on defensive grounds.',
			'demands that China take increasingly assertive actions abroad'
		]
	},
	{
		id: 'm-backlash',
		kind: 'claim',
		text: 'These actions raise tensions with the West and some neighbours, whose responses heighten Beijing’s fears',
		quotes: [
			'heightening tensions with Western countries and with some of China’s neighbors',
			'These actions, in turn, invite responses from other countries that only heighten Beijing’s fears'
		]
	},
	{
		id: 'm-persist',
		kind: 'claim',
		text: 'Early clues from Xi’s third term: regime-security concerns will keep driving Chinese foreign policy',
		quotes: [
			'Early clues from Xi’s third term as the country’s leader suggest that regime security concerns will continue to drive Chinese foreign policy'
		]
	},

	// ── Background: Xi's record and the concept ──────────────────────────────────────────────────
	{
		id: 'e-record',
		kind: 'evidence',
		text: 'Since 2012 Xi has purged rivals, rebuilt the security apparatus, built a surveillance state and passed repressive laws',
		quotes: [
			'Sedan han tog makten 2012 har Xi Jinpings fokus varit regimens säkerhet.',
			'Han har rensat ut dissidenter, byggt en övervakningsapparat utan motstycke i historien',
			'Since he came to power in 2012, the Chinese leader Xi Jinping has been laser-focused on ensuring the security of his regime.',
			'He has purged potential political rivals, restructured the military and internal security apparatus, built an Orwellian surveillance state, and pushed through repressive new laws in the name of national security.'
		]
	},
	{
		id: 'c-concept',
		kind: 'claim',
		text: 'The “comprehensive national security concept” protects the socialist system and the CCP’s authority, Xi’s included',
		quotes: [
			'Undergirding all these initiatives is what Xi calls the “comprehensive national security concept,” a framework for protecting China’s socialist system and the governing authority of the Chinese Communist Party, including that of Xi himself.'
		]
	},
	{
		id: 'e-prior-article',
		kind: 'evidence',
		text: 'Greitens (Oct. 2022): Beijing’s grand strategy of regime security already weakens U.S. alliances and exports its model',
		quotes: [
			'China’s leadership had begun to project that concept abroad through foreign policy, pursuing a grand strategy centered on regime security.',
			'Beijing seeks to weaken U.S. alliances and partnerships and promote its own model of internal security abroad.'
		]
	},

	// ── Counterpoint: much has changed since October 2022 ───────────────────────────────────────
	{
		id: 'cp-changed',
		kind: 'counterpoint',
		text: 'Much has changed since October 2022: zero-COVID dropped after public protest, growth faltering, Europe wary',
		quotes: [
			'Much has changed since last October.',
			'The CCP abruptly unwound its harsh “zero COVID” policies after a wave of unusual public opposition.'
		]
	},
	{
		id: 'e-recovery',
		kind: 'evidence',
		text: 'The post-pandemic recovery faltered — partly because the security drive clamped down on foreign business',
		quotes: [
			'China’s post–pandemic economic recovery has faltered',
			'in part because Beijing’s drive for security has led it to clamp down on foreign businesses'
		]
	},
	{
		id: 'e-europe',
		kind: 'evidence',
		text: 'Beijing’s stance on the war in Ukraine has heightened tensions with Europe, a major trading partner',
		quotes: [
			'Beijing’s stance on the conflict has heightened tensions with Europe, one of China’s largest trading partners'
		]
	},
	{
		id: 'r-undented',
		kind: 'rebuttal',
		text: 'None of this has dented China’s commitment to security, at home or abroad',
		quotes: ['But none of this has dented China’s commitment to security']
	},

	// ── Securitization at home: the work report and the CNSC ────────────────────────────────────
	{
		id: 'e-work-report',
		kind: 'evidence',
		text: '20th Party Congress work report: security once “inadequate”, now “strengthened on all fronts”, “the bedrock” of rejuvenation',
		quotes: [
			'In his “work report” to the 20th Party Congress in October 2022',
			'had been “inadequate” and “insufficient.”',
			'he said that national security had been “strengthened on all fronts.”',
			'He called national security “the bedrock of national rejuvenation”'
		]
	},
	{
		id: 'cp-repeated',
		kind: 'counterpoint',
		text: 'Much of the work report only repeated what Xi and other leaders had said before',
		quotes: [
			'Although much of what Xi said in this address repeated what he or other party leaders had said before'
		]
	},
	{
		id: 'r-codified',
		kind: 'rebuttal',
		text: 'A dedicated work-report section codified it: Xi’s approach will shape security policy for five years or more',
		quotes: [
			'giving these remarks a dedicated section in the party work report for the first time codified them at an authoritative institutional level',
			'Xi suggested that his approach will shape Chinese security policy for at least the next five years and probably longer'
		]
	},
	{
		id: 'e-cnsc',
		kind: 'evidence',
		text: 'May 2023 CNSC meeting: leaders affirmed the concept, Xi urged faster modernization, risk-warning documents approved',
		quotes: [
			'In May 2023, China’s top leaders affirmed their commitment to comprehensive national security at a meeting of the Central National Security Commission',
			'to speed modernization of the country’s national security system',
			'the CNSC approved documents related to risk-monitoring and early warning as well as public communication and education on national security'
		]
	},
	{
		id: 'c-implementation',
		kind: 'claim',
		text: 'The report’s emphasis plus the CNSC’s follow-up documents show the CCP is now implementing these policies',
		quotes: [
			'suggests that the CCP is now pushing forward with implementation of policies around them'
		]
	},
	{
		id: 'e-education-day',
		kind: 'evidence',
		text: 'These themes recur throughout the Xi era: a “national security education day” every April 15 since 2015',
		quotes: [
			'These themes have appeared regularly in Chinese documents and speeches on national security throughout the Xi era.',
			'China has, for example, celebrated a “national security education day” on April 15 every year since 2015'
		]
	},

	// ── Securitization at home: personnel and law ───────────────────────────────────────────────
	{
		id: 'c-personnel',
		kind: 'claim',
		text: 'Xi’s appointments show the CCP will stay the course: internal-security experience is now a path to the top',
		quotes: [
			'Xi’s recent personnel appointments also indicate that the CCP intends to stay the course it has staked out on national security.',
			'Experience with internal security has become an important requirement for promotion'
		]
	},
	{
		id: 'c-lockstep',
		kind: 'claim',
		text: 'A leadership blending public security, party discipline and Xi’s doctrine will act in tight lockstep to uphold CCP rule',
		quotes: [
			'these forces will operate in increasingly tight lockstep to uphold CCP rule',
			'Xi has long seen efforts to root out corruption and strengthen party control over the military and coercive apparatus as important to regime security.'
		]
	},
	{
		id: 'e-cai-ding',
		kind: 'evidence',
		text: 'Cai Qi and Ding Xuexiang, new Standing Committee members, previously ran the CNSC’s General Office',
		quotes: [
			'Cai Qi and Ding Xuexiang, both new members of the powerful Politburo Standing Committee, previously ran the CNSC’s General Office'
		]
	},
	{
		id: 'e-zhao-li',
		kind: 'evidence',
		text: 'Zhao Leji and Li Qiang, named CNSC vice chairs, came from the political-legal apparatus or the party discipline system',
		quotes: [
			'Other top leaders, including Zhao Leji and Li Qiang, who were named vice chairs of the CNSC alongside Cai at the May 2023 meeting',
			'have worked either within China’s political-legal apparatus or in the party’s discipline and supervision system'
		]
	},
	{
		id: 'c-senior',
		kind: 'claim',
		text: 'Other senior appointments also signal Xi’s security priorities for his third term',
		quotes: ['Other senior appointments also hint at Xi’s priorities for his third term.']
	},
	{
		id: 'e-chen-wenqing',
		kind: 'evidence',
		text: 'Chen Wenqing, ex-minister of state security, now chairs the Political-Legal Commission — the first such in decades',
		quotes: [
			'Chen Wenqing, the new chair of the Central Political-Legal Commission, is a member of the Politburo and a former minister of state security',
			'the first state security official in decades to fill this role'
		]
	},
	{
		id: 'e-chen-yixin',
		kind: 'evidence',
		text: 'Chen Yixin, the new minister of state security, ran Xi’s anticorruption and “education and rectification” campaigns',
		quotes: [
			'The new minister of state security, Chen Yixin, was the point person for Xi’s recent anticorruption and “education and rectification” campaigns'
		]
	},
	{
		id: 'e-counterespionage',
		kind: 'evidence',
		text: 'The revised Counterespionage Law (April 2023) widened its targets: market research, even academic inquiry, now suspect',
		quotes: [
			'the passage of a revised Counterespionage Law that significantly broadened the scope of the law’s potential targets, rendering everything from market research to academic inquiry potentially suspect'
		]
	},
	{
		id: 'e-tightened',
		kind: 'evidence',
		text: 'Xi tightened control over anything carrying foreign influence: religious groups, NGOs, lately foreign businesses',
		quotes: [
			'Xi has methodically tightened control over any organizations that could transmit foreign influence, including religious groups, nongovernmental organizations, and most recently, foreign businesses.'
		]
	},

	// ── Why: fear of foreign infiltration ───────────────────────────────────────────────────────
	{
		id: 'c-fear',
		kind: 'claim',
		text: 'Xi’s fixation on state security is no surprise: his rule is shaped by fear of foreign infiltration and subversion',
		quotes: [
			'Xi’s fixation on state security should not come as a surprise.',
			'Xi’s rule has been marked by an extended anti-spy campaign and continued exhortations to be vigilant about foreign infiltration'
		]
	},
	{
		id: 'e-cia',
		kind: 'evidence',
		text: 'Just before Xi took power, Chinese authorities uncovered and disrupted a network of CIA informants (Reuters, NYT)',
		quotes: [
			'Shortly before he came to power, the Chinese authorities discovered and disrupted a network of CIA informants in China'
		]
	},
	{
		id: 'e-document-9',
		kind: 'evidence',
		text: 'Document No. 9, among Xi’s first official documents, warned that Western values and ideology could destabilize China',
		quotes: [
			'the infamous Document No. 9—warned that an infiltration of Western values and ideology could destabilize China'
		]
	},
	{
		id: 'e-resolution-2021',
		kind: 'evidence',
		text: 'The 2021 resolution on party history warned of “encirclement, suppression, disruption, and subversion”',
		quotes: [
			'in a resolution on party history in 2021, the CCP Central Committee highlighted the risks of “encirclement, suppression, disruption, and subversion.”'
		]
	},
	{
		id: 'e-anti-spy',
		kind: 'evidence',
		text: 'Scholars Peter Mattis and Matthew Brazil document an extended anti-spy campaign under Xi',
		quotes: ['As the China scholars Peter Mattis and Matthew Brazil have written']
	},
	{
		id: 'c-interconnected',
		kind: 'claim',
		text: 'Xi sees internal and external security as one: many threats to internal stability come from beyond China’s borders',
		quotes: [
			'Xi sees internal and external security as interconnected: in his view, many of the threats to China’s internal stability come from beyond the country’s borders.'
		]
	},
	{
		id: 'e-xinjiang',
		kind: 'evidence',
		text: 'Even the mass repression of Uyghurs in Xinjiang was driven partly by fear of external infiltration',
		quotes: [
			'Even security initiatives that could seem purely domestic, such as the party’s mass repression of ethnic Uyghurs in Xinjiang, have been motivated at least in part by Xi’s fear that external forces might infiltrate China'
		]
	},

	// ── Why: security now comes before growth ───────────────────────────────────────────────────
	{
		id: 'c-security-first',
		kind: 'claim',
		text: 'The CCP has rethought economics and security: security is now the precondition for development, not growth above all',
		quotes: [
			'But more than fear of foreign infiltration is driving the securitization of China’s economy and society.',
			'the CCP has also fundamentally rethought the relationship between economics and security',
			'Whereas Chinese leaders once elevated economic growth above all else, Xi and other senior officials now talk about security as a precondition for development.'
		]
	},
	{
		id: 'e-patterns',
		kind: 'evidence',
		text: 'Work report and CNSC: a “new security pattern” is to safeguard the “new development pattern”',
		quotes: [
			'Xi mentioned using a “new security pattern” to safeguard China’s “new development pattern,” phrasing that he repeated at the CNSC meeting in May'
		]
	},
	{
		id: 'e-self-sufficiency',
		kind: 'evidence',
		text: 'The “new development pattern” seeks self-sufficiency against external “headwinds”: demand, supply chains, innovation',
		quotes: [
			'a necessary shift toward greater economic self-sufficiency to insulate the country from external “headwinds”',
			'Efforts to boost domestic demand, secure supply chains, and bolster scientific and technological innovation all fall under this heading'
		]
	},
	{
		id: 'e-anti-sanctions',
		kind: 'evidence',
		text: 'The 2021 Anti-Foreign Sanctions Law belongs to the same effort to shield the economy from foreign powers',
		quotes: ['as does the 2021 Anti-Foreign Sanctions Law']
	},

	// ── The new security pattern reaches abroad ─────────────────────────────────────────────────
	{
		id: 'c-pattern-reach',
		kind: 'claim',
		text: 'The “new security pattern” matters and reaches abroad: China is to shape its external security environment',
		quotes: [
			'officials have hinted at both its importance and its reach',
			'This rhetoric holds important clues to where China’s foreign policy is headed.'
		]
	},
	{
		id: 'e-chen-yixin-task',
		kind: 'evidence',
		text: 'Chen Yixin (April 2023): the new security pattern is “the main task of national security work”',
		quotes: [
			'In April, Minister of State Security Chen Yixin called it “the main task of national security work in the present and the future.”'
		]
	},
	{
		id: 'e-shape-environment',
		kind: 'evidence',
		text: 'Xi at the May 2023 CNSC meeting: “take the initiative to shape a favorable external security environment”',
		quotes: ['“take the initiative to shape a favorable external security environment for China.”']
	},
	{
		id: 'e-global-vision',
		kind: 'evidence',
		text: 'Recycled from 2017, when Xi urged a “global vision” for security work and proactively shaping the outside environment',
		quotes: [
			'Like previous iterations of China’s national security discourse, this one recycles phrases used in the past.',
			'In 2017, Xi called on officials to adopt a “global vision” for national security work'
		]
	},
	{
		id: 'cp-buzzwords',
		kind: 'counterpoint',
		text: 'Official buzzwords sometimes appear and then fade into irrelevance',
		quotes: ['Other times, buzzwords appear and then fade into irrelevance']
	},
	{
		id: 'r-central',
		kind: 'rebuttal',
		text: 'National security is too central to Xi’s agenda to fade away',
		quotes: [
			'the centrality of national security to Xi’s agenda suggests that it is not likely to disappear'
		]
	},
	{
		id: 'cp-vague',
		kind: 'counterpoint',
		text: 'Xi’s directive and the GSI concept paper are vague; how the GSI will work may not be clear for years',
		quotes: [
			'Despite the vagueness of Xi’s directive',
			'How exactly this will work probably won’t be clear for several years.',
			'The concept paper is vague in places'
		]
	},
	{
		id: 'r-filled-later',
		kind: 'rebuttal',
		text: 'Xi’s concepts often start as vague phrases, with policy details filled in later — vagueness buys time',
		quotes: [
			'official concepts sometimes start as vague phrases, with policy details filled in later',
			'likely to give the Chinese political system time to flesh out specific initiatives'
		]
	},

	// ── Projection abroad: the Global Security Initiative ───────────────────────────────────────
	{
		id: 'c-gsi',
		kind: 'claim',
		text: 'The Global Security Initiative (April 2022) is Xi’s favoured vehicle for externalizing the security concept',
		quotes: [
			'Xi’s favored vehicle for externalizing the comprehensive national security concept is the Global Security Initiative, announced in April 2022.'
		]
	},
	{
		id: 'c-gsi-goal',
		kind: 'claim',
		text: 'The GSI’s goal is to use foreign policy to bolster regime security',
		quotes: [
			'The goal of the GSI, in other words, is to use foreign policy to bolster regime security.'
		]
	},
	{
		id: 'e-gsi-analysts',
		kind: 'evidence',
		text: 'Chinese analysts framed the GSI as harmonizing China’s “domestic security and the common security of the world”',
		quotes: [
			'Early writing on the GSI by Chinese analysts portrayed it as an effort to harmonize China’s “domestic security and the common security of the world.”'
		]
	},
	{
		id: 'e-concept-paper',
		kind: 'evidence',
		text: 'The GSI concept paper (Feb. 2023) opens with “Xi’s new vision of security” of 2014 and echoes the concept’s principles',
		quotes: [
			'A GSI concept paper released by China’s Foreign Ministry in February 2023 begins by referring to “Xi’s new vision of security announced in 2014,”',
			'But it echoes some of the core principles of the comprehensive national security concept'
		]
	},
	{
		id: 'e-political-security',
		kind: 'evidence',
		text: 'The work report makes political security — of the CCP and its leaders — “the fundamental task”, world security “a support”',
		quotes: [
			'Xi’s October 2022 work report also described political security—that is, the security of the CCP, its leaders, and the system it runs—as “the fundamental task” while referring to international security as “a support.”'
		]
	},
	{
		id: 'e-qin-gang',
		kind: 'evidence',
		text: 'Qin Gang: containment of China keeps “escalating”; the world cannot be secure “without the security of China”',
		quotes: [
			'In a speech marking the concept paper’s release, Qin Gang, then the foreign minister, was more pointed.',
			'He emphasized that “external suppression and containment against China keep escalating,”',
			'the world could not be secure “without the security of China.”'
		]
	},
	{
		id: 'e-no-limits',
		kind: 'evidence',
		text: 'The “no limits” partnership with Russia (Feb. 2022) cast U.S. alliances near China as threats to its internal security',
		quotes: [
			'China’s February 2022 announcement of a “no limits” partnership with Russia, that highlighted threats posed by the United States’ network of alliances on China’s periphery',
			'fundamental threats to China’s internal security and the stability of CCP authority over Chinese society'
		]
	},
	{
		id: 'c-bypass',
		kind: 'claim',
		text: 'Through the GSI Beijing builds security governance that bypasses U.S. alliances, blunting containment and “color revolutions”',
		quotes: [
			'Through the GSI, Beijing aims to create new forms of global security governance that bypass or reduce the importance of the U.S. alliance system',
			'thereby blunting Washington’s ability to contain China or foment “color revolutions” inside it'
		]
	},
	{
		id: 'cp-un',
		kind: 'counterpoint',
		text: 'The GSI does not jettison the old order: it affirms the importance of the United Nations',
		quotes: [
			'This new security architecture does not completely jettison the old; the GSI affirms the importance of the United Nations, for example.'
		]
	},
	{
		id: 'r-new-orders',
		kind: 'rebuttal',
		text: 'But it also builds new regional and global security orders that serve the CCP’s priorities and interests',
		quotes: [
			'But it also seeks to construct new regional and global security orders that advance the priorities and interests of the CCP.'
		]
	},
	{
		id: 'e-iran-saudi',
		kind: 'evidence',
		text: 'China brokered the Iran–Saudi Arabia reconciliation (March 2023), publicized on the GSI’s first anniversary',
		quotes: [
			'China has already called for changes to regional security arrangements in the Middle East',
			'a reconciliation agreement that it brokered between Iran and Saudi Arabia in March 2023, publicized on the first anniversary of the GSI’s announcement'
		]
	},

	// ── Projection abroad: forums, the domestic model, security diplomats ──────────────────────
	{
		id: 'c-forums',
		kind: 'claim',
		text: 'Beijing builds new forums and networks on nontraditional security such as terrorism and domestic unrest',
		quotes: [
			'Beijing has also begun to build new forums and networks to address nontraditional security challenges (such as terrorism and domestic unrest)'
		]
	},
	{
		id: 'e-forum-2022',
		kind: 'evidence',
		text: 'November 2022: China hosted the Global Public Security Cooperation Forum for law-enforcement officials worldwide',
		quotes: [
			'In November 2022, for instance, China hosted the Global Public Security Cooperation Forum, a gathering of law enforcement officials from around the world.'
		]
	},
	{
		id: 'c-model',
		kind: 'claim',
		text: 'Beijing promotes its model of domestic security abroad, and the GSI offers police training to would-be emulators',
		quotes: [
			'Beijing is also promoting its model of domestic security and social stability to other countries.',
			'the GSI works in parallel to offer police and law enforcement training to those who might wish to emulate China’s example'
		]
	},
	{
		id: 'e-peaceful-china',
		kind: 'evidence',
		text: '2021 “Peaceful China” summit: 108 countries shown Beijing’s approach to policing and surveillance',
		quotes: [
			'hosted representatives from 108 countries at a “Peaceful China” summit to show off Beijing’s approach to policing and surveillance'
		]
	},
	{
		id: 'c-diplomats',
		kind: 'claim',
		text: 'China’s internal-security officials have become international diplomats',
		quotes: [
			'To support these efforts, China’s internal security officials have increasingly become international diplomats.'
		]
	},
	{
		id: 'e-isi',
		kind: 'evidence',
		text: '2021: Chen Wenqing joined a regional intelligence meeting hosted by Pakistan’s Inter-Services Intelligence (ISI)',
		quotes: [
			'participated in a meeting of regional intelligence officials hosted by Pakistan’s Inter-Services Intelligence agency'
		]
	},
	{
		id: 'e-patrushev',
		kind: 'evidence',
		text: 'May 2023: Chen Wenqing met Russia’s Nikolai Patrushev, pursuing their pledge to oppose “color revolutions”',
		quotes: [
			'In May 2023, he met with the head of the Russia’s National Security Council, Nikolai Patrushev',
			'increase cooperation to oppose so-called color revolutions'
		]
	},
	{
		id: 'e-wang-xiaohong',
		kind: 'evidence',
		text: 'Wang Xiaohong met Pacific Islands, Interpol, SCO and bilateral counterparts and promoted the GSI in Islamabad',
		quotes: [
			'Minister of Public Security Wang Xiaohong has been even more visible.',
			'promoted the GSI at the Islamabad Security Dialogue forum'
		]
	},

	// ── Counterpoints on economics ──────────────────────────────────────────────────────────────
	{
		id: 'cp-headwinds',
		kind: 'counterpoint',
		text: 'Conventional wisdom: economic headwinds should push China outward for growth — and it calls its new pattern open',
		quotes: [
			'Conventional wisdom suggests that economic headwinds might prompt China to look to the outside world to stimulate growth.',
			'Chinese authorities have at times tried to portray the new development pattern as compatible with continued economic openness'
		]
	},
	{
		id: 'r-securitization',
		kind: 'rebuttal',
		text: 'Xi sees securitization, not growth, as the guarantor of regime security, so he accepts higher economic costs',
		quotes: [
			'tycks till och med beredd att offra ekonomisk tillväxt för trygghet',
			'because Xi sees securitization, not economic growth, as the guarantor of regime security, he is willing to accept higher economic costs'
		]
	},
	{
		id: 'cp-gamble',
		kind: 'counterpoint',
		text: 'It is a gamble: economic woes can themselves threaten regime stability',
		quotes: [
			'This is a gamble, given that economic woes can themselves pose problems for regime stability'
		]
	},
	{
		id: 'r-course-set',
		kind: 'rebuttal',
		text: 'Yet Xi’s course appears to be set',
		quotes: ['but Xi’s course appears to be set']
	},

	// ── The policy argument ─────────────────────────────────────────────────────────────────────
	{
		id: 'p-respond',
		kind: 'claim',
		text: 'Policy: the United States should answer with a proactive, inclusive alternative on nontraditional security',
		quotes: [
			'Unless the United States adopts a more proactive strategy, it will miss key windows of opportunity—and necessity—to build that architecture'
		]
	},
	{
		id: 'c-challenge',
		kind: 'claim',
		text: 'Externalizing the security concept through the GSI poses serious challenges for the United States',
		quotes: [
			'China’s efforts to externalize the comprehensive national security concept through the GSI pose serious challenges for the United States.'
		]
	},
	{
		id: 'c-traction',
		kind: 'claim',
		text: 'Beijing’s approach can gain traction: Chinese officials work hard at it and many leaders see no good alternatives',
		quotes: [
			'Policymakers should not underestimate the potential for Beijing’s approach to gain traction, both because of the strenuous efforts of Chinese officials and because many world leaders perceive a lack of good alternatives.'
		]
	},
	{
		id: 'e-us-record',
		kind: 'evidence',
		text: 'The U.S. defends an order many see as excluding them or failing them, and scolds without offering alternatives',
		quotes: [
			'Too often, the United States has portrayed itself as the chief defender of an international security order that others see as either excluding them or simply failing to solve their most pressing problems.',
			'Washington has scolded countries for entertaining Beijing’s solutions while failing to put forward viable alternatives of its own.'
		]
	},
	{
		id: 'c-self-interest',
		kind: 'claim',
		text: 'Countries put their own security problems first: they won’t refuse a useful initiative because it also helps the CCP',
		quotes: [
			'Yet countries care primarily about solving their own security challenges.',
			'They will not reject an initiative that benefits them simply because it also benefits the CCP.'
		]
	},
	{
		id: 'c-opportunity',
		kind: 'claim',
		text: 'Beijing’s focus where the order is weak (crime, terrorism, unrest) is also an opening for the United States',
		quotes: [
			'in areas where existing international order is weak or absent, such as nontraditional security threats like crime, terrorism, and domestic unrest, also presents an opportunity for the United States'
		]
	},
	{
		id: 'p-alternatives',
		kind: 'claim',
		text: 'Offer countries dissatisfied with today’s security architecture an alternative to China’s revisionist approach',
		quotes: [
			'Washington has a chance to identify areas of cooperation with countries that are dissatisfied with the current global security architecture and offer them an alternative to China’s revisionist approach.'
		]
	},
	{
		id: 'e-assistance-gap',
		kind: 'evidence',
		text: 'U.S. security assistance in Asia is mostly military, leaving a nontraditional-security gap China offers to fill',
		quotes: [
			'U.S. security assistance in Asia, which is largely focused on the military realm, leaves a gap in addressing the region’s many nontraditional security challenges'
		]
	},
	{
		id: 'c-impact',
		kind: 'claim',
		text: 'A positive alternative won’t win everyone over but could shape the system’s institutions and norms',
		quotes: [
			'A positive alternative to China’s plan to address nontraditional security challenges wouldn’t win over everyone, but it could have a far-reaching impact on the institutions and norms of the international system'
		]
	},
	{
		id: 'p-expectations',
		kind: 'claim',
		text: 'In offering alternatives, the United States should manage expectations',
		quotes: ['In offering alternatives, the United States should manage expectations.']
	},
	{
		id: 'e-repressive',
		kind: 'evidence',
		text: 'Short term, Beijing will win repressive leaders who fear their own people as their “security partner of choice”',
		quotes: [
			'In the short term, Beijing will likely succeed in marketing itself as a “security partner of choice” to repressive leaders'
		]
	},
	{
		id: 'e-cold-war',
		kind: 'evidence',
		text: 'Cold War lesson: security partnerships without broad popular support are precarious and can backfire',
		quotes: [
			'But as the United States learned during the Cold War, security partnerships without broad popular support can be precarious and sometimes backfire.'
		]
	},
	{
		id: 'p-beyond-allies',
		kind: 'claim',
		text: 'Reach beyond allies: court countries far from Washington with an inclusive vision on crime, climate, migration, safety',
		quotes: [
			'seeking to shore up relationships with countries that have not always had close ties with Washington',
			'on crime, on climate security, on migration, and on public safety'
		]
	},
	{
		id: 'e-biden',
		kind: 'evidence',
		text: 'The Biden administration has built coalitions mainly by strengthening existing allies and partners',
		quotes: [
			'The Biden administration has thus far focused its coalition-building efforts mainly on strengthening its existing network of allies and partners.'
		]
	},
	{
		id: 'p-quickly',
		kind: 'claim',
		text: 'Act quickly: windows of opportunity close while Beijing builds an order to cement CCP control',
		quotes: [
			'if the United States acts quickly',
			'even as Beijing pushes for a new security order aimed first and foremost at cementing long-term CCP control'
		]
	}
];

const s = (from: string, to: string, group?: string): EdgeSpec => ({
	from,
	to,
	relation: 'supports',
	...(group ? { group } : {})
});
const a = (from: string, to: string): EdgeSpec => ({ from, to, relation: 'attacks' });
const u = (from: string, edgeFrom: string, edgeTo: string): EdgeSpec => ({
	from,
	to: edgeId(edgeFrom, edgeTo),
	relation: 'undercuts'
});

export const EDGES: EdgeSpec[] = [
	// The paradox takes all three: a defensive goal at home, assertive action abroad, and the
	// backlash that feeds Beijing's fears. The goal drives the action only given Xi's belief that
	// safety at home needs a friendlier world.
	s('m-home', 'thesis', 'paradox'),
	s('m-abroad', 'thesis', 'paradox'),
	s('m-backlash', 'thesis', 'paradox'),
	s('m-home', 'm-abroad', 'demands'),
	s('m-belief', 'm-abroad', 'demands'),
	s('m-persist', 'm-abroad'),
	s('m-persist', 'm-backlash'),
	s('e-europe', 'm-backlash'),
	s('e-no-limits', 'm-backlash'),

	// Home
	s('e-record', 'm-home'),
	s('c-concept', 'm-home'),
	s('e-work-report', 'm-home'),
	u('cp-repeated', 'e-work-report', 'm-home'),
	a('r-codified', 'cp-repeated'),
	s('r-codified', 'm-home'),
	s('e-work-report', 'c-implementation', 'implementation'),
	s('e-cnsc', 'c-implementation', 'implementation'),
	s('e-education-day', 'c-implementation'),
	s('c-implementation', 'm-home'),
	s('c-personnel', 'm-home'),
	s('e-cai-ding', 'c-lockstep', 'team'),
	s('e-zhao-li', 'c-lockstep', 'team'),
	s('c-lockstep', 'c-personnel'),
	s('c-senior', 'c-personnel'),
	s('e-chen-wenqing', 'c-senior'),
	s('e-chen-yixin', 'c-senior'),
	s('e-counterespionage', 'm-home'),
	s('e-tightened', 'm-home'),
	s('c-fear', 'm-home'),
	s('e-cia', 'c-fear'),
	s('e-document-9', 'c-fear'),
	s('e-resolution-2021', 'c-fear'),
	s('e-anti-spy', 'c-fear'),
	s('c-interconnected', 'c-fear'),
	s('c-interconnected', 'e-tightened'),
	s('e-xinjiang', 'c-interconnected'),
	s('c-security-first', 'm-home'),
	s('e-patterns', 'c-security-first'),
	s('e-self-sufficiency', 'c-security-first'),
	s('e-anti-sanctions', 'c-security-first'),

	// The belief that security at home needs a friendlier world
	s('c-interconnected', 'm-belief'),
	s('c-pattern-reach', 'm-belief'),
	s('e-chen-yixin-task', 'c-pattern-reach'),
	s('e-shape-environment', 'c-pattern-reach'),
	s('e-global-vision', 'c-pattern-reach'),
	a('cp-buzzwords', 'c-pattern-reach'),
	a('r-central', 'cp-buzzwords'),

	// Persistence despite change and economic cost
	a('cp-changed', 'm-persist'),
	s('e-recovery', 'cp-changed'),
	s('e-europe', 'cp-changed'),
	a('r-undented', 'cp-changed'),
	a('cp-headwinds', 'm-persist'),
	a('r-securitization', 'cp-headwinds'),
	s('c-security-first', 'r-securitization'),
	a('cp-gamble', 'r-securitization'),
	s('e-recovery', 'cp-gamble'),
	a('r-course-set', 'cp-gamble'),

	// Abroad
	s('e-prior-article', 'm-abroad'),
	a('cp-vague', 'm-abroad'),
	a('r-filled-later', 'cp-vague'),
	s('c-gsi', 'm-abroad'),
	s('c-gsi-goal', 'c-gsi'),
	s('e-gsi-analysts', 'c-gsi-goal'),
	s('e-concept-paper', 'c-gsi-goal'),
	s('e-political-security', 'c-gsi-goal'),
	s('c-bypass', 'c-gsi'),
	s('e-qin-gang', 'c-bypass'),
	s('e-no-limits', 'c-bypass'),
	a('cp-un', 'c-bypass'),
	a('r-new-orders', 'cp-un'),
	s('e-iran-saudi', 'r-new-orders'),
	s('c-forums', 'm-abroad'),
	s('e-forum-2022', 'c-forums'),
	s('c-model', 'm-abroad'),
	s('e-peaceful-china', 'c-model'),
	s('c-diplomats', 'm-abroad'),
	s('e-isi', 'c-diplomats'),
	s('e-patrushev', 'c-diplomats'),
	s('e-wang-xiaohong', 'c-diplomats'),

	// Policy
	s('c-challenge', 'p-respond'),
	s('m-abroad', 'c-challenge'),
	s('c-traction', 'c-challenge'),
	s('e-us-record', 'c-traction', 'no-alternative'),
	s('c-self-interest', 'c-traction', 'no-alternative'),
	s('p-alternatives', 'p-respond'),
	s('c-opportunity', 'p-alternatives'),
	s('e-assistance-gap', 'p-alternatives'),
	s('c-impact', 'p-alternatives'),
	s('p-expectations', 'p-respond'),
	s('e-repressive', 'p-expectations', 'expectations'),
	s('e-cold-war', 'p-expectations', 'expectations'),
	s('p-beyond-allies', 'p-respond'),
	s('e-biden', 'p-beyond-allies'),
	s('p-quickly', 'p-respond')
];
