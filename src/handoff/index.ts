// Hand-over to hotline staff. After every turn the chat service calls afterTurn: the turn is logged (bounded,
// a day), a message that got no answer is kept for review, and "转人工" — or a second miss in a row — is answered
// with a six-digit service code and the hotline of the user's region and place. Staff open the code in the console.
import type { ChatReply, Citation } from '../chat/types';
import type { Clock } from '../clock';
import { basis } from '../dialog/render';
import type { Session } from '../dialog/state';
import type { Policy } from '../policy';
import { addCitation } from '../policy/index-kb';
import { type SessionStore, storeErrorMessage } from '../sessions/store';
import { type ContactLine, type Handoff, HandoffCodes, type HandoffSummary } from './codes';
import { describeFacts } from './facts';
import { type Turn, TurnLogs } from './turns';
import { groupUnanswered, type UnansweredGroup, type UnansweredKind, UnansweredLog, userTag } from './unanswered';

export { CODE, HANDOFF_TTL_SECONDS } from './codes';
export type { ContactLine, Handoff, HandoffSummary, UnansweredGroup };

export interface TurnInfo {
  userId: string;
  text: string;
  reply: ChatReply;
  /** the session after the turn */
  session?: Session;
  /** what the message was read as, when it was one message: its intent and the place it named */
  read?: { intent: string; where?: { region?: string; place?: string; uncovered?: string } };
  /** false when the session store could not be reached this turn */
  storeUp: boolean;
}

export interface HandoffView extends Omit<Handoff, 'userId'> {
  /** turns after the hand-over, while the user's log lives */
  since: Turn[];
}

export interface HandoffDesk {
  afterTurn(t: TurnInfo): Promise<ChatReply>;
  lookup(code: string): Promise<HandoffView | undefined>;
  list(): Promise<HandoffSummary[]>;
  unanswered(days?: number): Promise<{ total: number; groups: UnansweredGroup[] }>;
  /** removes what is kept of one user: the turn log and the hand-over ("删除我的数据") */
  forget(userId: string): Promise<void>;
}

export interface HandoffDeskOptions {
  store: SessionStore;
  policy: Policy;
  clock: Clock;
  now?: () => Date;
  log?: { warn(obj: unknown, msg?: string): void };
  prefix?: string;
}

/** staff trying questions in the console are not callers */
export const CONSOLE_USER_PREFIX = 'console:';

const MISS_INTENTS = new Set(['not_understood', 'out_of_scope']);

function statuses(result: unknown): string[] {
  const list = Array.isArray(result) ? result : [result];
  return list
    .map((r) => (r && typeof r === 'object' ? (r as { status?: unknown }).status : undefined))
    .filter((s): s is string => typeof s === 'string');
}

export function createHandoffDesk(opts: HandoffDeskOptions): HandoffDesk {
  const prefix = opts.prefix ?? 'jxjy:';
  const turns = new TurnLogs(opts.store, `${prefix}turns:`);
  const codes = new HandoffCodes(opts.store, `${prefix}handoff:`);
  const unansweredLog = new UnansweredLog(opts.store, `${prefix}unanswered:`);
  const ix = opts.policy.index;
  const now = opts.now ?? (() => new Date());
  const placeWords = new Set<string>();
  for (const r of ix.kb.gazetteer.regions) {
    for (const w of [r.name, ...r.aliases]) placeWords.add(w);
    for (const p of r.places) for (const w of [p.name, ...p.aliases]) placeWords.add(w);
  }
  for (const u of ix.kb.gazetteer.uncovered) for (const w of [u.name, ...u.aliases]) placeWords.add(w);

  /** The lines to call: the place's own first, else the region's; every region's main line when unknown. */
  function hotlines(region?: string, place?: string): { lines: ContactLine[]; citations: Citation[] } {
    const citations: Citation[] = [];
    if (region && ix.regions.has(region)) {
      const r = opts.policy.contacts({ region, place, topic: 'policy' });
      for (const c of r.citations.slice(0, 3)) addCitation(citations, c);
      return {
        lines: r.contacts.slice(0, 3).map((c) => ({
          name: [c.org, c.dept].filter(Boolean).join(' '),
          phones: c.phones,
          place: c.place,
          note: c.note,
        })),
        citations: r.citations.slice(0, 3),
      };
    }
    const lines: ContactLine[] = [];
    for (const id of ix.regions.keys()) {
      const r = opts.policy.contacts({ region: id, topic: 'policy' });
      const c = r.contacts[0];
      if (!c) continue;
      lines.push({
        name: `${ix.placeName(id) ?? id}：${[c.org, c.dept].filter(Boolean).join(' ')}`,
        phones: c.phones,
        note: c.note,
      });
      if (r.citations[0]) addCitation(citations, r.citations[0]);
    }
    return { lines, citations };
  }

  function handoffText(
    reason: Handoff['reason'],
    code: string | undefined,
    h: { lines: ContactLine[]; citations: Citation[] },
    regionKnown: boolean,
  ): string {
    const out: string[] = [];
    if (reason === 'misses') out.push('抱歉，这个问题我暂时答不上来，已为您转人工。');
    if (code) {
      out.push(`服务码：${code}（24小时内有效）`);
      out.push(
        h.lines.length
          ? `${reason === 'asked' ? '已为您转人工：' : ''}请在工作时间拨打下面的电话，报上服务码，工作人员就能看到我们刚才的对话。`
          : `${reason === 'asked' ? '已为您转人工：' : ''}联系热线时报上服务码，工作人员就能看到我们刚才的对话。`,
      );
    } else {
      out.push(
        `${reason === 'asked' ? '为您转人工：' : ''}请在工作时间拨打下面的电话。（服务码暂时无法生成，请向工作人员简要说明您的问题。）`,
      );
    }
    for (const l of h.lines) out.push(`· ${l.name}：${l.phones.join('、')}`);
    if (h.lines.length === 0) out.push('您所在地的电话暂未收录，请咨询当地人力资源社会保障部门。');
    if (!regionKnown) out.push('告诉我您所在的地区（如“六安 转人工”），可以给出当地的电话。');
    const b = basis(h.citations);
    if (b) out.push(b);
    return out.join('\n');
  }

  function unansweredKind(
    t: TurnInfo,
    handoff: Handoff['reason'] | undefined,
    reasked: boolean,
  ): UnansweredKind | undefined {
    if (handoff === 'asked') return 'handoff';
    if (t.read?.intent === 'correction' || reasked) return 'misunderstood';
    if (t.reply.intent === 'not_understood' || handoff === 'misses') return 'no_answer';
    const st = statuses(t.reply.result);
    if (st.includes('no_rule')) return 'no_answer';
    if (st.includes('not_recorded') || st.includes('not_covered')) return 'not_recorded';
    if (t.reply.intent === 'out_of_scope') return 'out_of_scope';
    return undefined;
  }

  async function afterTurn(t: TurnInfo): Promise<ChatReply> {
    const at = now();
    let storeUp = t.storeUp;
    let log = { turns: [] as Turn[], misses: 0 } as Awaited<ReturnType<TurnLogs['load']>>;
    const guard = async <T>(what: string, fn: () => Promise<T>): Promise<T | undefined> => {
      if (!storeUp) return undefined;
      try {
        return await fn();
      } catch (err) {
        if (!storeErrorMessage(err)) throw err;
        storeUp = false;
        opts.log?.warn({ err: String(err) }, `hand-over: ${what} skipped, store unavailable`);
        return undefined;
      }
    };
    log = (await guard('turn log', () => turns.load(t.userId))) ?? log;

    let reply = t.reply;
    const reasked = !!reply.awaiting?.question && reply.awaiting.question === log.asked && reply.intent !== 'human';
    // "暂未收录北京" is an answer, not a miss
    const uncovered = reply.intent === 'out_of_scope' && !!(t.read?.where?.uncovered || t.session?.profile.uncovered);
    const miss = (MISS_INTENTS.has(reply.intent) && !uncovered) || reasked;
    let misses = miss ? log.misses + 1 : 0;
    const asked = t.read?.intent === 'human' || reply.intent === 'human';
    const reason: Handoff['reason'] | undefined = asked ? 'asked' : misses >= 2 ? 'misses' : undefined;

    let handoff: Handoff | undefined;
    if (reason) {
      misses = 0;
      const told = t.read?.where;
      const profile = t.session?.profile;
      const region = told?.region ?? profile?.region;
      const place = told?.region ? told.place : region === profile?.region ? profile?.place : undefined;
      const h = hotlines(region, place);
      const reserved = await guard('service code', () => codes.reserve(t.userId, at));
      const regionKnown = !!region && ix.regions.has(region);
      reply = {
        reply: handoffText(reason, reserved?.code, h, regionKnown),
        intent: reason === 'asked' ? 'human' : reply.intent,
        citations: h.citations,
        result: {
          kind: 'handoff',
          status: reserved ? 'ok' : 'unavailable',
          code: reserved?.code,
          expiresAt: reserved?.expiresAt,
          hotlines: h.lines,
        },
      };
      if (reserved) {
        const where = regionKnown
          ? [ix.placeName(region!), place ? ix.placeName(place) : undefined].filter(Boolean).join(' ')
          : undefined;
        handoff = {
          ...reserved,
          userId: t.userId,
          reason,
          region: regionKnown ? region : undefined,
          place: regionKnown ? place : undefined,
          where,
          hotlines: h.lines,
          facts: describeFacts(t.session, ix),
          transcript: [],
          last: log.last,
        };
      }
    }

    const turn: Turn = { at: at.toISOString(), text: t.text, reply: reply.reply, intent: reply.intent };
    const saved = await guard('turn log', () =>
      turns.append(
        t.userId,
        log,
        { ...turn, citations: handoff ? [] : reply.citations },
        {
          misses,
          asked: reply.awaiting?.question,
        },
      ),
    );
    if (handoff) {
      handoff.transcript = saved?.turns ?? [...log.turns, turn];
      await guard('service code', () => codes.save(handoff, at));
    }

    if (!t.userId.startsWith(CONSOLE_USER_PREFIX)) {
      const kind = uncovered ? 'not_recorded' : unansweredKind(t, reason, reasked);
      if (kind) {
        // a hand-over or a correction is about the message before it
        const previous = log.turns[log.turns.length - 1]?.text;
        const about = (kind === 'handoff' || t.read?.intent === 'correction') && previous ? previous : t.text;
        await guard('unanswered list', () =>
          unansweredLog.add(opts.clock.today(), {
            at: turn.at,
            text: about.slice(0, 300),
            kind,
            reply: t.reply.reply.slice(0, 200),
            region: t.read?.where?.region ?? t.session?.profile.region,
            user: userTag(t.userId),
          }),
        );
      }
    }
    return reply;
  }

  async function lookup(code: string): Promise<HandoffView | undefined> {
    const h = await codes.get(code);
    if (!h) return undefined;
    const live = await turns.load(h.userId);
    const lastAt = h.transcript[h.transcript.length - 1]?.at ?? h.createdAt;
    const { userId: _hidden, ...view } = h;
    return { ...view, since: live.turns.filter((x) => x.at > lastAt) };
  }

  return {
    afterTurn,
    lookup,
    list: () => codes.list(),
    async unanswered(days = 7) {
      const items = await unansweredLog.recent(opts.clock.today(), days);
      return { total: items.length, groups: groupUnanswered(items, placeWords) };
    },
    async forget(userId) {
      await turns.forget(userId);
      await codes.forget(userId);
    },
  };
}
