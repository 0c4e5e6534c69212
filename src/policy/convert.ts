// Conversion of achievements into hours: rule choice, formulas, yearly caps and the year's aggregation.
import { Achievement, type AchievementSlot, SLOT_DEFAULTS } from '../domain/vocab';
import { addCitation, latestInForce, type PolicyIndex, type RegionRules } from './index-kb';
import { findRequirement, regionOrError, regionRefusal, requirementTotal } from './requirement';
import type { ConversionRule, Formula } from './schema';
import type { Citation, ConversionItem, ConversionPart, ConversionResult, Missing } from './types';
import { formatHours, slotValueName } from './words';

/** Values that only narrow down to one of several (a coauthor whose position is unknown). */
const UNDERSPECIFIED: Record<string, Record<string, string[]>> = {
  authorship: { coauthor: ['first', 'corresponding', 'other'] },
  paper: { presented: ['short', 'long'] },
};

type Match = { rule: ConversionRule; unknown: string[] };

function slotValue(a: Achievement, key: string): unknown {
  const v = (a as Record<string, unknown>)[key];
  return v !== undefined ? v : SLOT_DEFAULTS[key as AchievementSlot];
}

function matchRule(rule: ConversionRule, a: Achievement): Match | undefined {
  const unknown: string[] = [];
  for (const [key, cond] of Object.entries(rule.when)) {
    const allowed = Array.isArray(cond) ? cond : [cond];
    const v = slotValue(a, key);
    if (v === undefined) {
      unknown.push(key);
      continue;
    }
    if (allowed.includes(v as never)) continue;
    const narrowed = UNDERSPECIFIED[key]?.[String(v)];
    if (narrowed?.some((n) => allowed.includes(n))) {
      unknown.push(key);
      continue;
    }
    return undefined;
  }
  return { rule, unknown };
}

function optionsFor(key: string, matches: Match[], a: Achievement): string[] {
  const narrowed = UNDERSPECIFIED[key]?.[String(slotValue(a, key))];
  const vals = new Set<string>();
  // one option per rule: its first accepted value stands for the group (省部级 → provincial)
  for (const m of matches) {
    const cond = m.rule.when[key];
    const v = (Array.isArray(cond) ? cond : [cond]).find(
      (x) => x !== undefined && (!narrowed || narrowed.includes(String(x))),
    );
    if (v !== undefined) vals.add(String(v));
  }
  return [...vals];
}

/** The slots a formula needs, and which one is missing. */
function formulaNeeds(f: Formula, a: Achievement): string | undefined {
  switch (f.type) {
    case 'rankBands':
    case 'rankStep':
      return a.rank === undefined ? 'rank' : undefined;
    case 'perDay':
      return a.days === undefined ? 'days' : undefined;
    case 'perHour':
      return a.hours === undefined ? 'hours' : undefined;
    case 'documentedOrPerDay':
      return a.hours === undefined && a.days === undefined ? 'days' : undefined;
    case 'documentedMaxPerDay':
      return a.hours === undefined && a.days === undefined ? 'hours' : undefined;
    case 'perMonth':
      return a.months === undefined ? 'months' : undefined;
    default:
      return undefined;
  }
}

interface Computed {
  hours: number | null;
  statement?: string;
  steps: string[];
  /** a second part for 'both' (public and professional each their full year) */
  split?: Array<{ subject: 'public' | 'professional'; hours: number | null }>;
}

const round = (n: number) => Math.round(n * 100) / 100;

function yearPart(
  ix: PolicyIndex,
  rules: RegionRules,
  year: number,
  part: 'total' | 'public' | 'professional' | 'both',
  cites: Citation[],
): { hours: number | null; text: string; split?: Computed['split'] } {
  const req = findRequirement(ix, rules.region.id, year);
  if (req) addCitation(cites, ix.cite(req.source));
  const name = { total: '全部', public: '公需科目全部', professional: '专业科目全部', both: '公需和专业科目全部' }[
    part
  ];
  if (!req) return { hours: null, text: `视同完成${year}年${name}学时（该年度要求暂未收录）` };
  if (part === 'both') {
    const pub = req.public ?? null;
    const prof = req.professional ?? null;
    const total = requirementTotal(req) ?? null;
    return {
      hours: total,
      text: `视同完成${year}年${name}学时（公需${pub ?? '—'}、专业${prof ?? '—'}学时）`,
      split: [
        { subject: 'public', hours: pub },
        { subject: 'professional', hours: prof },
      ],
    };
  }
  const h = part === 'total' ? requirementTotal(req) : req[part];
  return { hours: h ?? null, text: `视同完成${year}年${name}学时${h !== undefined ? `（${h}学时）` : ''}` };
}

function times(h: number, what: string, count: number): Computed {
  if (count === 1) return { hours: h, steps: [`${what} → ${formatHours(h)}`] };
  return { hours: round(h * count), steps: [`${what} → 每项${formatHours(h)} × ${count}项 = ${round(h * count)}`] };
}

function compute(
  ix: PolicyIndex,
  rules: RegionRules,
  year: number,
  rule: ConversionRule,
  a: Achievement,
  cites: Citation[],
): Computed {
  const f = rule.formula;
  const count = rule.perItem ? (a.count ?? 1) : 1;
  switch (f.type) {
    case 'fixed': {
      const h = f.hours + (f.bonus ?? 0);
      const what = f.bonus ? `${rule.label}：${f.hours}学时另加${f.bonus}学时` : rule.label;
      return times(h, what, count);
    }
    case 'rankBands': {
      const rank = a.rank!;
      let lo = 1;
      for (const b of f.bands) {
        if (b.maxRank === undefined || rank <= b.maxRank) {
          const band =
            b.maxRank === undefined ? `第${lo}名及以后` : lo === b.maxRank ? `第${lo}名` : `第${lo}–${b.maxRank}名`;
          return times(b.hours, `${rule.label}排第${rank} → ${band}档`, count);
        }
        lo = b.maxRank + 1;
      }
      return { hours: null, steps: [] };
    }
    case 'rankStep': {
      const rank = a.rank!;
      let first: number | null;
      let firstText: string;
      if (typeof f.first === 'number') {
        first = f.first;
        firstText = `第一名${f.first}学时`;
      } else {
        const y = yearPart(ix, rules, year, f.first.requirement, cites);
        first = y.hours;
        firstText = `第一名${y.text}`;
      }
      if (first === null) return { hours: null, statement: firstText, steps: [`${rule.label}：${firstText}`] };
      const h = Math.max(f.floor, first - f.step * (rank - 1));
      const steps =
        rank === 1
          ? `${rule.label}排第1 → ${firstText}`
          : `${rule.label}排第${rank} → ${firstText}，每靠后一位减${f.step}学时 → ${first} − ${f.step}×${rank - 1} = ${formatHours(h)}`;
      return count === 1
        ? { hours: h, steps: [steps] }
        : { hours: round(h * count), steps: [`${steps}，共${count}项`] };
    }
    case 'perDay': {
      const days = a.days!;
      const whole = Math.floor(days);
      const part = round(days - whole);
      let h: number;
      let text: string;
      if (part > 0 && f.halfDay !== undefined) {
        h = whole * f.hoursPerDay + f.halfDay;
        text = `${rule.label}${formatDays(days)}：${whole}天 × 每天${f.hoursPerDay}学时，不足1天按${f.halfDay}学时 = ${formatHours(h)}`;
      } else {
        h = round(days * f.hoursPerDay);
        text = `${rule.label}${formatDays(days)} × 每天${f.hoursPerDay}学时 = ${formatHours(h)}`;
      }
      return { hours: round(h * count), steps: [text] };
    }
    case 'perHour': {
      const h = round(a.hours! * f.multiplier);
      const text =
        f.multiplier === 1
          ? `${rule.label}${a.hours}学时 → ${formatHours(h)}`
          : `${rule.label}${a.hours}小时 × ${f.multiplier} = ${formatHours(h)}`;
      return { hours: h, steps: [text] };
    }
    case 'documentedOrPerItem': {
      if (a.hours !== undefined) return { hours: a.hours, steps: [`${rule.label}：按标定的${a.hours}学时认定`] };
      const n = a.count ?? 1;
      const h = round(n * f.hoursPerItem);
      return {
        hours: h,
        steps: [`${rule.label}：没有标定学时，${n}个 × 每个${f.hoursPerItem}学时 = ${formatHours(h)}`],
      };
    }
    case 'documentedOrPerDay': {
      if (a.hours !== undefined)
        return { hours: a.hours, steps: [`${rule.label}：按文件或证书明确的${a.hours}学时认定`] };
      const h = round(a.days! * f.hoursPerDay);
      return {
        hours: h,
        steps: [`${rule.label}${formatDays(a.days!)} × 每天${f.hoursPerDay}学时 = ${formatHours(h)}`],
      };
    }
    case 'documentedMaxPerDay': {
      if (a.hours !== undefined && a.days !== undefined) {
        const max = round(a.days * f.maxPerDay);
        const h = Math.min(a.hours, max);
        const capped = a.hours > max;
        return {
          hours: h,
          steps: [
            capped
              ? `${rule.label}实际${a.hours}，但每天不超过${f.maxPerDay}学时：${formatDays(a.days)} × ${f.maxPerDay} = ${formatHours(max)}`
              : `${rule.label}按实际${a.hours}学时登记（每天不超过${f.maxPerDay}学时）`,
          ],
        };
      }
      if (a.hours !== undefined)
        return { hours: a.hours, steps: [`${rule.label}按实际${a.hours}学时登记（每天不超过${f.maxPerDay}学时）`] };
      const max = round(a.days! * f.maxPerDay);
      return {
        hours: max,
        steps: [
          `${rule.label}按实际学时登记，每天不超过${f.maxPerDay}学时：${formatDays(a.days!)}最多${formatHours(max)}`,
        ],
      };
    }
    case 'perMonth': {
      const months = Math.min(a.months!, 12);
      const h = round((f.annual * months) / 12);
      const text =
        months >= 12
          ? `${rule.label}满一年 → ${formatHours(f.annual)}`
          : `${rule.label}${months}个月 → 每年${f.annual}学时 × ${months}/12 = ${formatHours(h)}`;
      return { hours: h, steps: [text] };
    }
    case 'yearRequirement': {
      const y = yearPart(ix, rules, year, f.part, cites);
      return { hours: y.hours, statement: y.text, steps: [`${rule.label} → ${y.text}`], split: y.split };
    }
    case 'statement':
      return { hours: null, statement: f.text, steps: [`${rule.label} → ${f.text}`] };
  }
}

function formatDays(d: number): string {
  if (d === 0.5) return '半天';
  return Number.isInteger(d) ? `${d}天` : `${Math.floor(d)}天半`.replace(/^0天半$/, '半天');
}

interface ItemWork extends ConversionItem {
  rules: ConversionRule[];
  steps: string[];
}

function convertOne(
  ix: PolicyIndex,
  rules: RegionRules,
  year: number,
  a: Achievement,
  index: number,
  cites: Citation[],
): ItemWork {
  const base: ItemWork = { index, kind: a.kind, status: 'ok', parts: [], counted: null, rules: [], steps: [] };
  const all = rules.byActivity.get(a.kind) ?? [];
  const candidates = all.filter((r) => r.from <= year && (r.to === undefined || year <= r.to));
  if (candidates.length === 0) {
    const later = all.filter((r) => r.from > year).sort((x, y) => x.from - y.from)[0];
    if (later) {
      addCitation(cites, ix.cite(later.source));
      return {
        ...base,
        status: 'not_yet_in_force',
        label: later.label,
        introducedIn: later.from,
        message: `${later.label}的折算规定自${later.from}年起执行，${year}年不适用`,
      };
    }
    const earlier = all.filter((r) => r.to !== undefined && r.to < year)[0];
    if (earlier) {
      // no notice for that year yet: not recorded, rather than "no such rule"
      const newest = Math.max(...rules.noticeYears);
      return {
        ...base,
        status: year > newest ? 'not_recorded' : 'no_rule',
        label: earlier.label,
        message:
          year > newest
            ? `暂未收录${rules.region.name}${year}年的折算规定（${earlier.label}的规定已收录到${earlier.to}年）`
            : `${earlier.label}的折算规定只适用到${earlier.to}年`,
      };
    }
    return { ...base, status: 'no_rule', message: `${rules.region.name}的通知中没有这类成果的学时折算规定` };
  }
  if (a.count === 0) return { ...base, status: 'ok', counted: 0, message: '数量为0，不折算学时' };
  const matches = candidates.map((r) => matchRule(r, a)).filter((m): m is Match => !!m);
  let full = matches.filter((m) => m.unknown.length === 0).map((m) => m.rule);
  if (full.length === 0) {
    const open = matches.filter((m) => m.unknown.length > 0);
    if (open.length === 0) {
      return {
        ...base,
        status: 'no_rule',
        label: candidates[0]?.label,
        message: `按您描述的情况，${rules.region.name}的通知中没有对应的折算档次`,
      };
    }
    // ask for the slot that splits the remaining rules, most common first
    const counts = new Map<string, number>();
    for (const m of open) for (const k of m.unknown) counts.set(k, (counts.get(k) ?? 0) + 1);
    const slot = [...counts.entries()].sort((x, y) => y[1] - x[1])[0]![0];
    const missing: Missing = { slot, options: optionsFor(slot, open, a), item: index, kind: a.kind };
    return { ...base, status: 'missing', missing };
  }
  // choose among fully matched rules
  if (a.subject) {
    const bySubject = full.filter((r) => r.subject === a.subject || r.subject === 'either' || r.subject === 'both');
    if (bySubject.length) full = bySubject;
  }
  const alt = full[0]!.alternative;
  const alternatives = alt && full.every((r) => r.alternative === alt) && full.length > 1;
  let chosen: ConversionRule[];
  if (alternatives) chosen = full;
  else {
    const subjects = new Set(full.map((r) => r.subject));
    if (subjects.size > 1 && full.every((r) => !r.alternative)) chosen = full;
    else {
      chosen = [[...full].sort(bySpecificity)[0]!];
    }
  }
  const parts: ConversionPart[] = [];
  const steps: string[] = [];
  for (const rule of chosen) {
    const need = formulaNeeds(rule.formula, a);
    if (need) {
      return {
        ...base,
        status: 'missing',
        label: rule.label,
        missing: { slot: need, item: index, kind: a.kind },
      };
    }
    const c = compute(ix, rules, year, rule, a, cites);
    addCitation(cites, ix.cite(rule.source));
    steps.push(...c.steps.map((s) => `${s}（${ix.cite(rule.source).doc} ${rule.source.section}）`));
    if (c.split && rule.subject !== 'either') {
      for (const s of c.split) {
        parts.push({
          ruleId: rule.id,
          label: rule.label,
          subject: s.subject,
          hours: s.hours,
          raw: s.hours,
          statement: c.statement,
          conditions: rule.conditions,
        });
      }
    } else {
      parts.push({
        ruleId: rule.id,
        label: rule.label,
        subject: rule.subject === 'either' || rule.subject === 'both' ? (a.subject ?? 'either') : rule.subject,
        hours: c.hours,
        raw: c.hours,
        statement: c.statement,
        conditions: rule.conditions,
      });
    }
  }
  const label = chosen[0]!.label;
  if (alternatives) return { ...base, label, parts: [], alternatives: parts, rules: chosen, steps };
  return { ...base, label, parts, rules: chosen, steps };
}

/** The item as answered, without the working fields. */
function publicItem(it: ItemWork): ConversionItem {
  const out: ConversionItem = {
    index: it.index,
    kind: it.kind,
    status: it.status,
    parts: it.parts,
    counted: it.counted,
  };
  if (it.label !== undefined) out.label = it.label;
  if (it.alternatives !== undefined) out.alternatives = it.alternatives;
  if (it.introducedIn !== undefined) out.introducedIn = it.introducedIn;
  if (it.message !== undefined) out.message = it.message;
  if (it.missing !== undefined) out.missing = it.missing;
  return out;
}

function specificity(r: ConversionRule): number {
  return Object.keys(r.when).length;
}

function bySpecificity(x: ConversionRule, y: ConversionRule): number {
  return specificity(y) - specificity(x) || y.from - x.from || x.id.localeCompare(y.id);
}

function itemScore(it: ItemWork): number {
  return sumHours(it.parts) ?? Number.POSITIVE_INFINITY;
}

function countItem(acc: { total: number | null; bySubject: Record<string, number> }, it: ItemWork): void {
  const h = sumHours(it.parts);
  it.counted = h;
  if (h === null) acc.total = null;
  else if (acc.total !== null) acc.total = round(acc.total + h);
  for (const p of it.parts)
    if (p.hours !== null) acc.bySubject[p.subject] = round((acc.bySubject[p.subject] ?? 0) + p.hours);
}

function sumHours(parts: ConversionPart[]): number | null {
  let s = 0;
  for (const p of parts) {
    if (p.hours === null) return null;
    s += p.hours;
  }
  return round(s);
}

export function convert(
  ix: PolicyIndex,
  q: { region?: string; year: number; achievements: unknown[] },
): ConversionResult {
  const base = {
    kind: 'conversion' as const,
    region: q.region ?? '',
    year: q.year,
    items: [] as ConversionItem[],
    total: null,
    bySubject: { public: 0, professional: 0, either: 0 },
    aggregation: 'sum' as 'sum' | 'highest',
    trace: [] as string[],
    citations: [] as Citation[],
  };
  const r = regionOrError(ix, q.region);
  if (r.error) return { ...base, ...regionRefusal(r.error) };
  const rules = r.rules;
  if (q.achievements.length === 0) return { ...base, status: 'missing', missing: { slot: 'kind' } };
  const achievements: Achievement[] = [];
  for (const raw of q.achievements) {
    const v = Achievement.safeParse(raw);
    if (!v.success) {
      const issue = v.error.issues[0]!;
      return {
        ...base,
        status: 'invalid',
        message: `输入有误：${issue.path.join('.') || '成果'}（${slotValueName(String(issue.path[0] ?? ''))}）${issue.message}`,
      };
    }
    achievements.push(v.data);
  }
  const cites: Citation[] = [];
  const items = achievements.map((a, i) => convertOne(ix, rules, q.year, a, i, cites));
  const firstMissing = items.find((it) => it.status === 'missing');
  const ok = items.filter((it) => it.status === 'ok');
  const trace: string[] = [];

  // caps: per item first, then yearly caps shared by rule id
  const capTotals = new Map<string, number>();
  for (const it of ok) {
    for (const p of [...it.parts, ...(it.alternatives ?? [])]) {
      const rule = it.rules.find((x) => x.id === p.ruleId);
      const cap = rule?.cap ? rules.caps.get(rule.cap) : undefined;
      if (!cap || p.hours === null) continue;
      addCitation(cites, ix.cite(cap.source));
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
  // the steps, once caps are known: an uncapped sum is not stated as hours
  const capTrace = trace.splice(0);
  for (const it of items) {
    if (it.status !== 'ok') {
      if (it.message) trace.push(it.message);
      continue;
    }
    const capped = [...it.parts, ...(it.alternatives ?? [])].some((p) => p.capped);
    for (const step of it.steps) trace.push(capped ? step.replace(/= (\d+(?:\.\d+)?)学时/g, '= $1') : step);
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
  const agg = latestInForce(rules.aggregation, q.year);
  const mode = agg?.mode ?? 'sum';
  let chosen: number | undefined;
  const bySubject = { public: 0, professional: 0, either: 0 };
  const acc = { total: 0 as number | null, bySubject };
  if (mode === 'highest' && agg) {
    const inRule = ok.filter((it) => it.alternatives === undefined && !it.rules.some((x) => agg.except.includes(x.id)));
    const apart = ok.filter((it) => !inRule.includes(it) && it.alternatives === undefined);
    if (inRule.length) {
      const best = [...inRule].sort((x, y) => itemScore(y) - itemScore(x) || x.index - y.index)[0]!;
      chosen = best.index;
      countItem(acc, best);
      for (const it of inRule) if (it !== best) it.counted = 0;
      addCitation(cites, ix.cite(agg.source));
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
  const cleanItems: ConversionItem[] = items.map(publicItem);
  return {
    ...base,
    status,
    missing: firstMissing?.missing,
    message: status !== 'ok' && status !== 'missing' ? items.find((it) => it.message)?.message : undefined,
    items: cleanItems,
    total: ok.length === 0 || allAlternatives ? null : acc.total,
    bySubject,
    aggregation: mode,
    chosen,
    trace,
    citations: cites,
  };
}
