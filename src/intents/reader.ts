// The rule reader: a message, read against the open question and the last answer, becomes a few commands.
// tokens (lexicon) → atoms (grammar of numbers) → items and facts → topics → commands. Linear in the message.
import type { Achievement, AchievementSlot, ActivityKind } from '../domain/vocab';
import { type Atom, atomize, resolve, type Tok, wordsOf } from './atoms';
import type { Command, ReadContext, Reading, Topic } from './command';
import { organiserPlace, readDuty, readHours, readPerson, readTitle, readWhere, readYears } from './facts';
import { type Clause, clausesOf, deriveRole, type ItemDraft, readItems, splitEnumeration, vaguer } from './items';
import { type Lexicon, longestMatch } from './lexicon';
import { prepare, tokenize } from './tokens';
import type { Control, Feats, Mark } from './vocabulary';

/** Topics by how decisively they are asked when several cue words share one clause (first wins). */
const TOPIC_ORDER: readonly Topic[] = [
  'subject',
  'cap',
  'clause',
  'contact',
  'deadline',
  'platform',
  'eligibility',
  'progress',
  'requirement',
  'convert',
];
const MAX_QUESTIONS = 3;
/** a message longer than this is read only in its first part (a phone message is short) */
export const MAX_READ_CHARS = 500;
const CJK = /[\p{Script=Han}]/u;

interface Cue {
  topic: Topic;
  /** a subject the cue word names (抵公需) */
  subject?: 'public' | 'professional';
  strong: boolean;
  at: number;
  clause: number;
  words: string;
}

function word(a: Atom | undefined): Extract<Atom, { a: 'word' }> | undefined {
  return a?.a === 'word' ? a : undefined;
}

export function readRules(raw: string, ctx: ReadContext, lex: Lexicon, whole = true): Reading {
  const text = prepare(lex, raw).slice(0, MAX_READ_CHARS);
  const thisYear = Number(ctx.today.slice(0, 4));
  const tokens = tokenize(lex, text);
  const contextKinds = [ctx.awaiting?.kind, ...(ctx.last?.kinds ?? [])].filter((k): k is string => !!k);
  const toks = resolve(tokens, contextKinds);
  const atoms = atomize(toks);
  const apart = whole ? readPeopleApart(raw, text, atoms, ctx, lex) : undefined;
  if (apart) return apart;
  const clauses = clausesOf(atoms);
  const clauseOf = new Map<number, number>();
  for (const c of clauses) for (const x of c.atoms) clauseOf.set(x.at, c.index);
  const cues = cuesOf(atoms, clauseOf, text);
  const marks = new Set<Mark>();
  for (const t of toks) for (const m of t.marks) marks.add(m);
  const contextKind = (ctx.awaiting?.kind ?? (ctx.last?.kinds.length === 1 ? ctx.last.kinds[0] : undefined)) as
    | ActivityKind
    | undefined;
  const asksConvert =
    cues.some((c) => c.topic === 'convert' || c.topic === 'cap' || c.topic === 'subject') ||
    (marks.has('q-amount') && marks.has('credit'));
  const solid = atoms.filter((a) => a.a !== 'sep' && !(a.a === 'word' && (a.t.f.filler || a.t.places.length))).length;
  const items = readItems(clauses, atoms, text, lex, { asksConvert, contextKind, terse: solid <= 2 });
  if (toks.some((t) => t.marks.has('each'))) splitEnumeration(items, clauses, text, lex);
  impliedItem(items, lex, contextKind, toks, atoms, text);
  if (ctx.awaiting?.kind) askedKindAbsorbs(items, lex, ctx.awaiting.kind as ActivityKind);
  // "两个能一起抵吗": the two are the subjects, not two of the activity
  if (toks.some((t) => t.marks.has('subjects-both'))) {
    items.items = items.items.filter((d) => Object.keys(d.item).some((k) => k !== 'kind' && k !== 'count'));
    items.loose = items.loose.filter((v) => v.slot !== 'count');
  }
  alsoNamed(atoms, items, clauseOf);
  applyOrganiserPlaces(atoms, items.items, clauses, lex);
  const where = readWhere(atoms, text, ctx.region);
  const years = readYears(atoms, text, thisYear);
  // "有人说公需课30学时全是自选的 是这样吗": a figure someone claimed is checked, not hours the user studied
  const claimed = marks.has('hearsay') && toks.some((t) => t.f.yn);
  const hours = claimed ? { hours: [], used: new Set<number>() } : readHours(atoms, text, years, items.used);
  const duty = readDuty(atoms, text, items.used);
  // "公派我去国外项目上干了八个月": the posting away is the leave, not an achievement
  if (duty && (duty.value.monthsAway !== undefined || duty.value.monthsOnDuty !== undefined))
    items.items = items.items.filter((d) => detailed(d));
  const title = readTitle(
    atoms,
    items.items.some((d) => d.item.kind === 'skill_certificate'),
    items.used,
  );
  const person = readPerson(atoms, text);
  const m: Message = { text, atoms, toks, clauses, cues, marks, items, where, years, hours, duty, title, person, ctx };
  const commands = decide(m, lex, contextKind);
  onTheRoad(m, commands);
  const unread = unreadOf(atoms);
  // "俩专利 发明排2 实用新型排8": a count as many as the items then told one by one is their number
  const told = commands.filter((c) => c.type === 'item').length;
  const unplaced = unplacedOf({ atoms, text, clauses, items }, items.used, hours.used).filter(
    (u) => !(told > 1 && u.value === told),
  );
  const confidence =
    commands.length === 0 ? 0.2 : unread.length > 2 && commands.every((c) => c.type === 'control') ? 0.4 : 0.9;
  const question =
    marks.has('q') || marks.has('q-amount') || marks.has('source') || atoms.some((a) => a.a === 'sep' && a.question);
  const source = marks.has('source');
  return {
    commands,
    unread,
    unplaced,
    text: raw.slice(0, 2000),
    confidence,
    ...(question ? { question } : {}),
    ...(source ? { source } : {}),
  };
}

/**
 * "老韩公需26 专业60；小祁公需30 专业41 各差多少": two or more people named, each at the head of their own facts.
 * Each part is read on its own (what is said before the first name, and the questions asked, hold for every part).
 */
function readPeopleApart(
  raw: string,
  text: string,
  atoms: Atom[],
  ctx: ReadContext,
  lex: Lexicon,
): Reading | undefined {
  const heads: number[] = [];
  const names = new Set<string>();
  atoms.forEach((a, i) => {
    if (a.a !== 'person' || !a.name || names.has(a.name)) return;
    const prev = atoms[i - 1];
    if (i > 0 && prev?.a !== 'sep' && !(prev?.a === 'word' && prev.t.marks.has('and'))) return;
    names.add(a.name);
    heads.push(a.from);
  });
  if (heads.length < 2) return undefined;
  const lead = readRules(text.slice(0, heads[0]), ctx, lex, false);
  const parts = heads.map((from, i) => readRules(text.slice(from, heads[i + 1] ?? text.length), ctx, lex, false));
  const FACTS = new Set(['hours', 'item', 'duty', 'title']);
  if (parts.some((p) => !p.commands.some((c) => FACTS.has(c.type)))) return undefined;
  const starts = [lead, ...parts].flatMap((p) => p.commands.filter((c) => c.type === 'start'));
  const shared = lead.commands.filter((c) => c.type === 'where' || c.type === 'year');
  const asked = starts.filter((c, i) => starts.findIndex((x) => x.type === c.type && x.topic === c.topic) === i);
  const whole: Reading[] = parts.map((p) => {
    const own = p.commands.filter((c) => c.type !== 'start' || !asked.length);
    const commands = [...shared, ...own.filter((c) => !shared.some((s) => s.type === c.type)), ...asked];
    return { ...p, commands, text: `${text.slice(0, heads[0])}${p.text}` };
  });
  return {
    commands: whole[0]!.commands,
    unread: whole.flatMap((p) => p.unread).slice(0, 20),
    unplaced: whole[0]!.unplaced,
    text: raw.slice(0, 2000),
    confidence: Math.min(...whole.map((p) => p.confidence)),
    parts: whole,
  };
}

interface Message {
  text: string;
  atoms: Atom[];
  toks: Tok[];
  clauses: Clause[];
  cues: Cue[];
  marks: Set<Mark>;
  items: ReturnType<typeof readItems>;
  where: ReturnType<typeof readWhere>;
  years: ReturnType<typeof readYears>;
  hours: ReturnType<typeof readHours>;
  duty: ReturnType<typeof readDuty>;
  title: ReturnType<typeof readTitle>;
  person: ReturnType<typeof readPerson>;
  ctx: ReadContext;
}

function cuesOf(atoms: Atom[], clauseOf: Map<number, number>, text: string): Cue[] {
  const out: Cue[] = [];
  // "公需专业都抵吗", "算公需还是专业": both subjects with 都 / 还是 ask which subject it counts as
  const subjects = new Set(atoms.map((a) => word(a)?.t.f.subject).filter(Boolean));
  const joined = atoms.some((a) => has(a, 'both') || has(a, 'or') || has(a, 'more'));
  if (subjects.size === 2 && joined) {
    const first = atoms.findIndex((a) => !!word(a)?.t.f.subject);
    const a = atoms[first]!;
    out.push({
      topic: 'subject',
      strong: true,
      at: first,
      clause: clauseOf.get(first) ?? 0,
      words: text.slice(a.from, a.to),
    });
  }
  const figures = atoms.some((a) => a.a === 'num' || a.a === 'qty' || a.a === 'rank');
  atoms.forEach((a, at) => {
    const w = word(a);
    const topic = w?.t.f.ask;
    if (!topic) return;
    // 不是 + 算: "不算" is a clause question about what does not count
    out.push({
      topic,
      subject: topic === 'subject' ? w.t.f.subject : undefined,
      strong: w.t.f.strength === 'strong' || (w.t.f.strength === 'soft' && !figures),
      at,
      clause: clauseOf.get(at) ?? 0,
      words: text.slice(a.from, a.to),
    });
  });
  return out;
}

/** "西宁市举办的技能大赛": the organiser's place gives leveled items of its clause their level. */
function applyOrganiserPlaces(atoms: Atom[], items: ItemDraft[], clauses: Clause[], lex: Lexicon): void {
  const lastCharLevel = (w: string) => {
    const m = longestMatch(lex, w, w.length - 1);
    return m?.senses.find((s) => s.set.mark === 'org-pre')?.set.level;
  };
  for (const o of organiserPlace(atoms, lastCharLevel)) {
    const clause = clauses.find((c) => c.atoms.some((x) => x.at === o.at));
    const level =
      o.placeKind === 'province'
        ? 'provincial'
        : o.placeKind === 'city'
          ? 'city'
          : o.placeKind === 'county' || o.placeKind === 'district'
            ? 'county'
            : undefined;
    if (!clause || !level) continue;
    for (const d of items) {
      if (d.clause === clause.index && d.item.level === undefined && lex.slotsOf(d.item.kind).has('level')) {
        d.item.level = level;
        d.words.level = atoms[o.at]
          ? atoms[o.at]!.a === 'word'
            ? (atoms[o.at] as Extract<Atom, { a: 'word' }>).t.text
            : ''
          : '';
      }
    }
  }
}

/**
 * Numbers read but placed nowhere, in a clause that names an item (a rank or a count?). A lone 一 written in
 * characters is an article ("一家单位"), not a figure.
 */
function unplacedOf(
  m: Pick<Message, 'atoms' | 'text' | 'clauses' | 'items'>,
  ...used: Array<Set<number>>
): Array<{ value: number; words: string }> {
  // numbers of the sentences (between hard separators) that name an item
  const itemSentences = new Set(m.items.items.map((d) => m.clauses[d.clause]?.sentence).filter(Boolean));
  const out: Array<{ value: number; words: string }> = [];
  for (const c of m.clauses) {
    if (!itemSentences.has(c.sentence)) continue;
    for (const { atom: a, at } of c.atoms) {
      if (a.a !== 'num' || a.absurd || used.some((u) => u.has(at))) continue;
      const words = m.text.slice(a.from, a.to);
      if (a.n === 1 && !/[0-9]/.test(words)) continue;
      // "是不是按每天8学时算24": a figure claimed, not a fact told
      const before = m.atoms[at - 1];
      if (before?.a === 'word' && (before.t.f.ask || before.t.marks.has('need'))) continue;
      out.push({ value: a.n, words });
    }
  }
  return out.slice(0, 20);
}

/** Unknown words left over once every pattern has taken its words (an organisation's name is read). */
function unreadOf(atoms: Atom[]): string[] {
  const out: string[] = [];
  for (const a of atoms) if (a.a === 'word' && a.t.type === 'unknown' && CJK.test(a.t.text)) out.push(a.t.text);
  return out.slice(0, 20);
}

// ---------- deciding ----------

function decide(m: Message, lex: Lexicon, contextKind: ActivityKind | undefined): Command[] {
  const out: Command[] = [];
  const invalid = invalidFigure(m);
  if (invalid) return [{ type: 'invalid', words: invalid }];
  const content = hasContent(m);
  const control = controlOf(m, content);
  if (control) {
    out.push({ type: 'control', action: control.action, words: control.words });
    if (!control.withFacts) return out;
  }
  if (m.marks.has('hyp') && !m.marks.has('actual')) out.push({ type: 'hypothetical', words: markWords(m, 'hyp') });
  if (m.marks.has('actual') && m.ctx.last) out.push({ type: 'actual', words: markWords(m, 'actual') });
  if (m.marks.has('corr') || sorryThenFact(m))
    out.push({ type: 'correct', words: markWords(m, 'corr') || markWords(m, 'sorry') });
  if (m.person) out.push({ type: 'person', person: personOf(m.person), words: m.person.words });
  else if (m.marks.has('self') && content)
    out.push({ type: 'person', person: { self: true }, words: markWords(m, 'self') });
  const q = m.marks.has('q') || m.marks.has('q-amount') || m.atoms.some((a) => a.a === 'sep' && a.question);
  const strong = m.cues.some((c) => c.strong);
  // "那3天呢", or "申报中级职称" right after a clause or title answer: the last question, with this told
  const followUp =
    !!m.ctx.last &&
    !strong &&
    (headFollows(m) ||
      m.marks.has('follow-tail') ||
      m.marks.has('hyp') ||
      m.marks.has('actual') ||
      (!q && !!m.title.level && (m.ctx.last.topic === 'clause' || m.ctx.last.topic === 'eligibility')));
  // "那通信行业那个基地呢" after a number given: the same question, about what this message names
  // "政务中心人社窗口" right after a number given: a short name alone asks that line's number
  const bareName =
    !control &&
    !followUp &&
    m.ctx.last?.topic === 'contact' &&
    m.cues.length === 0 &&
    !m.where &&
    !m.items.items.length &&
    !m.hours.hours.length &&
    m.text.length <= SHORT_NAME_CHARS;
  const sameAgain = (followUp || bareName) && !control && m.ctx.last?.topic === 'contact' && !m.where;
  const topics = sameAgain
    ? [{ topic: 'contact' as const, words: '' }]
    : control || followUp
      ? []
      : topicsOf(m, contextKind);
  if (startsWithMore(m) && !totalQuantity(m))
    out.push({ type: 'more', words: markWords(m, 'add') || markWords(m, 'total') });
  const yesNo = yesNoQuestion(m);
  const claim = yesNo ? claimedHours(m) : undefined;
  const levels = m.marks.has('each') ? titleLevels(m) : [];
  for (const t of topics) {
    const events = t.topic === 'deadline' ? eventsOf(m) : undefined;
    const each = t.topic === 'convert' && m.marks.has('each') && m.items.items.length > 1;
    out.push({
      type: 'start',
      topic: t.topic,
      words: t.words,
      ...(events?.length ? { events } : {}),
      ...(each ? { each } : {}),
      // "能顶专业课吗 专业要多少": the figure asked beside a yes/no is no yes/no
      ...(yesNo && !(topics.length > 1 && t.topic === 'requirement') ? { yesNo } : {}),
      ...(claim !== undefined && (t.topic === 'convert' || t.topic === 'requirement') ? { claim } : {}),
      ...(levels.length > 1 && t.topic === 'eligibility' ? { levels } : {}),
      ...(m.marks.has('subjects-both') && yesNo ? { bothSubjects: true } : {}),
    });
  }
  out.push(
    ...factCommands(
      m,
      lex,
      contextKind,
      topics.map((t) => t.topic),
    ),
  );
  return out;
}

function eventsOf(m: Message): Array<NonNullable<Feats['deadline']>[number]> {
  const out: Array<NonNullable<Feats['deadline']>[number]> = [];
  for (const t of m.toks) for (const e of t.f.deadline ?? []) if (!out.includes(e)) out.push(e);
  return out;
}

/** "不好意思，是C级": an apology before a short fact corrects the fact told before. */
function sorryThenFact(m: Message): boolean {
  if (!m.marks.has('sorry') || m.text.length > 16 || m.cues.some((c) => c.strong)) return false;
  return (
    m.items.items.length > 0 ||
    m.items.loose.length > 0 ||
    !!m.where ||
    m.atoms.some((a) => a.a === 'rank' || a.a === 'num')
  );
}

function invalidFigure(m: Message): string | undefined {
  for (let i = 0; i < m.atoms.length; i++) {
    const a = m.atoms[i]!;
    if (a.a === 'num' && (a.absurd || a.negative)) return m.text.slice(a.from, m.atoms[i + 1]?.to ?? a.to);
    if (a.a === 'qty' && (a.negative || (a.dim === 'credit' && a.n > 10_000))) return m.text.slice(a.from, a.to);
  }
  return undefined;
}

/**
 * "待了5天 其中2天在路上": days on the road, told as a part of the days before, come off the item's days (the
 * notices count no 在途 time). Days told beside them ("在路上还走了2天") are left alone.
 */
function onTheRoad(m: Message, commands: Command[]): void {
  if (!m.marks.has('part-of') || !m.marks.has('exclude')) return;
  const from = m.atoms.findIndex((a) => a.a === 'word' && a.t.marks.has('part-of'));
  const road = m.atoms.slice(from + 1).find((a) => a.a === 'qty' && a.dim === 'day');
  if (road?.a !== 'qty') return;
  // the days asked for, answered with the road in them
  const answer = commands.find((x) => x.type === 'answer' && m.ctx.awaiting?.slot === 'days');
  if (answer?.type === 'answer' && typeof answer.value === 'number' && road.n < answer.value) {
    answer.value -= road.n;
    return;
  }
  const c = [...commands].reverse().find((x) => x.type === 'item' && x.item.days !== undefined);
  if (c?.type !== 'item' || c.item.days === undefined || road.n >= c.item.days) return;
  const perDay = c.item.hours !== undefined ? c.item.hours / c.item.days : undefined;
  c.item.days -= road.n;
  if (perDay !== undefined) c.item.hours = perDay * c.item.days;
  c.words.days = `${c.words.days ?? ''} ${wordsOf(m.text, road)}`.trim();
}

/** at most this long, a message with nothing else is a name (of a line, after a number given) */
const SHORT_NAME_CHARS = 12;

/** "那3天呢": a follow-up starts with 那; "2023年那年" holds a demonstrative, not a follow-up. */
function headFollows(m: Message): boolean {
  if (!m.marks.has('follow-head')) return false;
  const head = m.atoms.filter((a) => a.a !== 'sep').slice(0, 2);
  return head.some((a) => a.a === 'word' && a.t.marks.has('follow-head'));
}

function hasContent(m: Message): boolean {
  return (
    m.items.items.length > 0 ||
    !!m.where ||
    m.years.length > 0 ||
    m.hours.hours.length > 0 ||
    !!m.duty ||
    !!m.title.level ||
    m.title.flags.length > 0 ||
    m.cues.length > 0 ||
    m.items.loose.length > 0 ||
    m.atoms.some((a) => a.a === 'num' || a.a === 'qty' || a.a === 'rank')
  );
}

const ANYWHERE: ReadonlySet<Control> = new Set(['handoff', 'delete_data', 'unsubscribe', 'reminders', 'subscribe']);
const ALONE: readonly Control[] = ['restart', 'cancel', 'help', 'greeting', 'thanks', 'ack', 'out_of_scope'];

function controlOf(m: Message, content: boolean): { action: Control; words: string; withFacts: boolean } | undefined {
  const found = new Map<Control, string>();
  for (const a of m.atoms) {
    const c = word(a)?.t.f.control;
    if (c && !found.has(c)) found.set(c, m.text.slice(a.from, a.to));
  }
  // "把我的资料都删掉", "抹掉我的隐私数据": the user asking to delete what is kept about them (not "记录被删除了")
  const first = m.atoms.find((a) => a.a === 'word' && !a.t.f.filler);
  const mine = m.marks.has('self') || has(first, 'erase');
  const asks = m.marks.has('q') || m.marks.has('q-amount');
  if (m.marks.has('erase') && m.marks.has('personal-data') && mine && !asks && !m.cues.some((c) => c.strong))
    found.set('delete_data', markWords(m, 'erase'));
  for (const c of ['handoff', 'delete_data', 'unsubscribe', 'reminders', 'subscribe'] as const) {
    const w = found.get(c);
    if (w !== undefined && ANYWHERE.has(c)) return { action: c, words: w, withFacts: true };
  }
  // restart and cancel stand alone; greetings and thanks only when nothing else is said
  const strongTopic = m.cues.some((c) => c.strong);
  for (const c of ALONE) {
    const w = found.get(c);
    if (w === undefined) continue;
    if (c === 'restart' && !m.items.items.length) return { action: c, words: w, withFacts: false };
    if (c === 'out_of_scope' && !domainWords(m) && !strongTopic && !m.items.items.length)
      return { action: c, words: w, withFacts: false };
    if (!content) return { action: c, words: w, withFacts: false };
  }
  return undefined;
}

function domainWords(m: Message): boolean {
  return m.toks.some((t) => t.f.domain || t.f.kind || t.f.ask === 'convert');
}

function markWords(m: Message, mark: Mark): string {
  const t = m.toks.find((x) => x.marks.has(mark));
  return t?.text ?? '';
}

function personOf(p: NonNullable<Message['person']>): Extract<Command, { type: 'person' }>['person'] {
  return {
    name: p.name,
    ordinal: p.ordinal,
    pronoun: p.pronoun || undefined,
    another: p.another || undefined,
    all: p.all || undefined,
    first: p.first || undefined,
  };
}

/** "一共两天半": the quantity told after 一共 is the total itself, not more on top. */
function totalQuantity(m: Message): boolean {
  return m.atoms.some((a, i) => has(a, 'total') && m.atoms[i + 1]?.a === 'qty' && m.atoms[i + 1]!.a === 'qty');
}

/** 另外 / 还有 / 一共 at the start of the message: more for the question just answered. */
function startsWithMore(m: Message): boolean {
  const first = m.atoms.find(
    (a) =>
      a.a === 'word' &&
      !a.t.f.filler &&
      !a.t.marks.has('self') &&
      !a.t.marks.has('follow-head') &&
      !a.t.marks.has('hyp'),
  );
  return (
    (has(first, 'add') || m.marks.has('total')) && (m.items.items.length > 0 || !!m.ctx.last) && !m.marks.has('corr')
  );
}

function has(a: Atom | undefined, mark: Mark): boolean {
  return !!word(a)?.t.marks.has(mark);
}

interface Picked {
  topic: Topic;
  words: string;
  at: number;
  clause: number;
  strong: boolean;
}

function topicsOf(m: Message, contextKind: ActivityKind | undefined): Array<{ topic: Topic; words: string }> {
  // "九个月 公需和专业各多少" while the months are asked: the answer, with a weak cue along
  if (m.ctx.awaiting && !m.cues.some((c) => c.strong)) return [];
  const perClause = new Map<number, Cue[]>();
  for (const c of m.cues) perClause.set(c.clause, [...(perClause.get(c.clause) ?? []), c]);
  // "发明专利第1名多少学时": an item and 多少学时 in one clause ask its conversion, cue word or not
  for (const c of m.clauses) {
    if (perClause.has(c.index) || !c.marks.has('q-amount') || !c.marks.has('credit')) continue;
    const item = m.items.items.find((d) => d.clause === c.index);
    if (item)
      perClause.set(c.index, [{ topic: 'convert', strong: false, at: c.atoms[0]!.at, clause: c.index, words: '' }]);
  }
  // "公需多少 专业多少 公需啥时候截止": a subject and 多少 alone in a clause ask that subject's yearly figure
  for (const c of m.clauses) {
    if (perClause.has(c.index) || !c.marks.has('q-amount')) continue;
    const subject = c.atoms.some((x) => x.atom.a === 'word' && x.atom.t.f.subject);
    const figure = c.atoms.some((x) => x.atom.a === 'num' || x.atom.a === 'qty');
    const item = m.items.items.some((d) => d.clause === c.index);
    // after an activity talked about, "公需多少" asks that activity's figure for the subject
    if (subject && !figure && !item && !contextKind)
      perClause.set(c.index, [{ topic: 'requirement', strong: false, at: c.atoms[0]!.at, clause: c.index, words: '' }]);
  }
  const picked: Picked[] = [];
  for (const [clause, cues] of [...perClause].sort((a, b) => a[0] - b[0])) {
    const got = pickInClause(cues, m, contextKind);
    if (got && !picked.some((p) => p.topic === got.topic)) picked.push({ ...got, clause });
  }
  const out = picked.length ? merge(picked, m) : implicitTopic(m, contextKind);
  return out.slice(0, MAX_QUESTIONS);
}

/** The topic a clause asks: its strong cues first (in TOPIC_ORDER), each read against the message. */
function pickInClause(
  cues: Cue[],
  m: Message,
  contextKind: ActivityKind | undefined,
): Omit<Picked, 'clause'> | undefined {
  const ordered = [...cues].sort(
    (a, b) => Number(b.strong) - Number(a.strong) || TOPIC_ORDER.indexOf(a.topic) - TOPIC_ORDER.indexOf(b.topic),
  );
  for (const c of ordered) {
    const topic = adjust(c, m, contextKind);
    if (topic) return { topic, words: c.words, at: c.at, strong: c.strong };
  }
  return undefined;
}

/** Several topics: the ones that are one question or only context are dropped. */
function merge(list: Picked[], m: Message): Array<{ topic: Topic; words: string }> {
  let out = list;
  const has = (t: Topic) => out.some((x) => x.topic === t);
  const strongOf = (t: Topic) => out.some((x) => x.topic === t && x.strong);
  // a weak clause cue (能不能, 如何) beside another question is part of it; so is a weak 热线 (我是热线坐席)
  if (out.length > 1) out = out.filter((x) => (x.topic !== 'clause' && x.topic !== 'contact') || x.strong);
  // "（路上时间不算）…还差多少": a note of what is left out beside another question is no question of its own
  const noted = (x: Picked) => m.atoms[x.at]?.a === 'word' && (m.atoms[x.at] as { t: Tok }).t.marks.has('exclude');
  if (out.some((x) => x.topic !== 'clause' && x.strong)) out = out.filter((x) => !(x.topic === 'clause' && noted(x)));
  // "近3年学时从哪年以来算": a weak 算 with nothing to convert is part of the other question
  if (out.length > 1 && !m.items.items.length) out = out.filter((x) => x.topic !== 'convert' || x.strong);
  if (has('eligibility') && has('progress') && (m.title.level || m.title.route))
    out = out.filter((x) => x.topic !== 'progress');
  // "发明专利…要多少学时": the requirement cue in the item's own clause is the conversion asked
  if (has('convert') && has('requirement') && out.some((x) => x.topic === 'requirement' && itemsIn(m, x.clause).length))
    out = out.filter((x) => x.topic !== 'requirement');
  // "论文每年最多能算多少": the cap asked of the same words is the question; in another clause it is a second one
  const sameClause = (t: Topic) =>
    out.some((x) => x.topic === t && out.some((y) => y.topic === 'convert' && y.clause === x.clause));
  if (has('convert') && (sameClause('cap') || sameClause('subject'))) out = out.filter((x) => x.topic !== 'convert');
  // "考前培训班 学时能认定吗", "论文专利这些成果 在哪申报学时": a rule asked about activities told without details
  if (out.some((x) => x.topic === 'clause' && x.strong) && has('convert') && !m.items.items.some(detailed))
    out = out.filter((x) => x.topic !== 'convert');
  // "快退休了 还需要学吗": a rule asked about, with no hours told to compute what is left; "去年多学了30学时
  // 能结转吗": a rule asked yes or no about the hours told
  if (
    out.some((x) => x.topic === 'clause' && x.strong) &&
    has('progress') &&
    ((!m.hours.hours.length && !m.duty) || yesNoQuestion(m))
  )
    out = out.filter((x) => x.topic !== 'progress');
  // "去农村支教一年 还要学吗": what the items told convert to, then what is left
  if (has('progress') && !has('convert') && m.items.items.length && !m.hours.hours.length) {
    const i = out.findIndex((x) => x.topic === 'progress');
    out = [...out.slice(0, i), { ...out[i]!, topic: 'convert', strong: false }, ...out.slice(i)];
  }
  // "去年评了中级…实用新型排第四，能折算多少": the title is context of the conversion asked
  if (has('convert') && has('eligibility') && strongOf('convert') && !strongOf('eligibility'))
    out = out.filter((x) => x.topic !== 'eligibility');
  return out.length ? out : list.slice(0, 1);
}

function itemsIn(m: Message, clause: number): ItemDraft[] {
  return m.items.items.filter((d) => d.clause === clause);
}

/** An item told with a figure or a detail that decides one (not only where it was held). */
function detailed(d: ItemDraft): boolean {
  return Object.keys(d.item).some((k) => k !== 'kind' && k !== 'subject' && k !== 'level' && k !== 'abroad');
}

/** A cue read against what else the message says; undefined when it does not ask its topic here. */
function adjust(c: Cue, m: Message, contextKind: ActivityKind | undefined): Topic | undefined {
  const items = m.items.items;
  // "单位派我培训3天 学时要我自己申报吗", "当职称评审专家评了2天": 申报 / 评审 beside an activity told is no title
  const titled = !!(m.title.level || m.title.flags.length || (m.title.route && !items.some(detailed)));
  const q = m.marks.has('q') || m.marks.has('q-amount');
  switch (c.topic) {
    case 'eligibility':
      if (c.strong || titled) return 'eligibility';
      return q && !items.length ? 'eligibility' : undefined;
    case 'convert':
      // "因公派到境外9个月，学时怎么算", "陪产假能按在岗时间折算吗": leave told, the year's figure asked
      if (!items.length && m.duty && !contextKind) return 'progress';
      // "今年公需30 专业才50 这一年能算上吗" after a title answer: the year checked for it
      if (!items.length && m.hours.hours.length && !contextKind && m.ctx.last?.topic === 'eligibility')
        return 'eligibility';
      // "2023年公需45专业60，能拿来报职称吗": hours told for a title
      if (!items.length && titled && m.hours.hours.length) return 'eligibility';
      if (items.length || contextKind || m.items.loose.some((v) => !m.duty || v.slot !== 'months')) return 'convert';
      if (m.duty) return 'progress';
      if (titled) return 'eligibility';
      return c.strong && !m.cues.some((x) => x.topic === 'clause') ? 'convert' : undefined;
    case 'clause':
      // "这两样加一起能认多少": the sum asked, not the rule about adding
      // "…能和他的专利加一起吗" with the activity's details told: the figure under the rule, not the rule alone
      if (
        m.marks.has('total') &&
        ((!yesNoQuestion(m) && (m.marks.has('q-amount') || m.cues.some((x) => x.topic === 'convert'))) ||
          items.some(detailed))
      )
        return 'convert';
      // "必选课都学完了": a part of the public subject finished is hours told, not a question about the parts
      if (m.hours.hours.some((h) => h.value.partsDone?.length) && !yesNoQuestion(m)) return 'progress';
      // "网课看了15个小时 算吗": a detailed item with a bare 算不算 is a conversion
      if (!c.strong && items.some(detailed) && (!m.marks.has('neg') || m.marks.has('q-amount'))) return 'convert';
      if (!c.strong && m.duty) return 'progress';
      if (!c.strong && titled && !items.length) return 'eligibility';
      // "今年公需20专业60 去年没学 行不行": hours told, asked whether they do (for the title just asked about)
      if (!c.strong && m.hours.hours.length && !items.length)
        return m.ctx.last?.topic === 'eligibility' ? 'eligibility' : 'progress';
      return 'clause';
    case 'deadline':
      if (!c.strong && (m.duty || items.length)) return undefined;
      return 'deadline';
    case 'subject':
      // "参加县级技术比武 抵公需": the subject chosen for the item, the conversion asked — unless the rule is
      // asked of an activity with no details ("论文认定的学时可以当公需用吗")
      if (items.length && c.subject && !m.marks.has('both') && !(yesNoQuestion(m) && !items.some(detailed)))
        return 'convert';
      return 'subject';
    case 'progress':
      // "从公务员转任…今年评职称还要学时吗": a special case of title applications
      if (m.title.flags.length && !m.hours.hours.length) return 'eligibility';
      // "2024年100学时 2025年80学时 平均够吗" after a title question: the years checked for it
      if (new Set(m.hours.hours.map((h) => h.value.year)).size > 1 && m.ctx.last?.topic === 'eligibility')
        return 'eligibility';
      return 'progress';
    case 'requirement':
      // "两篇论文各多少": the items' figures asked
      if (!c.strong && items.length) return 'convert';
      // "我县里搞水利的工程师 今年要多少学时": a title held is who one is; applying for one asks the title rule
      if (m.title.route || m.title.flags.length) return 'eligibility';
      if (m.duty) return 'progress';
      return 'requirement';
    case 'contact':
      // "热线核实一下…对吗": the hotline desk speaking, not asking for a number
      if (!c.strong && yesNoQuestion(m)) return undefined;
      return 'contact';
    case 'platform':
      // "网上学了二十个学时的网课": the study told in the same clause, the conversion asked
      if (itemsIn(m, c.clause).some(detailed)) return 'convert';
      // "公需网上学了24学时…还差多少": hours told, what is left asked; "在平台上学了12学时": only told
      if (m.hours.hours.length && (m.cues.some((x) => x.topic === 'progress') || !m.marks.has('q'))) return undefined;
      return 'platform';
    default:
      return c.topic;
  }
}

/** No cue word: the facts say what is asked (items → a conversion, hours → what is left, a question → a clause). */
function implicitTopic(m: Message, contextKind: ActivityKind | undefined): Array<{ topic: Topic; words: string }> {
  const q = m.marks.has('q') || m.marks.has('q-amount') || m.atoms.some((a) => a.a === 'sep' && a.question);
  if (m.ctx.awaiting && !q) return [];
  // "培训可以一直学到12月31号，对吗": a date claimed for an activity, asked yes or no
  const dated = m.atoms.some((a) => a.a === 'date');
  if (dated && yesNoQuestion(m) && !m.items.items.some(detailed) && !m.duty) return [{ topic: 'deadline', words: '' }];
  if (m.items.items.length) return [{ topic: 'convert', words: '' }];
  if (m.duty && (m.duty.value.reason || m.duty.value.monthsOnDuty !== undefined))
    return [{ topic: 'progress', words: '' }];
  if (m.hours.hours.length && q) return [{ topic: 'progress', words: '' }];
  if ((m.title.level || m.title.route) && q) return [{ topic: 'eligibility', words: m.title.words }];
  if (q && m.marks.has('q-amount') && m.marks.has('credit') && !contextKind)
    return [{ topic: 'requirement', words: '' }];
  // "公需多少 专业多少": the subjects' figures asked
  if (m.marks.has('q-amount') && m.toks.some((t) => t.f.subject) && !m.items.items.length)
    return [{ topic: 'requirement', words: '' }];
  // "今年是不是还要135个学时": a required figure claimed and asked about
  // "明年还是90学时吗": a figure claimed that is no study told
  const claimed = m.atoms.some((a) => a.a === 'qty' && a.dim === 'credit');
  if (q && claimed && !m.items.items.length && (m.marks.has('need') || !m.hours.hours.length) && !m.duty)
    return [{ topic: 'requirement', words: '' }];
  // "1月1号就能开始学 对吗": a date asked about
  if (q && m.atoms.some((a) => a.a === 'date') && !m.duty) return [{ topic: 'deadline', words: '' }];
  if (q && domainWords(m) && !m.ctx.last) return [{ topic: 'clause', words: '' }];
  // "我想问下继续教育的事": about the service's matter, nothing more said yet
  if (domainWords(m) && !m.ctx.last && !m.where && !m.title.level && !m.hours.hours.length)
    return [{ topic: 'clause', words: '' }];
  return [];
}

// ---------- facts ----------

function factCommands(m: Message, lex: Lexicon, contextKind: ActivityKind | undefined, topics: Topic[]): Command[] {
  const out: Command[] = [];
  const asked = topics.length > 0;
  if (m.where) out.push({ type: 'where', where: m.where.value, words: m.where.words });
  // "报副高 2019年的学时还能用吗", "今年报副高 2021年那年没学够": a past year is the hours', not the application's,
  // unless 报 / 申报 follows it ("2023年报的中级")
  const thisYear = Number(m.ctx.today.slice(0, 4));
  const years =
    topics.includes('eligibility') && !m.hours.hours.length
      ? m.years.filter((y) => !yearOfHours(m, y.at) && (y.year >= thisYear || appliedThen(m, y.at)))
      : m.years;
  // "2025年度的公需课 明年5月份还能补学吗": a year written out is the one asked about, 明年 only says when
  const written = years.filter((y) => /[0-9]/.test(y.words));
  const distinct = [...new Set((written.length ? written : years).map((y) => y.year))];
  if (distinct.length === 1 && m.hours.hours.every((h) => h.value.year === undefined || h.value.year === distinct[0]))
    out.push({ type: 'year', year: distinct[0]!, words: (written[0] ?? years[0]!).words });
  else if (distinct.length > 1 && m.hours.hours.length === 0) {
    const last = years[years.length - 1]!;
    out.push({ type: 'year', year: last.year, words: last.words });
  }
  const subject = looseSubject(m);
  if (subject) out.push({ type: 'subject', subject: subject.subject, words: subject.words });
  if (m.title.level || m.title.route || m.title.flags.length) {
    out.push({
      type: 'title',
      level: m.title.level,
      route: m.title.route,
      flags: m.title.flags.length ? m.title.flags : undefined,
      words: m.title.words,
    });
  }
  for (const h of m.hours.hours) out.push({ type: 'hours', hours: h.value, words: h.words });
  if (m.duty) out.push({ type: 'duty', onDuty: m.duty.value, words: m.duty.words });
  for (const d of m.items.items) out.push(itemCommand(d.item, d.words));
  out.push(...answerOrFollowUp(m, lex, contextKind, asked));
  return out;
}

function itemCommand(item: Achievement, words: ItemDraft['words']): Command {
  const w: Record<string, string> = {};
  for (const [k, v] of Object.entries(words)) if (v) w[k] = v.slice(0, 300);
  return { type: 'item', item, words: w };
}

/** The title levels a message names, in order, each once. */
function titleLevels(m: Message): NonNullable<Extract<Command, { type: 'start' }>['levels']> {
  const out: NonNullable<Extract<Command, { type: 'start' }>['levels']> = [];
  for (const t of m.toks) if (t.f.titleLevel && !out.includes(t.f.titleLevel)) out.push(t.f.titleLevel);
  return out.slice(0, 6);
}

/** "能算60学时，对吗": an hours figure that is neither an item's detail nor hours done — the figure to check. */
function claimedHours(m: Message): number | undefined {
  const at = m.atoms.findIndex(
    (a, i) => a.a === 'qty' && a.dim === 'credit' && !m.items.used.has(i) && !m.hours.used.has(i),
  );
  const a = m.atoms[at];
  return a?.a === 'qty' ? a.n : undefined;
}

/** A yes/no question: a word of one, and no word asking for a figure, a date, a place or a way. */
function yesNoQuestion(m: Message): boolean {
  if (!m.toks.some((t) => t.f.yn)) return false;
  return !m.toks.some((t) => (t.marks.has('q') && !t.f.yn) || t.marks.has('q-amount'));
}

/** A year with 报 / 申报 right after it: the year of an application. */
function appliedThen(m: Message, at: number): boolean {
  for (let k = at + 1; k < m.atoms.length && k <= at + 5; k++) {
    const w = word(m.atoms[k]);
    // "2023年报的中级", "2019年那个通知": the year of an application, or of the rules asked about
    if (w?.t.f.ask === 'eligibility' || w?.t.f.ask === 'clause' || w?.t.f.route || w?.t.marks.has('notice'))
      return true;
    if (m.atoms[k]?.a === 'sep') return false;
  }
  return false;
}

/** A year followed by (的) 学时: the hours of that year. */
function yearOfHours(m: Message, at: number): boolean {
  // "2019年的学时", "2019年的继续教育学时"
  for (let k = at + 1; k < m.atoms.length && k <= at + 3; k++) {
    const w = word(m.atoms[k]);
    if (w?.t.marks.has('credit') || (w?.t.f.domain && w.t.f.filler)) return true;
    if (!w || w.t.f.kind || w.t.f.ask || w.t.f.subject) return false;
  }
  return false;
}

function looseSubject(m: Message): { subject: 'public' | 'professional'; words: string } | undefined {
  const hoursWords = new Set(m.hours.used);
  const subjects: Array<{ subject: 'public' | 'professional'; words: string }> = [];
  m.atoms.forEach((a, at) => {
    const s = word(a)?.t.f.subject;
    if (!s || hoursWords.has(at + 1) || hoursWords.has(at + 2)) return;
    if (m.items.items.some((d) => d.item.subject === s && d.words.subject === word(a)?.t.text)) return;
    subjects.push({ subject: s, words: m.text.slice(a.from, a.to) });
  });
  const kinds = new Set(subjects.map((s) => s.subject));
  return kinds.size === 1 && m.hours.hours.length === 0 ? subjects[0] : undefined;
}

const NUMERIC_SLOTS = new Set(['rank', 'count', 'days', 'hours', 'months', 'monthsOnDuty', 'monthsAway', 'number']);

/** Values with no item: the answer to the open question, or a follow-up on the last answer's item. */
function answerOrFollowUp(m: Message, lex: Lexicon, contextKind: ActivityKind | undefined, asked: boolean): Command[] {
  const out: Command[] = [];
  const awaiting = m.ctx.awaiting;
  const loose = m.items.loose;
  const kind = contextKind ?? impliedKind(m);
  if (awaiting && !asked) {
    const a = answerFor(m, awaiting.slot);
    if (a) out.push({ type: 'answer', value: a.value, words: a.words });
  } else if (!awaiting && m.ctx.last && !m.items.items.length && !kind && !m.hours.hours.length) {
    // "如果是7个月呢" after a pro-rating answer: a bare figure for the last question
    const n = m.atoms.find((a) => a.a === 'num' || (a.a === 'qty' && a.dim === 'month'));
    if (n && (n.a === 'num' || n.a === 'qty') && !m.duty)
      out.push({ type: 'answer', value: n.n, words: m.text.slice(n.from, n.to) });
  }
  // "5" right after a patent answer: the slot a bare number fills for that kind
  const bare = kind && !awaiting && !m.items.items.length ? lex.bareOf(kind) : undefined;
  const n = bare ? m.atoms.find((a) => a.a === 'num' && !a.absurd) : undefined;
  if (bare && n?.a === 'num' && !loose.some((v) => v.slot === bare))
    loose.push({
      slot: bare as AchievementSlot,
      value: n.n,
      words: m.text.slice(n.from, n.to),
      at: -1,
    } as (typeof loose)[number]);
  if (!loose.length || m.items.items.length) return out;
  if (!kind) return out;
  const item: Record<string, unknown> = { kind };
  const words: Record<string, string> = {};
  // "公需和专业各多少": both subjects named, none chosen
  const bothSubjects = new Set(loose.filter((v) => v.slot === 'subject').map((v) => v.value)).size > 1;
  for (const v of loose) {
    if (!lex.slotsOf(kind).has(v.slot)) continue;
    if (v.slot === 'subject' && bothSubjects) continue;
    // "公需课在平台上学了12学时", "又学了5学时公需": hours told, and their subject, are no detail of the last item
    if ((v.slot === 'subject' || v.slot === 'hours') && m.hours.hours.length) continue;
    // "要不是主持，排第二": the rank says which role
    if (v.slot === 'role' && (v as { hostDenied?: boolean }).hostDenied && loose.some((x) => x.slot === 'rank'))
      continue;
    if (awaiting && v.slot === awaiting.slot && out.some((c) => c.type === 'answer')) continue;
    if (vaguer(v.slot, item[v.slot], v.value)) continue;
    item[v.slot] = v.value;
    words[v.slot] = v.words;
  }
  if (item.rank !== undefined && item.role === undefined) deriveRole(item as Achievement, lex);
  if (Object.keys(item).length > 1) out.push({ type: 'item', item: item as Achievement, words });
  return out;
}

/** "学术会议交流论文": the paper read there is also a paper, tried where no conference rule takes it. */
function alsoNamed(atoms: Atom[], items: ReturnType<typeof readItems>, clauseOf: Map<number, number>): void {
  atoms.forEach((a, at) => {
    const also = a.a === 'word' ? a.t.f.also : undefined;
    if (!also) return;
    const d = items.items.find((x) => x.clause === clauseOf.get(at)) ?? items.items[items.items.length - 1];
    if (!d || d.item.kind === also || d.item.alternatives?.includes(also)) return;
    d.item.alternatives = [...(d.item.alternatives ?? []), also];
  });
}

/**
 * "党校培训能算吗" → "脱产培训了2天": while a question about one kind is open, a kind it absorbs named alone is that
 * same activity told again (the 党校 training), not a new one.
 */
function askedKindAbsorbs(items: ReturnType<typeof readItems>, lex: Lexicon, asked: ActivityKind): void {
  if (items.items.length !== 1 || items.items[0]!.item.kind === asked) return;
  const d = items.items[0]!;
  if (!lex.absorbs(asked).includes(d.item.kind)) return;
  const slots = lex.slotsOf(asked);
  if (Object.keys(d.item).some((k) => k !== 'kind' && k !== 'alternatives' && !slots.has(k))) return;
  d.item = { ...d.item, kind: asked };
  delete d.item.alternatives;
}

function impliedKind(m: Pick<Message, 'toks'>): ActivityKind | undefined {
  for (const t of m.toks) if (t.f.implies) return t.f.implies;
  return undefined;
}

/**
 * "合著 我是其他作者", "青海 发明 第8": values with no item name one by the words they imply (合著 → a book,
 * 发明 → a patent) when no kind is being talked about; it is an item like any other.
 */
function impliedItem(
  items: ReturnType<typeof readItems>,
  lex: Lexicon,
  contextKind: ActivityKind | undefined,
  toks: Tok[],
  atoms: Atom[],
  text: string,
): void {
  if (items.items.length || !items.loose.length || contextKind) return;
  const kind = impliedKind({ toks });
  if (!kind) return;
  const draft: ItemDraft = { item: { kind }, words: {}, clause: 0, at: items.loose[0]!.at };
  for (const v of items.loose) {
    if (!lex.slotsOf(kind).has(v.slot)) continue;
    (draft.item as Record<string, unknown>)[v.slot] = v.value;
    draft.words[v.slot] = v.words;
  }
  // "青海 发明 2": the slot a bare number fills for that kind
  const bare = lex.bareOf(kind) as keyof Achievement | undefined;
  const at = bare && draft.item[bare] === undefined ? atoms.findIndex((a) => a.a === 'num' && !a.absurd) : -1;
  const n = atoms[at];
  if (bare && n?.a === 'num' && !items.used.has(at)) {
    (draft.item as Record<string, unknown>)[bare] = n.n;
    draft.words[bare] = text.slice(n.from, n.to);
    items.used.add(at);
  }
  if (Object.keys(draft.item).length > 1) {
    items.items.push(draft);
    items.loose = [];
  }
}

/** The answer to the awaited slot: a number for a numeric slot, a value word, yes or no. */
function answerFor(m: Message, slot: string): { value: number | string | boolean; words: string } | undefined {
  if (slot === 'numberRole') {
    if (m.atoms.some((a) => a.a === 'rank') || m.marks.has('rank-pre') || m.marks.has('rank-suf'))
      return { value: 'rank', words: m.text };
    if (m.marks.has('count')) return { value: 'count', words: m.text };
    return undefined;
  }
  // the last value told is the most precise ("合著 我是其他作者", "论文一万字")
  const loose = [...m.items.loose].reverse().find((v) => v.slot === slot);
  if (loose) return { value: loose.value as number | string | boolean, words: loose.words };
  if (NUMERIC_SLOTS.has(slot)) {
    for (const a of m.atoms) {
      const n = a.a === 'rank' || a.a === 'num' || a.a === 'qty' ? a.n : a.a === 'months' ? a.n : undefined;
      if (n !== undefined) return { value: n, words: m.text.slice(a.from, a.to) };
    }
    return undefined;
  }
  if (slot === 'year') {
    const y = m.years[0];
    return y ? { value: y.year, words: y.words } : undefined;
  }
  const yes = m.toks.find((t) => t.marks.has('yes') && !t.marks.has('q'));
  const no = m.toks.find((t) => t.marks.has('no') || (t.marks.has('neg') && !t.f.kind));
  if (no) return { value: false, words: no.text };
  if (yes) return { value: true, words: yes.text };
  for (const t of m.toks) {
    const v = (t.f as Record<string, unknown>)[slot as AchievementSlot];
    if (v !== undefined) return { value: v as string | boolean, words: t.text };
  }
  return undefined;
}
