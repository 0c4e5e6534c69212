// Items (achievements) of a message: each kind named starts one; the values and quantities of its clause attach to
// the nearest item that can carry them. Every slot keeps the words it came from.
import type { Achievement, AchievementSlot, ActivityKind } from '../domain/vocab';
import type { Atom, Tok } from './atoms';
import type { Lexicon } from './lexicon';
import type { Feats, Mark } from './vocabulary';

export interface ItemDraft {
  item: Achievement;
  /** the words each slot came from (kind included) */
  words: Partial<Record<keyof Achievement, string>>;
  clause: number;
  at: number;
  /** hours per day or per session told, applied once the days or sessions are known */
  perDay?: number;
  /** 不是主持人: the host role denied, the role left to the rank (排第二 → 主要完成人) or, without one, a member */
  hostDenied?: boolean;
  perTime?: number;
}

/** Values an item's slots take from words (the feature keys equal the slot names). */
const VALUE_SLOTS = [
  'patentType',
  'level',
  'prize',
  'role',
  'authorship',
  'indexing',
  'certificate',
  'langGrade',
  'paper',
  'abroad',
  'official',
  'completed',
  'mainLeader',
  'degreeLevel',
  'subject',
] as const satisfies ReadonlyArray<keyof Feats & AchievementSlot>;
type ValueSlot = (typeof VALUE_SLOTS)[number];

/** The grammar roles a clause holds: its words' marks, and a few read from its atoms. */
export type Role = Mark | 'rank' | 'hour' | 'paper-named';

export interface Clause {
  index: number;
  atoms: Array<{ atom: Atom; at: number }>;
  marks: Set<Role>;
  /** the marks of every clause between the same hard separators (spaces separate clauses, not sentences) */
  sentence: Set<Role>;
}

export interface ItemsResult {
  items: ItemDraft[];
  /** atom indices used by items */
  used: Set<number>;
  /** values named with no item to carry them (for the open question or the last answer's item) */
  loose: Array<{ slot: AchievementSlot; value: unknown; words: string; at: number }>;
  /** a kind negated ("不是发明专利") */
  denied: ActivityKind[];
  /** a title or grade the user holds (我是高级技师): said, not obtained */
  held: string[];
}

/** Groups atoms into clauses (hard and soft separators) with the grammar roles each clause holds. */
export function clausesOf(atoms: Atom[]): Clause[] {
  const out: Clause[] = [];
  let sentence = new Set<Role>();
  let cur: Clause = { index: 0, atoms: [], marks: new Set(), sentence };
  atoms.forEach((atom, at) => {
    if (atom.a === 'sep') {
      if (cur.atoms.length) out.push(cur);
      if (atom.hard) sentence = new Set();
      cur = { index: out.length, atoms: [], marks: new Set(), sentence };
      return;
    }
    if (atom.a === 'word') for (const m of atom.t.marks) sentence.add(m);
    if (atom.a === 'word' && atom.t.f.paper && !atom.t.f.kindBy) sentence.add('paper-named');
    if (atom.a === 'qty' && atom.dim === 'chars') sentence.add('paper-named');
    if (atom.a === 'rank') sentence.add('rank');
    if (atom.a === 'qty' && atom.dim === 'count') sentence.add('count');
    if (atom.a === 'qty' && atom.dim === 'hour') sentence.add('hour');
    cur.atoms.push({ atom, at });
    if (atom.a === 'word') for (const m of atom.t.marks) cur.marks.add(m);
    if (atom.a === 'rank') cur.marks.add('rank');
    if (atom.a === 'qty' && atom.dim === 'count') cur.marks.add('count');
  });
  if (cur.atoms.length) out.push(cur);
  return out;
}

function kindOfWord(t: Tok, clause: Clause, ctxt: KindContext): ActivityKind | undefined {
  const by = t.f.kindBy;
  // "参加学术会议 做了报告 论文3000字": at a conference, a talk with a paper and no duration is the paper read
  if (by && t.f.paper && clause.sentence.has('paper-named') && !clause.sentence.has('hour')) return undefined;
  if (by) {
    for (const [mark, kind] of Object.entries(by)) if (clause.sentence.has(mark as Mark)) return kind;
    if (!t.f.kind) return undefined;
  }
  const kind = t.f.kind;
  if (!kind) return undefined;
  // "小王要是高级技师呢": a what-if asks about the grade as obtained
  const obtained = clause.sentence.has('acquire') || clause.sentence.has('done') || clause.sentence.has('hyp');
  // "济宁 高级技师": named alone it is asked about; "我是高级技师" is only who one is
  if (t.f.titleLike && !obtained && (clause.sentence.has('identity') || !(ctxt.asksConvert || ctxt.terse)))
    return undefined;
  return kind;
}

export interface KindContext {
  /** the message asks what something converts to (an item is meant even without 考取 / 拿到) */
  asksConvert: boolean;
  /** the kind being talked about (the open question's, or the last answer's single kind) */
  contextKind?: ActivityKind;
  /** kinds of the items read so far in this message */
  known?: Set<ActivityKind>;
  /** a message of a few words (济宁 高级技师): what it names is asked about */
  terse?: boolean;
  /** kinds whose item was told with an authorship or a rank (another clause with its own is another item) */
  specified?: Set<ActivityKind>;
}

interface Mention {
  kind: ActivityKind;
  at: number;
  weak: boolean;
  t?: Tok;
  words: string;
  /** named by a count's classifier (三篇): the count still belongs to the item */
  qty?: boolean;
  /** kinds this mention absorbed in its clause */
  alternatives?: ActivityKind[];
}

function mentionsOf(clause: Clause, ctxt: KindContext, text: string): { kept: Mention[]; held: string[] } {
  const found: Mention[] = [];
  const held: string[] = [];
  for (const { atom, at } of clause.atoms) {
    if (atom.a === 'word') {
      // a classifier (部, 篇) names papers or books only after a number
      if (atom.t.marks.has('count') && atom.t.f.weak) continue;
      const k = kindOfWord(atom.t, clause, ctxt);
      if (k) found.push({ kind: k, at, weak: !!atom.t.f.weak, t: atom.t, words: atom.t.text });
      else if (atom.t.f.titleLike) held.push(atom.t.text);
    } else if (
      atom.a === 'qty' &&
      atom.kind &&
      (!ctxt.known?.has(atom.kind) ||
        clause.marks.has('more') ||
        clause.marks.has('add') ||
        (ctxt.specified?.has(atom.kind) && ownAuthorship(clause)))
    ) {
      // 三篇: a count names papers only when no paper is being talked about yet, or another one (又…1本, or
      // "独著论文一篇 跟人合作一篇": a clause of its own with its own authorship)
      found.push({ kind: atom.kind, at, weak: true, words: text.slice(atom.from, atom.to), qty: true });
    }
  }
  return { kept: dedupe(found), held };
}

/** A clause that names an authorship or a rank of its own ("跟人合作一篇", "第二作者一篇"). */
function ownAuthorship(clause: Clause): boolean {
  return clause.atoms.some((x) => (x.atom.a === 'word' && !!x.atom.t.f.authorship) || x.atom.a === 'rank');
}

/** A kind absorbs the kinds it names in its clause (讲了…学术会 is a lecture); weak kinds yield to the rest. */
function dedupe(found: Mention[]): Mention[] {
  const absorbed = new Set<ActivityKind>();
  for (const k of new Set(found.map((m) => m.kind))) for (const a of ABSORBS.get(k) ?? []) if (a !== k) absorbed.add(a);
  // the kinds absorbed stay as alternatives of the absorbing one (驻村扶贫 where no 驻村 rule exists)
  for (const m of found) {
    if (absorbed.has(m.kind)) continue;
    const alts = [
      ...new Set(
        found.filter((x) => absorbed.has(x.kind) && (ABSORBS.get(m.kind) ?? []).includes(x.kind)).map((x) => x.kind),
      ),
    ];
    if (alts.length) m.alternatives = alts;
  }
  const left = found.filter((m) => !absorbed.has(m.kind));
  const strong = left.filter((m) => !m.weak);
  return strong.length ? left.filter((m) => !m.weak || strong.some((s) => s.kind === m.kind)) : left;
}

// filled from the lexicon on first use (kinds and their absorptions are data)
const ABSORBS = new Map<ActivityKind, readonly ActivityKind[]>();

function loadAbsorbs(lex: Lexicon): void {
  if (ABSORBS.size) return;
  for (const k of Object.keys(lex.vocabulary.kinds) as ActivityKind[]) ABSORBS.set(k, lex.absorbs(k));
}

const NEGATABLE: Partial<Record<ValueSlot, (v: unknown) => unknown>> = {
  authorship: (v) => (v === 'first' || v === 'corresponding' || v === 'solo' ? 'other' : undefined),
  role: (v) => (v === 'host' || v === 'main' ? 'member' : undefined),
  paper: () => 'none',
  abroad: (v) => !v,
  official: (v) => !v,
  completed: (v) => !v,
};

/** Reads the items of a message. */
export function readItems(
  clauses: Clause[],
  _atoms: Atom[],
  text: string,
  lex: Lexicon,
  ctxt: KindContext,
): ItemsResult {
  loadAbsorbs(lex);
  const res: ItemsResult = { items: [], used: new Set(), loose: [], denied: [], held: [] };
  for (const clause of clauses) {
    const { kept, held } = mentionsOf(clause, ctxt, text);
    res.held.push(...held);
    const fresh: ItemDraft[] = [];
    for (const m of kept) {
      // 不是发明专利: a kind denied is no item
      if (negatedAt(clause, m.at)) {
        res.denied.push(m.kind);
        res.used.add(m.at);
        continue;
      }
      // the same kind named again with a value that differs ("A级B级C级") is another item
      const prev = [...fresh].reverse().find((d) => d.item.kind === m.kind && !(m.t && differs(d, m.t.f)));
      const between = prev ? clause.atoms.filter((x) => x.at > prev.at && x.at < m.at) : [];
      const separate = between.some(
        (x) => x.atom.a === 'word' && (x.atom.t.marks.has('and') || x.atom.t.marks.has('add')),
      );
      if (!m.qty) res.used.add(m.at);
      if (prev && !separate) {
        if (m.t) takeValues(prev, m.t.f, m.t.text, lex);
        continue;
      }
      const draft: ItemDraft = { item: { kind: m.kind }, words: { kind: m.words }, clause: clause.index, at: m.at };
      if (m.alternatives) draft.item.alternatives = m.alternatives;
      if (m.t) takeValues(draft, m.t.f, m.t.text, lex);
      fresh.push(draft);
    }
    res.items.push(...fresh);
    ctxt.known ??= new Set();
    for (const d of fresh) ctxt.known.add(d.item.kind);
    attachClause(clause, fresh, res, text, lex, ctxt);
    mergeRepeats(res, fresh, clause);
    ctxt.specified ??= new Set();
    for (const d of fresh) if (d.item.authorship || d.item.rank !== undefined) ctxt.specified.add(d.item.kind);
  }
  finish(res, lex, clauses);
  return res;
}

/**
 * "参加了省人社厅举办的培训班，讲课3小时": an item that only says where (level, subject) and that another item's kind
 * absorbs is the setting of that item, not an item of its own.
 */
function absorbAcross(res: ItemsResult, lex: Lexicon, clauseMarks: Map<number, Set<string>>): void {
  for (let i = res.items.length - 1; i >= 0; i--) {
    const b = res.items[i]!;
    const slots = Object.keys(b.item).filter((k) => k !== 'kind');
    // "参加国情研修班，通知上写研修3天": the same activity named again by its family, with its days
    const detailOf = (a: ItemDraft) =>
      res.items.indexOf(a) < i &&
      slots.every((k) => allows(lex, a.item.kind, k) && (a.item as Record<string, unknown>)[k] === undefined);
    if (slots.some((k) => k !== 'level' && k !== 'subject')) {
      const a = res.items.find((x) => x !== b && lex.absorbs(x.item.kind).includes(b.item.kind) && detailOf(x));
      if (!a || clauseMarks.get(b.clause)?.has('add')) continue;
      for (const k of slots) {
        (a.item as Record<string, unknown>)[k] = (b.item as Record<string, unknown>)[k];
        (a.words as Record<string, string | undefined>)[k] = (b.words as Record<string, string | undefined>)[k];
      }
      res.items.splice(i, 1);
      continue;
    }
    // "参加省级学术会议 另外应邀讲了一次课": 另外 keeps them two items
    if (
      clauseMarks.get(b.clause)?.has('add') ||
      res.items.some((x) => x !== b && clauseMarks.get(x.clause)?.has('add'))
    )
      continue;
    const a = res.items.find((x) => x !== b && lex.absorbs(x.item.kind).includes(b.item.kind));
    if (!a) continue;
    for (const k of slots as Array<'level' | 'subject'>) {
      if (a.item[k] === undefined && allows(lex, a.item.kind, k)) {
        (a.item as Record<string, unknown>)[k] = b.item[k];
        a.words[k] = b.words[k];
      }
    }
    res.items.splice(i, 1);
  }
}

const SLOTLESS = new Set(['kind']);

/**
 * "国标 第8起草人", "我是驻村工作队员，驻村8个月": the same kind named again in a later clause, with nothing that
 * differs and no count of its own, is more about the same item.
 */
function mergeRepeats(res: ItemsResult, fresh: ItemDraft[], clause: Clause): void {
  // "又参与合著了1本": 又 / 另外 / 和 name another one
  if (clause.marks.has('add') || clause.marks.has('and') || clause.marks.has('more')) return;
  for (const d of fresh) {
    if (d.item.count !== undefined) continue;
    const i = res.items.indexOf(d);
    const prev = res.items
      .slice(0, i)
      .reverse()
      .find((p) => p.item.kind === d.item.kind && !(p as ItemDraft & { partOf?: ItemDraft }).partOf);
    if (!prev || conflicts(prev.item, d.item)) continue;
    for (const [k, v] of Object.entries(d.item)) {
      if (SLOTLESS.has(k) || v === undefined) continue;
      (prev.item as Record<string, unknown>)[k] = v;
      prev.words[k as keyof Achievement] = d.words[k as keyof Achievement];
    }
    res.items.splice(i, 1);
  }
}

function conflicts(a: Achievement, b: Achievement): boolean {
  for (const [k, v] of Object.entries(b)) {
    if (k === 'kind' || v === undefined) continue;
    const w = (a as Record<string, unknown>)[k];
    if (w !== undefined && w !== v && !(k === 'authorship' && (w === 'coauthor' || v === 'coauthor'))) return true;
  }
  return false;
}

function differs(d: ItemDraft, f: Feats): boolean {
  return VALUE_SLOTS.some((s) => f[s] !== undefined && d.item[s] !== undefined && d.item[s] !== f[s]);
}

function negatedAt(clause: Clause, at: number): boolean {
  const before = clause.atoms.filter((x) => x.at < at && x.at >= at - 2);
  return before.some((x) => x.atom.a === 'word' && x.atom.t.marks.has('neg') && !x.atom.t.f.kind);
}

function allows(lex: Lexicon, kind: ActivityKind, slot: string): boolean {
  return lex.slotsOf(kind).has(slot);
}

function takeValues(d: ItemDraft, f: Feats, words: string, lex: Lexicon): void {
  for (const s of VALUE_SLOTS) {
    const v = f[s];
    if (v === undefined || !allows(lex, d.item.kind, s)) continue;
    (d.item as Record<string, unknown>)[s] = v;
    d.words[s] = words;
  }
}

type Value = {
  slot: AchievementSlot;
  value: unknown;
  words: string;
  at: number;
  neg: boolean;
  org?: boolean;
  /** the kind a count's classifier names (篇: papers) */
  kind?: ActivityKind;
  /** a member read from 不是主持人: a rank told decides instead */
  hostDenied?: boolean;
};

/** The slot values one atom gives (a word's features, a rank, a quantity). */
function valuesOf(atom: Atom, at: number, text: string, neg: boolean, clause: Clause): Value[] {
  const words = text.slice(atom.from, atom.to);
  const out: Value[] = [];
  if (atom.a === 'word') {
    if (atom.t.f.kind && !atom.t.f.weak && !atom.t.f.kindBy && !atom.t.f.titleLike) return out;
    for (const s of VALUE_SLOTS) {
      const v = atom.t.f[s];
      if (v !== undefined) out.push({ slot: s, value: v, words, at, neg });
    }
  } else if (atom.a === 'rank') {
    out.push({ slot: 'rank', value: atom.n, words, at, neg });
    if (atom.author) out.push({ slot: 'authorship', value: atom.n === 1 ? 'first' : 'other', words, at, neg });
  } else if (atom.a === 'qty') {
    const slot: AchievementSlot | undefined =
      atom.dim === 'count'
        ? 'count'
        : atom.dim === 'day'
          ? 'days'
          : atom.dim === 'hour' || atom.dim === 'credit'
            ? 'hours'
            : atom.dim === 'month'
              ? 'months'
              : atom.dim === 'chars'
                ? 'paper'
                : undefined;
    if (slot === 'paper') out.push({ slot, value: paperLength(atom), words, at, neg });
    else if (slot && !(slot === 'hours' && (isClaim(clause, at) || restBefore(clause, at))))
      out.push({ slot, value: atom.n, words, at, neg, kind: atom.kind });
  } else if (atom.a === 'org') {
    out.push({ slot: 'level', value: atom.level, words, at, neg, org: true });
  }
  return out;
}

/** "中午休1小时", "路上2小时": time off or on the way is no hours of the activity. */
function restBefore(clause: Clause, at: number): boolean {
  const prev = clause.atoms.find((x) => x.at === at - 1)?.atom;
  return prev?.a === 'word' && (prev.t.marks.has('exclude') || prev.t.marks.has('leave-verb'));
}

/** The length of a paper read at a conference, by the notice's threshold in the vocabulary. */
function paperLength(atom: Extract<Atom, { a: 'qty' }>): Achievement['paper'] {
  const limit = PAPER_THRESHOLD.value;
  if (atom.over) return atom.n >= limit ? 'long' : 'short';
  if (atom.under) return 'short';
  return atom.n > limit ? 'long' : 'short';
}

/** Set from the vocabulary's paper-length threshold at load (the 安徽 notice's 2000字). */
export const PAPER_THRESHOLD = { value: Number.POSITIVE_INFINITY };

/** "能算60学时吗", "要求90学时": a figure asked about or claimed, not a documented number of hours. */
function isClaim(clause: Clause, at: number): boolean {
  const near = clause.atoms.filter((x) => x.at >= at - 3 && x.at <= at + 2 && x.at !== at);
  return near.some(
    (x) =>
      x.atom.a === 'word' &&
      (x.atom.t.f.ask === 'convert' ||
        x.atom.t.f.ask === 'requirement' ||
        x.atom.t.f.ask === 'progress' ||
        x.atom.t.f.ask === 'cap' ||
        x.atom.t.marks.has('need') ||
        x.atom.t.marks.has('q') ||
        x.atom.t.marks.has('upto')),
  );
}

function attachClause(
  clause: Clause,
  fresh: ItemDraft[],
  res: ItemsResult,
  text: string,
  lex: Lexicon,
  ctxt: KindContext,
): void {
  let negUntil = -1;
  let sub: ItemDraft | undefined;
  let prev: Atom | undefined;
  let each = false;
  // "在路上一天不算": what a clause leaves out is no fact of the item
  if (clause.marks.has('exclude') && fresh.length === 0) return;
  for (const { atom, at } of clause.atoms) {
    const before = prev;
    prev = atom;
    if (atom.a === 'word' && atom.t.marks.has('each')) each = true;
    if (atom.a === 'word' && atom.t.marks.has('neg') && !atom.t.f.kind) negUntil = at + 2;
    if (atom.a === 'per') {
      const target = nearest(fresh, at, (d) => allows(lex, d.item.kind, 'hours')) ?? lastAllowing(res, 'hours', lex);
      // the first figure per day told is the fact; a later one is a claim ("是不是按每天8学时算")
      if (target && (atom.per === 'day' ? target.perDay : target.perTime) === undefined) {
        if (atom.per === 'day') target.perDay = atom.n;
        else target.perTime = atom.n;
        target.words.hours = text.slice(atom.from, atom.to);
        res.used.add(at);
      } else if (!target && atom.per === 'day') {
        // "要是每天6小时呢": hours a day for the item talked about
        res.loose.push({ slot: 'perDay', value: atom.n, words: text.slice(atom.from, atom.to), at });
      }
      continue;
    }
    if (res.used.has(at)) continue;
    if (atom.a === 'num') {
      // "单位培训登记了30": a bare figure right after 学了 / 登记了 is the hours of an item that has hours
      const done = before?.a === 'word' && before.t.marks.has('done');
      bareNumber(atom, at, fresh, res, lex, done);
      continue;
    }
    const vals = valuesOf(atom, at, text, at <= negUntil, clause);
    // 第二主编, 第二主持人: a rank before a lead role is a rank among the leads
    if (before?.a === 'rank' && before.n > 1)
      for (const v of vals) {
        if (v.slot === 'authorship' && v.value === 'first') v.value = 'other';
        if (v.slot === 'role' && v.value === 'host') v.value = 'main';
      }
    // 各一项: the count applies to every item of the clause
    if (each && atom.a === 'qty' && atom.dim === 'count') {
      const all = fresh.length ? fresh : res.items.filter((d) => d.clause === clause.index);
      for (const d of all) if (allows(lex, d.item.kind, 'count')) d.item.count = atom.n;
      res.used.add(at);
      each = false;
      continue;
    }
    for (const v of vals) {
      // "还有一篇合作的": with 还有 / 另外 a count is another item of the kind just told
      if (v.slot === 'count' && fresh.length === 0 && clause.marks.has('add') && !sub) {
        const last = res.items[res.items.length - 1];
        if (last && allows(lex, last.item.kind, 'count')) {
          sub = {
            item: { kind: last.item.kind, count: v.value as number },
            words: { kind: last.words.kind, count: v.words },
            clause: clause.index,
            at,
          };
          res.items.push(sub);
          res.used.add(at);
          continue;
        }
      }
      // a count starting a part of an item told before ("两篇论文，一篇一作一篇通讯")
      if (v.slot === 'count' && fresh.length === 0) {
        const part = splitPart(res, v, lex);
        if (part) {
          sub = part;
          res.used.add(at);
          continue;
        }
      }
      // "一篇独著一篇合作": a second count after the first item's details starts another item of its kind
      if (v.slot === 'count' && !sub) {
        const near = nearest(fresh, at, (d) => allows(lex, d.item.kind, 'count'));
        if (
          near &&
          near.item.count !== undefined &&
          Object.keys(near.words).some((k) => k !== 'kind' && k !== 'count')
        ) {
          sub = {
            item: { kind: near.item.kind, count: v.value as number },
            words: { kind: near.words.kind, count: v.words },
            clause: clause.index,
            at,
          };
          res.items.push(sub);
          res.used.add(at);
          continue;
        }
      }
      const target =
        (sub && allows(lex, sub.item.kind, v.slot) ? sub : undefined) ??
        nearest(fresh, at, (d) => allows(lex, d.item.kind, v.slot)) ??
        (fresh.length === 0 && v.slot !== 'subject' ? lastAllowing(res, v.slot, lex) : undefined);
      if (!target) {
        const loose = v.neg ? negated(v) : v;
        if (loose && (v.slot !== 'subject' || ctxt.contextKind)) res.loose.push(loose);
        continue;
      }
      set(target, v);
      res.used.add(at);
    }
  }
}

const NUMERIC: readonly AchievementSlot[] = ['count', 'rank', 'days', 'hours', 'months'];

/**
 * "软著 3", "驻村 12": a bare number after an item is its figure only when the item has one figure it can be;
 * "发明专利 2" (a rank or a count?) stays unplaced, and the dialog asks.
 */
function bareNumber(
  atom: Extract<Atom, { a: 'num' }>,
  at: number,
  fresh: ItemDraft[],
  res: ItemsResult,
  lex: Lexicon,
  studied = false,
): void {
  if (atom.absurd || atom.negative) return;
  const target = nearest(fresh, at, () => true) ?? (fresh.length === 0 ? res.items[res.items.length - 1] : undefined);
  if (!target || target.at > at) return;
  const hoursOnly = studied && allows(lex, target.item.kind, 'hours');
  const slots = NUMERIC.filter((s) => allows(lex, target.item.kind, s));
  const slot = hoursOnly
    ? 'hours'
    : ((lex.bareOf(target.item.kind) as AchievementSlot | undefined) ?? (slots.length === 1 ? slots[0] : undefined));
  if (!slot || target.item[slot] !== undefined) return;
  (target.item as Record<string, unknown>)[slot] = atom.n;
  target.words[slot] = String(atom.n);
  res.used.add(at);
}

/** A value said with 不是 / 没: its opposite where it has one, else nothing. */
function negated(v: Value): Value | undefined {
  const flip = NEGATABLE[v.slot as ValueSlot];
  const value = flip?.(v.value);
  // 不是主持人: a member, unless a rank told says which kind of non-host (排第二 → 主要完成人)
  const denied = v.slot === 'role' && v.value === 'host';
  return value === undefined ? undefined : { ...v, value, neg: false, ...(denied ? { hostDenied: true } : {}) };
}

function set(d: ItemDraft, v: Value): void {
  let value = v.value;
  // "我是通讯作者但不是第一作者": what is denied does not undo what is said — unless it was vague ("合著…不是第一作者")
  const had = (d.item as Record<string, unknown>)[v.slot];
  if (v.neg && had !== undefined && VAGUE[v.slot] !== had) return;
  if (v.neg && v.slot === 'role' && v.value === 'host') {
    d.hostDenied = true;
    return;
  }
  if (v.neg) {
    const flip = NEGATABLE[v.slot as ValueSlot];
    if (!flip) return;
    value = flip(value);
    if (value === undefined) return;
  }
  const item = d.item as Record<string, unknown>;
  // "公需专业各能认定多少": both subjects named, none chosen
  if (v.slot === 'subject' && item.subject !== undefined && item.subject !== value && d.words.subject !== v.words) {
    delete item.subject;
    d.words.subject = `${d.words.subject} ${v.words}`;
    return;
  }
  // a report endorsed by a provincial commission or bureau (省发改委), not by 省委 / 省政府 leaders
  if (v.org && v.slot === 'level' && value === 'provincial' && d.item.kind === 'report') value = 'department';
  // a later, more precise authorship (我是第一作者) refines 合作; "1500字的论文": the length refines 论文 read
  if (vaguer(v.slot, item[v.slot], value)) return;
  // "参加…课题 … 主持人": the later, explicit role wins over 参加
  if (v.slot === 'role' && item.role === 'host' && value === 'member') return;
  // "一篇1500字的论文" at a conference: the count of papers is not a count of conferences
  if (v.slot === 'count' && v.kind && v.kind !== d.item.kind) return;
  item[v.slot] = value;
  d.words[v.slot] = d.words[v.slot] && d.words[v.slot] !== v.words ? `${d.words[v.slot]} ${v.words}` : v.words;
}

/** Values that only narrow down to one of several (合作, 论文 read) never replace a precise one told. */
const VAGUE: Partial<Record<string, unknown>> = { authorship: 'coauthor', paper: 'presented' };

export function vaguer(slot: string, old: unknown, value: unknown): boolean {
  return old !== undefined && old !== value && VAGUE[slot] === value;
}

function nearest(items: ItemDraft[], at: number, ok: (d: ItemDraft) => boolean): ItemDraft | undefined {
  let best: ItemDraft | undefined;
  let dist = Number.POSITIVE_INFINITY;
  for (const d of items) {
    if (!ok(d)) continue;
    // the item named before the value is preferred at equal distance ("发明专利排第2")
    const dd = Math.abs(d.at - at) + (d.at > at ? 0.5 : 0);
    if (dd < dist) {
      dist = dd;
      best = d;
    }
  }
  return best;
}

function lastAllowing(res: ItemsResult, slot: string, lex: Lexicon): ItemDraft | undefined {
  for (let i = res.items.length - 1; i >= 0; i--) {
    const d = res.items[i]!;
    if (allows(lex, d.item.kind, slot)) return d;
  }
  return undefined;
}

/** "两篇论文，一篇一作一篇通讯": a counted part of the last item with a larger count becomes an item of its own. */
function splitPart(res: ItemsResult, v: Value, lex: Lexicon): ItemDraft | undefined {
  const n = v.value as number;
  const parent = [...res.items]
    .reverse()
    .find((d) => !(d as ItemDraft & { partOf?: ItemDraft }).partOf && allows(lex, d.item.kind, 'count'));
  if (!parent) return undefined;
  const total = parent.item.count ?? 0;
  const parts = res.items.filter((d) => d !== parent && (d as ItemDraft & { partOf?: ItemDraft }).partOf === parent);
  const left = total - parts.reduce((s, d) => s + (d.item.count ?? 0), 0);
  if (total < 2 || n > left) return undefined;
  const { count: _count, ...base } = parent.item;
  const part: ItemDraft & { partOf?: ItemDraft } = {
    item: { ...base, count: n },
    words: { ...parent.words, count: v.words },
    clause: parent.clause,
    at: v.at,
    partOf: parent,
  };
  res.items.push(part);
  return part;
}

/** A rank where the notice names roles by rank (课题: 第1 主持人, 前3名 主要完成人, 其他 参与人员). */
export function deriveRole(item: Achievement, lex: Lexicon): void {
  const bands = lex.rankRoleOf(item.kind);
  if (!bands || item.rank === undefined) return;
  if (item.role === undefined) item.role = bands.find((b) => b.upto === undefined || item.rank! <= b.upto)?.role;
  if (item.role === 'host' && item.rank === 1) delete item.rank;
}

/** Parts replace their whole once they add up; hours per day or session become the total. */
function finish(res: ItemsResult, lex: Lexicon, clauses: Clause[]): void {
  absorbAcross(res, lex, new Map(clauses.map((c) => [c.index, c.marks as Set<string>])));
  const parents = new Set(
    res.items.map((d) => (d as ItemDraft & { partOf?: ItemDraft }).partOf).filter((p): p is ItemDraft => !!p),
  );
  res.items = res.items.filter((d) => !parents.has(d));
  for (const d of res.items) {
    const item = d.item;
    // the rank of an author is the authorship: first, or another author with that rank
    if ((item.kind === 'paper' || item.kind === 'book') && item.rank !== undefined) {
      if (item.rank === 1) {
        if (item.authorship === undefined || item.authorship === 'coauthor') item.authorship = 'first';
        if (item.authorship === 'first') delete item.rank;
      } else if (item.authorship === undefined || item.authorship === 'coauthor' || item.authorship === 'first')
        item.authorship = 'other';
    }
    if (d.hostDenied && item.role === undefined && item.rank === 1) delete item.rank;
    deriveRole(item, lex);
    if (d.hostDenied && (item.role === undefined || item.role === 'host')) item.role = 'member';
    if (d.hostDenied && item.role === 'host') item.role = 'member';
    if (d.perDay !== undefined && item.days !== undefined) item.hours = d.perDay * item.days;
    else if (d.perDay !== undefined) item.perDay = d.perDay;
    if (d.perTime !== undefined) item.hours = d.perTime * (item.count ?? 1);
  }
}

/** Slots whose values a user lists to ask the figure of each ("国家级、省级、市级的分别多少", "排第1、第3、第5名各多少"). */
const LISTABLE: readonly AchievementSlot[] = [
  'level',
  'rank',
  'prize',
  'role',
  'authorship',
  'langGrade',
  'certificate',
  'patentType',
  'indexing',
];

/**
 * One item with a list of values of one slot, asked "各 / 分别": an item per value, each with the values told in its
 * part of the list (the level and the prize of each contest), the rest shared.
 */
export function splitEnumeration(res: ItemsResult, clauses: Clause[], text: string, lex: Lexicon): void {
  // one item, or the same kind named again with each value ("大赛三等奖、…大赛优胜奖"): split anew by the list
  const d = res.items[0];
  if (!d || res.items.some((x) => x.item.kind !== d.item.kind)) return;
  const mentions = new Map<AchievementSlot, Value[]>();
  for (const c of clauses)
    for (const { atom, at } of c.atoms)
      for (const v of listValuesOf(atom, at, text, c)) {
        if (!LISTABLE.includes(v.slot) || !allows(lex, d.item.kind, v.slot)) continue;
        mentions.set(v.slot, [...(mentions.get(v.slot) ?? []), v]);
      }
  const distinct = (vs: Value[]) => new Set(vs.map((v) => JSON.stringify(v.value))).size;
  let by: AchievementSlot | undefined;
  for (const [slot, vs] of mentions)
    if (distinct(vs) >= 2 && (!by || distinct(vs) > distinct(mentions.get(by)!))) by = slot;
  if (!by) return;
  const heads = mentions.get(by)!.sort((a, b) => a.at - b.at);
  const parts: ItemDraft[] = heads.map((h, i) => {
    const end = heads[i + 1]?.at ?? Number.POSITIVE_INFINITY;
    const part: ItemDraft = { ...d, item: { ...d.item }, words: { ...d.words } };
    for (const [slot, vs] of mentions) {
      const own = vs.find((v) => v.at >= h.at && v.at < end && (slot !== by || v === h));
      if (!own) continue;
      (part.item as Record<string, unknown>)[slot] = own.value;
      part.words[slot] = own.words;
    }
    return part;
  });
  res.items = parts;
}

/** The values an atom lists, a kind word's own included (国标、行标、省标 name the level with the kind). */
function listValuesOf(atom: Atom, at: number, text: string, c: Clause): Value[] {
  if (atom.a !== 'word' || !atom.t.f.kind) return valuesOf(atom, at, text, false, c);
  const words = text.slice(atom.from, atom.to);
  return VALUE_SLOTS.filter((s) => atom.t.f[s] !== undefined).map((s) => ({
    slot: s,
    value: atom.t.f[s],
    words,
    at,
    neg: false,
  }));
}
