// Conditions of a rule (`when`) compiled once at load, matched against an achievement's slots, and put in words.
import { Achievement, type AchievementSlot, OnDutyReason, SLOT_DEFAULTS } from '../domain/vocab';
import type { When, WhenCondition, WhenRange } from './schema';
import { SLOT_NAMES, VALUE_NAMES } from './words';

export type CondValue = string | number | boolean;

/** One compiled condition: a set of values, or a numeric range. */
export interface Cond {
  slot: string;
  /** allowed values, in the order the knowledge lists them */
  list?: CondValue[];
  set?: Set<CondValue>;
  range?: WhenRange;
}

/** Values that only narrow down to one of several (a coauthor whose position is unknown, 省级 without the department). */
export const UNDERSPECIFIED: Record<string, Record<string, CondValue[]>> = {
  authorship: { coauthor: ['first', 'corresponding', 'other'] },
  paper: { presented: ['short', 'long'] },
  // 省级 is a level of its own (省级标准), and also what a user says of 省级人社部门 or 省级行业部门
  level: { provincial: ['provincial_hr', 'provincial_joint', 'provincial_industry'] },
};
/** Underspecified values that are no value of their own. */
const NARROW_ONLY = new Set(['authorship:coauthor', 'paper:presented']);

export function isRange(c: WhenCondition): c is WhenRange {
  return typeof c === 'object' && c !== null && !Array.isArray(c);
}

export function compileWhen(when: When): Cond[] {
  return Object.entries(when).map(([slot, c]) => {
    if (isRange(c)) return { slot, range: c };
    const list = Array.isArray(c) ? c : [c];
    return { slot, list, set: new Set(list) };
  });
}

export function inRange(n: number, r: WhenRange): boolean {
  return (
    (r.min === undefined || n >= r.min) &&
    (r.max === undefined || n <= r.max) &&
    (r.minExclusive === undefined || n > r.minExclusive) &&
    (r.maxExclusive === undefined || n < r.maxExclusive)
  );
}

/** The value of a slot, what follows from another slot told, or its neutral default (count 1); else undefined.
 * What follows: an event at a level of the Chinese administration (省级学术会议, 单位培训) is held at home. */
export function slotValue(a: Record<string, unknown>, slot: string): unknown {
  const v = a[slot];
  if (v !== undefined) return v;
  if (slot === 'abroad' && a.level !== undefined) return false;
  return SLOT_DEFAULTS[slot as AchievementSlot];
}

export type Outcome = 'yes' | 'no' | 'unknown';

export function test(c: Cond, v: unknown): Outcome {
  if (v === undefined) return 'unknown';
  if (c.range) return typeof v === 'number' && inRange(v, c.range) ? 'yes' : 'no';
  if (c.set!.has(v as CondValue)) return 'yes';
  const narrowed = UNDERSPECIFIED[c.slot]?.[String(v)];
  if (narrowed?.some((n) => c.set!.has(n))) return 'unknown';
  return 'no';
}

/** The closed set of values a slot can take (enums and booleans), derived from the vocabulary's schema. */
export const SLOT_DOMAINS: Record<string, CondValue[]> = (() => {
  const out: Record<string, CondValue[]> = {};
  for (const [k, v] of Object.entries(Achievement.shape)) {
    const inner = ('unwrap' in v ? (v as { unwrap(): unknown }).unwrap() : v) as {
      def: { type: string };
      options?: string[];
    };
    if (inner.def.type === 'enum' && inner.options) {
      // values that only narrow down to others are not values of their own
      out[k] = inner.options.filter((o) => !NARROW_ONLY.has(`${k}:${o}`));
    } else if (inner.def.type === 'boolean') out[k] = [true, false];
  }
  out.official = [true, false];
  out.serious = [true, false];
  out.reason = [...OnDutyReason.options];
  return out;
})();

const UNITS: Record<string, string> = { months: '个月', days: '天', hours: '学时', rank: '名', count: '项' };

export function rangeWords(slot: string, r: WhenRange): string {
  const u = UNITS[slot] ?? '';
  const parts: string[] = [];
  if (r.min !== undefined) parts.push(slot === 'months' && r.min === 12 ? '满1年（12个月）以上' : `满${r.min}${u}以上`);
  if (r.minExclusive !== undefined) parts.push(`超过${r.minExclusive}${u}`);
  if (r.max !== undefined) parts.push(`不超过${r.max}${u}`);
  if (r.maxExclusive !== undefined) parts.push(`不足${r.maxExclusive}${u}`);
  return parts.join('、');
}

/** The complement of a range in words ("不满1年"), for the case no rule covers. */
export function rangeComplementWords(slot: string, r: WhenRange): string {
  const u = UNITS[slot] ?? '';
  if (r.min !== undefined) return slot === 'months' && r.min === 12 ? '不满1年' : `不满${r.min}${u}`;
  if (r.minExclusive !== undefined) return `不超过${r.minExclusive}${u}`;
  if (r.max !== undefined) return `超过${r.max}${u}`;
  return `${r.maxExclusive}${u}及以上`;
}

export function valueWords(slot: string, v: CondValue): string {
  return VALUE_NAMES[slot]?.[String(v)] ?? String(v);
}

/** A condition in words: "省级、国家级" / "满1年（12个月）以上". */
export function condWords(c: Cond): string {
  if (c.range) return rangeWords(c.slot, c.range);
  return c.list!.map((v) => valueWords(c.slot, v)).join('、');
}

/** The name of what lies outside every rule for a slot: "其他级别" / "未结题" / "不满1年". */
export function otherWords(slot: string, values: CondValue[]): string {
  if (values.length === 1) return valueWords(slot, values[0]!);
  const noun = (SLOT_NAMES[slot] ?? '').replace(/^是否|情况$/g, '');
  return `其他${noun || '情况'}`;
}
