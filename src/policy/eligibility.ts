// Title-application check: which years count, which do not and why, under the rule in force for the application year.
import type { EligibilityFlag, TitleLevel, TitleRoute } from '../domain/vocab';
import { addCitation, inForce, type PolicyIndex } from './index-kb';
import { findRequirement, regionOrError, regionRefusal, requirementTotal } from './requirement';
import type { EligibilityRule } from './schema';
import type { Citation, EligibilityResult, YearCheck } from './types';
import { ROUTE_NAMES, TITLE_LEVEL_NAMES } from './words';

export interface EligibilityQuery {
  region?: string;
  /** the application year */
  year: number;
  level?: TitleLevel;
  route?: TitleRoute;
  hours?: Array<{ year?: number; public?: number; professional?: number; total?: number }>;
  flags?: EligibilityFlag[];
}

export function describeRule(rule: EligibilityRule): string {
  const levels = rule.levels.map((l) => TITLE_LEVEL_NAMES[l]).join('、');
  const who = `${ROUTE_NAMES[rule.route]}${rule.route === 'doctor' ? '' : `${levels}职称`}`;
  const t = rule.test;
  switch (t.type) {
    case 'recentYears':
      return `${who}：需提交${t.sinceYear ? `自${t.sinceYear}年以来` : ''}近${t.years}年的继续教育学时${t.consecutive ? '' : '（可不连续计算）'}${t.eachYearMeetsBoth ? '，每一年度的学时须同时达到当年公需科目、专业科目要求' : ''}`;
    case 'currentOrPrevious':
      return `${who}：须具备申报（认定、转换）当年或上一年的继续教育学时`;
    case 'cycleAverage':
      return `${who}：过渡期内，最近一个任职周期的年度继续教育学时平均达到规定学时即可${t.noCramming ? '，但不得在一个年度内突击完成整个周期所需学时' : ''}`;
  }
}

function checkYear(
  ix: PolicyIndex,
  region: string,
  h: { year: number; public?: number; professional?: number; total?: number },
): YearCheck {
  const req = findRequirement(ix, region, h.year);
  const base = { year: h.year, public: h.public, professional: h.professional, total: h.total };
  if (!req) return { ...base, verdict: 'unknown', reason: `${h.year}年度的学时要求暂未收录，无法核对` };
  const short: string[] = [];
  if (req.public !== undefined) {
    if (h.public === undefined) short.push('未提供公需学时');
    else if (h.public < req.public) short.push(`公需${h.public}<${req.public}`);
  }
  if (req.professional !== undefined) {
    if (h.professional === undefined) short.push('未提供专业学时');
    else if (h.professional < req.professional) short.push(`专业${h.professional}<${req.professional}`);
  }
  const total = h.total ?? (h.public ?? 0) + (h.professional ?? 0);
  const reqTotal = requirementTotal(req);
  if (reqTotal !== undefined && req.public === undefined && total < reqTotal) short.push(`合计${total}<${reqTotal}`);
  if (short.length) return { ...base, verdict: 'short', reason: `未达到当年要求（${short.join('，')}）` };
  return {
    ...base,
    verdict: 'met',
    reason: `达到当年要求（${[
      req.public !== undefined ? `公需≥${req.public}` : '',
      req.professional !== undefined ? `专业≥${req.professional}` : '',
      reqTotal !== undefined && req.public === undefined ? `合计≥${reqTotal}` : '',
    ]
      .filter(Boolean)
      .join('，')}）`,
  };
}

export function eligibility(ix: PolicyIndex, q: EligibilityQuery): EligibilityResult {
  const base = {
    kind: 'eligibility' as const,
    region: q.region ?? '',
    year: q.year,
    level: q.level,
    route: q.route ?? 'review',
    qualifies: null,
    years: [] as YearCheck[],
    trace: [] as string[],
    citations: [] as Citation[],
  };
  const r = regionOrError(ix, q.region);
  if (r.error) return { ...base, ...regionRefusal(r.error) };
  const rules = r.rules;
  const route = q.route ?? 'review';
  const inYear = rules.eligibility.filter((e) => inForce(e, q.year));
  if (inYear.length === 0) {
    return {
      ...base,
      status: 'not_recorded',
      trace: [`${rules.region.name}${q.year}年申报职称的学时规定暂未收录`],
    };
  }
  const forRoute = inYear.filter((e) => e.route === route);
  const level = q.level ?? (route === 'doctor' ? 'full_senior' : undefined);
  if (!level) {
    // a waiver that holds at every level needs no level
    for (const flag of q.flags ?? []) {
      const ex = rules.exemptions.find(
        (e) => e.flag === flag && inForce(e, q.year) && !e.levels && e.effect === 'none',
      );
      if (ex) {
        return {
          ...base,
          status: 'ok',
          qualifies: true,
          exemption: ex.summary,
          trace: [ex.summary],
          citations: [ix.cite(ex.source)],
        };
      }
    }
    // ask only when the levels are held to different rules
    const latest = Math.max(...forRoute.map((e) => e.from));
    const current = forRoute.filter((e) => e.from === latest);
    const options = [...new Set(current.flatMap((e) => e.levels))];
    if (current.length > 1 && options.length > 1)
      return { ...base, status: 'missing', missing: { slot: 'level', options } };
  }
  const candidates = forRoute
    .filter((e) => !level || e.levels.includes(level))
    .sort((a, b) => b.from - a.from || a.levels.length - b.levels.length);
  const rule = candidates[0];
  if (!rule) {
    return {
      ...base,
      status: 'no_rule',
      message: `${rules.region.name}的通知没有${ROUTE_NAMES[route]}${level ? TITLE_LEVEL_NAMES[level] : ''}职称的学时规定`,
    };
  }
  const citations: Citation[] = [ix.cite(rule.source)];
  const ruleText = describeRule(rule);
  const trace: string[] = [ruleText];
  const out = { ...base, level: level ?? rule.levels[0], route, rule: ruleText, citations, trace };

  // exemptions
  let bonusYears = 0;
  const notes: string[] = [];
  Object.assign(out, { notes });
  for (const flag of q.flags ?? []) {
    const ex = rules.exemptions.find(
      (e) => e.flag === flag && inForce(e, q.year) && (!e.levels || !level || e.levels.includes(level)),
    );
    if (!ex) continue;
    addCitation(citations, ix.cite(ex.source));
    if (ex.effect === 'none') {
      trace.push(ex.summary);
      return { ...out, status: 'ok', qualifies: true, exemption: ex.summary, trace };
    }
    if (ex.effect === 'one_year') bonusYears = 1;
    trace.push(ex.summary);
    notes.push(ex.summary);
  }

  // no hours told: the rule in words; hours told (even none): a verdict
  if (q.hours === undefined) return { ...out, status: 'ok', qualifies: null };
  const hours = q.hours.filter((h): h is typeof h & { year: number } => h.year !== undefined);

  const t = rule.test;
  const years: YearCheck[] = [];
  if (t.type === 'recentYears') {
    for (const h of [...hours].sort((a, b) => b.year - a.year)) {
      if ((t.sinceYear !== undefined && h.year < t.sinceYear) || h.year > q.year) {
        years.push({
          ...h,
          verdict: 'out',
          reason: t.sinceYear && h.year < t.sinceYear ? `${t.sinceYear}年以前的学时不计入` : '晚于申报年度',
        });
        continue;
      }
      const c = checkYear(ix, rules.region.id, h);
      const req = findRequirement(ix, rules.region.id, h.year);
      if (req) addCitation(citations, ix.cite(req.source));
      years.push(c);
    }
    const met = years.filter((y) => y.verdict === 'met').length + bonusYears;
    const unknown = years.filter((y) => y.verdict === 'unknown').length;
    let qualifies: boolean | null;
    if (met >= t.years) qualifies = true;
    else if (met + unknown >= t.years) qualifies = null;
    else qualifies = false;
    trace.push(
      `符合要求的年度${met}个${bonusYears ? '（含驻村视同1年）' : ''}，需要${t.years}个${unknown ? `；另有${unknown}个年度要求暂未收录，无法核对` : ''}`,
    );
    return { ...out, status: 'ok', qualifies, years, trace };
  }
  if (t.type === 'currentOrPrevious') {
    for (const h of hours) {
      if (h.year !== q.year && h.year !== q.year - 1) {
        years.push({ ...h, verdict: 'out', reason: '不是申报当年或上一年' });
        continue;
      }
      years.push(checkYear(ix, rules.region.id, h));
      const req = findRequirement(ix, rules.region.id, h.year);
      if (req) addCitation(citations, ix.cite(req.source));
    }
    const met = years.some((y) => y.verdict === 'met') || bonusYears > 0;
    const unknown = years.some((y) => y.verdict === 'unknown');
    return { ...out, status: 'ok', qualifies: met ? true : unknown ? null : false, years, trace };
  }
  // cycleAverage
  if (hours.length === 0) return { ...out, status: 'ok', qualifies: false, trace: [...trace, '未提供任何年度的学时'] };
  const req = findRequirement(ix, rules.region.id, q.year);
  if (!req) return { ...out, status: 'not_recorded', qualifies: null, trace };
  addCitation(citations, ix.cite(req.source));
  const reqTotal = requirementTotal(req);
  const totals = hours.map((h) => ({ ...h, sum: h.total ?? (h.public ?? 0) + (h.professional ?? 0) }));
  const n = totals.length;
  const avgTotal = totals.reduce((s, h) => s + h.sum, 0) / n;
  const profKnown = totals.every((h) => h.professional !== undefined);
  const avgProf = profKnown ? totals.reduce((s, h) => s + (h.professional ?? 0), 0) / n : undefined;
  const round1 = (x: number) => Math.round(x * 10) / 10;
  let qualifies = reqTotal === undefined || avgTotal >= reqTotal;
  if (req.professional !== undefined && avgProf !== undefined && avgProf < req.professional) qualifies = false;
  for (const h of totals) {
    years.push({
      year: h.year,
      public: h.public,
      professional: h.professional,
      total: h.sum,
      verdict: reqTotal !== undefined && h.sum >= reqTotal ? 'met' : 'short',
      reason: `当年合计${h.sum}学时`,
    });
  }
  trace.push(
    `${n}个年度平均：合计${round1(avgTotal)}学时${reqTotal !== undefined ? `（要求${reqTotal}）` : ''}${avgProf !== undefined ? `，专业${round1(avgProf)}学时${req.professional !== undefined ? `（要求${req.professional}）` : ''}` : ''}`,
  );
  if (t.noCramming && qualifies && n > 1 && totals.some((h) => h.sum === 0)) {
    qualifies = false;
    trace.push('有年度学时为0，所需学时集中在其他年度完成，属于在一个年度内突击完成，不符合要求');
  }
  return { ...out, status: 'ok', qualifies, years, trace };
}
