// Facts of a message besides items: where, years, hours told by subject and year, months on duty, the title
// asked about, the people talked about. Read over atoms, never over words.
import type { EligibilityFlag, OnDutyReason, TitleLevel, TitleRoute } from '../domain/vocab';
import type { Atom } from './atoms';
import type { OnDuty, Where, YearHours } from './command';
import type { Mark } from './vocabulary';

export interface Located<T> {
  value: T;
  words: string;
  at: number;
}

function word(x: Atom | undefined): Extract<Atom, { a: 'word' }> | undefined {
  return x?.a === 'word' ? x : undefined;
}
function has(x: Atom | undefined, m: Mark): boolean {
  return !!word(x)?.t.marks.has(m);
}

// ---------- where ----------

/** Where the user is: a covered region (and place) first, else an uncovered one; places travelled to are not. */
export function readWhere(atoms: Atom[], text: string, profileRegion?: string): Located<Where> | undefined {
  type Hit = {
    at: number;
    region?: string;
    place?: string;
    parent?: string;
    uncovered?: string;
    weak: boolean;
    words: string;
  };
  let hits: Hit[] = [];
  // "青海…说错了，我是安徽的": the places said after a correction replace those before it
  const corrected = atoms.findIndex((a) => has(a, 'corr'));
  atoms.forEach((a, at) => {
    const w = word(a);
    if (!w || w.t.places.length === 0) return;
    const travel = has(atoms[at - 1], 'travel') || (has(atoms[at - 1], 'range') && !atoms[at - 2]);
    // "不是青海，是济宁": a place denied is not where the user is
    if (has(atoms[at - 1], 'neg') || has(atoms[at - 2], 'neg')) return;
    const left = has(atoms[at - 1], 'from');
    for (const p of w.t.places) {
      if (p.uncovered && (travel || left)) continue;
      hits.push({ at, ...p, words: text.slice(a.from, a.to) });
    }
  });
  if (corrected >= 0 && hits.some((h) => h.at > corrected) && hits.some((h) => h.at < corrected))
    hits = hits.filter((h) => h.at > corrected);
  const strong = new Set(hits.filter((h) => h.region && !h.weak).map((h) => h.region));
  const usable = hits.filter((h) => h.region && (!h.weak || strong.has(h.region) || h.region === profileRegion));
  // "我济南的 跟济宁应该一样吧": the place named first is where the user is
  // "山东济宁": a province named right before a covered place of it only says where that place is
  const qualifies = (h: Hit) =>
    usable.some((u) => u.at === h.at + 1 || (u.at === h.at + 2 && atoms[h.at + 1]?.a === 'sep'));
  const firstUncovered = hits.find((h) => h.uncovered && !qualifies(h));
  if (firstUncovered && (!usable.length || firstUncovered.at < usable[0]!.at))
    return { value: { uncovered: firstUncovered.uncovered }, words: firstUncovered.words, at: firstUncovered.at };
  if (usable.length) {
    const region = usable[0]!.region!;
    const places = usable.filter((h) => h.region === region && h.place);
    const child = places.find((c) => places.some((p) => p.place === c.parent));
    const pick = child ?? places[0];
    const words = [...new Set(usable.filter((h) => h.region === region).map((h) => h.words))].join(' ');
    return { value: pick?.place ? { region, place: pick.place } : { region }, words, at: usable[0]!.at };
  }
  const u = hits.find((h) => h.uncovered && !qualifies(h));
  return u ? { value: { uncovered: u.uncovered }, words: u.words, at: u.at } : undefined;
}

/**
 * A covered place named as an organiser: "西宁市举办的", or a full name right before the activity ("青海省科技进步奖",
 * whose last character is itself a level word): its kind of place, for items that take a level.
 */
export function organiserPlace(
  atoms: Atom[],
  levelOfLastChar: (word: string) => string | undefined,
): Array<{ at: number; placeKind: string }> {
  const out: Array<{ at: number; placeKind: string }> = [];
  atoms.forEach((a, at) => {
    const w = word(a);
    const p = w?.t.places.find((x) => x.placeKind && (x.place || x.region));
    if (!p) return;
    const next = word(atoms[at + 1]);
    if (next?.t.f.kind && levelOfLastChar(w!.t.text) && next.t.start === w!.t.end) {
      out.push({ at, placeKind: p.placeKind! });
      return;
    }
    for (let k = at + 1; k <= at + 3 && k < atoms.length; k++) {
      if (has(atoms[k], 'organise')) {
        out.push({ at, placeKind: p.placeKind! });
        break;
      }
      if (atoms[k]?.a === 'sep') break;
    }
  });
  return out;
}

// ---------- years ----------

export interface YearMention {
  year: number;
  at: number;
  words: string;
  /** the next mention is joined to this one (2023和2024年, 2019到2023年) */
  joined?: boolean;
}

export function readYears(atoms: Atom[], text: string, thisYear: number): YearMention[] {
  const out: YearMention[] = [];
  atoms.forEach((a, at) => {
    const words = text.slice(a.from, a.to);
    if (a.a === 'year') out.push({ year: a.year, at, words });
    else if (a.a === 'years') {
      for (let y = a.first; y <= a.last; y++) out.push({ year: y, at, words, joined: y < a.last });
    } else if (a.a === 'word' && a.t.f.yearRel !== undefined) out.push({ year: thisYear + a.t.f.yearRel, at, words });
  });
  for (let i = 0; i + 1 < out.length; i++) {
    const x = out[i]!;
    const y = out[i + 1]!;
    if (y.at === x.at + 2 && (has(atoms[x.at + 1], 'and') || has(atoms[x.at + 1], 'range'))) x.joined = true;
    if (y.at === x.at + 1 && atoms[x.at]?.a !== 'years') x.joined = true;
  }
  return out;
}

// ---------- hours told ----------

const LOOK_AHEAD = 7;

function isFigure(a: Atom | undefined): number | undefined {
  if (!a) return undefined;
  if (a.a === 'num' && !a.absurd) return a.n;
  if (a.a === 'qty' && a.dim === 'credit') return a.n;
  return undefined;
}

/** Words that may stand between a subject and its figure (公需课 已经 学了 20). */
function between(a: Atom | undefined): boolean {
  const w = word(a);
  if (!w) return false;
  if (w.t.f.kind || w.t.f.subject || w.t.f.ask === 'progress') return false;
  const m = w.t.marks;
  return (
    !!w.t.f.filler ||
    w.t.f.ask === 'platform' ||
    (w.t.type === 'unknown' && w.t.text.length === 1) ||
    m.has('done') ||
    m.has('more') ||
    m.has('verb-study') ||
    m.has('credit') ||
    m.has('about') ||
    m.has('add') ||
    m.has('total-hours') ||
    // "公需必修那10学时": a demonstrative inside the clause
    m.has('follow-head') ||
    (m.has('yes') && !m.has('q'))
  );
}

/** a bare figure in a list of years' hours above this is not hours */
const MAX_LISTED_HOURS = 1000;

export interface HoursRead {
  hours: Array<Located<YearHours>>;
  used: Set<number>;
}

/** "公需20专业45", "2023年公需30 专业60", "又学了15", "总共学了80学时": hours told, by year. */
export function readHours(atoms: Atom[], text: string, years: YearMention[], used: Set<number>): HoursRead {
  const found: Array<{
    at: number;
    key: 'public' | 'professional' | 'total';
    n: number;
    words: string;
    part?: 'required' | 'elective';
  }> = [];
  const mine = new Set<number>();
  atoms.forEach((a, at) => {
    if (used.has(at)) return;
    const w = word(a);
    const subject = w?.t.f.subject;
    const total = has(a, 'total') || has(a, 'total-hours') || has(a, 'done') || (has(a, 'more') && !subject);
    if (!subject && !total) return;
    let pointed = false;
    for (let k = at + 1; k <= at + LOOK_AHEAD && k < atoms.length; k++) {
      const b = atoms[k];
      const n = isFigure(b) ?? (subject && b?.a === 'qty' && b.dim === 'count' && b.plain ? b.n : undefined);
      // "公需那30学时咋分的": a figure pointed at with 那 is the user's own only when said to be studied
      if (n !== undefined && pointed && !atoms.slice(k + 1).some((x) => has(x, 'done') || has(x, 'verb-study'))) break;
      if (has(b, 'follow-head')) pointed = true;
      if (n !== undefined && !used.has(k) && !mine.has(k)) {
        // a bare number after 学了 / 总共 is hours only with 学时 or a subject (学了3天 is days)
        if (!subject && b!.a === 'num' && !creditAfter(atoms, k)) break;
        // "学了18个公需学时": the subject named with the hours after the figure
        const after = word(atoms[k + 1]);
        const inUnit = b!.a === 'qty' ? b!.subject : undefined;
        // "学了18个公需学时", "又学了5学时公需", "专业课在基地学了20学时"
        const named =
          inUnit ??
          (after?.t.marks.has('credit') || (b!.a === 'qty' && b!.dim === 'credit') ? after?.t.f.subject : undefined) ??
          (subject ? undefined : subjectBefore(atoms, at));
        const afterNamed = !inUnit && !!after?.t.f.subject && after.t.f.subject === named;
        const to = afterNamed ? after!.to : b!.to;
        const part = w?.t.marks.has('subject-part') ? w.t.f.part : undefined;
        found.push({ at: k, key: subject ?? named ?? 'total', n, words: text.slice(a.from, to), part });
        mine.add(k);
        break;
      }
      if (!between(b)) break;
    }
  });
  // "18个公需学时": a figure, then a subject's hours
  atoms.forEach((a, at) => {
    if (used.has(at) || mine.has(at)) return;
    if (a.a === 'qty' && a.dim === 'credit' && a.subject) {
      found.push({ at, key: a.subject, n: a.n, words: text.slice(a.from, a.to) });
      mine.add(at);
      return;
    }
    const n = a.a === 'num' ? a.n : a.a === 'qty' && a.dim === 'count' ? a.n : undefined;
    const s = word(atoms[at + 1]);
    if (n === undefined || !s?.t.f.subject || !s.t.marks.has('credit')) return;
    found.push({ at, key: s.t.f.subject, n, words: text.slice(a.from, s.to) });
    mine.add(at);
  });
  // "20学时公需": the figure first
  atoms.forEach((a, at) => {
    if (a.a !== 'qty' || a.dim !== 'credit' || used.has(at) || mine.has(at)) return;
    if (has(atoms[at - 1], 'follow-head') && !atoms.slice(at + 1).some((x) => has(x, 'done') || has(x, 'verb-study')))
      return;
    const s =
      word(atoms[at + 1])?.t.f.subject ??
      (word(atoms[at + 1])?.t.f.filler ? word(atoms[at + 2])?.t.f.subject : undefined);
    if (s) {
      found.push({ at, key: s, n: a.n, words: text.slice(a.from, atoms[at + 1]!.to) });
      mine.add(at);
    }
  });
  // "必选课都学完了": a part of the public subject finished, with no figure
  const partsDone = new Set<'required' | 'elective'>();
  atoms.forEach((a, at) => {
    const part = word(a)?.t.f.part;
    if (!part || used.has(at)) return;
    let k = at + 1;
    while (k < at + 3 && (word(atoms[k])?.t.f.filler || has(atoms[k], 'both'))) k++;
    // "自选学了12个" tells a figure: only a part finished with no number after it counts the part's whole figure
    const next = atoms[k + 1];
    const figure = next?.a === 'num' || next?.a === 'qty';
    if (has(atoms[k], 'done') && !figure && !has(atoms[k - 1], 'neg')) partsDone.add(part);
  });
  // "2021年40学时", "去年没学": a year's total; "21年30 22年60 23年90学时": a list, its unit said once
  const listed = atoms.some((a, at) => a.a === 'qty' && a.dim === 'credit' && atoms[at - 1]?.a === 'year');
  atoms.forEach((a, at) => {
    if (used.has(at) || mine.has(at)) return;
    const prev = atoms[at - 1];
    const bare = listed && a.a === 'num' && !a.negative && a.n <= MAX_LISTED_HOURS;
    if (((a.a === 'qty' && a.dim === 'credit' && !a.subject) || bare) && prev?.a === 'year') {
      found.push({ at, key: 'total', n: a.n, words: text.slice(prev.from, a.to) });
      mine.add(at);
    } else if (a.a === 'year' || (a.a === 'word' && (a.t.f.yearRel !== undefined || a.t.f.subject))) {
      // "去年没学", "公需一点没学"
      let k = at + 1;
      while (word(atoms[k])?.t.f.filler && k < at + 3) k++;
      const study = word(atoms[k + 1]);
      if (has(atoms[k], 'neg') && (study?.t.marks.has('verb-study') || study?.t.marks.has('done'))) {
        const key = a.a === 'word' && a.t.f.subject ? a.t.f.subject : 'total';
        found.push({ at: k + 1, key, n: 0, words: text.slice(a.from, study.to) });
        mine.add(k + 1);
      }
    }
  });
  const byYear = new Map<string, Located<YearHours>>();
  const only = new Set(years.map((y) => y.year)).size === 1 ? years[0]!.year : undefined;
  for (const f of found.sort((x, y) => x.at - y.at)) {
    const ys = yearsFor(f.at, years, only);
    const added = addedAt(atoms, f.at);
    for (const y of ys.length ? ys : [undefined]) {
      const key = `${y ?? ''}`;
      const cur = byYear.get(key) ?? { value: y === undefined ? {} : { year: y }, words: '', at: f.at };
      const had = cur.value[f.key];
      if (f.part && f.key === 'public') {
        // "必选10自选5": the parts of a subject add up, each kept by its name
        cur.value.byParts = true;
        cur.value.parts = { ...cur.value.parts, [f.part]: f.n };
        cur.value.public = (had ?? 0) + f.n;
      } else if (had === undefined) cur.value[f.key] = f.n;
      if (added) cur.value.added = true;
      cur.words = cur.words ? `${cur.words} ${f.words}` : f.words;
      byYear.set(key, cur);
    }
  }
  if (partsDone.size) {
    const only = new Set(years.map((y) => y.year)).size === 1 ? years[0]!.year : undefined;
    const key = `${only ?? ''}`;
    const cur = byYear.get(key) ?? { value: only === undefined ? {} : { year: only }, words: '', at: 0 };
    cur.value.partsDone = [...partsDone];
    byYear.set(key, cur);
  }
  return { hours: [...byYear.values()], used: mine };
}

/** The one subject named earlier in the clause ("专业课在基地学了20学时"). */
function subjectBefore(atoms: Atom[], at: number): 'public' | 'professional' | undefined {
  const found = new Set<'public' | 'professional'>();
  for (let k = at - 1; k >= 0 && atoms[k]!.a !== 'sep'; k--) {
    const s = word(atoms[k])?.t.f.subject;
    if (s) found.add(s);
  }
  return found.size === 1 ? [...found][0] : undefined;
}

function creditAfter(atoms: Atom[], k: number): boolean {
  return has(atoms[k + 1], 'credit');
}

/** The years a figure belongs to: the last year named before it (with the years joined to it), else the only one. */
function yearsFor(at: number, years: YearMention[], only: number | undefined): number[] {
  let i = -1;
  for (let k = 0; k < years.length; k++) if (years[k]!.at < at) i = k;
  if (i < 0) return only === undefined ? [] : [only];
  const out = [years[i]!.year];
  for (let k = i - 1; k >= 0 && years[k]!.joined; k--) out.push(years[k]!.year);
  return out;
}

/** 又 / 再 before the figure in its clause: more on top of what was told before. */
function addedAt(atoms: Atom[], at: number): boolean {
  for (let k = at - 1; k >= 0 && atoms[k]!.a !== 'sep'; k--) if (has(atoms[k], 'more')) return true;
  return false;
}

// ---------- months on duty ----------

const MONTHS = 12;

export function readDuty(atoms: Atom[], text: string, used: Set<number>): Located<OnDuty> | undefined {
  const d: OnDuty = {};
  let words = '';
  let first = -1;
  let reasonAt = -1;
  atoms.forEach((a, at) => {
    // 出国培训: abroad as a detail of an item is not time away from work
    if (used.has(at)) return;
    const leave = word(a)?.t.f.leave as OnDutyReason | undefined;
    // "媳妇生娃我休了陪产假": a father's leave, whatever else the birth is called
    if (leave && (d.reason === undefined || (leave === 'paternity' && d.reason === 'maternity'))) {
      d.reason = leave;
      reasonAt = at;
      words = text.slice(a.from, a.to);
      first = at;
    }
  });
  readDutyFlags(atoms, used, d);
  const away = atoms.some((a) => has(a, 'leave-verb'));
  atoms.forEach((a, at) => {
    if (used.has(at)) return;
    let months = a.a === 'qty' && a.dim === 'month' ? a.n : a.a === 'months' ? a.n : undefined;
    // "9月回来上班": back at work from a month on, that month counted
    const backFrom =
      a.a === 'date' &&
      (has(atoms[at + 1], 'on-duty') || has(atoms[at + 2], 'on-duty') || has(atoms[at + 3], 'on-duty'));
    if (backFrom && a.a === 'date') months = MONTHS - a.month + 1;
    if (months === undefined) return;
    const onDuty =
      backFrom || near(atoms, at, 3, 'on-duty') || has(atoms[at + 1], 'shift') || has(atoms[at + 1], 'on-duty');
    if (onDuty && d.monthsOnDuty === undefined) d.monthsOnDuty = months;
    else if (!onDuty && d.monthsAway === undefined && (reasonAt >= 0 || away)) d.monthsAway = months;
    else return;
    words = words ? `${words} ${text.slice(a.from, a.to)}` : text.slice(a.from, a.to);
    if (first < 0) first = at;
  });
  // "那要是只请了5个月呢": months away told with a leave verb are leave, its kind told before or asked
  const awayTold = d.monthsAway !== undefined && away;
  if (
    d.reason === undefined &&
    d.monthsOnDuty === undefined &&
    d.official === undefined &&
    d.serious === undefined &&
    !awayTold
  )
    return undefined;
  return { value: d, words, at: first };
}

/** The conditions of pro-rating told (因公派出 / 因私, 受伤、重病 / 小病), a negation before them turning them over. */
function readDutyFlags(atoms: Atom[], used: Set<number>, d: OnDuty): void {
  atoms.forEach((a, at) => {
    const f = word(a)?.t.f;
    if (!f || used.has(at)) return;
    const neg = has(atoms[at - 1], 'neg') || has(atoms[at - 2], 'neg');
    if (typeof f.serious === 'boolean' && d.serious === undefined) d.serious = neg ? !f.serious : f.serious;
    if (typeof f.official === 'boolean' && d.official === undefined) d.official = neg ? !f.official : f.official;
  });
}

function near(atoms: Atom[], at: number, span: number, m: Mark): boolean {
  for (let k = Math.max(0, at - span); k < at; k++) if (has(atoms[k], m)) return true;
  return false;
}

// ---------- title ----------

export interface TitleRead {
  level?: TitleLevel;
  route?: TitleRoute;
  flags: EligibilityFlag[];
  words: string;
  /** a title is named at all (职称, 中级…) */
  named: boolean;
}

export function readTitle(atoms: Atom[], heldKinds: boolean, used: Set<number>): TitleRead {
  const out: TitleRead = { flags: [], words: '', named: false };
  const levels: Array<{ level: TitleLevel; at: number; after: boolean }> = [];
  atoms.forEach((a, at) => {
    const w = word(a);
    // 职称评审 as the place of an expert's work (受邀评审) is an item, not a title application
    if (!w || (used.has(at) && !w.t.f.titleLevel)) return;
    const f = w.t.f;
    if (f.titleLevel && !(f.kind && heldKinds)) {
      const after =
        has(atoms[at - 1], 'acquire') ||
        word(atoms[at - 1])?.t.f.ask === 'eligibility' ||
        !!word(atoms[at - 1])?.t.f.route;
      levels.push({ level: f.titleLevel, at, after });
    }
    if (f.route && f.route !== 'doctor' && !out.route) out.route = f.route;
    if (f.flag && f.flag !== 'epidemic' && !out.flags.includes(f.flag)) out.flags.push(f.flag);
    if (f.titleLevel || f.ask === 'eligibility' || f.flag) {
      out.named = true;
      out.words = out.words ? `${out.words} ${w.t.text}` : w.t.text;
    }
  });
  const pick = levels.filter((l) => l.after).pop() ?? levels[levels.length - 1];
  out.level = pick?.level;
  // 博士 applying for 正高: the doctor route
  // "那我同事不是博士": a doctorate denied is no doctor's route
  const doctor = atoms.some((a, i) => word(a)?.t.f.route === 'doctor' && !has(atoms[i - 1], 'neg'));
  if (out.level === 'full_senior' && doctor) out.route = 'doctor';
  // "如果没有博士学位呢": the ordinary route, whatever the title
  const denied = atoms.some((a, i) => word(a)?.t.f.route === 'doctor' && has(atoms[i - 1], 'neg'));
  if (denied && !doctor) out.route = 'review';
  return out;
}

// ---------- people ----------

export interface PersonRead {
  self?: boolean;
  name?: string;
  ordinal?: number;
  /** 他 / 她 / 同事 with no name: the person talked about */
  pronoun?: boolean;
  /** 另一个同事: somebody else again */
  another?: boolean;
  /** 两个人各多少: everyone talked about */
  all?: boolean;
  /** 第一个人: the first one talked about */
  first?: boolean;
  words: string;
}

/** Whom the message is about; a colleague named as a co-author ("和同事合写") is not. */
export function readPerson(atoms: Atom[], text: string): PersonRead | undefined {
  for (const a of atoms) {
    if (a.a === 'person') return { name: a.name, ordinal: a.ordinal, words: text.slice(a.from, a.to) };
  }
  for (let i = 0; i < atoms.length; i++) {
    const a = atoms[i]!;
    if (has(a, 'person-new')) return { another: true, words: text.slice(a.from, a.to) };
    if (has(a, 'person-first')) return { first: true, words: text.slice(a.from, a.to) };
    if (has(a, 'people-all')) return { all: true, words: text.slice(a.from, a.to) };
    if (has(a, 'person') && !has(atoms[i - 1], 'and')) return { pronoun: true, words: text.slice(a.from, a.to) };
  }
  return undefined;
}
