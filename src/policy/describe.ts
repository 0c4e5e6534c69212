// The rules of an activity kind in words, without any slot: figure per unit, subject, caps and conditions, each with
// its clause. Answers "论文每年最多能算多少" and "算公需还是专业".
import type { ActivityKind } from '../domain/vocab';
import { describeFormula } from './formulas';
import { addCitation, addReadings, latestInForce, type PolicyIndex, type RuleInfo } from './index-kb';
import { regionOrError, regionRefusal } from './requirement';
import type { Aggregation } from './schema';
import type { Citation, KindResult, KindRuleInfo, ReadingNote } from './types';
import { KIND_NAMES, UNIT_BY_KIND } from './words';

const SUBJECT_TEXT = {
  public: '计入公需科目',
  professional: '计入专业科目',
  both: '公需科目、专业科目同时认定',
};

function subjectText(info: RuleInfo, agg: Aggregation | undefined): string {
  const s = info.rule.subject;
  if (s !== 'either') return SUBJECT_TEXT[s];
  if (info.rule.alternative) return '可选择抵扣公需科目或专业科目，二选一，不可重复抵扣';
  if (agg?.subjectChoice && !agg.except.includes(info.rule.id)) return agg.subjectChoice.summary;
  return '公需科目或专业科目，由本人按需选择';
}

export function describeKind(ix: PolicyIndex, q: { region?: string; year: number; kind: ActivityKind }): KindResult {
  const base = {
    kind: 'kind' as const,
    region: q.region ?? '',
    year: q.year,
    activity: q.kind,
    rules: [] as KindRuleInfo[],
    trace: [] as string[],
    citations: [] as Citation[],
    readings: [] as ReadingNote[],
  };
  const r = regionOrError(ix, q.region);
  if (r.error) return { ...base, ...regionRefusal(r.error) };
  const rules = r.rules;
  const name = KIND_NAMES[q.kind] ?? q.kind;
  const list = rules.candidates(q.kind, q.year);
  if (list.length === 0) {
    const all = rules.byActivity.get(q.kind) ?? [];
    const later = all.filter((x) => x.rule.from > q.year).sort((a, b) => a.rule.from - b.rule.from)[0];
    if (later) {
      return {
        ...base,
        status: 'not_yet_in_force',
        introducedIn: later.rule.from,
        message: `${later.rule.label}的折算规定自${later.rule.from}年起执行，${q.year}年不适用`,
        citations: [later.cite],
      };
    }
    const newest = Math.max(...rules.noticeYears);
    if (all.length && q.year > newest)
      return { ...base, status: 'not_recorded', message: `暂未收录${rules.region.name}${q.year}年的折算规定` };
    return { ...base, status: 'no_rule', message: `${rules.region.name}的通知中没有${name}的学时折算规定` };
  }
  const agg = latestInForce(rules.aggregation, q.year);
  const req = latestInForce(rules.requirements, q.year);
  const citations: Citation[] = [];
  const readings: ReadingNote[] = [];
  const unit = UNIT_BY_KIND[q.kind] ?? '项';
  const infos: KindRuleInfo[] = list.map((info) => {
    const rule = info.rule;
    addCitation(citations, info.cite);
    addReadings(readings, rule.id, rule.readings);
    const caps = info.cap ? [{ id: info.cap.id, hours: info.cap.hours, per: info.cap.per, label: info.cap.label }] : [];
    if (info.cap) {
      addCitation(citations, ix.cite(info.cap.source));
      addReadings(readings, info.cap.id, info.cap.readings);
    }
    const out: KindRuleInfo = {
      ruleId: rule.id,
      label: rule.label,
      figure: describeFormula(rule.formula, rule.perItem, req, q.year, unit),
      subject: rule.subject,
      subjectText: subjectText(info, agg),
      caps,
      conditions: rule.conditions,
      from: rule.from,
      citation: info.cite,
    };
    if (info.conds.length) out.when = rule.conditionLabel ?? rule.label;
    if (rule.to !== undefined) out.to = rule.to;
    if (rule.alternative) out.alternative = rule.alternative;
    return out;
  });
  let oneItemAYear: string | undefined;
  let subjectChoice: string | undefined;
  if (agg?.mode === 'highest' && list.some((x) => !agg.except.includes(x.rule.id))) {
    oneItemAYear = '每个年度认定仅能选择一项（由本人选择学时最高的一项），不重复累计认定';
    addCitation(citations, ix.cite(agg.source));
  }
  if (agg?.subjectChoice && list.some((x) => x.rule.subject === 'either' && !x.rule.alternative)) {
    subjectChoice = agg.subjectChoice.summary;
    addCitation(citations, ix.cite(agg.subjectChoice.source));
  }
  return {
    kind: 'kind',
    status: 'ok',
    region: base.region,
    year: q.year,
    activity: q.kind,
    rules: infos,
    oneItemAYear,
    subjectChoice,
    introducedIn: undefined,
    readings,
    trace: [],
    citations,
  };
}
