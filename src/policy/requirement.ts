// Yearly requirement: total / 公需 / 专业 and hour length, or an explicit "not recorded".
import { latestInForce, type PolicyIndex } from './index-kb';
import type { Requirement } from './schema';
import type { RequirementResult } from './types';

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

export function requirement(ix: PolicyIndex, q: { region?: string; year: number }): RequirementResult {
  const base = { kind: 'requirement' as const, region: q.region ?? '', year: q.year, trace: [], citations: [] };
  const r = regionOrError(ix, q.region);
  if (r.error) return { ...base, ...regionRefusal(r.error) };
  const req = latestInForce(r.rules.requirements, q.year);
  const recordedYears = r.rules.requirementYears;
  if (!req) {
    return {
      ...base,
      status: 'not_recorded',
      recordedYears,
      trace: [`${r.rules.region.name}${q.year}年度的学时要求暂未收录`],
    };
  }
  const total = requirementTotal(req);
  const ongoing = req.to === undefined && q.year > req.from;
  const trace: string[] = [];
  const parts = [
    req.public !== undefined ? `公需科目不少于${req.public}学时` : undefined,
    req.professional !== undefined ? `专业科目不少于${req.professional}学时` : undefined,
  ].filter(Boolean);
  trace.push(
    `${r.rules.region.name}${q.year}年：${total !== undefined ? `总计不少于${total}学时` : ''}${parts.length ? `${total !== undefined ? '，' : ''}${parts.join('，')}` : ''}`,
  );
  if (req.total === undefined && total !== undefined) trace.push(`总计为公需${req.public}+专业${req.professional}`);
  if (req.minutesPerHour) trace.push(`每学时不低于${req.minutesPerHour}分钟`);
  if (req.carryOver === false) trace.push('当年学时不结转、不顺延至下一年');
  if (ongoing) trace.push(`该要求自${req.from}年起执行，${q.year}年仍适用（以当年新通知为准）`);
  return {
    ...base,
    status: 'ok',
    total,
    public: req.public,
    professional: req.professional,
    minutesPerHour: req.minutesPerHour,
    carryOver: req.carryOver,
    ongoing,
    recordedYears,
    trace,
    citations: [ix.cite(req.source)],
  };
}
