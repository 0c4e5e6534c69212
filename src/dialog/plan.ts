// What a turn asks: the open question answered, new questions, or a follow-up, correction, addition or what-if on
// the last answer — for the person the conversation is about. Returns the frames to answer, in order.
import type { Topic } from '../intents/command';
import { type Turn, toldAnything } from './commands';
import { amendItems, fillAwaited, mergeHours, overlay } from './facts';
import { emptyFacts, type Facts, type Frame, PENDING_TTL_MS, SELF, type Session } from './state';

export type Plan =
  | { kind: 'frames'; frames: Frame[] }
  /** the open question is still open: asked again */
  | { kind: 'reask' }
  /** the open question was not understood twice: set aside */
  | { kind: 'giveup' }
  /** only facts about the user (where, title): remembered */
  | { kind: 'profile'; facts: Facts }
  | { kind: 'none' };

/** Whom the turn is about: the user, a colleague by name or order, or the colleague just talked about. */
export function focus(turn: Turn, session: Session): string {
  if (turn.focused) return turn.focused.key;
  const p = turn.person;
  turn.focused = { key: session.focus, before: session.focus };
  if (!p || p.all) return session.focus;
  let key = session.focus;
  let label: string | undefined;
  if (p.self) key = SELF;
  else if (p.first) key = session.talked?.[0] ?? session.focus;
  else if (p.name) [key, label] = [`name:${p.name}`, p.name];
  else if (p.ordinal !== undefined) [key, label] = [`ord:${p.ordinal}`, `第${p.ordinal}位同事`];
  else if (p.another || (p.pronoun && session.focus === SELF)) {
    const n = Object.keys(session.people).length + 1;
    [key, label] = [`other:${n}`, '同事'];
  }
  if (key !== SELF && !session.people[key]) session.people[key] = { label: label ?? '同事', hours: [] };
  if (key !== session.focus) {
    // another person: the open question was about someone else
    session.pending = undefined;
    session.suspended = undefined;
  }
  session.previousFocus = session.focus;
  session.talked = [...new Set([...(session.talked ?? [session.focus]), key])].slice(0, 10);
  session.focus = key;
  turn.focused.key = key;
  return key;
}

/** The facts every question of a person starts from: where the user is, the person's title. */
function contextFacts(session: Session, person: string): Facts {
  const f = emptyFacts();
  const p = session.profile;
  if (p.region) f.where = { region: p.region, ...(p.place ? { place: p.place } : {}) };
  const who = person === SELF ? p : session.people[person];
  if (who?.level) f.level = who.level;
  if (who?.route) f.route = who.route;
  return f;
}

/**
 * "那专业课还要学多少" after 党校 6 days: the activity talked about, named again by its subject only, is the one
 * already counted, not a new one to ask about.
 */
function dropCounted(facts: Facts, last: Frame): void {
  const bare = (i: Facts['items'][number]) => Object.keys(i).every((k) => k === 'kind' || k === 'subject');
  const keep = facts.items.map((i) => !(bare(i) && last.facts.items.some((x) => x.kind === i.kind)));
  facts.itemWords = facts.itemWords.filter((_, n) => keep[n]);
  facts.items = facts.items.filter((_, n) => keep[n]);
}

/** A doctorate told as the person's own (and answered), in any year. */
function heldDoctor(session: Session, person: string): boolean {
  const who = person === SELF ? session.profile : session.people[person];
  if (process.env.DEBUG_DOC) console.error(JSON.stringify(who?.ledger));
  return (who?.ledger ?? []).some((e) => e.items.some((i) => i.kind === 'degree' && i.degreeLevel === 'doctor'));
}

/** Questions asked in words (a question read only from the facts told has no words of its own). */
function asked(turn: Turn): Turn['starts'] {
  return turn.starts.filter((s) => s.words !== '');
}

export function plan(turn: Turn, session: Session, now: number): Plan {
  const person = focus(turn, session);
  const before = turn.focused?.before ?? person;
  const everyone = everyoneAgain(turn, session);
  if (everyone) return everyone;
  const fromPending = openQuestion(turn, session, now);
  if (fromPending) return fromPending;
  const last = session.last[person];
  // a what-if whose facts were not read is never answered with the facts of before
  if (turn.hypothetical && !toldAnything(turn.facts) && !asked(turn).length && turn.answer === undefined)
    return { kind: 'none' };
  // "要是我是第一发明人呢" → "实际上我排第5": the what-if's question, with the real facts
  const whatIf = session.whatIf?.[person];
  if (turn.actual && whatIf && whatIf.id > (last?.id ?? 0) && toldAnything(turn.facts) && !asked(turn).length)
    return { kind: 'frames', frames: [{ ...amendLast(whatIf, turn), hypothetical: undefined }] };
  // "张三呢" after a question about 李四, "那我本来的呢" after a what-if: the last real question, answered again
  if (
    (person !== before || turn.actual) &&
    last &&
    !asked(turn).length &&
    !toldAnything(turn.facts) &&
    !turn.starts.length
  )
    return { kind: 'frames', frames: [last] };
  if (asked(turn).length || (turn.starts.length && !(last && relates(turn, last))))
    return { kind: 'frames', frames: turn.starts.flatMap((s) => startFrames(s, turn, session, person)) };
  // "那我同事报中级呢" after a rule answered for the user: the same question, for the colleague now talked about
  const previous = person !== before ? session.last[before] : undefined;
  if (!last && previous && !asked(turn).length && relates(turn, previous) && !turn.facts.items.length)
    return { kind: 'frames', frames: [{ ...amendLast(previous, turn), person }] };
  if (last && relates(turn, last)) {
    // "那2023年呢" after two questions in one message: both asked again
    const all = session.lastTurn[person] ?? [];
    const again = onlyContext(turn) && all.length > 1 && all.some((f) => f.id === last.id) ? all : [last];
    return { kind: 'frames', frames: again.map((f) => amendLast(f, turn)) };
  }
  return implicit(turn, session, person);
}

/** "两个人各多少": the last question about each person talked about, each answered on its own (never added up). */
function everyoneAgain(turn: Turn, session: Session): Plan | undefined {
  if (!turn.person?.all || turn.facts.items.length || turn.facts.hours?.length) return undefined;
  const frames = Object.values(session.last).filter((f): f is Frame => !!f && !f.hypothetical);
  if (frames.length < 2) return undefined;
  session.pending = undefined;
  return { kind: 'frames', frames: frames.sort((a, b) => a.id - b.id) };
}

/** A turn that only changes where, when or which subject. */
function onlyContext(turn: Turn): boolean {
  const f = turn.facts;
  return !f.items.length && !f.hours?.length && !f.onDuty && !f.level && !f.route;
}

/** The open question answered (or a question set aside earlier), asked again, or set aside for a new one. */
function openQuestion(turn: Turn, session: Session, now: number): Plan | undefined {
  const p = session.pending;
  if (p && now - p.askedAt > PENDING_TTL_MS) session.pending = undefined;
  const pending = session.pending;
  if (pending) {
    const other = asked(turn).some((s) => s.topic !== pending.frame.topic);
    if (!other) {
      const filled = fillAwaited(pending, turn);
      session.pending = undefined;
      if (filled)
        return { kind: 'frames', frames: [{ ...filled, hypothetical: filled.hypothetical || turn.hypothetical }] };
      if (asked(turn).length === 0 && !toldAnything(turn.facts)) {
        session.pending = { ...pending, tries: pending.tries + 1 };
        return { kind: session.pending.tries >= 2 ? 'giveup' : 'reask' };
      }
      // facts that do not answer it but change it ("青海的" while a rank is asked): asked again with them
      if (asked(turn).length === 0 && !turn.facts.items.length)
        return { kind: 'frames', frames: [{ ...pending.frame, facts: overlay(pending.frame.facts, turn.facts) }] };
    }
    session.suspended = pending;
    session.pending = undefined;
    return undefined;
  }
  const suspended = session.suspended;
  if (suspended && asked(turn).length === 0 && now - suspended.askedAt <= PENDING_TTL_MS) {
    const filled = fillAwaited(suspended, turn);
    if (filled) {
      session.suspended = undefined;
      return { kind: 'frames', frames: [filled] };
    }
  }
  return undefined;
}

/** "初级、中级、副高各要几年": a question for each title level named. */
function startFrames(s: Turn['starts'][number], turn: Turn, session: Session, person: string): Frame[] {
  if (!s.levels?.length) return [startFrame(s, turn, session, person)];
  return s.levels.map((level) => {
    const f = startFrame(s, turn, session, person);
    return { ...f, facts: { ...f.facts, level } };
  });
}

/** A question started: its facts from the turn, the context, and — for a bare follow-up — the last answer. */
function startFrame(s: Turn['starts'][number], turn: Turn, session: Session, person: string): Frame {
  const last = session.last[person];
  const base = contextFacts(session, person);
  const told = turn.facts;
  let facts = overlay(base, told);
  facts.items = withEventOf(told.items, session, person, session.previousFocus ?? person).map((i) =>
    // "实际就这个培训": an activity named again with nothing new is the one told before
    Object.keys(i).length === 1 ? (last?.facts.items.find((x) => x.kind === i.kind) ?? i) : i,
  );
  facts.itemWords = [...told.itemWords];
  if (s.topic === 'progress' && last) dropCounted(facts, last);
  // "这两样加一起能认多少": every achievement told this year, together
  // "两个能加一起吗": the rule asked of what was told, answered with them
  const sumAsked = s.topic === 'convert' || (s.topic === 'clause' && s.yesNo);
  const together = turn.more && sumAsked && !told.items.length ? ledgerItems(session, person, facts) : [];
  if (together.length > 1) facts.items = together;
  else if (last && (turn.correct || turn.hypothetical || turn.more) && s.topic === last.topic)
    return amendLast(last, turn);
  // "抵专业科目" after a competition answer: the same item, now with its subject (or cap, or what-is-it) asked
  if (
    last &&
    sameFamily(s.topic, last.topic) &&
    told.items.length &&
    told.items.every((i) => last.facts.items.some((x) => x.kind === i.kind))
  )
    return {
      ...amendLast(last, turn),
      topic: s.topic === 'subject' && told.items.some((i) => i.subject) ? 'convert' : s.topic,
    };
  if (last && !told.items.length && !told.hours?.length && !told.onDuty && together.length <= 1) {
    // "能算多少" / "那济宁呢" / "要交几年的": the last question's facts carry over
    const carried = s.topic === last.topic || sameFamily(s.topic, last.topic) ? last.facts : pick(last.facts);
    facts = overlay(
      { ...carried, items: s.topic === 'progress' ? [] : carried.items, itemWords: carried.itemWords },
      told,
    );
    if (s.topic !== last.topic && !sameFamily(s.topic, last.topic)) facts.items = [];
    // "两边都能抵吗": the subject chosen before is asked about, not kept
    if (s.bothSubjects) {
      facts.items = facts.items.map(({ subject: _, ...rest }) => rest);
      facts.subject = undefined;
    }
  }
  // "算公需还是专业" after a clause answer: the clause is searched with both messages
  const clauseLike = (t: Topic) => t === 'clause' || t === 'subject' || t === 'cap';
  const followsClause = !!last && !told.items.length && clauseLike(s.topic) && last.topic === 'clause';
  // "他们联系电话多少" after the base named: the lines of what was asked about before
  const followsContact = !!last && s.topic === 'contact' && last.topic === 'contact' && !told.where;
  const text = followsClause || followsContact ? `${last!.text} ${turn.reading.text}` : turn.reading.text;
  // "我博士毕业" told before, "现在是副高 想报正高" now: the doctor's route to 正高
  if (s.topic === 'eligibility' && facts.level === 'full_senior' && heldDoctor(session, person)) facts.route = 'doctor';
  // "21年30 22年60 23年90 够吗": hours of several years are checked year by year, as for a title
  const years = new Set((told.hours ?? []).map((h) => h.year));
  const topic = s.topic === 'progress' && years.size > 1 ? 'eligibility' : together.length > 1 ? 'convert' : s.topic;
  return {
    id: session.seq++,
    topic,
    facts,
    person,
    text,
    ownText: followsClause ? turn.reading.text : undefined,
    hypothetical: turn.hypothetical || undefined,
    events: s.events,
    each: s.each,
    yesNo: s.yesNo,
    claim: s.claim,
    vague: (s.topic === 'clause' && s.words === '' && !s.yesNo) || undefined,
    corrected: turn.correct || undefined,
  };
}

/** The achievements told (and answered) for a person in the year asked about, or the latest year told. */
function ledgerItems(session: Session, person: string, facts: Facts): Facts['items'] {
  const ledger = (person === SELF ? session.profile : session.people[person])?.ledger ?? [];
  const year = facts.year ?? Math.max(0, ...ledger.map((e) => e.year));
  return ledger.filter((e) => e.year === year).flatMap((e) => structuredClone(e.items));
}

/** Topics that ask about the same items (a conversion, its cap, its subject). */
function sameFamily(a: Topic, b: Topic): boolean {
  const items: Topic[] = ['convert', 'cap', 'subject'];
  return items.includes(a) && items.includes(b);
}

/** The facts of a last answer that carry over to a question of another topic: where and when. */
function pick(f: Facts): Facts {
  return { ...emptyFacts(), where: f.where, year: f.year, subject: f.subject, level: f.level, route: f.route };
}

/** Whether facts told with no question are about the last answer. */
function relates(turn: Turn, last: Frame): boolean {
  const f = turn.facts;
  // items told after a question of another topic ask what they convert to, even as a correction or a what-if
  if (f.items.length) {
    if (last.topic !== 'convert' && last.topic !== 'cap' && last.topic !== 'subject') return false;
    if (turn.correct || turn.hypothetical || turn.more) return true;
    return f.items.every((i) => last.facts.items.some((x) => x.kind === i.kind));
  }
  if (turn.correct || turn.hypothetical || turn.more) return true;
  if (f.hours?.length || f.onDuty) return last.topic === 'progress' || last.topic === 'eligibility';
  if (typeof turn.answer?.value === 'number' && last.topic === 'progress' && last.facts.onDuty) return true;
  return !!(f.where || f.year !== undefined || f.subject || f.level || f.route);
}

/** Quantities of an item: told again, they change the item; its setting told anew makes another one. */
const QUANTITY_SLOTS = new Set(['days', 'hours', 'count', 'months', 'perDay']);

/**
 * "暑假县教育局组织的业务培训去了两天" after a 国培 certificate of 40 学时: a statement (no question, correction or
 * what-if) that names the kind again with a setting the last item did not have, and its own quantity, while the last
 * item had one too, tells another event of that kind, not a change of the last.
 */
function anotherEvent(turn: Turn, last: Frame): boolean {
  if (asked(turn).length || turn.correct || turn.hypothetical || turn.answer) return false;
  return turn.facts.items.every((item, i) => {
    if (!turn.facts.itemWords[i]?.kind) return false;
    const was = last.facts.items.find((x) => x.kind === item.kind);
    if (!was) return false;
    const slots = Object.entries(item).filter(([k, v]) => k !== 'kind' && v !== undefined);
    const own = (o: object) => Object.keys(o).some((k) => QUANTITY_SLOTS.has(k));
    const newSetting = slots.some(([k]) => !QUANTITY_SLOTS.has(k) && (was as Record<string, unknown>)[k] === undefined);
    return newSetting && own(item) && own(was);
  });
}

/** The last answer with the turn's facts: corrected, added to, or asked again with a change (or as a what-if). */
function amendLast(last: Frame, turn: Turn): Frame {
  const told = turn.facts;
  let facts = overlay(last.facts, { ...told, hours: undefined });
  if (told.items.length) {
    const replaceKind =
      turn.correct && last.facts.items.length === 1 && told.items.every((i) => i.kind !== last.facts.items[0]!.kind);
    facts = replaceKind
      ? { ...facts, items: told.items, itemWords: told.itemWords }
      : amendItems(facts, told, turn.more || anotherEvent(turn, last) ? 'add' : 'replace');
  }
  if (told.hours?.length)
    facts.hours = turn.correct
      ? mergeHours(last.facts.hours ?? [], told.hours)
      : mergeHours(last.facts.hours ?? [], told.hours);
  // "如果是7个月呢": the same kind of months as before
  const n = turn.answer?.value;
  if (typeof n === 'number' && facts.onDuty && !told.onDuty) {
    const key = facts.onDuty.monthsAway !== undefined ? 'monthsAway' : 'monthsOnDuty';
    facts.onDuty = { ...facts.onDuty, [key]: n };
    if (key === 'monthsAway') delete facts.onDuty.monthsOnDuty;
  }
  const topic = told.hours?.length && last.topic === 'convert' ? 'progress' : last.topic;
  // "那总共是多少" after each figure apart: now their sum
  const each = turn.more && !told.items.length ? undefined : last.each;
  return {
    ...last,
    each,
    topic,
    facts,
    text: `${last.text} ${turn.reading.text}`,
    hypothetical: turn.hypothetical || undefined,
  };
}

/**
 * "另一个同事拿的优胜奖呢": an item of the kind the previous person's last answer was about keeps that item's
 * setting (the competition's level), never its person's own facts (rank, prize, count).
 */
function withEventOf(
  items: Turn['facts']['items'],
  session: Session,
  person: string,
  prevFocus: string,
): Turn['facts']['items'] {
  const prev = prevFocus !== person ? session.last[prevFocus] : undefined;
  if (!prev) return items;
  return items.map((i) => {
    const was = prev.facts.items.find((x) => x.kind === i.kind);
    return was?.level !== undefined && i.level === undefined ? { ...i, level: was.level } : i;
  });
}

/** Facts with no question and nothing before them: what they ask is what they are. */
function implicit(turn: Turn, session: Session, person: string): Plan {
  const f = turn.facts;
  const base = overlay(contextFacts(session, person), f);
  base.items = withEventOf(f.items, session, person, session.previousFocus ?? person);
  base.itemWords = [...f.itemWords];
  const frame = (topic: Topic): Plan => ({
    kind: 'frames',
    frames: [
      {
        id: session.seq++,
        topic,
        facts: base,
        person,
        text: turn.reading.text,
        hypothetical: turn.hypothetical || undefined,
      },
    ],
  });
  if (f.items.length) return frame('convert');
  if (f.onDuty) return frame('progress');
  if (f.hours?.length) return frame(new Set(f.hours.map((h) => h.year)).size > 1 ? 'eligibility' : 'progress');
  if (f.where?.uncovered) return frame('requirement');
  if (f.subject && !f.level) return frame('requirement');
  if (f.where || f.level || f.route || f.year !== undefined) return { kind: 'profile', facts: f };
  // "要谁批", "从哪年开始算", "那怎样才算够": a question about the last answer, searched with its words
  const last = session.last[person];
  if (turn.reading.question && last && !last.hypothetical) {
    const text = `${last.text} ${turn.reading.text}`;
    const facts = { ...structuredClone(last.facts), itemWords: [...last.facts.itemWords] };
    return {
      kind: 'frames',
      frames: [
        {
          id: session.seq++,
          topic: 'clause',
          facts,
          person,
          text,
          ownText: turn.reading.text,
          aboutLast: true,
          source: turn.reading.source || undefined,
        },
      ],
    };
  }
  return { kind: 'none' };
}
