// Everything in knowledge/ that staff may look up, as flat search entries: clauses, conversion rules, caps,
// aggregation, pro-rating, yearly requirements, title rules and exemptions, deadlines, contacts, platforms.
// Each entry keeps the notice's own words (citation) and the year of the notice it comes from.
import { compileWhen, condWords } from '../policy/conditions';
import { describeRule } from '../policy/eligibility';
import type { KnowledgeBase } from '../policy/knowledge';
import type { Formula, KnowledgeFile, When } from '../policy/schema';
import { KIND_NAMES, SUBJECT_NAMES } from '../policy/words';

export const ENTRY_KINDS = [
  'provision',
  'conversion',
  'cap',
  'aggregation',
  'proration',
  'requirement',
  'eligibility',
  'exemption',
  'deadline',
  'contact',
  'platform',
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export const KIND_LABELS: Record<EntryKind, string> = {
  provision: '条款',
  conversion: '折算规则',
  cap: '上限',
  aggregation: '累计方式',
  proration: '按在岗月份折算',
  requirement: '年度要求',
  eligibility: '职称申报',
  exemption: '职称申报例外',
  deadline: '时间安排',
  contact: '咨询电话',
  platform: '学习平台',
};

export interface SearchEntry {
  /** unique over all regions: kind:region:entry id */
  id: string;
  kind: EntryKind;
  region: string;
  regionName: string;
  place?: string;
  placeName?: string;
  /** what the entry is, in a few words */
  title: string;
  /** the plain statement (every figure in it is the entry's own, quoted in `quote`) */
  text: string;
  /** words the entry should be found by besides its text (provision keywords, place names, kinds) */
  keywords: string[];
  phones?: string[];
  url?: string;
  /** first and last year the entry applies (last absent: still in force) */
  from: number;
  to?: number;
  /** the year of the notice the words come from */
  noticeYear: number;
  doc: string;
  docTitle: string;
  section: string;
  quote: string;
}

const CONTACT_TOPICS: Record<string, string> = {
  policy: '政策咨询',
  verification: '学时审验',
  window: '办事窗口',
  tech: '技术咨询',
  platform: '平台操作咨询',
  base: '继续教育基地',
};

const PART_NAMES: Record<string, string> = {
  total: '全部',
  public: '公需科目全部',
  professional: '专业科目全部',
  both: '公需和专业科目全部',
};

/** A conversion formula in words, from its own figures. */
export function formulaText(f: Formula): string {
  switch (f.type) {
    case 'fixed':
      return `每项${f.hours}学时${f.bonus ? `，另加${f.bonus}学时` : ''}`;
    case 'rankBands': {
      let lo = 1;
      const parts = f.bands.map((b) => {
        const range =
          b.maxRank === undefined ? `第${lo}名及以后` : lo === b.maxRank ? `第${lo}名` : `第${lo}–${b.maxRank}名`;
        if (b.maxRank !== undefined) lo = b.maxRank + 1;
        return `${range}${b.hours}学时`;
      });
      return parts.join('，');
    }
    case 'rankStep': {
      const first = typeof f.first === 'number' ? `${f.first}学时` : `当年${PART_NAMES[f.first.requirement]}学时`;
      return `第1名${first}，此后每名递减${f.step}学时${f.floor ? `，最低${f.floor}学时` : ''}`;
    }
    case 'perDay':
      return `每天${f.hoursPerDay}学时${f.halfDay !== undefined ? `，半天${f.halfDay}学时` : ''}`;
    case 'perHour':
      return f.multiplier === 1 ? '按实际学时计' : `按实际学时×${f.multiplier}计`;
    case 'documentedOrPerItem':
      return `按证明材料载明的学时；未载明的每项${f.hoursPerItem}学时`;
    case 'documentedOrPerDay':
      return `按证明材料载明的学时；未载明的每天${f.hoursPerDay}学时`;
    case 'documentedMaxPerDay':
      return `按实际学时，每天最多${f.maxPerDay}学时`;
    case 'perMonth':
      return `每年${f.annual}学时，按月数折算`;
    case 'yearRequirement':
      return `视同完成当年${PART_NAMES[f.part]}学时`;
    case 'upTo':
      return `最多${f.max}学时`;
    case 'statement':
      return f.text;
  }
}

/** A rule's conditions in words, one keyword each ("省级、国家级", "满1年（12个月）以上"). */
function whenWords(when: When): string[] {
  return compileWhen(when).map(condWords);
}

const yearOf = (date: string | undefined, fallback: number) => (date ? Number(date.slice(0, 4)) : fallback);

/** All entries of the knowledge base. */
export function buildEntries(kb: KnowledgeBase): SearchEntry[] {
  const out: SearchEntry[] = [];
  const regionOf = new Map(kb.gazetteer.regions.map((r) => [r.id, r]));
  const placeNames = new Map<string, { name: string; words: string[] }>();
  for (const r of kb.gazetteer.regions) {
    placeNames.set(r.id, { name: r.name, words: [r.name, ...r.aliases] });
    for (const p of r.places) placeNames.set(p.id, { name: p.name, words: [p.name, ...p.aliases, ...p.shared] });
  }
  // a contact or cap (which carry no years of their own) holds until the region's next notice that has its kind
  const filesOf = new Map<string, KnowledgeFile[]>();
  for (const f of kb.files) filesOf.set(f.region, [...(filesOf.get(f.region) ?? []), f]);
  const until = (f: KnowledgeFile, key: 'contacts' | 'caps' | 'aggregation' | 'provisions') => {
    const later = (filesOf.get(f.region) ?? [])
      .filter((g) => g.year > f.year && (g[key] as unknown[]).length > 0)
      .map((g) => g.year);
    return later.length ? Math.min(...later) - 1 : undefined;
  };

  for (const f of kb.files) {
    const region = regionOf.get(f.region);
    if (!region) continue;
    const base = (id: string, kind: EntryKind, source: { doc: string; section: string; quote: string }) => {
      const d = kb.documents.get(source.doc);
      return {
        id: `${kind}:${f.region}:${id}`,
        kind,
        region: f.region,
        regionName: region.name,
        noticeYear: yearOf(d?.date, f.year),
        doc: d?.number ?? source.doc,
        docTitle: d?.title ?? '',
        section: source.section,
        quote: source.quote.replace(/\s+/g, ''),
      };
    };

    for (const p of f.provisions) {
      out.push({
        ...base(p.id, 'provision', p.source),
        title: p.topic,
        text: p.summary,
        keywords: p.keywords,
        from: p.from,
        to: p.to,
      });
    }
    for (const c of f.conversions) {
      const cap = c.cap ? f.caps.find((x) => x.id === c.cap) : undefined;
      const text = [
        `${formulaText(c.formula)}，计入${SUBJECT_NAMES[c.subject] ?? c.subject}`,
        cap ? cap.label : '',
        c.conditions.length ? `条件：${c.conditions.join('；')}` : '',
      ].filter(Boolean);
      out.push({
        ...base(c.id, 'conversion', c.source),
        title: c.label,
        text: text.join('。'),
        keywords: [KIND_NAMES[c.activity] ?? c.activity, ...whenWords(c.when)],
        from: c.from,
        to: c.to,
      });
    }
    for (const c of f.caps) {
      const per = { year: '每年', item: '每项', total: '累计' }[c.per];
      out.push({
        ...base(c.id, 'cap', c.source),
        title: c.label,
        text: `${per}最多${c.hours}学时`,
        keywords: ['上限', '最多', '不超过'],
        from: f.year,
        to: until(f, 'caps'),
      });
    }
    f.aggregation.forEach((a, i) => {
      out.push({
        ...base(`aggregation-${a.from}-${i}`, 'aggregation', a.source),
        title: '一年内多项成果怎么计算',
        text:
          (a.mode === 'highest'
            ? '同一年度多项成果只认定学时最高的一项，不重复累计'
            : '同一年度多项成果的学时累加计算') +
          (a.publicNotAsProfessional ? '；公需科目学时不可认定为专业科目学时' : ''),
        keywords: ['多项', '累计', '叠加', '最高一项', '重复'],
        from: a.from,
        to: a.to,
      });
    });
    for (const p of f.proration) {
      out.push({
        ...base(p.id, 'proration', p.source),
        title: '按实际在岗月份折算年度学时要求',
        text: [p.reasons.map((r) => r.label).join('；'), p.conditions.length ? `条件：${p.conditions.join('；')}` : '']
          .filter(Boolean)
          .join('。'),
        keywords: ['在岗', '月份', '产假', '病假', '出国', '折算'],
        from: p.from,
        to: p.to,
      });
    }
    for (const r of f.requirements) {
      const parts = [
        r.total !== undefined ? `每年不少于${r.total}学时` : '',
        r.public !== undefined ? `公需科目不少于${r.public}学时` : '',
        r.professional !== undefined ? `专业科目不少于${r.professional}学时` : '',
        r.minutesPerHour !== undefined ? `每学时不低于${r.minutesPerHour}分钟` : '',
        r.carryOver === false ? '当年学时不结转' : r.carryOver === true ? '学时可结转' : '',
      ].filter(Boolean);
      out.push({
        ...base(r.id, 'requirement', r.source),
        title: '年度学时要求',
        text: parts.join('，'),
        keywords: ['每年', '多少学时', '学时要求', '公需科目', '专业科目'],
        from: r.from,
        to: r.to,
      });
    }
    for (const e of f.eligibility) {
      out.push({
        ...base(e.id, 'eligibility', e.source),
        title: e.label,
        text: describeRule(e),
        keywords: ['职称', '申报', '评审'],
        from: e.from,
        to: e.to,
      });
    }
    for (const e of f.exemptions) {
      out.push({
        ...base(e.id, 'exemption', e.source),
        title: '职称申报学时要求的例外',
        text: e.summary,
        keywords: ['职称', '例外', '免于', '视同'],
        from: e.from,
        to: e.to,
      });
    }
    for (const d of f.deadlines) {
      out.push({
        ...base(d.id, 'deadline', d.source),
        title: d.label,
        text: `${d.start ? `${d.start} 至 ` : ''}${d.date}${d.time ? ` ${d.time}` : ''}${d.who ? `（对象：${d.who}）` : ''}`,
        keywords: ['截止', '时间', `${d.year}年`],
        from: d.year,
        to: d.year,
      });
    }
    for (const c of f.contacts) {
      const place = placeNames.get(c.place);
      out.push({
        ...base(c.id, 'contact', c.source),
        place: c.place === f.region ? undefined : c.place,
        placeName: c.place === f.region ? undefined : place?.name,
        title: [c.org, c.dept].filter(Boolean).join(' '),
        text: [CONTACT_TOPICS[c.topic], c.scope ? `适用：${c.scope}` : '', c.note ?? ''].filter(Boolean).join('。'),
        keywords: ['电话', CONTACT_TOPICS[c.topic] ?? '', ...(place?.words ?? [])].filter(Boolean),
        phones: c.phones,
        from: f.year,
        to: until(f, 'contacts'),
      });
    }
    for (const p of f.platforms) {
      out.push({
        ...base(p.id, 'platform', p.source),
        title: p.name,
        text: p.use,
        keywords: ['平台', '网址', '在哪学'],
        url: p.url,
        from: p.from,
        to: p.to,
      });
    }
  }
  // the same entry id in two files of a region (a rule restated by a later notice) keeps both, told apart
  const seen = new Map<string, number>();
  for (const e of out) {
    const n = seen.get(e.id) ?? 0;
    seen.set(e.id, n + 1);
    if (n > 0) e.id = `${e.id}~${n}`;
  }
  return out;
}
