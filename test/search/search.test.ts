// Search over every entry of knowledge/: Chinese words and synonyms, region and year filters, notice years.
import { beforeAll, describe, expect, it } from 'vitest';
import { type KnowledgeBase, loadKnowledge } from '../../src/policy/knowledge';
import { createSearch, type Search } from '../../src/search';
import { buildEntries, formulaText } from '../../src/search/entries';

let kb: KnowledgeBase;
let s: Search;
beforeAll(() => {
  kb = loadKnowledge();
  s = createSearch(kb);
});

describe('entries', () => {
  it('indexes every clause, rule, cap, requirement, deadline, contact and platform of every region', () => {
    const entries = buildEntries(kb);
    const count = (k: keyof (typeof kb.files)[number]) =>
      kb.files.reduce((n, f) => n + ((f[k] as unknown[] | undefined)?.length ?? 0), 0);
    const expected: Record<string, number> = {
      provision: count('provisions'),
      conversion: count('conversions'),
      cap: count('caps'),
      aggregation: count('aggregation'),
      proration: count('proration'),
      requirement: count('requirements'),
      eligibility: count('eligibility'),
      exemption: count('exemptions'),
      deadline: count('deadlines'),
      contact: count('contacts'),
      platform: count('platforms'),
    };
    for (const [kind, n] of Object.entries(expected)) {
      expect(entries.filter((e) => e.kind === kind).length, kind).toBe(n);
    }
    expect(s.size).toBe(entries.length);
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    expect(new Set(entries.map((e) => e.region))).toEqual(new Set(kb.gazetteer.regions.map((r) => r.id)));
    // every entry carries the notice's own words and where they come from
    for (const e of entries) {
      expect(e.quote.length, e.id).toBeGreaterThan(3);
      expect(e.doc, e.id).toBeTruthy();
      expect(e.section, e.id).toBeTruthy();
      expect(e.noticeYear, e.id).toBeGreaterThanOrEqual(2019);
    }
  });

  it('describes formulas from their own figures', () => {
    expect(
      formulaText({ type: 'rankBands', bands: [{ maxRank: 3, hours: 60 }, { maxRank: 5, hours: 40 }, { hours: 20 }] }),
    ).toBe('第1–3名60学时，第4–5名40学时，第6名及以后20学时');
    expect(formulaText({ type: 'perDay', hoursPerDay: 7 })).toBe('每天7学时');
    expect(formulaText({ type: 'rankStep', first: 50, step: 3, floor: 0 })).toBe('第1名50学时，此后每名递减3学时');
  });
});

describe('search', () => {
  it('finds the excluded trainings by 不计入 and by every synonym of it', () => {
    const top = (q: string) => s.search({ text: q, region: 'qinghai' }).hits[0];
    for (const q of ['不计入', '不算学时的培训', '不认定', '不纳入', '岗前培训']) {
      const h = top(q);
      expect(h, q).toBeDefined();
      expect(h!.kind, q).toBe('provision');
      expect(h!.quote, q).toContain('不纳入专业技术人员继续教育培训学时认定范围');
    }
  });

  it('finds 党校 among the rules, not only the clauses', () => {
    const r = s.search({ text: '党校' });
    expect(r.hits[0]!.kind).toBe('conversion');
    expect(r.hits[0]!.title).toContain('党校');
    expect(r.hits[0]!.text).toContain('每天7学时');
    expect(r.hits[0]!.quote).toContain('按1天7个学时折算');
  });

  it('reads a place in the query: 海东 电话 gives 海东’s line first, whatever region was chosen', () => {
    for (const region of [undefined, 'qinghai', 'anhui']) {
      const r = s.search({ text: '海东 电话', region });
      expect(r.region).toBe('qinghai');
      expect(r.place).toBe('haidong');
      expect(r.regionFromQuery).toBe(region === 'qinghai' ? undefined : true);
      expect(r.hits[0]!.kind).toBe('contact');
      expect(r.hits[0]!.placeName).toBe('海东市');
      expect(r.hits[0]!.phones?.join()).toContain('8611871');
    }
  });

  it('filters by region', () => {
    const r = s.search({ text: '发明专利', region: 'anhui' });
    expect(r.hits.length).toBeGreaterThan(0);
    expect(r.hits.every((h) => h.region === 'anhui')).toBe(true);
    const all = s.search({ text: '发明专利' });
    expect(new Set(all.hits.map((h) => h.region)).size).toBeGreaterThan(1);
  });

  it('with a year, keeps what was in force and marks an older notice’s clause with its year', () => {
    const r = s.search({ text: '岗前培训', region: 'qinghai', year: 2025 });
    const h = r.hits.find((x) => x.quote.includes('岗前培训'))!;
    expect(h.noticeYear).toBe(2023);
    expect(h.older).toBe(true);
    expect(h.inForce).toBe(false);
    const in2023 = s.search({ text: '岗前培训', region: 'qinghai', year: 2023 }).hits[0]!;
    expect(in2023.noticeYear).toBe(2023);
    expect(in2023.older).toBe(false);
    expect(in2023.inForce).toBe(true);
    // nothing that came later than the year asked, and no other year's deadlines
    const early = s.search({ text: '党校', region: 'qinghai', year: 2019 });
    expect(early.hits.every((x) => x.from <= 2019)).toBe(true);
    const dl = s.search({ text: '截止', region: 'qinghai', year: 2023, kind: 'deadline' });
    expect(dl.hits.length).toBeGreaterThan(0);
    expect(dl.hits.every((x) => x.kind === 'deadline' && x.from === 2023)).toBe(true);
  });

  it('without a year, every hit still names its notice year and an older one is marked', () => {
    const r = s.search({ text: '电话', region: 'qinghai', limit: 50 });
    expect(r.hits.some((h) => h.noticeYear === 2025 && !h.older)).toBe(true);
    expect(r.hits.some((h) => h.noticeYear < 2025 && h.older)).toBe(true);
  });

  it('says nothing found rather than anything', () => {
    expect(s.search({ text: '火星探测' }).hits).toEqual([]);
    expect(s.search({ text: '的了吗' }).hits).toEqual([]);
    expect(s.search({ text: '   ' }).hits).toEqual([]);
    expect(s.search({ text: '🙂🙂🙂' }).hits).toEqual([]);
  });

  it('keeps to the limit', () => {
    expect(s.search({ text: '学时', limit: 3 }).hits.length).toBeLessThanOrEqual(3);
    expect(s.search({ text: '学时', limit: 500 }).hits.length).toBeLessThanOrEqual(50);
  });
});
