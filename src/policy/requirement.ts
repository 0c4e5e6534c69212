// Yearly requirement: total / 公需 / 专业 and hour length, or an explicit "not recorded".
import { latestInForce, type PolicyIndex, type RegionRules } from './index-kb';
import type { Requirement } from './schema';
import type { Citation, RequirementResult } from './types';

export function regionOrError(ix: PolicyIndex, region: string | undefined) {
  if (!region) return { error: 'missing' as const };
  const r = ix.regions.get(region);
  return r ? { rules: r } : { error: 'not_covered' as const };
}

/** The typed outcome for a missing or uncovered region. */
export function regionRefusal(error: 'missing' | 'not_covered') {
  return error === 'missing'
    ? { status: 'missing' as const, missing: { slot: 'region' } }
    : { status: 'not_covered' as const };
}

export function requirementTotal(r: Requirement): number | undefined {
  return r.total ?? (r.public !== undefined && r.professional !== undefined ? r.public + r.professional : undefined);
}

export function findRequirement(ix: PolicyIndex, region: string, year: number): Requirement | undefined {
  const rules = ix.regions.get(region);
  return rules ? latestInForce(rules.requirements, year) : undefined;
}

/** What a year's requirement says, in figures and words: computed once per region and year. */
export interface YearRequirement {
  req: Requirement;
  total?: number;
  ongoing: boolean;
  trace: readonly string[];
  citation: Citation;
}

const factsCache = new WeakMap<RegionRules, Map<number, YearRequirement | null>>();

export function yearRequirement(ix: PolicyIndex, rules: RegionRules, year: number): YearRequirement | undefined {
  let byYear = factsCache.get(rules);
  if (!byYear) {
    byYear = new Map();
    factsCache.set(rules, byYear);
  }
  const hit = byYear.get(year);
  if (hit !== undefined) return hit ?? undefined;
  const req = latestInForce(rules.requirements, year);
  let out: YearRequirement | null = null;
  if (req) {
    const total = requirementTotal(req);
    const ongoing = req.to === undefined && year > req.from;
    const trace: string[] = [];
    const parts = [
      req.public !== undefined ? `公需科目不少于${req.public}学时` : undefined,
      req.professional !== undefined ? `专业科目不少于${req.professional}学时` : undefined,
    ].filter(Boolean);
    trace.push(
      `${rules.region.name}${year}年：${total !== undefined ? `总计不少于${total}学时` : ''}${parts.length ? `${total !== undefined ? '，' : ''}${parts.join('，')}` : ''}`,
    );
    if (req.total === undefined && total !== undefined) trace.push(`总计为公需${req.public}+专业${req.professional}`);
    if (req.minutesPerHour) trace.push(`每学时不低于${req.minutesPerHour}分钟`);
    if (req.carryOver === false) trace.push('当年学时不结转、不顺延至下一年');
    if (ongoing) trace.push(`该要求自${req.from}年起执行，${year}年仍适用（以当年新通知为准）`);
    out = { req, total, ongoing, trace, citation: ix.cite(req.source) };
  }
  if (byYear.size > 1000) byYear.clear();
  byYear.set(year, out);
  return out ?? undefined;
}

export function requirement(ix: PolicyIndex, q: { region?: string; year: number }): RequirementResult {
  const r = regionOrError(ix, q.region);
  if (r.error)
    return {
      kind: 'requirement',
      region: q.region ?? '',
      year: q.year,
      trace: [],
      citations: [],
      ...regionRefusal(r.error),
    };
  const f = yearRequirement(ix, r.rules, q.year);
  const recordedYears = r.rules.requirementYears;
  if (!f) {
    return {
      kind: 'requirement',
      status: 'not_recorded',
      region: q.region ?? '',
      year: q.year,
      recordedYears,
      trace: [`${r.rules.region.name}${q.year}年度的学时要求暂未收录`],
      citations: [],
    };
  }
  const req = f.req;
  return {
    kind: 'requirement',
    status: 'ok',
    region: q.region ?? '',
    year: q.year,
    total: f.total,
    public: req.public,
    professional: req.professional,
    minutesPerHour: req.minutesPerHour,
    carryOver: req.carryOver,
    ongoing: f.ongoing,
    recordedYears,
    trace: f.trace.slice(),
    citations: [f.citation],
  };
}
