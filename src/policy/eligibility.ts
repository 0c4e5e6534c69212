// Title-application check: which years count, which do not and why, under the rule in force for the application year.
import type { EligibilityFlag, TitleLevel, TitleRoute } from '../domain/vocab';
import { addCitation, addReadings, inForce, type PolicyIndex, type RegionRules } from './index-kb';
import { findRequirement, regionOrError, regionRefusal, requirementTotal } from './requirement';
import type { EligibilityRule } from './schema';
import type { Citation, EligibilityResult, ReadingNote, YearCheck } from './types';
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

type Hours = { year: number; public?: number; professional?: number; total?: number };

const described = new WeakMap<EligibilityRule, string>();

/** The rule in words (remembered per rule: the knowledge never changes). */
export function describeRule(rule: EligibilityRule): string {
  let text = described.get(rule);
  if (text === undefined) {
    text = wordsOf(rule);
    described.set(rule, text);
  }
  return text;
}

function wordsOf(rule: EligibilityRule): string {
  const levels = rule.levels.map((l) => TITLE_LEVEL_NAMES[l]).join('、');
  const who = `${ROUTE_NAMES[rule.route]}${rule.route === 'doctor' ? '' : `${levels}职称`}`;
  const t = rule.test;
  switch (t.type) {
    case 'recentYears':
      return `${who}：需提交${t.sinceYear ? `自${t.sinceYear}年以来` : ''}近${t.years}年的继续教育学时${t.consecutive ? '（须为连续的最近年度）' : '（可不连续计算）'}${t.eachYearMeetsBoth ? '，每一年度的学时须同时达到当年公需科目、专业科目要求' : ''}`;
    case 'currentOrPrevious':
      return `${who}：须具备申报（认定、转换）当年或上一年的继续教育学时`;
    case 'cycleAverage':
      return `${who}：过渡期内，最近一个任职周期的年度继续教育学时平均达到规定学时即可${t.noCramming ? '，但不得在一个年度内突击完成整个周期所需学时' : ''}`;
  }
}

function checkYear(ix: PolicyIndex, region: string, h: Hours): YearCheck {
  const req = findRequirement(ix, region, h.year);
  const check = (verdict: YearCheck['verdict'], reason: string): YearCheck => ({
    year: h.year,
    public: h.public,
    professional: h.professional,
    total: h.total,
    verdict,
    reason,
  });
  // no study at all meets no year's requirement, recorded or not
  const nothing =
    [h.total, h.public, h.professional].every((x) => x === undefined || x === 0) &&
    [h.total, h.public, h.professional].some((x) => x === 0);
  if (!req)
    return nothing
      ? check('short', `${h.year}年没有学时，不能满足当年要求`)
      : check('unknown', `${h.year}年度的学时要求暂未收录，无法核对`);
  const short: string[] = [];
  if (req.public !== undefined) {
    if (h.public === undefined) short.push('未提供公需学时');
    else if (h.public < req.public) short.push(`公需${h.public}学时，要求${req.public}学时`);
  }
  if (req.professional !== undefined) {
    if (h.professional === undefined) short.push('未提供专业学时');
    else if (h.professional < req.professional) short.push(`专业${h.professional}学时，要求${req.professional}学时`);
  }
  const total = h.total ?? (h.public ?? 0) + (h.professional ?? 0);
  const reqTotal = requirementTotal(req);
  if (reqTotal !== undefined && req.public === undefined && total < reqTotal)
    short.push(`合计${total}学时，要求${reqTotal}学时`);
  if (short.length) return check('short', `未达到当年要求（${short.join('；')}）`);
  return check(
    'met',
    `达到当年要求（${[
      req.public !== undefined ? `公需≥${req.public}` : '',
      req.professional !== undefined ? `专业≥${req.professional}` : '',
      reqTotal !== undefined && req.public === undefined ? `合计≥${reqTotal}` : '',
    ]
      .filter(Boolean)
      .join('，')}）`,
  );
}

const unrecordedCache = new WeakMap<PolicyIndex, Map<string, readonly number[]>>();

/** Years in [from, to] whose yearly requirement no recorded notice states (a fresh array each time). */
function unrecorded(ix: PolicyIndex, region: string, from: number, to: number): number[] {
  const key = `${region}|${from}|${to}`;
  let cache = unrecordedCache.get(ix);
  if (!cache) {
    cache = new Map();
    unrecordedCache.set(ix, cache);
  }
  let years = cache.get(key);
  if (!years) {
    const out: number[] = [];
    for (let y = from; y <= to; y++) if (!findRequirement(ix, region, y)) out.push(y);
    years = out;
    if (cache.size > 1000) cache.clear();
    cache.set(key, years);
  }
  return years.slice();
}

/** The years a rule looks at for an application year (the window the hours must fall in). */
function windowOf(rule: EligibilityRule, year: number): [number, number] {
  const t = rule.test;
  if (t.type === 'recentYears') {
    if (t.sinceYear !== undefined) return [t.sinceYear, year];
    return [year - t.years, year];
  }
  if (t.type === 'currentOrPrevious') return [year - 1, year];
  return [year, year];
}

function chooseRule(rules: RegionRules, year: number, route: TitleRoute, level: TitleLevel | undefined) {
  return rules.eligibility
    .filter((e) => inForce(e, year) && e.route === route && (!level || e.levels.includes(level)))
    .sort((a, b) => b.from - a.from || a.levels.length - b.levels.length)[0];
}

/** 近N年 with `consecutive`: N consecutive years, the last being the application year or the one before it. */
function consecutiveVerdict(
  years: YearCheck[],
  n: number,
  appYear: number,
): { qualifies: boolean | null; text: string; unknown: number[] } {
  const byYear = new Map(years.filter((y) => y.verdict !== 'out').map((y) => [y.year, y]));
  let best: boolean | null = false;
  const unknown = new Set<number>();
  const windows: string[] = [];
  for (const end of [appYear, appYear - 1]) {
    const span = Array.from({ length: n }, (_, i) => end - n + 1 + i);
    windows.push(n === 1 ? `${end}年` : `${span[0]}—${end}年`);
    const checks = span.map((y) => byYear.get(y));
    if (checks.every((c) => c?.verdict === 'met'))
      return { qualifies: true, text: `${span[0]}—${end}年连续达标`, unknown: [] };
    if (checks.every((c) => c && (c.verdict === 'met' || c.verdict === 'unknown'))) {
      best = null;
      for (const c of checks) if (c!.verdict === 'unknown') unknown.add(c!.year);
    }
  }
  return {
    qualifies: best,
    text: `近${n}年须为连续的最近年度（${windows.join('或')}），每年均达到当年要求`,
    unknown: [...unknown].sort((a, b) => a - b),
  };
}

function exemptionFor(rules: RegionRules, flag: EligibilityFlag, year: number, level: TitleLevel | undefined) {
  return rules.exemptions.find(
    (e) => e.flag === flag && inForce(e, year) && (!e.levels || !level || e.levels.includes(level)),
  );
}

export function eligibility(ix: PolicyIndex, q: EligibilityQuery): EligibilityResult {
  // one object, every field in place from the start, filled in as the check goes
  const base: EligibilityResult = {
    kind: 'eligibility',
    status: 'ok',
    region: q.region ?? '',
    year: q.year,
    level: q.level,
    route: q.route ?? 'review',
    rule: undefined,
    qualifies: null,
    years: [],
    exemption: undefined,
    notes: undefined,
    unknownYears: [],
    readings: [],
    missing: undefined,
    message: undefined,
    trace: [],
    citations: [],
  };
  const r = regionOrError(ix, q.region);
  if (r.error) return Object.assign(base, regionRefusal(r.error));
  const rules = r.rules;
  const route = q.route ?? 'review';
  const inYear = rules.eligibility.filter((e) => inForce(e, q.year));
  if (inYear.length === 0) {
    return Object.assign(base, {
      status: 'not_recorded' as const,
      trace: [`${rules.region.name}${q.year}年申报职称的学时规定暂未收录`],
    });
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
        const readings: ReadingNote[] = [];
        addReadings(readings, ex.id, ex.readings);
        return Object.assign(base, {
          qualifies: true,
          exemption: ex.summary,
          trace: [ex.summary],
          citations: [ix.cite(ex.source)],
          readings,
        });
      }
    }
    // ask only when the levels are held to different rules
    const latest = Math.max(...forRoute.map((e) => e.from));
    const current = forRoute.filter((e) => e.from === latest);
    const options = [...new Set(current.flatMap((e) => e.levels))];
    if (current.length > 1 && options.length > 1)
      return Object.assign(base, { status: 'missing' as const, missing: { slot: 'level', options } });
  }
  const rule = chooseRule(rules, q.year, route, level);
  if (!rule) {
    return Object.assign(base, {
      status: 'no_rule' as const,
      message: `${rules.region.name}的通知没有${ROUTE_NAMES[route]}${level ? TITLE_LEVEL_NAMES[level] : ''}职称的学时规定`,
    });
  }
  const citations: Citation[] = [ix.cite(rule.source)];
  const readings: ReadingNote[] = [];
  addReadings(readings, rule.id, rule.readings);
  const ruleText = describeRule(rule);
  const trace: string[] = [ruleText];
  const [from, to] = windowOf(rule, q.year);
  const out = Object.assign(base, {
    level: level ?? rule.levels[0],
    route,
    rule: ruleText,
    citations,
    trace,
    readings,
    // the years the rule looks at whose requirement is not recorded (the hours told may narrow this below)
    unknownYears: rule.test.type === 'cycleAverage' ? [] : unrecorded(ix, rules.region.id, from, to),
    notes: [] as string[],
  });

  // exemptions
  let bonusYears = 0;
  const notes = out.notes!;
  for (const flag of q.flags ?? []) {
    const ex = exemptionFor(rules, flag, q.year, level);
    if (!ex) continue;
    addCitation(citations, ix.cite(ex.source));
    addReadings(readings, ex.id, ex.readings);
    if (ex.effect === 'none') {
      trace.push(ex.summary);
      return Object.assign(out, { qualifies: true, exemption: ex.summary, unknownYears: [] });
    }
    if (ex.effect === 'one_year') bonusYears = 1;
    trace.push(ex.summary);
    notes.push(ex.summary);
  }

  // no hours told: the rule in words; hours told (even none): a verdict
  if (q.hours === undefined) return out;
  const hours = q.hours.filter((h): h is Hours => h.year !== undefined);
  const t = rule.test;
  if (t.type === 'recentYears') return recentYears(ix, rules, q.year, t, hours, bonusYears, out);
  if (t.type === 'currentOrPrevious') {
    const years: YearCheck[] = [];
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
    const unknownYears = years.filter((y) => y.verdict === 'unknown').map((y) => y.year);
    const qualifies = met ? true : unknownYears.length ? null : false;
    return Object.assign(out, { qualifies, years, unknownYears: met ? [] : unknownYears });
  }
  return cycleAverage(ix, rules, q.year, t.noCramming, hours, out);
}

function recentYears(
  ix: PolicyIndex,
  rules: RegionRules,
  appYear: number,
  t: Extract<EligibilityRule['test'], { type: 'recentYears' }>,
  hours: Hours[],
  bonusYears: number,
  out: EligibilityResult,
): EligibilityResult {
  const years: YearCheck[] = [];
  for (const h of [...hours].sort((a, b) => b.year - a.year)) {
    if ((t.sinceYear !== undefined && h.year < t.sinceYear) || h.year > appYear) {
      years.push({
        ...h,
        verdict: 'out',
        reason: t.sinceYear && h.year < t.sinceYear ? `${t.sinceYear}年以前的学时不计入` : '晚于申报年度',
      });
      continue;
    }
    const c = checkYear(ix, rules.region.id, h);
    const req = findRequirement(ix, rules.region.id, h.year);
    if (req) addCitation(out.citations, ix.cite(req.source));
    years.push(c);
  }
  const trace = out.trace;
  if (t.consecutive && bonusYears === 0) {
    const v = consecutiveVerdict(years, t.years, appYear);
    for (const y of years) {
      if (y.verdict !== 'out' && y.year < appYear - t.years) {
        y.verdict = 'out';
        y.reason = `不在连续的近${t.years}年内`;
      }
    }
    trace.push(v.text);
    if (v.unknown.length) trace.push(`${v.unknown.join('、')}年度的学时要求暂未收录，无法核对`);
    // not qualified on the hours told: the years of the window no notice states could not be checked either
    const unknownYears = v.qualifies === true ? [] : v.qualifies === null ? v.unknown : out.unknownYears;
    return Object.assign(out, { qualifies: v.qualifies, years, unknownYears });
  }
  const met = years.filter((y) => y.verdict === 'met').length + bonusYears;
  const unknownYears = years.filter((y) => y.verdict === 'unknown').map((y) => y.year);
  let qualifies: boolean | null;
  if (met >= t.years) qualifies = true;
  else if (met + unknownYears.length >= t.years) qualifies = null;
  else qualifies = false;
  trace.push(
    `符合要求的年度${met}个${bonusYears ? '（含驻村视同1年）' : ''}，需要${t.years}个${unknownYears.length ? `；另有${unknownYears.length}个年度要求暂未收录，无法核对` : ''}`,
  );
  return Object.assign(out, {
    qualifies,
    years,
    // null: the years told that cannot be checked; false: every year of the window no notice states
    unknownYears: qualifies === true ? [] : qualifies === null ? unknownYears : out.unknownYears,
  });
}

function cycleAverage(
  ix: PolicyIndex,
  rules: RegionRules,
  appYear: number,
  noCramming: boolean,
  hours: Hours[],
  out: EligibilityResult,
): EligibilityResult {
  const trace = out.trace;
  if (hours.length === 0) {
    trace.push('未提供任何年度的学时');
    return Object.assign(out, { qualifies: false });
  }
  const req = findRequirement(ix, rules.region.id, appYear);
  if (!req) return Object.assign(out, { status: 'not_recorded' as const, qualifies: null });
  addCitation(out.citations, ix.cite(req.source));
  const reqTotal = requirementTotal(req);
  const totals = hours.map((h) => ({ ...h, sum: h.total ?? (h.public ?? 0) + (h.professional ?? 0) }));
  const n = totals.length;
  const avgTotal = totals.reduce((s, h) => s + h.sum, 0) / n;
  const profKnown = totals.every((h) => h.professional !== undefined);
  const avgProf = profKnown ? totals.reduce((s, h) => s + (h.professional ?? 0), 0) / n : undefined;
  const round1 = (x: number) => Math.round(x * 10) / 10;
  let qualifies = reqTotal === undefined || avgTotal >= reqTotal;
  if (req.professional !== undefined && avgProf !== undefined && avgProf < req.professional) qualifies = false;
  const years: YearCheck[] = totals.map((h) => ({
    year: h.year,
    public: h.public,
    professional: h.professional,
    total: h.sum,
    verdict: reqTotal !== undefined && h.sum >= reqTotal ? 'met' : 'short',
    reason: `当年合计${h.sum}学时`,
  }));
  trace.push(
    `${n}个年度平均：合计${round1(avgTotal)}学时${reqTotal !== undefined ? `（要求${reqTotal}）` : ''}${avgProf !== undefined ? `，专业${round1(avgProf)}学时${req.professional !== undefined ? `（要求${req.professional}）` : ''}` : ''}`,
  );
  if (noCramming && qualifies && n > 1 && totals.some((h) => h.sum === 0)) {
    qualifies = false;
    trace.push('有年度学时为0，所需学时集中在其他年度完成，属于在一个年度内突击完成，不符合要求');
  }
  return Object.assign(out, { qualifies, years });
}
