// Conversion of achievements into hours: rule choice, conditions asked or answered per case, formulas, ceilings,
// yearly caps and the year's aggregation (sum, or the one highest item a year).
import { Achievement } from '../domain/vocab';
import {
  type CondValue,
  condWords,
  otherWords,
  rangeComplementWords,
  SLOT_DOMAINS,
  slotValue,
  test,
  valueWords,
} from './conditions';
import { answerCase, type Computed, compute, describeFormula, formulaCases, formulaNeeds, round } from './formulas';
import { addCitation, addReadings, latestInForce, type PolicyIndex, type RegionRules, type RuleInfo } from './index-kb';
import { regionOrError, regionRefusal } from './requirement';
import type { Aggregation, Requirement } from './schema';
import type {
  AnswerCase,
  Citation,
  ConversionItem,
  ConversionPart,
  ConversionResult,
  Missing,
  ReadingNote,
} from './types';
import { isAchievement } from './validate';
import { formatHours, KIND_NAMES, SLOT_NAMES, SUBJECT_NAMES, slotValueName } from './words';

interface Ctx {
  ix: PolicyIndex;
  rules: RegionRules;
  year: number;
  req: Requirement | undefined;
  agg: Aggregation | undefined;
  cites: Citation[];
  readings: ReadingNote[];
}

interface Open {
  info: RuleInfo;
  unknown: string[];
}

interface ItemWork extends ConversionItem {
  rules: RuleInfo[];
  steps: string[];
}

/** Every item has the same shape from the start (fields are set, never added): cheaper for the engine. */
function newItem(index: number, kind: Achievement['kind']): ItemWork {
  return {
    index,
    kind,
    status: 'ok',
    parts: [],
    counted: null,
    label: undefined,
    alternatives: undefined,
    introducedIn: undefined,
    message: undefined,
    missing: undefined,
    cases: undefined,
    countTold: undefined,
    otherSubject: undefined,
    rules: [],
    steps: [],
  };
}

function set(it: ItemWork, fields: Partial<ItemWork>): ItemWork {
  return Object.assign(it, fields);
}

/** One item a year (安徽 第二十一条): a rule subject to it credits one of a count, not each. */
function oneItemAYear(ctx: Ctx, info: RuleInfo): boolean {
  return ctx.agg?.mode === 'highest' && !ctx.agg.except.includes(info.rule.id);
}

function countFor(ctx: Ctx, info: RuleInfo, a: Achievement): number {
  if (!info.rule.perItem || oneItemAYear(ctx, info)) return 1;
  return a.count ?? 1;
}

/** The figure of one rule for a case: computed when its formula has what it needs, else in words; held at its cap. */
function caseFigure(ctx: Ctx, info: RuleInfo, a: Achievement): Pick<AnswerCase, 'hours' | 'max' | 'statement'> {
  const rule = info.rule;
  if (formulaNeeds(rule.formula, a) === undefined) {
    const c = compute(rule.formula, rule.label, a, countFor(ctx, info, a), ctx.req, ctx.year);
    if (c.hours !== null) {
      const capped = info.cap && c.hours > info.cap.hours ? info.cap.hours : c.hours;
      return { hours: capped };
    }
    return { hours: null, max: c.max, statement: c.statement };
  }
  const words = describeFormula(rule.formula, rule.perItem, ctx.req, ctx.year);
  return { hours: null, statement: info.cap ? `${words}（${info.cap.label}）` : words };
}

function ruleCase(ctx: Ctx, info: RuleInfo, a: Achievement, slot: string, unknown: string[] = []): AnswerCase {
  const cond = info.conds.find((c) => c.slot === slot);
  // the one condition left open is a yes/no or a range (已结题, 满1年): the case is named by it
  const byCondition =
    cond && unknown.length === 1 && (cond.range || (cond.list?.length === 1 && typeof cond.list[0] === 'boolean'));
  const fig = caseFigure(ctx, info, a);
  const out = answerCase(slot, byCondition ? condWords(cond) : info.caseLabel, {
    values: cond?.list,
    hours: fig.hours,
    max: fig.max,
    statement: fig.statement,
    subject: info.rule.subject,
    ruleId: info.rule.id,
    citation: info.cite,
  });
  addCitation(ctx.cites, info.cite);
  addReadings(ctx.readings, info.rule.id, info.rule.readings);
  return out;
}

/** Values of the slot no remaining rule takes: what the user would get there is nothing (不折算). */
function uncoveredCase(open: Open[], slot: string): AnswerCase | undefined {
  const conds = open.map((m) => m.info.conds.find((c) => c.slot === slot));
  if (conds.some((c) => c === undefined)) return undefined;
  const range = conds.find((c) => c!.range)?.range;
  if (range && conds.length === 1)
    return answerCase(slot, rangeComplementWords(slot, range), { statement: '不折算', none: true });
  const domain = SLOT_DOMAINS[slot];
  if (!domain) return undefined;
  const values = domain.filter((v) => conds.every((c) => test(c!, v) === 'no'));
  if (values.length === 0) return undefined;
  return answerCase(slot, otherWords(slot, values), { values, statement: '不折算', none: true });
}

function casesFor(ctx: Ctx, a: Achievement, open: Open[], slot: string): AnswerCase[] {
  const cases = open.map((m) => ruleCase(ctx, m.info, a, slot, m.unknown));
  const other = uncoveredCase(open, slot);
  if (other) cases.push(other);
  return cases;
}

/** One option per rule still open: its first accepted value stands for the group (省部级 → provincial). */
function optionsFor(slot: string, open: Open[], a: Achievement): string[] {
  const told = slotValue(a as Record<string, unknown>, slot);
  const vals = new Set<string>();
  for (const m of open) {
    const cond = m.info.conds.find((c) => c.slot === slot);
    if (!cond?.list) continue;
    // a case over several roles ([main, member]: 其他参与成员) is offered by its widest one
    const list = slot === 'role' ? [...cond.list].reverse() : cond.list;
    const v = list.find((x) => told === undefined || test({ ...cond, list: [x], set: new Set([x]) }, told) !== 'no');
    if (v !== undefined) vals.add(String(v));
  }
  return [...vals];
}

function describeTold(a: Achievement): string {
  const bits: string[] = [];
  for (const [k, v] of Object.entries(a)) {
    if (k === 'kind' || k === 'count' || k === 'alternatives' || v === undefined) continue;
    if (typeof v === 'number') bits.push(`${SLOT_NAMES[k] ?? k}${v}`);
    else bits.push(valueWords(k, v as CondValue));
  }
  return bits.join('、');
}

function notInForce(ctx: Ctx, a: Achievement, base: ItemWork): ItemWork {
  const { rules, year } = ctx;
  const all = rules.byActivity.get(a.kind) ?? [];
  const later = all.filter((r) => r.rule.from > year).sort((x, y) => x.rule.from - y.rule.from)[0];
  if (later) {
    addCitation(ctx.cites, later.cite);
    return set(base, {
      status: 'not_yet_in_force',
      label: later.rule.label,
      introducedIn: later.rule.from,
      message: `${later.rule.label}的折算规定自${later.rule.from}年起执行，${year}年不适用`,
    });
  }
  const earlier = all.find((r) => r.rule.to !== undefined && r.rule.to < year);
  if (earlier) {
    const newest = Math.max(...rules.noticeYears);
    return set(base, {
      status: year > newest ? 'not_recorded' : 'no_rule',
      label: earlier.rule.label,
      message:
        year > newest
          ? `暂未收录${rules.region.name}${year}年的折算规定（${earlier.rule.label}的规定已收录到${earlier.rule.to}年）`
          : `${earlier.rule.label}的折算规定只适用到${earlier.rule.to}年`,
    });
  }
  return set(base, { status: 'no_rule', message: `${rules.region.name}的通知中没有这类成果的学时折算规定` });
}

/** Every rule of the kind contradicts a fact told: nothing is credited; the rules that exist are the cases. */
function noRule(ctx: Ctx, a: Achievement, candidates: RuleInfo[], base: ItemWork): ItemWork {
  const cases = candidates.map((info) => ruleCase(ctx, info, a, ''));
  const told = describeTold(a);
  return set(base, {
    status: 'no_rule',
    label: candidates[0]?.rule.label,
    cases,
    message:
      a.completed === false
        ? `按您描述的情况${told ? `（${told}）` : ''}，尚未结题（结项）的暂不能折算学时，结题（结项）后才能按下列情形认定`
        : `按您描述的情况${told ? `（${told}）` : ''}，通知中没有对应的折算规定，不能折算学时`,
  });
}

/** Same figure and subject whatever the unknown condition: the condition needs no question. */
function sameFigure(cases: AnswerCase[], open: Open[]): boolean {
  if (cases.length < 2 || cases.some((c) => c.none || c.hours === null)) return false;
  if (open.some((m) => m.info.rule.alternative)) return false;
  return cases.every((c) => c.hours === cases[0]!.hours && c.subject === cases[0]!.subject);
}

function pickSlot(open: Open[]): string {
  const counts = new Map<string, number>();
  for (const m of open) for (const k of m.unknown) counts.set(k, (counts.get(k) ?? 0) + 1);
  let best = '';
  let n = 0;
  for (const [k, c] of counts) {
    if (c > n) {
      best = k;
      n = c;
    }
  }
  return best;
}

/** "那公需呢" of an item only one subject credits: it is said to count for the other only, with the figure still due. */
function otherSubject(full: RuleInfo[], a: Achievement, req: Requirement | undefined): string | undefined {
  const asked = a.subject;
  if (asked !== 'public' && asked !== 'professional') return undefined;
  const subjects = new Set(full.map((r) => r.rule.subject));
  if (subjects.has(asked) || subjects.has('either') || subjects.has('both') || subjects.size !== 1) return undefined;
  // "在线公需课入选优质课": the subject named in the activity's own name is no subject asked
  if (full.some((r) => r.rule.label.includes(SUBJECT_NAMES[asked]!.slice(0, 2)))) return undefined;
  const credited = [...subjects][0]!;
  const due = req?.[asked];
  const still = due !== undefined ? `，${SUBJECT_NAMES[asked]}仍须完成${formatHours(due)}` : '';
  return `只计入${SUBJECT_NAMES[credited]}，不计入${SUBJECT_NAMES[asked]}${still}`;
}

function choose(full: RuleInfo[], a: Achievement): { chosen: RuleInfo[]; alternatives: boolean } {
  let list = full;
  if (a.subject) {
    const bySubject = list.filter(
      (r) => r.rule.subject === a.subject || r.rule.subject === 'either' || r.rule.subject === 'both',
    );
    if (bySubject.length) list = bySubject;
  }
  const alt = list[0]!.rule.alternative;
  if (alt && list.length > 1 && list.every((r) => r.rule.alternative === alt))
    return { chosen: list, alternatives: true };
  const subjects = new Set(list.map((r) => r.rule.subject));
  if (subjects.size > 1 && list.every((r) => !r.rule.alternative)) return { chosen: list, alternatives: false };
  let best = list[0]!;
  for (const r of list) {
    if (r.spec > best.spec || (r.spec === best.spec && r.rule.from > best.rule.from)) best = r;
  }
  return { chosen: [best], alternatives: false };
}

function convertOne(ctx: Ctx, a: Achievement, index: number): ItemWork {
  const base = newItem(index, a.kind);
  const candidates = ctx.rules.candidates(a.kind, ctx.year);
  if (candidates.length === 0) return notInForce(ctx, a, base);
  const full: RuleInfo[] = [];
  const open: Open[] = [];
  const av = a as Record<string, unknown>;
  for (const info of candidates) {
    let unknown: string[] | undefined;
    let ok = true;
    for (const c of info.conds) {
      const t = test(c, slotValue(av, c.slot));
      if (t === 'no') {
        ok = false;
        break;
      }
      if (t === 'unknown') {
        unknown ??= [];
        unknown.push(c.slot);
      }
    }
    if (!ok) continue;
    if (unknown) open.push({ info, unknown });
    else full.push(info);
  }
  let note: string | undefined;
  let where: string | undefined;
  if (full.length === 0) {
    if (open.length === 0) return noRule(ctx, a, candidates, base);
    // every rule still open needs the same figure first (the days of a training): ask it, then the condition if it
    // still changes the figure
    const slot = pickSlot(open);
    const cases = casesFor(ctx, a, open, slot);
    // nothing excluded by the condition, and every rule still open has the same formula, which needs a figure (the
    // days of a training at home or abroad): ask it first, then the condition only if it still changes the figure
    const need = formulaNeeds(open[0]!.info.rule.formula, a);
    if (need && !cases.some((c) => c.none) && open.every((m) => m.info.formulaKey === open[0]!.info.formulaKey)) {
      const missing: Missing = { slot: need, item: index, kind: a.kind };
      return set(base, { status: 'missing', label: open[0]!.info.rule.label, missing, cases });
    }
    if (!sameFigure(cases, open)) {
      const missing: Missing = { slot, options: optionsFor(slot, open, a), item: index, kind: a.kind };
      const counted = cases.filter((c) => !c.none);
      if (counted.length === 1 && cases.length === 2) missing.condition = counted[0]!.label;
      // no rule is chosen yet: the item is named by its kind, not by one of the rules
      return set(base, { status: 'missing', missing, cases });
    }
    // e.g. 安徽 training of 3 days: 6 per day at home and abroad alike, so 国内/国外 need not be asked
    for (const m of open) addCitation(ctx.cites, m.info.cite);
    full.push(open[0]!.info);
    const sections = [...new Set(open.map((m) => m.info.rule.source.section))];
    where = `（${open[0]!.info.cite.doc} ${sections.join('、')}）`;
    note = `${SLOT_NAMES[slot] ?? slot}不影响结果：${open.map((m) => m.info.caseLabel).join('、')}均为${formatHours(cases[0]!.hours)}`;
  }
  const { chosen, alternatives } = choose(full, a);
  const parts: ConversionPart[] = [];
  const steps: string[] = [];
  let countTold: number | undefined;
  for (const info of chosen) {
    const rule = info.rule;
    const need = formulaNeeds(rule.formula, a);
    if (need) {
      const count = countFor(ctx, info, a);
      // "每天7学时" of a rule capped a year is said with its cap (技能大赛裁判每年最多折算30学时)
      const perUnit = describeFormula(rule.formula, rule.perItem, ctx.req, ctx.year);
      const words = info.cap ? `${perUnit}（${info.cap.label}）` : perUnit;
      if (info.cap) addCitation(ctx.cites, ctx.ix.cite(info.cap.source));
      const cases = formulaCases(
        rule.formula,
        a,
        count,
        need,
        { ruleId: rule.id, citation: info.cite, subject: rule.subject },
        words,
      );
      addCitation(ctx.cites, info.cite);
      addReadings(ctx.readings, rule.id, rule.readings);
      return set(base, {
        status: 'missing',
        label: rule.label,
        missing: { slot: need, item: index, kind: a.kind },
        cases,
      });
    }
    const count = countFor(ctx, info, a);
    if (rule.perItem && count === 1 && (a.count ?? 1) > 1) countTold = a.count;
    // a condition that changes nothing (国内/国外 for 3 days of training) is not told: the item goes by its kind
    const label = note ? (KIND_NAMES[a.kind] ?? rule.label) : rule.label;
    const c: Computed = compute(rule.formula, label, a, count, ctx.req, ctx.year);
    addCitation(ctx.cites, info.cite);
    addReadings(ctx.readings, rule.id, rule.readings);
    for (const s of c.steps) steps.push(s + (where ?? info.where));
    if (c.split && (rule.subject !== 'either' || rule.formula.type === 'yearRequirement')) {
      for (const s of c.split) {
        parts.push({
          ruleId: rule.id,
          label,
          subject: s.subject,
          hours: s.hours,
          raw: s.hours,
          statement: c.statement,
          conditions: rule.conditions,
        });
      }
    } else {
      const part: ConversionPart = {
        ruleId: rule.id,
        label,
        subject: rule.subject === 'either' || rule.subject === 'both' ? (a.subject ?? 'either') : rule.subject,
        hours: c.hours,
        raw: c.hours,
        statement: c.statement,
        conditions: rule.conditions,
      };
      if (c.max !== undefined) part.max = c.max;
      parts.push(part);
    }
  }
  if (countTold !== undefined && ctx.agg) {
    steps.unshift(
      `每个年度认定仅能选择一项，不重复累计：${countTold}项只认定1项（${ctx.ix.cite(ctx.agg.source).doc} ${ctx.agg.source.section}）`,
    );
    addCitation(ctx.cites, ctx.ix.cite(ctx.agg.source));
  }
  if (note) steps.push(note);
  base.otherSubject = otherSubject(full, a, ctx.req);
  base.label = parts[0]?.label ?? chosen[0]!.rule.label;
  base.rules = chosen;
  base.steps = steps;
  base.countTold = countTold;
  if (alternatives) base.alternatives = parts;
  else base.parts = parts;
  return base;
}

/** "… = 36学时" of an item held at its cap: the sum before the cap is no figure to state ("… = 36"). */
function uncappedSum(step: string): string {
  const eq = step.indexOf('= ');
  const at = eq < 0 ? -1 : step.indexOf('学时', eq);
  if (at < 0) return step;
  return /^\d+(?:\.\d+)?$/.test(step.slice(eq + 2, at)) ? step.slice(0, at) + step.slice(at + 2) : step;
}

/** The item as answered, without the working fields (absent fields are undefined, one shape for all). */
function publicItem(it: ItemWork): ConversionItem {
  return {
    index: it.index,
    kind: it.kind,
    status: it.status,
    parts: it.parts,
    counted: it.counted,
    label: it.label,
    alternatives: it.alternatives,
    introducedIn: it.introducedIn,
    message: it.message,
    missing: it.missing,
    cases: it.cases,
    countTold: it.countTold,
    otherSubject: it.otherSubject,
  };
}

function sumHours(parts: ConversionPart[]): number | null {
  let s = 0;
  for (const p of parts) {
    if (p.hours === null) return null;
    s += p.hours;
  }
  return round(s);
}

/** Hours or, for a ceiling, the ceiling: what an item weighs under the one-highest-item rule. */
function itemScore(it: ItemWork): number {
  let s = 0;
  for (const p of it.parts) s += p.hours ?? p.max ?? Number.POSITIVE_INFINITY;
  return s;
}

interface Acc {
  total: number | null;
  max: number;
  maxOnly: boolean;
  bySubject: { public: number; professional: number; either: number };
}

function countItem(acc: Acc, it: ItemWork): void {
  const h = sumHours(it.parts);
  it.counted = h;
  for (const p of it.parts) {
    if (p.hours === null) {
      if (p.max !== undefined) acc.max = round(acc.max + p.max);
      else acc.maxOnly = false;
    } else acc.max = round(acc.max + p.hours);
  }
  if (h === null) acc.total = null;
  else if (acc.total !== null) acc.total = round(acc.total + h);
  for (const p of it.parts)
    if (p.hours !== null) acc.bySubject[p.subject] = round((acc.bySubject[p.subject] ?? 0) + p.hours);
}

function validate(raw: unknown[]): { achievements: Achievement[] } | { message: string } {
  const achievements: Achievement[] = [];
  for (const x of raw) {
    if (isAchievement(x)) {
      achievements.push(x);
      continue;
    }
    const v = Achievement.safeParse(x);
    if (v.success) {
      achievements.push(v.data);
      continue;
    }
    const issue = v.error.issues[0]!;
    return {
      message: `输入有误：${issue.path.join('.') || '成果'}（${slotValueName(String(issue.path[0] ?? ''))}）${issue.message}`,
    };
  }
  return { achievements };
}

function applyCaps(ctx: Ctx, ok: ItemWork[], trace: string[]): Map<string, number> {
  const capTotals = new Map<string, number>();
  for (const it of ok) {
    for (const p of it.alternatives ?? it.parts) {
      const info = it.rules.find((x) => x.rule.id === p.ruleId);
      const cap = info?.cap;
      if (!cap || p.hours === null) continue;
      addCitation(ctx.cites, ctx.ix.cite(cap.source));
      addReadings(ctx.readings, cap.id, cap.readings);
      if (cap.per === 'item') {
        if (p.hours > cap.hours) {
          trace.push(`${cap.label}：${round(p.hours)}超过上限，按${formatHours(cap.hours)}计`);
          p.hours = cap.hours;
          p.capped = true;
        }
        continue;
      }
      if (it.alternatives) continue; // a choice is capped when chosen
      const used = capTotals.get(cap.id) ?? 0;
      const allowed = Math.max(0, cap.hours - used);
      capTotals.set(cap.id, used + p.hours);
      if (p.hours > allowed) {
        p.hours = allowed;
        p.capped = true;
      }
    }
  }
  return capTotals;
}

export function convert(
  ix: PolicyIndex,
  q: { region?: string; year: number; achievements: unknown[] },
  depth = 0,
): ConversionResult {
  const r = regionOrError(ix, q.region);
  if (r.error) return result(q, regionRefusal(r.error));
  const rules = r.rules;
  if (q.achievements.length === 0) return result(q, { status: 'missing', missing: { slot: 'kind' } });
  const v = validate(q.achievements);
  if ('message' in v) return result(q, { status: 'invalid', message: v.message });
  const ctx: Ctx = {
    ix,
    rules,
    year: q.year,
    req: latestInForce(rules.requirements, q.year),
    agg: latestInForce(rules.aggregation, q.year),
    cites: [],
    readings: [],
  };
  const items = v.achievements.map((a, i) => convertOne(ctx, a, i));
  const firstMissing = items.find((it) => it.status === 'missing');
  const ok = items.filter((it) => it.status === 'ok');
  const trace: string[] = [];

  const capTrace: string[] = [];
  const capTotals = applyCaps(ctx, ok, capTrace);
  // the steps, once caps are known: an uncapped sum is not stated as hours
  for (const it of items) {
    if (it.status !== 'ok') {
      if (it.message) trace.push(it.message);
      continue;
    }
    const capped = (it.alternatives ?? it.parts).some((p) => p.capped);
    for (const step of it.steps) trace.push(capped ? uncappedSum(step) : step);
  }
  trace.push(...capTrace);
  for (const [capId, raw] of capTotals) {
    const cap = rules.caps.get(capId)!;
    if (raw > cap.hours)
      trace.push(
        `${cap.label}：合计${round(raw)}，超过每年最多${formatHours(cap.hours)}，按${formatHours(cap.hours)}计`,
      );
  }

  // aggregation of the year
  const agg = ctx.agg;
  const mode = agg?.mode ?? 'sum';
  let chosen: number | undefined;
  const acc: Acc = { total: 0, max: 0, maxOnly: true, bySubject: { public: 0, professional: 0, either: 0 } };
  if (mode === 'highest' && agg) {
    const inRule = ok.filter(
      (it) => it.alternatives === undefined && !it.rules.some((x) => agg.except.includes(x.rule.id)),
    );
    const apart = ok.filter((it) => !inRule.includes(it) && it.alternatives === undefined);
    if (inRule.length) {
      let best = inRule[0]!;
      for (const it of inRule) if (itemScore(it) > itemScore(best)) best = it;
      chosen = best.index;
      countItem(acc, best);
      for (const it of inRule) if (it !== best) it.counted = 0;
      addCitation(ctx.cites, ix.cite(agg.source));
      if (inRule.length > 1) {
        const others = inRule
          .filter((it) => it !== best)
          .map((it) => `${it.label}${formatHours(sumHours(it.parts))}`)
          .join('、');
        trace.push(
          `按就高原则，每个年度只认定一项：取最高的${best.label}${formatHours(sumHours(best.parts))}；${others}不累计（${ix.cite(agg.source).doc} ${agg.source.section}）`,
        );
      }
    }
    for (const it of apart) countItem(acc, it);
  } else {
    for (const it of ok) if (!it.alternatives) countItem(acc, it);
  }
  for (const it of ok) if (it.alternatives) it.counted = null;

  const allAlternatives = ok.length > 0 && ok.every((it) => it.alternatives);
  const status = firstMissing
    ? 'missing'
    : ok.length > 0
      ? 'ok'
      : (items.find((it) => it.status === 'not_yet_in_force')?.status ?? items[0]!.status);
  const total = ok.length === 0 || allAlternatives ? null : acc.total;
  // several items, one missing a condition: the year's total in each case, or the total if it is the same in all
  if (depth === 0 && firstMissing?.cases && items.length > 1) {
    const settled = totalsPerCase(ix, q, v.achievements, firstMissing);
    if (settled) return settled;
  }
  return result(q, {
    status,
    missing: firstMissing?.missing,
    message: status !== 'ok' && status !== 'missing' ? items.find((it) => it.message)?.message : undefined,
    items: items.map(publicItem),
    total,
    bySubject: acc.bySubject,
    aggregation: mode,
    chosen,
    trace,
    citations: ctx.cites,
    readings: ctx.readings,
    cases: firstMissing?.cases ?? (status === 'no_rule' ? items.find((it) => it.cases)?.cases : undefined),
    max: total === null && ok.length > 0 && !allAlternatives && acc.maxOnly && acc.max > 0 ? acc.max : undefined,
  });
}

/** The year's total for each case of the item missing a condition; the answer itself when the total is the same in
 * every case (安徽: a project of 40 next to a book of 70 — whether it is finished changes nothing). */
function totalsPerCase(
  ix: PolicyIndex,
  q: { region?: string; year: number },
  achievements: Achievement[],
  item: ItemWork,
): ConversionResult | undefined {
  const slot = item.missing!.slot;
  const cases = item.cases!;
  const runs = cases.map((c) => {
    if (!c.values?.length) return undefined;
    const told = achievements.map((a, i) => (i === item.index ? { ...a, [slot]: c.values![0] } : a));
    return convert(ix, { region: q.region, year: q.year, achievements: told }, 1);
  });
  for (let i = 0; i < cases.length; i++) {
    const r = runs[i];
    cases[i]!.total = r && r.status === 'ok' ? r.total : null;
  }
  const first = runs[0];
  const same =
    first?.status === 'ok' &&
    first.total !== null &&
    runs.every((r) => r?.status === 'ok' && r.total === first.total && r.readings.length === first.readings.length);
  if (!same) return undefined;
  first.trace.push(
    `${SLOT_NAMES[slot] ?? slot}不影响当年认定的结果：${cases.map((c) => c.label).join('、')}均为${formatHours(first.total)}`,
  );
  return first;
}

/** The answer, every field in place (one shape for every answer). */
function result(
  q: { region?: string; year: number },
  f: Partial<ConversionResult> & Pick<ConversionResult, 'status'>,
): ConversionResult {
  return {
    kind: 'conversion',
    status: f.status,
    region: q.region ?? '',
    year: q.year,
    items: f.items ?? [],
    total: f.total ?? null,
    bySubject: f.bySubject ?? { public: 0, professional: 0, either: 0 },
    aggregation: f.aggregation ?? 'sum',
    chosen: f.chosen,
    cases: f.cases,
    max: f.max,
    missing: f.missing,
    message: f.message,
    trace: f.trace ?? [],
    citations: f.citations ?? [],
    readings: f.readings ?? [],
  };
}
