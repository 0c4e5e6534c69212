// The dialog: applies a reading's commands to the session, plans what is asked, answers each question with the
// policy core and renders. Pure: (reading, session) → (reply, session).
import type { ChatReply } from '../chat/types';
import type { Reading, YearHours } from '../intents/command';
import { TITLE_LEVEL_NAMES } from '../policy/words';
import { answer, type Ctx, type DialogDeps, hotline, reply } from './answer';
import { readTurn, type Turn } from './commands';
import { control, invalidFigure, notUnderstood } from './controls';
import { mergeHours } from './facts';
import { focus, plan } from './plan';
import { CAPABILITIES, optionLabel } from './prompts';
import { join } from './render';
import { emptySession, PENDING_TTL_MS, SELF, type Session } from './state';

export type { DialogDeps } from './answer';

export interface StepResult {
  reply: ChatReply;
  session: Session;
}

export function step(reading: Reading, prev: Session | undefined, deps: DialogDeps): StepResult {
  const start: Session = structuredClone(prev ?? emptySession());
  const lapsed = !!start.pending && deps.now - start.pending.askedAt > PENDING_TTL_MS;
  if (lapsed) start.pending = undefined;
  const regionAsked = start.pending?.awaiting.slot === 'region';
  const queued = start.queue ?? [];
  start.queue = undefined;
  // several people told apart in one message: each part is a turn of its own, answered in order
  const parts = reading.parts?.length ? reading.parts : [reading];
  let { replies, session } = stepParts(parts, start, deps);
  // the region given for the first part: the other people's parts follow
  if (regionAsked && !session.pending && queued.length) {
    const more = stepParts(queued, session, deps);
    replies = [...replies, ...more.replies];
    session = more.session;
  }
  const r = combine(replies, session);
  if (lapsed) r.reply.reply = `（上一个问题已超时，我们重新开始。）\n${r.reply.reply}`;
  return r;
}

/** Parts answered in order; when one asks for the region, the rest wait for it. */
function stepParts(parts: Reading[], start: Session, deps: DialogDeps): { replies: ChatReply[]; session: Session } {
  const replies: ChatReply[] = [];
  let session = start;
  for (const [i, part] of parts.entries()) {
    const ctx: Ctx = { session, deps, unplaced: part.unplaced ?? [] };
    const r = stepTurn(readTurn(part), session, ctx, deps);
    replies.push(r.reply);
    session = r.session;
    if (session.pending?.awaiting.slot === 'region' && i < parts.length - 1) {
      session.queue = parts.slice(i + 1);
      break;
    }
  }
  return { replies, session };
}

function stepTurn(turn: Turn, session: Session, ctx: Ctx, deps: DialogDeps): StepResult {
  if (turn.invalid) return invalidFigure(session, turn.invalid);
  // "嗯嗯" while a detail is asked is no answer to it
  if (turn.control && (turn.control.action === 'ack' || turn.control.action === 'thanks') && session.pending)
    turn.control = undefined;
  if (turn.control) {
    const r = control(turn.control.action, ctx, turn.facts.where?.region, turn.facts.where?.place);
    if (turn.control.action !== 'subscribe' || r.session.profile.subscribed) return r;
    r.session.pending = undefined;
    r.session.subscribeAsked = deps.now;
    return r;
  }
  if (session.subscribeAsked && turn.facts.where?.region && !turn.starts.length) {
    session.subscribeAsked = undefined;
    return control('subscribe', ctx, turn.facts.where.region);
  }
  session.subscribeAsked = undefined;
  recordTold(turn, session, deps);
  const p = plan(turn, session, deps.now);
  switch (p.kind) {
    case 'reask':
      return reask(session);
    case 'giveup':
      return giveUp(session, deps);
    case 'profile':
      return profileAck(session, deps, p.facts);
    case 'none':
      return notUnderstood(session, deps);
    default: {
      const replies = p.frames.map((f) => answer(f, ctx));
      const real = p.frames.filter((f) => !f.hypothetical);
      if (real.length) session.lastTurn[real[0]!.person] = real;
      return combine(replies, session);
    }
  }
}

/**
 * Hours and leave told are the person's record: hours kept per year (told over several messages they add up;
 * 再学15 adds to the figure before, in the subject told last), and the turn carries the resulting figures.
 * A what-if changes nothing.
 */
function recordTold(turn: Turn, session: Session, deps: DialogDeps): void {
  const person = focus(turn, session);
  const who = person === SELF ? session.profile : session.people[person];
  const year = turn.facts.year ?? Number(deps.today.slice(0, 4));
  if (who && turn.facts.onDuty && !turn.hypothetical) {
    const before = who.duty?.year === year ? who.duty.onDuty : {};
    who.duty = { year, onDuty: { ...before, ...turn.facts.onDuty } };
  }
  const told = turn.facts.hours;
  if (!told?.length) return;
  const dated: YearHours[] = told.map((h) => {
    const d = { ...h, year: h.year ?? year };
    // "后来又学了12学时" right after 公需 figures: more of that subject
    if (
      d.added &&
      d.total !== undefined &&
      d.public === undefined &&
      d.professional === undefined &&
      who?.lastSubject
    ) {
      d[who.lastSubject] = d.total;
      delete d.total;
    }
    return d;
  });
  const merged = mergeHours(who?.hours ?? [], dated);
  if (who && !turn.hypothetical) {
    who.hours = merged;
    const last = dated[dated.length - 1]!;
    if (last.public !== undefined && last.professional === undefined) who.lastSubject = 'public';
    else if (last.professional !== undefined && last.public === undefined) who.lastSubject = 'professional';
  }
  turn.facts.hours = merged.filter((h) => dated.some((d) => d.year === h.year));
}

/** Lines that belong to each answer even when they repeat: its figure, what was understood, its trace. */
const REPEATABLE = /^(按：|·|计算过程|以上按假设|依据：)|\d+(\.\d+)?个?学时/;

function combine(replies: ChatReply[], session: Session): StepResult {
  if (replies.length === 1) return { reply: replies[0]!, session };
  const unique = replies.filter((r, i) => replies.findIndex((x) => x.reply === r.reply) === i);
  const last = unique[unique.length - 1]!;
  // a line said already in this reply (a hint, a hotline, the same basis) is not said again
  const said = new Set<string>();
  const texts = unique.map((r) =>
    r.reply
      .split('\n')
      .filter((line, i) => {
        // each answer keeps its first line: its figure or statement comes first
        const again = i === 0 || REPEATABLE.test(line) ? false : said.has(line);
        said.add(line);
        return !again;
      })
      .join('\n'),
  );
  return {
    session,
    reply: {
      reply: texts.join('\n\n'),
      intent: unique[0]!.intent,
      citations: unique.flatMap((r) => r.citations),
      result: unique.map((r) => r.result),
      ...(last.awaiting ? { awaiting: last.awaiting } : {}),
    },
  };
}

function reask(session: Session): StepResult {
  const p = session.pending!;
  const options = p.awaiting.options?.map((o) => optionLabel(p.awaiting.slot, o));
  return {
    session,
    reply: reply(`没太明白您的回答。${p.question}（回复“取消”可结束这个问题）`, 'inform', {
      awaiting: { slot: p.awaiting.slot, question: p.question, options },
    }),
  };
}

function giveUp(session: Session, deps: DialogDeps): StepResult {
  const p = session.pending;
  session.pending = undefined;
  const h = hotline(deps, session.profile.region ?? p?.frame.facts.where?.region);
  return {
    session,
    reply: reply(
      join('抱歉，我还是没能理解您的回答，这个问题先放下。', h.text, '您也可以换个说法重新提问。'),
      'not_understood',
      {
        citations: h.citations,
      },
    ),
  };
}

function profileAck(session: Session, deps: DialogDeps, facts: Turn['facts']): StepResult {
  const p = session.profile;
  if (facts.where?.region) {
    if (p.region !== facts.where.region) p.place = undefined;
    p.region = facts.where.region;
    p.uncovered = undefined;
    if (facts.where.place) p.place = facts.where.place;
  }
  const who = session.focus === SELF ? p : session.people[session.focus];
  if (facts.level && who) who.level = facts.level;
  if (facts.route && who) who.route = facts.route;
  session.misses = 0;
  const bits: string[] = [];
  if (facts.where?.region) {
    const place = facts.where.place ? ` ${deps.policy.index.placeName(facts.where.place) ?? ''}` : '';
    bits.push(`地区：${deps.policy.index.regions.get(facts.where.region)?.region.name ?? facts.where.region}${place}`);
  }
  if (facts.level) bits.push(`目标职称：${TITLE_LEVEL_NAMES[facts.level]}`);
  if (bits.length === 0) return notUnderstood(session, deps);
  return {
    session,
    reply: reply(join(`好的，已记住（${bits.join('，')}）。`, '您可以直接问我，比如：', CAPABILITIES), 'set_profile'),
  };
}
