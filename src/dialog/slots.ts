// Merging what the user says into the open question, the last answer and the profile.
import type { Achievement } from '../domain/vocab';
import type { Command, Slots, YearHours } from '../intents/command';
import { VALUE_NAMES } from '../policy/words';
import type { Session } from './state';

const NUMERIC_SLOTS = new Set(['rank', 'days', 'hours', 'months', 'count']);

/** The fields that carry a value (a spread of `{ reason: undefined }` would erase a reason told before). */
function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function mergeAchievement(base: Achievement, extra: Partial<Achievement>): Achievement {
  const out = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && k !== 'kind') out[k] = v;
  return out as Achievement;
}

/** Fills the awaited slot from the user's answer; returns the merged slots, or undefined if the answer does not fit. */
export function fillAwaited(
  pendingSlots: Slots,
  awaiting: NonNullable<Session['pending']>['awaiting'],
  cmd: Command,
  text: string,
): Slots | undefined {
  const s = cmd.slots;
  const merged: Slots = structuredClone(pendingSlots);
  let filled = false;
  if (s.where?.region || s.where?.uncovered) {
    merged.where = { ...merged.where, ...s.where };
    filled = awaiting.slot === 'region' || filled;
  }
  if (s.year !== undefined) merged.year = s.year;
  if (s.subject) merged.subject = s.subject;
  if (s.level) {
    merged.level = s.level;
    if (awaiting.slot === 'level' && awaiting.item === undefined) filled = true;
  }
  if (s.route) merged.route = s.route;
  if (s.hours?.length) {
    merged.hours = s.hours;
    filled = true;
  }
  if (s.onDuty) {
    merged.onDuty = { ...merged.onDuty, ...definedOnly(s.onDuty) };
    filled = true;
  }
  // a bare figure is the months on duty asked for; "病假请了9个月" already says which months it means
  if (
    awaiting.slot === 'monthsOnDuty' &&
    s.number !== undefined &&
    s.onDuty?.monthsAway === undefined &&
    s.onDuty?.monthsOnDuty === undefined
  ) {
    merged.onDuty = { ...merged.onDuty, monthsOnDuty: s.number };
    filled = true;
  }
  const items = merged.achievements ?? [];
  const idx = awaiting.item ?? 0;
  const target = items[idx];
  if (s.achievements?.length) {
    if (awaiting.slot === 'kind' || items.length === 0) {
      merged.achievements = s.achievements;
      filled = true;
    } else if (target) {
      const same = s.achievements.find((a) => a.kind === target.kind) ?? s.achievements[0]!;
      items[idx] = mergeAchievement(target, same);
      merged.achievements = items;
      filled = filled || Object.keys(same).some((k) => k !== 'kind');
    }
  }
  if (target && s.number !== undefined && NUMERIC_SLOTS.has(awaiting.slot)) {
    items[idx] = { ...items[idx]!, [awaiting.slot]: s.number } as Achievement;
    merged.achievements = items;
    filled = true;
  }
  if (target && s.subject && awaiting.slot === 'subject') {
    items[idx] = { ...items[idx]!, subject: s.subject };
    filled = true;
  }
  // a bare option word ("发明的", "行业") matched against the question's options
  if (target && !filled && awaiting.options?.length) {
    const names = VALUE_NAMES[awaiting.slot] ?? {};
    const plain = text.replace(/[的呀啊吧呢。，！？\s]/g, '');
    for (const opt of awaiting.options) {
      const full = names[opt] ?? opt;
      const name = full.replace(/（.*?）/g, '');
      const core = name.replace(/专利|标准|科目|作者$/g, '');
      // "省级（省部级）" also answers to 省部级; "市级（市州、厅局级）" to 市州, 厅局级
      const fragments = full.split(/[（）、，]/).filter((f) => f.length >= 2);
      if (
        plain &&
        (plain.includes(name) ||
          (core.length >= 2 && plain.includes(core)) ||
          name.startsWith(plain) ||
          fragments.some((f) => plain.includes(f)))
      ) {
        items[idx] = {
          ...items[idx]!,
          [awaiting.slot]: opt === 'true' ? true : opt === 'false' ? false : opt,
        } as Achievement;
        merged.achievements = items;
        filled = true;
        break;
      }
    }
  }
  if (s.level && awaiting.slot === 'level' && target && !filled) filled = true;
  return filled ? merged : undefined;
}

export function remember(session: Session, slots: Slots): void {
  const p = session.profile;
  if (slots.where?.uncovered && !slots.where.region) {
    p.uncovered = slots.where.uncovered;
    p.region = undefined;
    p.place = undefined;
  }
  if (slots.where?.region) {
    p.uncovered = undefined;
    if (p.region !== slots.where.region) p.place = undefined;
    p.region = slots.where.region;
  }
  if (slots.where?.place) p.place = slots.where.place;
  if (slots.level) p.level = slots.level;
  if (slots.route) p.route = slots.route;
  for (const h of slots.hours ?? []) {
    if (h.year === undefined) continue;
    const i = p.hours.findIndex((x) => x.year === h.year);
    const before = i >= 0 ? p.hours[i]! : {};
    if (h.added) {
      // more hours on top of those told before; the sum is written back so a second call changes nothing
      for (const k of ['public', 'professional', 'total'] as const) {
        const v = h[k];
        if (v !== undefined) h[k] = (before[k] ?? 0) + v;
      }
      delete h.added;
    }
    const merged: YearHours = { ...before, ...h };
    if (i >= 0) p.hours[i] = merged;
    else p.hours.push(merged);
  }
  p.hours.sort((a, b) => (a.year ?? 0) - (b.year ?? 0));
  if (p.hours.length > 12) p.hours = p.hours.slice(-12);
}

/** The last question's facts with the user's amendment laid over them. */
export function amendSlots(prev: Slots, fix: Slots): Slots {
  const out = structuredClone(prev);
  if (fix.achievements?.length) {
    const items = out.achievements ?? [];
    for (const a of fix.achievements) {
      const i = items.findIndex((x) => x.kind === a.kind);
      const was = items[i];
      // "2天，每天8小时" then "那3天呢": the hours per day stay, the total follows the days
      if (was && a.days !== undefined && a.hours === undefined && was.days && was.hours !== undefined) {
        a.hours = (was.hours / was.days) * a.days;
      }
      if (i >= 0) items[i] = mergeAchievement(items[i]!, a);
      else if (items.length === 1) items[0] = a;
      else items.push(a);
    }
    out.achievements = items;
  }
  // "如果是7个月呢" after a pro-rating answer: the same kind of months as before
  if (fix.number !== undefined && !out.achievements?.length && out.onDuty && !fix.onDuty) {
    if (out.onDuty.monthsAway !== undefined) out.onDuty = { ...out.onDuty, monthsAway: fix.number };
    else out.onDuty = { ...out.onDuty, monthsOnDuty: fix.number };
  }
  if (fix.number !== undefined && out.achievements?.[0]) {
    const a = out.achievements[0];
    const slot =
      a.rank !== undefined
        ? 'rank'
        : a.days !== undefined
          ? 'days'
          : a.hours !== undefined
            ? 'hours'
            : a.months !== undefined
              ? 'months'
              : 'count';
    out.achievements[0] = { ...a, [slot]: fix.number };
  }
  if (fix.where?.region || fix.where?.uncovered) out.where = fix.where;
  if (fix.year !== undefined) out.year = fix.year;
  if (fix.level) out.level = fix.level;
  if (fix.route) out.route = fix.route;
  if (fix.hours?.length) out.hours = fix.hours;
  if (fix.onDuty) out.onDuty = { ...out.onDuty, ...definedOnly(fix.onDuty) };
  if (fix.subject) {
    out.subject = fix.subject;
    for (const a of out.achievements ?? []) a.subject = fix.subject;
  }
  return out;
}
