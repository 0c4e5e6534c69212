// Merging facts: a turn's facts into the open question, a correction into the last answer, the profile's memory.
import type { Achievement } from '../domain/vocab';
import type { YearHours } from '../intents/command';
import { VALUE_NAMES } from '../policy/words';
import { type Turn, toldAnything } from './commands';
import { type Facts, type Frame, type Pending, SELF, type Session } from './state';

const ITEM_NUMBERS = new Set(['rank', 'count', 'days', 'hours', 'months']);
const DUTY_NUMBERS = new Set(['monthsOnDuty', 'monthsAway']);
/** conditions of pro-rating asked as yes / no (因公派出, 因受伤、患重病) */
const DUTY_FLAGS = new Set(['official', 'serious']);

function clone<T>(x: T): T {
  return structuredClone(x);
}

/** The facts a turn adds to a question: every fact told replaces the one of the same name. */
export function overlay(base: Facts, add: Facts): Facts {
  const out = clone(base);
  if (add.where) out.where = add.where;
  if (add.year !== undefined) out.year = add.year;
  if (add.subject) out.subject = add.subject;
  if (add.level) out.level = add.level;
  if (add.route) out.route = add.route;
  if (add.flags?.length) out.flags = add.flags;
  if (add.hours?.length) out.hours = mergeHours(out.hours ?? [], add.hours);
  if (add.onDuty) out.onDuty = { ...out.onDuty, ...defined(add.onDuty) };
  return out;
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Hours by year: a new figure replaces the old one of its year, or adds to it when told as more (再学15). */
export function mergeHours(base: YearHours[], add: YearHours[]): YearHours[] {
  const out = base.map((h) => ({ ...h }));
  for (const h of add) {
    const i = out.findIndex((x) => x.year === h.year);
    const before = i >= 0 ? out[i]! : {};
    const next: YearHours = { ...before };
    for (const k of ['public', 'professional', 'total'] as const) {
      const v = h[k];
      if (v !== undefined) next[k] = h.added ? (before[k] ?? 0) + v : v;
    }
    if (h.year !== undefined) next.year = h.year;
    // a public figure told plainly is the whole; told by its parts, the parts finished before still count
    if (h.public !== undefined && !h.byParts && !h.added) {
      delete next.partsDone;
      delete next.byParts;
      delete next.parts;
    } else if (h.public !== undefined) next.byParts = h.byParts;
    // "必修10学完了" then "自选课学了15": the parts told over turns add up, a part told again replaces itself
    if (h.parts && !h.added) {
      const parts = { ...(before.byParts ? before.parts : {}), ...h.parts };
      next.parts = parts;
      next.public = (parts.required ?? 0) + (parts.elective ?? 0);
    }
    if (h.partsDone?.length) next.partsDone = [...new Set([...(before.partsDone ?? []), ...h.partsDone])];
    if (i >= 0) out[i] = next;
    else out.push(next);
  }
  return out.sort((a, b) => (a.year ?? 0) - (b.year ?? 0)).slice(-12);
}

/**
 * Items told about items asked before. A correction or a follow-up replaces exactly the slots it names in the item
 * of the same kind ("不对，是第3名", "那实用新型呢"); more (另外 / 还有) adds items.
 */
export function amendItems(base: Facts, add: Facts, mode: 'replace' | 'add'): Facts {
  const out = clone(base);
  add.items.forEach((item, i) => {
    const words = add.itemWords[i] ?? {};
    // "能和他的专利加一起吗": an activity named again with nothing new is the one told before
    if (mode === 'add' && Object.keys(item).length === 1 && out.items.some((x) => x.kind === item.kind)) return;
    // "那再加半天呢", "再加两篇": only a quantity of the kind told before adds to it
    if (mode === 'add' && addQuantity(out, item)) return;
    const at = mode === 'add' ? -1 : targetOf(out.items, item);
    if (at < 0) {
      out.items.push({ ...item });
      out.itemWords.push({ ...words });
      return;
    }
    const target = { ...out.items[at]! } as Record<string, unknown>;
    for (const [k, v] of Object.entries(item)) if (v !== undefined && k !== 'kind') target[k] = v;
    // "那3天呢" after "2天，每天8小时": the hours per day stay, the total follows the days
    const was = out.items[at]!;
    if (item.days !== undefined && item.hours === undefined && was.days && was.hours !== undefined)
      target.hours = (was.hours / was.days) * item.days;
    if (item.perDay !== undefined && (item.days ?? was.days) !== undefined) {
      target.hours = item.perDay * ((item.days ?? was.days) as number);
      delete target.perDay;
    }
    out.items[at] = target as Achievement;
    out.itemWords[at] = { ...out.itemWords[at], ...words };
  });
  return out;
}

const QUANTITIES = ['days', 'hours', 'count', 'months'] as const;

function addQuantity(facts: Facts, item: Achievement): boolean {
  const keys = Object.keys(item).filter((k) => k !== 'kind' && (item as Record<string, unknown>)[k] !== undefined);
  if (keys.length !== 1 || !(QUANTITIES as readonly string[]).includes(keys[0]!)) return false;
  const k = keys[0] as (typeof QUANTITIES)[number];
  const at = facts.items.map((x) => x.kind).lastIndexOf(item.kind);
  if (at < 0) return false;
  const was = facts.items[at]!;
  const base = was[k] ?? (k === 'count' ? 1 : undefined);
  if (base === undefined) return false;
  facts.items[at] = { ...was, [k]: base + (item[k] as number) };
  return true;
}

/** The item a follow-up or correction is about: the only one, or the one of its kind that differs least. */
function targetOf(items: Achievement[], item: Achievement): number {
  const same = items.map((x, i) => ({ x, i })).filter(({ x }) => x.kind === item.kind);
  if (same.length === 0) return items.length === 1 && item.kind === items[0]!.kind ? 0 : -1;
  if (same.length === 1) return same[0]!.i;
  let best = same[same.length - 1]!;
  let fewest = Number.POSITIVE_INFINITY;
  for (const s of same) {
    const diff = Object.entries(item).filter(
      ([k, v]) =>
        k !== 'kind' && (s.x as Record<string, unknown>)[k] !== undefined && (s.x as Record<string, unknown>)[k] !== v,
    ).length;
    if (diff < fewest) {
      fewest = diff;
      best = s;
    }
  }
  return best.i;
}

/** The open question with the turn's answer in it; undefined when the turn does not answer it. */
export function fillAwaited(p: Pending, turn: Turn): Frame | undefined {
  const frame = clone(p.frame);
  const slot = p.awaiting.slot;
  const told = turn.facts;
  frame.facts = overlay(frame.facts, { ...told, items: [], itemWords: [] });
  const idx = p.awaiting.item ?? 0;
  const target = frame.facts.items[idx];
  let filled = false;
  if (slot === 'region') {
    filled = !!(told.where?.region || told.where?.uncovered);
    if (filled) frame.answeredRegion = true;
  } else if (slot === 'kind') {
    if (told.items.length) {
      frame.facts.items = clone(told.items);
      frame.facts.itemWords = clone(told.itemWords);
      filled = true;
    }
  } else if (slot === 'year') filled = told.year !== undefined;
  else if (slot === 'level' && !p.awaiting.kind) filled = !!told.level || optionValue(p, turn) !== undefined;
  else if (DUTY_NUMBERS.has(slot)) filled = fillDuty(frame, slot, turn);
  else if (slot === 'reason') filled = !!told.onDuty?.reason;
  else if (DUTY_FLAGS.has(slot)) filled = fillDutyFlag(frame, slot as 'official' | 'serious', p, turn);
  else if (slot === 'hours' && !p.awaiting.kind) filled = !!told.hours?.length;
  else if (slot === 'numberRole') filled = fillNumberRole(frame, p, turn);
  else if (target) filled = fillItem(frame.facts, idx, slot, turn, p);
  if (!filled && slot === 'level' && !p.awaiting.kind) {
    const v = optionValue(p, turn);
    if (v !== undefined) frame.facts.level = v as Facts['level'];
  }
  if (slot === 'level' && !p.awaiting.kind && told.level) frame.facts.level = told.level;
  // the item's details told along the answer ("在青海，排名第6", "青海，今年发了2篇") amend it; other kinds join
  if (filled && slot !== 'kind' && told.items.length) frame.facts = amendItems(frame.facts, told, 'replace');
  return filled ? frame : undefined;
}

/** "排名" / "数量": the number told before goes where the user says. */
function fillNumberRole(frame: Frame, p: Pending, turn: Turn): boolean {
  const role = turn.answer?.value;
  const item = frame.facts.items[p.awaiting.item ?? 0];
  if ((role !== 'rank' && role !== 'count') || !item || p.awaiting.value === undefined) return false;
  (item as Record<string, unknown>)[role] = p.awaiting.value;
  return true;
}

function fillDuty(frame: Frame, slot: string, turn: Turn): boolean {
  const d = turn.facts.onDuty;
  const told = slot === 'monthsOnDuty' ? d?.monthsOnDuty : d?.monthsAway;
  // "病假请了9个月" for the months on duty: the months told are the months away, said as such
  const saidOther = slot === 'monthsOnDuty' ? d?.monthsAway !== undefined : d?.monthsOnDuty !== undefined;
  const n = told ?? (!saidOther && typeof turn.answer?.value === 'number' ? turn.answer.value : undefined);
  if (n === undefined && !d) return false;
  frame.facts.onDuty = { ...frame.facts.onDuty, ...defined(d ?? {}) };
  if (n !== undefined) (frame.facts.onDuty as Record<string, unknown>)[slot] = n;
  return true;
}

/** "是因公派出的" / "不是重病": the condition told, or yes / no to it. */
function fillDutyFlag(frame: Frame, slot: 'official' | 'serious', p: Pending, turn: Turn): boolean {
  const d = turn.facts.onDuty;
  const told = d?.[slot];
  const v = told ?? optionValue(p, turn);
  if (typeof v !== 'boolean') return false;
  frame.facts.onDuty = { ...frame.facts.onDuty, ...defined(d ?? {}), [slot]: v };
  return true;
}

function fillItem(facts: Facts, idx: number, slot: string, turn: Turn, p: Pending): boolean {
  const target = { ...facts.items[idx]! } as Record<string, unknown>;
  const same = turn.facts.items.find((x) => x.kind === target.kind) ?? turn.facts.items[0];
  if (same && (same as Record<string, unknown>)[slot] !== undefined) {
    for (const [k, v] of Object.entries(same)) if (k !== 'kind' && v !== undefined) target[k] = v;
  } else if (ITEM_NUMBERS.has(slot) && typeof turn.answer?.value === 'number') target[slot] = turn.answer.value;
  else {
    const v = optionValue(p, turn);
    if (v === undefined) return false;
    target[slot] = v;
  }
  facts.items[idx] = target as Achievement;
  facts.itemWords[idx] = { ...facts.itemWords[idx], [slot]: turn.answer?.words ?? turn.reading.text };
  return true;
}

/** The option the answer names: a value read by the reader, yes / no, or the option's own words in the text. */
function optionValue(p: Pending, turn: Turn): string | boolean | undefined {
  const options = p.awaiting.options ?? [];
  // "不对 病假是10个月": a correction of what was told, not a no to the question
  const a = turn.correct && toldAnything(turn.facts) ? undefined : turn.answer?.value;
  if (typeof a === 'boolean' && (options.length === 0 || options.includes(String(a)))) return a;
  // "是" / "不是" to a question about the one case that counts ("请问是省级及以上有关主管部门举办的吗？")
  if (typeof a === 'boolean' && options.length === 1) {
    const only = options[0]!;
    if (only === 'true' || only === 'false') return (only === 'true') === a;
    return a ? only : p.awaiting.slot === 'level' ? 'other' : undefined;
  }
  // a value the reader read for this slot ("海西州州长" → city) answers it, listed among the options or not
  if (typeof a === 'string') return a;
  const plain = turn.reading.text.replace(/[\p{P}\s]/gu, '');
  if (!plain) return undefined;
  const names = VALUE_NAMES[p.awaiting.slot] ?? {};
  for (const opt of options) {
    const full = names[opt] ?? opt;
    const parts = full.split(/[（）、，]/u).filter((f) => f.length >= 2);
    if (plain.includes(full) || parts.some((f) => plain.includes(f)) || (plain.length >= 2 && full.startsWith(plain)))
      return opt === 'true' ? true : opt === 'false' ? false : opt;
  }
  return undefined;
}

/** What the user told about themselves (or the person talked about) is kept for later questions. */
export function remember(session: Session, frame: Frame): void {
  const f = frame.facts;
  const p = session.profile;
  if (f.where?.uncovered && !f.where.region) {
    p.uncovered = f.where.uncovered;
    p.region = undefined;
    p.place = undefined;
  }
  if (f.where?.region) {
    p.uncovered = undefined;
    if (p.region !== f.where.region) p.place = undefined;
    p.region = f.where.region;
    if (f.where.place) p.place = f.where.place;
  }
  if (frame.hypothetical) return;
  const who = frame.person === SELF ? p : session.people[frame.person];
  if (!who) return;
  if (f.level) who.level = f.level;
  if (f.route) who.route = f.route;
}
