// What is left this year, with pro-rating by months on duty where the notice allows it, and the next deadline.

import { addCitation, latestInForce, type PolicyIndex } from './index-kb';
import { nextDeadline } from './lookups';
import { regionOrError, regionRefusal, requirement } from './requirement';
import type { Citation, ProgressResult } from './types';

export interface ProgressQuery {
  region?: string;
  year: number;
  today: string;
  done: { public?: number; professional?: number; total?: number };
  onDuty?: { reason?: 'maternity' | 'sick' | 'abroad'; monthsOnDuty?: number; monthsAway?: number };
}

const REASON_WORDS: Record<string, string> = { maternity: '产假', sick: '病假', abroad: '公派境外工作' };
const r2 = (n: number) => Math.round(n * 100) / 100;

function scale(n: number | undefined, months: number): number | undefined {
  return n === undefined ? undefined : r2((n * months) / 12);
}

export function progress(ix: PolicyIndex, q: ProgressQuery): ProgressResult {
  const base = { kind: 'progress' as const, region: q.region ?? '', year: q.year, done: q.done, trace: [] as string[] };
  const reg = regionOrError(ix, q.region);
  if (reg.error) return { ...base, citations: [], ...regionRefusal(reg.error) };
  for (const v of Object.values(q.done)) {
    if (v !== undefined && (!Number.isFinite(v) || v < 0))
      return { ...base, status: 'invalid', citations: [], message: '已完成学时不能为负数' };
  }
  const req = requirement(ix, { region: q.region, year: q.year });
  if (req.status !== 'ok') return { ...base, status: req.status, trace: req.trace, citations: req.citations };
  const citations: Citation[] = [...req.citations];
  const trace: string[] = [...req.trace.slice(0, 1)];
  let required = { total: req.total, public: req.public, professional: req.professional };
  let prorated: ProgressResult['prorated'];

  if (q.onDuty && (q.onDuty.reason || q.onDuty.monthsOnDuty !== undefined || q.onDuty.monthsAway !== undefined)) {
    const rule = latestInForce(reg.rules.proration, q.year);
    if (!rule) {
      return {
        ...base,
        status: 'refused',
        citations,
        trace,
        message: `${reg.rules.region.name}${q.year}年的通知没有按在岗时间折算学时的规定，仍需完成全年学时`,
      };
    }
    addCitation(citations, ix.cite(rule.source));
    if (!q.onDuty.reason)
      return {
        ...base,
        status: 'missing',
        citations,
        trace,
        missing: { slot: 'reason', options: rule.reasons.map((x) => x.reason) },
      };
    const reason = rule.reasons.find((x) => x.reason === q.onDuty!.reason);
    if (!reason) {
      return {
        ...base,
        status: 'refused',
        citations,
        trace,
        message: `按通知，只有${rule.reasons.map((x) => x.label).join('、')}可按实际在岗时间折算，${REASON_WORDS[q.onDuty.reason] ?? ''}不在其列`,
      };
    }
    const onDuty =
      q.onDuty.monthsOnDuty ?? (q.onDuty.monthsAway !== undefined ? r2(12 - q.onDuty.monthsAway) : undefined);
    if (onDuty === undefined)
      return { ...base, status: 'missing', citations, trace, missing: { slot: 'monthsOnDuty' } };
    if (onDuty < 0 || onDuty > 12)
      return { ...base, status: 'invalid', citations, trace, message: '在岗月数应在0到12之间' };
    const away = r2(12 - onDuty);
    if (reason.minMonthsAwayExclusive !== undefined && away <= reason.minMonthsAwayExclusive) {
      return {
        ...base,
        status: 'refused',
        citations,
        trace,
        message: `${reason.label}才可按在岗时间折算；您${REASON_WORDS[reason.reason]}${away}个月，未超过${reason.minMonthsAwayExclusive}个月，仍需完成全年学时`,
      };
    }
    required = {
      total: scale(required.total, onDuty),
      public: scale(required.public, onDuty),
      professional: scale(required.professional, onDuty),
    };
    prorated = { monthsOnDuty: onDuty, reason: reason.reason };
    trace.push(
      `${reason.label}，按实际在岗${onDuty}个月折算：${[
        req.public !== undefined ? `公需${req.public}×${onDuty}/12=${required.public}学时` : '',
        req.professional !== undefined ? `专业${req.professional}×${onDuty}/12=${required.professional}学时` : '',
      ]
        .filter(Boolean)
        .join('，')}`,
    );
    if (rule.conditions[0]) trace.push(`条件：${rule.conditions[0]}`);
  }

  const done = q.done;
  const doneTotal = done.total ?? (done.public ?? 0) + (done.professional ?? 0);
  const remaining: ProgressResult['remaining'] = {};
  if (required.public !== undefined && done.public !== undefined)
    remaining.public = r2(Math.max(0, required.public - done.public));
  if (required.professional !== undefined && done.professional !== undefined)
    remaining.professional = r2(Math.max(0, required.professional - done.professional));
  if (
    required.total !== undefined &&
    (done.total !== undefined || done.public !== undefined || done.professional !== undefined)
  )
    remaining.total = r2(Math.max(0, required.total - doneTotal));
  const next = nextDeadline(ix, reg.rules.region.id, q.year, q.today);
  return {
    ...base,
    status: 'ok',
    required,
    remaining,
    prorated,
    nextDeadline: next,
    trace,
    citations,
  };
}
