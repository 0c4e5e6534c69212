// From tokens to atoms: each word's senses resolved against the message, then the small grammar of numbers —
// a number is a rank, a count, days, hours, months, a year or a date only by the words around it.
import type { ActivityKind, Subject } from '../domain/vocab';
import type { PlaceRef, Sense } from './lexicon';
import type { Token } from './tokens';
import type { Feats, Mark } from './vocabulary';

/** A token with its senses resolved into one set of features. */
export interface Tok {
  type: Token['type'];
  start: number;
  end: number;
  text: string;
  f: Feats;
  marks: ReadonlySet<Mark>;
  places: PlaceRef[];
  num?: number;
  digits?: boolean;
  absurd?: boolean;
  question?: boolean;
}

export type Dim = 'count' | 'day' | 'hour' | 'credit' | 'month' | 'year' | 'week' | 'chars' | 'money' | 'percent';

export type Atom = { from: number; to: number } & (
  | { a: 'sep'; hard: boolean; question: boolean }
  | { a: 'word'; t: Tok }
  | { a: 'rank'; n: number; author?: boolean; top?: boolean }
  | {
      a: 'qty';
      dim: Dim;
      n: number;
      about?: boolean;
      over?: boolean;
      under?: boolean;
      kind?: ActivityKind;
      /** the subject its unit names (18个公需学时) */
      subject?: Subject;
      /** counted with the plainest unit (10个), which after a subject stands for hours */
      plain?: boolean;
      /** written with a minus sign: no figure a user can mean */
      negative?: boolean;
    }
  | { a: 'per'; per: 'day' | 'time'; n: number }
  | { a: 'year'; year: number }
  | { a: 'years'; first: number; last: number }
  | { a: 'date'; month: number; day?: number }
  | { a: 'months'; n: number }
  | { a: 'num'; n: number; absurd?: boolean; negative?: boolean }
  | { a: 'person'; ordinal?: number; name?: string }
  | { a: 'org'; level: string; leader: boolean }
);

const NO_MARKS: ReadonlySet<Mark> = new Set();

const MERGED = new WeakMap<Sense[], { f: Feats; marks: ReadonlySet<Mark> }>();
const NONE = { f: {} as Feats, marks: NO_MARKS };

/** The general senses of a word merged once (the first sense that sets a feature wins; strong cues stay strong). */
function merged(senses: Sense[]): { f: Feats; marks: ReadonlySet<Mark> } {
  if (senses.length === 0) return NONE;
  let m = MERGED.get(senses);
  if (m) return m;
  const f: Feats = {};
  const marks = new Set<Mark>();
  for (const s of senses) {
    if (s.with) continue;
    for (const [k, v] of Object.entries(s.set))
      if ((f as Record<string, unknown>)[k] === undefined) (f as Record<string, unknown>)[k] = v;
    if (s.set.mark) marks.add(s.set.mark);
    // a word listed both as a weak and a strong cue asks strongly
    if (s.set.strength === 'strong' && s.set.ask === f.ask) f.strength = 'strong';
  }
  m = { f, marks: marks.size ? marks : NO_MARKS };
  MERGED.set(senses, m);
  return m;
}

/** The few words before a token (to the last punctuation) name it a published paper. */
function publishedPaper(tokens: Token[], i: number): boolean {
  for (let k = i - 1; k >= 0 && k >= i - 5; k--) {
    const t = tokens[k]!;
    if (t.type === 'punct') return false;
    const m = merged(t.senses);
    if (m.f.indexing !== undefined || m.f.authorship !== undefined || m.marks.has('publish')) return true;
  }
  return false;
}

/** Merges the senses of each token: senses bound to kinds (`with`) apply only when such a kind is in play. */
export function resolve(tokens: Token[], contextKinds: readonly string[]): Tok[] {
  const named = new Set<string>(contextKinds);
  for (const t of tokens)
    for (const s of t.senses) {
      if (!s.with && s.set.kind) named.add(s.set.kind);
      if (!s.with && s.set.implies) named.add(s.set.implies);
    }
  // kinds a word gave up to a sense of the kind in play (论文 at a conference): their weak mentions (一篇) go too
  const givenUp = new Set<string>();
  // a paper named (论文, 1500字): 报告 at a conference is the paper read there, not a talk given
  const paperNamed = tokens.some((t) => merged(t.senses).f.kind === 'paper' || merged(t.senses).marks.has('chars'));
  const out = tokens.map((t, i) => {
    const base = merged(t.senses);
    let f = base.f;
    let marks = base.marks;
    // "EI论文我一作", "独立发表了一篇专业论文，参加了学术会议": a paper named by its indexing, its authorship or as
    // published is a paper of its own, not the one read at the conference
    const indexed = publishedPaper(tokens, i);
    // a sense bound to the kind in play wins over the general one (论文 at a conference is the paper read there)
    for (const s of t.senses) {
      if (!s.with?.some((k) => named.has(k)) || indexed) continue;
      if (f === base.f) {
        f = { ...f };
        marks = new Set(marks);
      }
      Object.assign(f, s.set);
      if (s.set.mark) (marks as Set<Mark>).add(s.set.mark);
      if (s.set.paper !== undefined) {
        if (f.kindBy && !paperNamed) {
          // "在学术会议上做报告4小时": a talk, its kind still read from the verb
          delete f.paper;
          continue;
        }
        if (f.kind) {
          givenUp.add(f.kind);
          f.also = f.kind;
        }
        delete f.kind;
        delete f.kindBy;
      }
    }
    return {
      type: t.type,
      start: t.start,
      end: t.end,
      text: t.text,
      f,
      marks,
      places: t.places,
      num: t.num,
      digits: t.digits,
      absurd: t.absurd,
      question: t.question,
    };
  });
  if (givenUp.size)
    for (const t of out)
      if (t.f.weak && t.f.kind && givenUp.has(t.f.kind)) {
        t.f = { ...t.f };
        delete t.f.kind;
        delete t.f.weak;
      }
  return out;
}

const UNIT_DIMS: Array<[Mark, Dim]> = [
  ['count', 'count'],
  ['day', 'day'],
  ['hour', 'hour'],
  ['credit', 'credit'],
  ['month', 'month'],
  ['year', 'year'],
  ['week', 'week'],
  ['chars', 'chars'],
  ['money', 'money'],
  ['percent', 'percent'],
];

function unitOf(t: Tok | undefined): Dim | undefined {
  if (!t) return undefined;
  for (const [m, d] of UNIT_DIMS) if (t.marks.has(m)) return d;
  return undefined;
}

/** The years a 4-digit (or 2-digit + 年) number can be. */
const MIN_YEAR = 1990;
const MAX_YEAR = 2100;
const SHORT_YEAR_MIN = 10;
const SHORT_YEAR_MAX = 40;
const CENTURY = 2000;
const MONTHS_IN_YEAR = 12;
const DAYS_IN_WEEK = 7;
const MAX_DAY_OF_MONTH = 31;

class Cursor {
  constructor(
    readonly toks: Tok[],
    public i = 0,
  ) {}
  peek(k = 0): Tok | undefined {
    return this.toks[this.i + k];
  }
  /** the next token that is not a space or a filler particle */
  nextSolid(from: number, fillers = false): number {
    let j = from;
    while (j < this.toks.length) {
      const t = this.toks[j]!;
      if (t.type === 'space' || (fillers && t.f.filler && !t.f.domain)) j++;
      else break;
    }
    return j;
  }
}

function isNum(t: Tok | undefined): t is Tok & { num: number } {
  return t?.type === 'num' && t.num !== undefined;
}

/** Reads atoms from the resolved tokens. Each pattern consumes its tokens; the rest become word atoms. */
export function atomize(toks: Tok[]): Atom[] {
  const out: Atom[] = [];
  const c = new Cursor(toks);
  while (c.i < toks.length) {
    const t = toks[c.i]!;
    const got = rankAt(c) ?? numberAt(c, out) ?? personAt(c) ?? orgAt(c);
    if (got) {
      out.push(got);
      continue;
    }
    if (t.type === 'space') out.push({ a: 'sep', hard: false, question: false, from: t.start, to: t.end });
    else if (t.type === 'punct') out.push({ a: 'sep', hard: true, question: !!t.question, from: t.start, to: t.end });
    else if (t.marks.has('sep') && !t.f.kind)
      out.push({ a: 'sep', hard: true, question: false, from: t.start, to: t.end });
    else if (t.type === 'num') out.push({ a: 'num', n: t.num ?? 0, absurd: t.absurd, from: t.start, to: t.end });
    else out.push({ a: 'word', t, from: t.start, to: t.end });
    c.i++;
  }
  return out;
}

/** 第2名, 排第五, 第二作者, 前三名, 第三个同事 (a person, not a rank). */
function rankAt(c: Cursor): Atom | undefined {
  const t = c.peek()!;
  const top = t.marks.has('top-pre');
  if (!t.marks.has('rank-pre') && !top) return undefined;
  let j = c.i + 1;
  // 排 + 在 + 第: several rank words in a row
  while (j < c.toks.length && (c.toks[j]!.marks.has('rank-pre') || c.toks[j]!.type === 'space')) j++;
  const n = c.toks[j];
  if (!isNum(n)) return undefined;
  const after = c.toks[c.nextSolid(j + 1)];
  // 第三个同事, 第二位: a person counted, not a rank
  if (after?.marks.has('count') && !after.f.kind) {
    const who = c.toks[c.nextSolid(c.nextSolid(j + 1) + 1)];
    if (who?.marks.has('person')) {
      c.i = c.nextSolid(c.nextSolid(j + 1) + 1) + 1;
      return { a: 'person', ordinal: n.num, from: t.start, to: who.end };
    }
  }
  // 第二次, 第3天, 第一年: an occasion, not a rank
  const u = unitOf(c.toks[j + 1]);
  if (u === 'day' || u === 'month' || u === 'year' || u === 'week') return undefined;
  if (top && !after?.marks.has('rank-suf')) return undefined;
  let end = n.end;
  let next = j + 1;
  let author = false;
  if (after && (after.marks.has('rank-suf') || after.marks.has('author-suf'))) {
    author = after.marks.has('author-suf');
    end = after.end;
    next = c.nextSolid(j + 1) + 1;
  }
  c.i = next;
  return { a: 'rank', n: n.num, author, top, from: t.start, to: end };
}

/** Numbers and what follows them: a quantity with its unit, a year, a date, a range, a per-day figure. */
function numberAt(c: Cursor, out: Atom[]): Atom | undefined {
  const t = c.peek()!;
  if (t.marks.has('per-day') || t.marks.has('per-time')) return perAt(c);
  if (t.marks.has('halfday')) {
    c.i++;
    return { a: 'qty', dim: 'day', n: t.f.value ?? 0, from: t.start, to: t.end };
  }
  if (t.marks.has('month') && t.f.value !== undefined && t.type === 'word') {
    // 半年, 半个月, 一年半 written as one word
    c.i++;
    return { a: 'qty', dim: 'month', n: t.f.value, from: t.start, to: t.end };
  }
  if (!isNum(t)) return undefined;
  if (t.absurd) {
    c.i++;
    return { a: 'num', n: t.num, absurd: true, from: t.start, to: t.end };
  }
  const prev = out[out.length - 1];
  // "-5学时": a minus sign (a symbol, not a word such as 到 that says up to where)
  const negative =
    prev?.a === 'word' &&
    prev.t.marks.has('range') &&
    prev.t.text.length === 1 &&
    !HAN.test(prev.t.text) &&
    prevIsStart(out);
  let n = t.num;
  let j = c.i + 1;
  let about = false;
  // 十来天, 20多天, 3000多字
  const skipAbout = () => {
    while (j < c.toks.length && c.toks[j]!.marks.has('about') && !c.toks[j]!.marks.has('count')) {
      about = true;
      j++;
    }
  };
  skipAbout();
  // "2 天": a space between a number and its unit
  if (c.toks[j]?.type === 'space' && unitOf(c.toks[j + 1]) && !c.toks[j + 1]!.marks.has('month-of')) j++;
  let unitTok = c.toks[j];
  // 两个半小时, 3个半月: 个 + 半 + unit
  if (unitTok?.marks.has('count') && unitTok.text.length === 1 && c.toks[j + 1]?.marks.has('half')) {
    const u2 = unitOf(c.toks[j + 2]);
    if (u2 && u2 !== 'count') {
      n += c.toks[j + 1]!.f.value ?? 0;
      j += 2;
      unitTok = c.toks[j];
    }
  }
  let unit = unitOf(unitTok);
  // 三个半月, 1个半小时 written with 个半月 / 个半小时 as one word
  if (unit && unitTok?.f.value !== undefined && (unit === 'month' || unit === 'hour') && unitTok.type === 'word') {
    n += unitTok.f.value;
  }
  // 12月31日, 12月底: a calendar date; 3月到8月: a range of months
  if (unitTok?.marks.has('month-of')) return dateAt(c, n, j, t);
  // a year: 2025, 2025年, 25年 (not 满3年, not 3年)
  const year = yearOf(c, t, n, unitTok, out);
  if (year !== undefined) {
    const k = unitTok?.marks.has('year') ? j + 1 : c.i + 1;
    const range = yearRangeAt(c, k, year, t);
    if (range) return range;
    c.i = k;
    return { a: 'year', year, from: t.start, to: unitTok?.marks.has('year') ? unitTok.end : t.end };
  }
  // 1到8月, 3-8月: a range of calendar months, both ends counted
  const months = monthRangeAt(c, j, n, t);
  if (months) return months;
  if (!unit) {
    // 5-10个月, 3到5天: a range, read at its lower end with the unit after the second number
    const r = rangeUnit(c, j);
    if (r) {
      c.i = r.next;
      return { a: 'qty', dim: r.dim, n: scale(n, r.dim, r.mult), about: true, from: t.start, to: r.to };
    }
    c.i = j;
    return { a: 'num', n, negative, from: t.start, to: c.toks[j - 1]!.end };
  }
  const mult = unitTok!.f.mult ?? 1;
  j++;
  // 一天半, 一年半
  let half = false;
  if (c.toks[j]?.marks.has('half') && !c.toks[j]?.f.kind) {
    half = true;
    j++;
  }
  const before = j;
  skipAbout();
  if (j > before) about = true;
  let over = false;
  let under = false;
  const o = c.toks[j];
  if (o?.marks.has('over') && !o.marks.has('duration')) {
    over = true;
    j++;
  } else if (o?.marks.has('under')) {
    under = true;
    j++;
  }
  c.i = j;
  let value = n * mult;
  if (unit === 'week') {
    unit = 'day';
    value = n * DAYS_IN_WEEK;
  }
  if (unit === 'year') {
    unit = 'month';
    value = n * MONTHS_IN_YEAR + (half ? MONTHS_IN_YEAR / 2 : 0);
    half = false;
  }
  if (half) value += 0.5;
  return {
    a: 'qty',
    dim: unit,
    n: value,
    about: about || undefined,
    over: over || undefined,
    under: under || undefined,
    kind: unitTok!.f.weak ? unitTok!.f.kind : undefined,
    subject: unitTok!.f.subject,
    plain: unitTok!.f.plain,
    negative: negative || undefined,
    from: t.start,
    to: c.toks[j - 1]!.end,
  };
}

function scale(n: number, dim: Dim, mult: number): number {
  if (dim === 'week') return n * DAYS_IN_WEEK;
  return n * mult;
}

/** A minus sign at the start of a clause: "-5学时". */
const HAN = /\p{Script=Han}/u;

function prevIsStart(out: Atom[]): boolean {
  const before = out[out.length - 2];
  return !before || before.a === 'sep' || (before.a === 'word' && !before.t.f.kind);
}

function rangeUnit(c: Cursor, j: number): { dim: Dim; mult: number; next: number; to: number } | undefined {
  const r = c.toks[j];
  if (!r?.marks.has('range') && !r?.marks.has('and')) return undefined;
  const m = c.toks[j + 1];
  if (!isNum(m)) return undefined;
  const u = c.toks[j + 2];
  const dim = unitOf(u);
  if (!dim || u!.marks.has('month-of')) return undefined;
  // "3和5个月" is a range only with a range word; with 和 it is two figures
  if (!r.marks.has('range')) return undefined;
  return { dim: dim === 'week' ? 'day' : dim, mult: u!.f.mult ?? 1, next: j + 3, to: u!.end };
}

function yearOf(_c: Cursor, t: Tok, n: number, unitTok: Tok | undefined, out: Atom[]): number | undefined {
  if (!Number.isInteger(n)) return undefined;
  const u = unitOf(unitTok);
  const four = t.text.length === 4;
  if (n >= MIN_YEAR && n <= MAX_YEAR && four) {
    // 2000字, 2025元: a figure with another unit
    if (u && u !== 'year') return undefined;
    return n;
  }
  if (t.digits && t.text.length === 2 && unitTok?.marks.has('year') && n >= SHORT_YEAR_MIN && n <= SHORT_YEAR_MAX) {
    const prev = out[out.length - 1];
    if (prev?.a === 'word' && prev.t.marks.has('duration')) return undefined;
    return CENTURY + n;
  }
  return undefined;
}

function yearRangeAt(c: Cursor, k: number, from: number, t: Tok): Atom | undefined {
  const r = c.toks[k];
  if (!r?.marks.has('range')) return undefined;
  const m = c.toks[k + 1];
  if (!isNum(m) || !Number.isInteger(m.num)) return undefined;
  let upto = m.num;
  if (upto >= SHORT_YEAR_MIN && upto <= SHORT_YEAR_MAX && m.text.length === 2) upto += CENTURY;
  if (upto < from || upto > MAX_YEAR || upto - from > 20) return undefined;
  const yr = c.toks[k + 2]?.marks.has('year') ? k + 3 : k + 2;
  c.i = yr;
  return { a: 'years', first: from, last: upto, from: t.start, to: c.toks[yr - 1]!.end };
}

function monthRangeAt(c: Cursor, j: number, first: number, t: Tok): Atom | undefined {
  const r = c.toks[j];
  const m2 = c.toks[j + 1];
  if (!r?.marks.has('range') || !isNum(m2) || !c.toks[j + 2]?.marks.has('month-of')) return undefined;
  if (!Number.isInteger(first) || first < 1 || m2.num < first || m2.num > MONTHS_IN_YEAR) return undefined;
  c.i = j + 3;
  return { a: 'months', n: m2.num - first + 1, from: t.start, to: c.toks[j + 2]!.end };
}

function dateAt(c: Cursor, month: number, j: number, t: Tok): Atom | undefined {
  if (!Number.isInteger(month) || month < 1 || month > MONTHS_IN_YEAR) {
    c.i = j + 1;
    return { a: 'num', n: month, from: t.start, to: c.toks[j]!.end };
  }
  const k = j + 1;
  const d = c.toks[k];
  if (isNum(d) && c.toks[k + 1]?.marks.has('date-day') && d.num >= 1 && d.num <= MAX_DAY_OF_MONTH) {
    c.i = k + 2;
    return { a: 'date', month, day: d.num, from: t.start, to: c.toks[k + 1]!.end };
  }
  // 3月到8月, 3-8月: months of a range, both ends counted
  const r = c.toks[k];
  if (r?.marks.has('range')) {
    const m2 = c.toks[k + 1];
    if (isNum(m2) && m2.num >= month && m2.num <= MONTHS_IN_YEAR && c.toks[k + 2]?.marks.has('month-of')) {
      c.i = k + 3;
      return { a: 'months', n: m2.num - month + 1, from: t.start, to: c.toks[k + 2]!.end };
    }
  }
  c.i = k;
  return { a: 'date', month, from: t.start, to: c.toks[j]!.end };
}

/** 每天8小时, 每次2小时, 一天6个小时. */
function perAt(c: Cursor): Atom | undefined {
  const t = c.peek()!;
  const per = t.marks.has('per-day') ? 'day' : 'time';
  let j = c.nextSolid(c.i + 1, true);
  // "每天干9个小时", "每天从早到晚差不多10个小时": a few words before the figure
  for (let skip = 0; skip < 5 && c.toks[j] && !isNum(c.toks[j]) && c.toks[j]!.type !== 'punct'; skip++)
    j = c.nextSolid(j + 1, true);
  const n = c.toks[j];
  if (!isNum(n)) return undefined;
  let k = j + 1;
  while (c.toks[k]?.marks.has('about')) k++;
  const u = unitOf(c.toks[k]);
  if (u !== 'hour' && u !== 'credit') return undefined;
  c.i = k + 1;
  return { a: 'per', per, n: n.num, from: t.start, to: c.toks[k]!.end };
}

/** 张三, 李四: a surname and one numeral character, the usual stand-in name (not 三张 or 张三级). */
function numeralNameAt(c: Cursor): Atom | undefined {
  const t = c.peek()!;
  const n = c.toks[c.i + 1];
  if (!t.marks.has('surname') || t.text.length !== 1 || Object.keys(t.f).some((k) => k !== 'mark')) return undefined;
  if (!isNum(n) || n.digits || n.text.length !== 1 || n.start !== t.end) return undefined;
  if (isNum(c.toks[c.i - 1]) || unitOf(c.toks[c.i + 2]) || c.toks[c.i + 2]?.marks.has('rank-suf')) return undefined;
  c.i += 2;
  return { a: 'person', name: t.text + n.text, from: t.start, to: n.end };
}

/** 小王, 老李: a colleague by name. */
function personAt(c: Cursor): Atom | undefined {
  const t = c.peek()!;
  if (!t.marks.has('name-pre')) return numeralNameAt(c);
  const s = c.toks[c.i + 1];
  if (!s?.marks.has('surname') || s.start !== t.end) return undefined;
  c.i += 2;
  return { a: 'person', name: t.text + s.text, from: t.start, to: s.end };
}

/** 省发改委, 市人社局: an organisation named by its level and its kind (委 / 厅 / 局). */
function orgAt(c: Cursor): Atom | undefined {
  const t = c.peek()!;
  if (!t.marks.has('org-pre') || !t.f.level) return undefined;
  let j = c.i + 1;
  let width = 0;
  while (j < c.toks.length && width <= 6) {
    const x = c.toks[j]!;
    if (x.marks.has('org-suf')) {
      if (width === 0) return undefined;
      c.i = j + 1;
      const leader = c.toks[j + 1]?.marks.has('leader') ?? false;
      return { a: 'org', level: t.f.level, leader, from: t.start, to: x.end };
    }
    if (x.type === 'space' || x.type === 'punct' || x.type === 'num' || x.f.kind || x.marks.has('q')) return undefined;
    width += x.end - x.start;
    j++;
  }
  return undefined;
}

/** The atoms' words, for a slot's provenance. */
export function wordsOf(text: string, a: { from: number; to: number }): string {
  return text.slice(a.from, a.to);
}
