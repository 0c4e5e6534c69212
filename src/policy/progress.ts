// What is left this year, with pro-rating by months on duty where the notice allows it (and only on the conditions it
// states), and the next deadline.
import type { OnDutyFacts } from '../domain/vocab';
import { type Cond, compileWhen, condWords, otherWords, SLOT_DOMAINS, test, valueWords } from './conditions';
import { answerCase } from './formulas';
import { addCitation, addReadings, latestInForce, type PolicyIndex } from './index-kb';
import { nextDeadline } from './lookups';
import { regionOrError, regionRefusal, requirement, yearRequirement } from './requirement';
import type { Aggregation, Proration } from './schema';
import type { AnswerCase, Citation, ProgressResult, ReadingNote } from './types';
import { formatHours, VALUE_NAMES } from './words';

export type { OnDutyFacts };

export interface ProgressQuery {
  region?: string;
  year: number;
  today: string;
  done: { public?: number; professional?: number; total?: number };
  /** parts of the public subject told as finished without a figure ("必选课都学完了") */
  publicPartsDone?: ReadonlyArray<'required' | 'elective'>;
  onDuty?: OnDutyFacts;
}

type Parts = { total?: number; public?: number; professional?: number };

const r2 = (n: number) => Math.round(n * 100) / 100;
const reasonWords = (r: unknown) => VALUE_NAMES.reason?.[String(r)] ?? String(r);

function scale(n: number | undefined, months: number): number | undefined {
  return n === undefined ? undefined : r2((n * months) / 12);
}

function scaled(req: Parts, months: number): Parts {
  return {
    total: scale(req.total, months),
    public: scale(req.public, months),
    professional: scale(req.professional, months),
  };
}

function partsWords(p: Parts): string {
  return [
    p.public !== undefined ? `公需${p.public}学时` : '',
    p.professional !== undefined ? `专业${p.professional}学时` : '',
    p.total !== undefined && (p.public === undefined || p.professional === undefined) ? `合计${p.total}学时` : '',
  ]
    .filter(Boolean)
    .join('、');
}

/** true: every required part covered and none short; false: one is short; null: a part was not told. */
function completeness(required: Parts, remaining: Parts): boolean | null {
  const keys: Array<keyof Parts> = [];
  if (required.public !== undefined) keys.push('public');
  if (required.professional !== undefined) keys.push('professional');
  if (required.total !== undefined && (required.public === undefined || required.professional === undefined))
    keys.push('total');
  if (keys.some((k) => (remaining[k] ?? 0) > 0)) return false;
  return keys.length > 0 && keys.every((k) => remaining[k] === 0) ? true : null;
}

interface Ctx {
  q: ProgressQuery;
  citations: Citation[];
  trace: string[];
  readings: ReadingNote[];
}

/** The answer, every field in place (one shape for all answers). */
function result(q: ProgressQuery, f: Partial<ProgressResult> & Pick<ProgressResult, 'status'>): ProgressResult {
  return {
    kind: 'progress',
    status: f.status,
    region: q.region ?? '',
    year: q.year,
    required: f.required,
    done: f.done ?? q.done,
    remaining: f.remaining,
    prorated: f.prorated,
    complete: f.complete ?? null,
    nextDeadline: f.nextDeadline,
    notes: f.notes,
    cases: f.cases,
    missing: f.missing,
    message: f.message,
    readings: f.readings ?? [],
    trace: f.trace ?? [],
    citations: f.citations ?? [],
  };
}

function stop(c: Ctx, status: ProgressResult['status'], extra: Partial<ProgressResult> = {}): ProgressResult {
  return result(c.q, {
    status,
    citations: c.citations,
    trace: c.trace,
    readings: c.readings,
    missing: extra.missing,
    message: extra.message,
    cases: extra.cases,
  });
}

const compiled = new WeakMap<object, Cond[]>();

/** The conditions of a pro-rating reason, compiled once. */
function conditionsOf(reason: Proration['reasons'][number]): Cond[] {
  let conds = compiled.get(reason);
  if (!conds) {
    conds = compileWhen(reason.when);
    compiled.set(reason, conds);
  }
  return conds;
}

function refusedText(rule: Proration, what: string, full: Parts): string {
  return `按通知，只有${rule.reasons.map((x) => x.label).join('、')}可按实际在岗时间折算学时；${what}，${wholeYear(full)}`;
}

/** 仍需完成全年学时（公需30学时、专业60学时） */
function wholeYear(full: Parts): string {
  const parts = [
    full.public !== undefined ? `公需${formatHours(full.public)}` : '',
    full.professional !== undefined ? `专业${formatHours(full.professional)}` : '',
    full.public === undefined && full.total !== undefined ? `合计${formatHours(full.total)}` : '',
  ].filter(Boolean);
  return `仍需完成全年学时${parts.length ? `（${parts.join('、')}）` : ''}`;
}

/** "必选课都学完了": a finished part of the public subject counts its whole figure. */
function withPartsDone(
  q: ProgressQuery,
  parts: { required: number; elective: number } | undefined,
  trace: string[],
): ProgressQuery['done'] {
  if (!parts || !q.publicPartsDone?.length) return q.done;
  let add = 0;
  for (const p of new Set(q.publicPartsDone)) {
    add += parts[p];
    trace.push(`${p === 'required' ? '必选课' : '自选课'}已学完：计${parts[p]}学时`);
  }
  return { ...q.done, public: (q.done.public ?? 0) + add };
}

export function progress(ix: PolicyIndex, q: ProgressQuery): ProgressResult {
  const reg = regionOrError(ix, q.region);
  if (reg.error) return result(q, regionRefusal(reg.error));
  const bad = (v: number | undefined) => v !== undefined && (!Number.isFinite(v) || v < 0);
  if (bad(q.done.public) || bad(q.done.professional) || bad(q.done.total))
    return result(q, { status: 'invalid', message: '已完成学时不能为负数' });
  const facts = yearRequirement(ix, reg.rules, q.year);
  if (!facts) {
    const req = requirement(ix, { region: q.region, year: q.year });
    return result(q, { status: req.status, trace: req.trace, citations: req.citations });
  }
  const c: Ctx = { q, citations: [facts.citation], trace: [facts.trace[0]!], readings: [] };
  const full: Parts = { total: facts.total, public: facts.req.public, professional: facts.req.professional };
  let required = full;
  let prorated: ProgressResult['prorated'];
  // a whole year on duty with no leave named is no pro-rating to ask about
  const onDutyAllYear = !q.onDuty?.reason && q.onDuty?.monthsOnDuty === 12 && q.onDuty.monthsAway === undefined;
  const d = onDutyAllYear ? undefined : q.onDuty;

  if (d && (d.reason || d.monthsOnDuty !== undefined || d.monthsAway !== undefined)) {
    const rule = latestInForce(reg.rules.proration, q.year);
    if (!rule) {
      return stop(c, 'refused', {
        message: `${reg.rules.region.name}${q.year}年的通知没有规定可按在岗时间折算学时（没有减免规定），仍需完成全年学时`,
      });
    }
    addCitation(c.citations, ix.cite(rule.source));
    addReadings(c.readings, rule.id, rule.readings);
    const onDuty = d.monthsOnDuty ?? (d.monthsAway !== undefined ? r2(12 - d.monthsAway) : undefined);
    if (onDuty !== undefined && (onDuty < 0 || onDuty > 12))
      return stop(c, 'invalid', { message: '在岗月数应在0到12之间' });
    if (!d.reason) {
      const cases: AnswerCase[] = rule.reasons.map((x) =>
        answerCase('reason', x.label, {
          values: [x.reason],
          required: onDuty !== undefined ? scaled(full, onDuty) : undefined,
          statement: onDuty !== undefined ? undefined : '按实际在岗时间折算',
          citation: ix.cite(rule.source),
        }),
      );
      const others = (SLOT_DOMAINS.reason ?? []).filter((r) => !rule.reasons.some((x) => x.reason === r));
      cases.push(
        answerCase('reason', `其他原因（${others.map(reasonWords).join('、')}等）`, {
          values: others,
          required: full,
          statement: '不按在岗时间折算，须完成全年学时',
          none: true,
        }),
      );
      return stop(c, 'missing', { missing: { slot: 'reason', options: rule.reasons.map((x) => x.reason) }, cases });
    }
    const reason = rule.reasons.find((x) => x.reason === d.reason);
    if (!reason) return stop(c, 'refused', { message: refusedText(rule, `${reasonWords(d.reason)}不在其列`, full) });
    if (onDuty === undefined) {
      // "病假请了长假": the threshold decides; both sides of it are shown with the question
      const min = reason.minMonthsAwayExclusive;
      const cases =
        min === undefined
          ? undefined
          : [
              answerCase('monthsOnDuty', `${reasonWords(reason.reason)}超过${min}个月`, {
                statement: '按实际在岗时间折算',
                citation: ix.cite(rule.source),
              }),
              answerCase('monthsOnDuty', `${reasonWords(reason.reason)}不超过${min}个月`, {
                required: full,
                statement: '不按在岗时间折算，须完成全年学时',
                none: true,
              }),
            ];
      return stop(c, 'missing', { missing: { slot: 'monthsOnDuty' }, ...(cases ? { cases } : {}) });
    }
    const away = r2(12 - onDuty);
    if (reason.minMonthsAwayExclusive !== undefined && away <= reason.minMonthsAwayExclusive) {
      return stop(c, 'refused', {
        message: `${reason.label}才可按在岗时间折算；您${reasonWords(reason.reason)}${away}个月，未超过${reason.minMonthsAwayExclusive}个月，不按在岗时间折算，${wholeYear(full)}`,
      });
    }
    // the facts the notice attaches to the reason (因公派, 因受伤、患重病): never assumed
    for (const cond of conditionsOf(reason)) {
      const t = test(cond, (d as Record<string, unknown>)[cond.slot]);
      if (t === 'no') {
        const told = valueWords(cond.slot, (d as Record<string, unknown>)[cond.slot] as boolean);
        return stop(c, 'refused', {
          message: `按通知，只有${reason.label}才可按在岗时间折算；${told}的，${wholeYear(full)}`,
        });
      }
      if (t === 'unknown') {
        const yes = cond.list ?? [];
        const no = (SLOT_DOMAINS[cond.slot] ?? []).filter((v) => !yes.includes(v));
        const cases: AnswerCase[] = [
          answerCase(cond.slot, condWords(cond), {
            values: yes,
            required: scaled(full, onDuty),
            statement: `按在岗${onDuty}个月折算`,
            citation: ix.cite(rule.source),
          }),
          answerCase(cond.slot, otherWords(cond.slot, no), {
            values: no,
            required: full,
            statement: '不按在岗时间折算，须完成全年学时',
            none: true,
          }),
        ];
        return stop(c, 'missing', { missing: { slot: cond.slot, options: yes.map(String) }, cases });
      }
    }
    required = scaled(full, onDuty);
    prorated = { monthsOnDuty: onDuty, reason: reason.reason, conditions: rule.conditions };
    c.trace.push(`${reason.label}，按实际在岗${onDuty}个月折算：${partsWords(required)}`);
    for (const x of rule.conditions) c.trace.push(`条件：${x}`);
  }

  const done = withPartsDone(q, facts.req.publicParts, c.trace);
  const doneTotal = done.total ?? (done.public ?? 0) + (done.professional ?? 0);
  const remaining: Parts = {};
  if (required.public !== undefined && done.public !== undefined)
    remaining.public = r2(Math.max(0, required.public - done.public));
  if (required.professional !== undefined && done.professional !== undefined)
    remaining.professional = r2(Math.max(0, required.professional - done.professional));
  if (
    required.total !== undefined &&
    (done.total !== undefined || done.public !== undefined || done.professional !== undefined)
  )
    remaining.total = r2(Math.max(0, required.total - doneTotal));
  // a total alone says nothing of a part the notice requires on its own
  if (done.total !== undefined && done.public === undefined && done.professional === undefined) {
    delete remaining.public;
    delete remaining.professional;
  }
  const notes = separateSubjects(ix, reg.rules.aggregation, q, required, remaining, c.citations);
  return result(q, {
    status: 'ok',
    done,
    required,
    remaining,
    notes,
    prorated,
    complete: completeness(required, remaining),
    nextDeadline: nextDeadline(ix, reg.rules.region.id, q.year, q.today),
    trace: c.trace,
    citations: c.citations,
    readings: c.readings,
  });
}

/**
 * "专业学了100 公需一点没学": where the notice says the two subjects are completed each on its own, one in surplus
 * while the other is short is told so, with that clause.
 */
function separateSubjects(
  ix: PolicyIndex,
  aggregation: Aggregation[],
  q: ProgressQuery,
  required: Parts,
  remaining: Parts,
  citations: Citation[],
): string[] | undefined {
  const agg = latestInForce(aggregation, q.year);
  if (!agg?.publicNotAsProfessional) return undefined;
  const over = (k: 'public' | 'professional') => (q.done[k] ?? 0) > (required[k] ?? Number.POSITIVE_INFINITY);
  const short = (k: 'public' | 'professional') => (remaining[k] ?? 0) > 0;
  if (!((over('professional') && short('public')) || (over('public') && short('professional')))) return undefined;
  addCitation(citations, ix.cite(agg.source));
  return ['公需、专业两个科目须同时完成，一科超出的学时不能抵另一科。'];
}
