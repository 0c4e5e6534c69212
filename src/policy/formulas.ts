// Formulas of the conversion rules: what each needs, what it gives, and what it says in words.
import type { Achievement } from '../domain/vocab';
import { requirementTotal } from './requirement';
import type { Formula, Requirement } from './schema';
import type { AnswerCase } from './types';
import { formatHours } from './words';

export const round = (n: number) => Math.round(n * 100) / 100;

/** The slot a formula still needs from the user, if any. */
export function formulaNeeds(f: Formula, a: Achievement): string | undefined {
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
    // "按实际学时登记，不超过8学时/天": the hours worked are the figure; days alone give only a ceiling
    case 'documentedMaxPerDay':
      return a.hours === undefined ? 'hours' : undefined;
    case 'perMonth':
      return a.months === undefined ? 'months' : undefined;
    default:
      return undefined;
  }
}

export type YearPart = 'total' | 'public' | 'professional' | 'both';
const PART_WORDS: Record<YearPart, string> = {
  total: '全部',
  public: '公需科目全部',
  professional: '专业科目全部',
  both: '公需和专业科目全部',
};

export interface YearPartValue {
  hours: number | null;
  text: string;
  split?: Array<{ subject: 'public' | 'professional' | 'either'; hours: number | null }>;
}

/** "视同完成当年专业科目全部学时（60学时）", from the requirement of the year (if recorded). */
export function yearPart(req: Requirement | undefined, year: number, part: YearPart): YearPartValue {
  const name = PART_WORDS[part];
  if (!req) return { hours: null, text: `视同完成${year}年${name}学时（该年度要求暂未收录）` };
  if (part === 'both') {
    const pub = req.public ?? null;
    const prof = req.professional ?? null;
    return {
      hours: requirementTotal(req) ?? null,
      text: `视同完成${year}年${name}学时（公需${pub ?? '—'}、专业${prof ?? '—'}学时）`,
      split: [
        { subject: 'public', hours: pub },
        { subject: 'professional', hours: prof },
      ],
    };
  }
  const h = part === 'total' ? requirementTotal(req) : req[part];
  const text = `视同完成${year}年${name}学时${h !== undefined ? `（${h}学时）` : ''}`;
  // the whole year done is each part of it done: 专业 60 of 安徽's 90, the rest of either subject
  if (part === 'total' && h !== undefined && req.professional !== undefined) {
    const rest = req.public !== undefined ? 'public' : 'either';
    const split: YearPartValue['split'] = [
      { subject: 'professional', hours: req.professional },
      { subject: rest, hours: req.public ?? h - req.professional },
    ];
    return { hours: h, text, split };
  }
  return { hours: h ?? null, text };
}

export function formatDays(d: number): string {
  if (d === 0.5) return '半天';
  return Number.isInteger(d) ? `${d}天` : `${Math.floor(d)}天半`;
}

function bandName(lo: number, maxRank: number | undefined): string {
  if (maxRank === undefined) return `第${lo}名及以后`;
  return lo === maxRank ? `第${lo}名` : `第${lo}–${maxRank}名`;
}

/** The figure of a formula in words, per unit (每篇10学时, 第1–3名60学时…). */
export function describeFormula(
  f: Formula,
  perItem: boolean,
  req: Requirement | undefined,
  year: number,
  unit = '项',
): string {
  const each = perItem ? `每${unit}` : '';
  switch (f.type) {
    case 'fixed':
      return f.bonus ? `${each}${f.hours}学时，另加${f.bonus}学时` : `${each}${f.hours}学时`;
    case 'rankBands': {
      let lo = 1;
      const parts: string[] = [];
      for (const b of f.bands) {
        parts.push(`${bandName(lo, b.maxRank)}${b.hours}学时`);
        if (b.maxRank !== undefined) lo = b.maxRank + 1;
      }
      return `${each}按排名：${parts.join('，')}`;
    }
    case 'rankStep': {
      const first = typeof f.first === 'number' ? `${f.first}学时` : yearPart(req, year, f.first.requirement).text;
      return `${each}第一名${first}，每靠后一位减${f.step}学时`;
    }
    case 'perDay':
      return `每天${f.hoursPerDay}学时${f.halfDay !== undefined ? `（不足1天按${f.halfDay}学时）` : ''}`;
    case 'perHour':
      return f.multiplier === 1 ? '按实际学时（时长）认定' : `按实际时间的${f.multiplier}倍计算`;
    case 'documentedOrPerItem':
      return `按标定的学时认定；没有标定学时的每个${f.hoursPerItem}学时`;
    case 'documentedOrPerDay':
      return `按文件或证书明确的学时认定；不明确的每天${f.hoursPerDay}学时`;
    case 'documentedMaxPerDay':
      return `按实际学时认定，每天不超过${f.maxPerDay}学时`;
    case 'upTo':
      return `当年最多${f.max}学时（具体以认定的学时为准）`;
    case 'perMonth':
      return `每年${f.annual}学时，不足一年按月份比例计算`;
    case 'yearRequirement':
      return yearPart(req, year, f.part).text;
    case 'statement':
      return f.text;
  }
}

/** One case, every field in place (one shape for all cases: object spreads are slow in the answer path). */
export function answerCase(
  slot: string,
  label: string,
  f: Partial<Omit<AnswerCase, 'slot' | 'label'>> = {},
): AnswerCase {
  return {
    slot,
    values: f.values,
    label,
    hours: f.hours ?? null,
    max: f.max,
    statement: f.statement,
    subject: f.subject,
    required: f.required,
    ruleId: f.ruleId,
    citation: f.citation,
    none: f.none,
    total: f.total,
  };
}

/** Cases for a formula that still needs a slot: one per rank band, or the ceiling the days allow. */
export function formulaCases(
  f: Formula,
  a: Achievement,
  count: number,
  slot: string,
  base: Pick<AnswerCase, 'ruleId' | 'citation' | 'subject'>,
  words: string,
): AnswerCase[] {
  if (f.type === 'rankBands') {
    let lo = 1;
    return f.bands.map((b) => {
      const c = answerCase(slot, bandName(lo, b.maxRank), {
        ...base,
        values: b.maxRank === undefined ? undefined : range(lo, b.maxRank),
        hours: round(b.hours * count),
      });
      if (b.maxRank !== undefined) lo = b.maxRank + 1;
      return c;
    });
  }
  if (f.type === 'rankStep' && typeof f.first === 'number') {
    const first = f.first;
    const out: AnswerCase[] = [1, 2, 3].map((r) =>
      answerCase(slot, `第${r}名`, {
        ...base,
        values: [r],
        hours: round(Math.max(f.floor, first - f.step * (r - 1)) * count),
      }),
    );
    out.push(answerCase(slot, '以此类推', { ...base, statement: `每靠后一位减${f.step}学时` }));
    return out;
  }
  if (f.type === 'documentedMaxPerDay' && a.days !== undefined) {
    const max = round(a.days * f.maxPerDay);
    return [
      answerCase(slot, `按实际学时登记（${formatDays(a.days)}）`, {
        ruleId: base.ruleId,
        citation: base.citation,
        subject: base.subject,
        max,
        statement: `最多${formatHours(max)}（每天不超过${f.maxPerDay}学时）`,
      }),
    ];
  }
  return [
    answerCase(slot, '计算方法', {
      ruleId: base.ruleId,
      citation: base.citation,
      subject: base.subject,
      statement: words,
    }),
  ];
}

function range(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let i = lo; i <= hi; i++) out.push(i);
  return out;
}

export interface Computed {
  hours: number | null;
  statement?: string;
  max?: number;
  steps: string[];
  /** a second part for 'both' (public and professional each their full year) */
  split?: YearPartValue['split'];
}

function times(h: number, what: string, count: number): Computed {
  if (count === 1) return { hours: h, steps: [`${what} → ${formatHours(h)}`] };
  return { hours: round(h * count), steps: [`${what} → 每项${formatHours(h)} × ${count}项 = ${round(h * count)}`] };
}

/** The hours of one rule for one achievement (its formula's slots are all known). */
export function compute(
  f: Formula,
  label: string,
  a: Achievement,
  count: number,
  req: Requirement | undefined,
  year: number,
): Computed {
  switch (f.type) {
    case 'fixed': {
      const h = f.hours + (f.bonus ?? 0);
      return times(h, f.bonus ? `${label}：${f.hours}学时另加${f.bonus}学时` : label, count);
    }
    case 'rankBands': {
      const rank = a.rank!;
      let lo = 1;
      for (const b of f.bands) {
        if (b.maxRank === undefined || rank <= b.maxRank)
          return times(b.hours, `${label}排第${rank} → ${bandName(lo, b.maxRank)}档`, count);
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
        const y = yearPart(req, year, f.first.requirement);
        first = y.hours;
        firstText = `第一名${y.text}`;
      }
      if (first === null) return { hours: null, statement: firstText, steps: [`${label}：${firstText}`] };
      const h = Math.max(f.floor, first - f.step * (rank - 1));
      const step =
        rank === 1
          ? `${label}排第1 → ${firstText}`
          : `${label}排第${rank} → ${firstText}，每靠后一位减${f.step}学时 → ${first} − ${f.step}×${rank - 1} = ${formatHours(h)}`;
      return count === 1 ? { hours: h, steps: [step] } : { hours: round(h * count), steps: [`${step}，共${count}项`] };
    }
    case 'perDay': {
      const days = a.days!;
      const whole = Math.floor(days);
      const part = round(days - whole);
      let h: number;
      let text: string;
      if (part > 0 && f.halfDay !== undefined) {
        h = whole * f.hoursPerDay + f.halfDay;
        text = `${label}${formatDays(days)}：${whole}天 × 每天${f.hoursPerDay}学时，不足1天按${f.halfDay}学时 = ${formatHours(h)}`;
      } else {
        h = round(days * f.hoursPerDay);
        text = `${label}${formatDays(days)} × 每天${f.hoursPerDay}学时 = ${formatHours(h)}`;
      }
      return { hours: round(h * count), steps: [text] };
    }
    case 'perHour': {
      const h = round(a.hours! * f.multiplier);
      const text =
        f.multiplier === 1
          ? `${label}${a.hours}学时 → ${formatHours(h)}`
          : `${label}${a.hours}小时 × ${f.multiplier} = ${formatHours(h)}`;
      return { hours: h, steps: [text] };
    }
    case 'documentedOrPerItem': {
      if (a.hours !== undefined) return { hours: a.hours, steps: [`${label}：按标定的${a.hours}学时认定`] };
      const n = a.count ?? 1;
      const h = round(n * f.hoursPerItem);
      return { hours: h, steps: [`${label}：没有标定学时，${n}个 × 每个${f.hoursPerItem}学时 = ${formatHours(h)}`] };
    }
    case 'documentedOrPerDay': {
      if (a.hours !== undefined) return { hours: a.hours, steps: [`${label}：按文件或证书明确的${a.hours}学时认定`] };
      const h = round(a.days! * f.hoursPerDay);
      return { hours: h, steps: [`${label}${formatDays(a.days!)} × 每天${f.hoursPerDay}学时 = ${formatHours(h)}`] };
    }
    case 'documentedMaxPerDay': {
      const hours = a.hours!;
      if (a.days !== undefined) {
        const max = round(a.days * f.maxPerDay);
        if (hours > max)
          return {
            hours: max,
            steps: [
              `${label}实际${hours}，但每天不超过${f.maxPerDay}学时：${formatDays(a.days)} × ${f.maxPerDay} = ${formatHours(max)}`,
            ],
          };
      }
      return { hours, steps: [`${label}按实际${hours}学时登记（每天不超过${f.maxPerDay}学时）`] };
    }
    case 'upTo': {
      if (a.hours === undefined)
        return {
          hours: null,
          max: f.max,
          statement: `最多${formatHours(f.max)}`,
          steps: [`${label}：当年最多折算${formatHours(f.max)}，是上限而不是固定值，具体以认定的学时为准`],
        };
      const h = Math.min(a.hours, f.max);
      return {
        hours: h,
        steps: [
          a.hours > f.max
            ? `${label}认定${a.hours}学时，超过当年最多${f.max}学时，按${formatHours(f.max)}计`
            : `${label}按认定的${a.hours}学时计（当年最多${f.max}学时）`,
        ],
      };
    }
    case 'perMonth': {
      const months = Math.min(a.months!, 12);
      const h = round((f.annual * months) / 12);
      const text =
        months >= 12
          ? `${label}满一年 → ${formatHours(f.annual)}`
          : `${label}${months}个月 → 每年${f.annual}学时 × ${months}/12 = ${formatHours(h)}`;
      return { hours: h, steps: [text] };
    }
    case 'yearRequirement': {
      const y = yearPart(req, year, f.part);
      return { hours: y.hours, statement: y.text, steps: [`${label} → ${y.text}`], split: y.split };
    }
    case 'statement':
      return { hours: null, statement: f.text, steps: [`${label} → ${f.text}`] };
  }
}
