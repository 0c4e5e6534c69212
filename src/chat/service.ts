// The chat pipeline shared by every channel: parse → dialog → policy → render, one user's messages in order.
import type { Clock } from '../clock';
import { step } from '../dialog/dialog';
import { PROFILE_TTL_SECONDS, SESSION_VERSION, type Session } from '../dialog/state';
import { type Parser, QUESTION_INTENTS } from '../intents/command';
import type { Policy } from '../policy';
import { SessionRepo, type SessionStore, storeErrorMessage } from '../sessions';
import { Subscriptions } from '../sessions/subscriptions';
import type { ChatReply, ChatService } from './types';

export interface ChatServiceOptions {
  policy: Policy;
  parser: Parser;
  store: SessionStore;
  clock: Clock;
  maxTextLength: number;
  /** the channel reminders go out on (recorded with a subscription) */
  channel?: string;
  log?: { warn(obj: unknown, msg?: string): void; error(obj: unknown, msg?: string): void };
}

const EMPTY_REPLY =
  '请输入您的问题，例如：“青海发明专利排第2能算多少学时”“安徽每年要多少学时”“今年公需20专业45还差多少”。';

/** A clause that asks something of its own. */
const ASKS = /多少|几[个天年号月学]|哪|什么|啥|吗|怎么|如何|是否|能否|[？?]/;

/** Splits a message at question marks and at "另外 / 顺便问一下 / 还有个问题"; parts too short to be a question stay joined. */
export function splitQuestions(text: string): string[] {
  const parts = text
    .split(/[？?]+|(?:[，,。；;\s]*)(?:另外|顺便问(?:一?下)?|还有(?:一个|个)?问题|再问(?:一?下)?)[：:，,]?/)
    .map((p) => p.trim())
    .filter((p) => p.replace(/[\p{P}\s]/gu, '').length >= 4);
  return parts.length > 1 && parts.length <= 3 ? parts : [];
}

function isSession(x: unknown): x is Session {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Partial<Session>;
  return (
    typeof s.profile === 'object' &&
    s.profile !== null &&
    Array.isArray(s.profile.hours) &&
    typeof s.misses === 'number'
  );
}

/** Text as typed in WeChat: full-width spaces, zero-width characters and control characters removed. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function normaliseText(text: string): string {
  return text
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .replace(CONTROL, '')
    .replace(/\u3000/g, ' ')
    .trim();
}

export function createChatService(opts: ChatServiceOptions): ChatService & { subscriptions: Subscriptions } {
  const repo = new SessionRepo<Session>(opts.store, {
    prefix: 'jxjy:sess:',
    version: SESSION_VERSION,
    parse: (d) => (isSession(d) ? d : undefined),
    onDiscard: (userId, reason) => opts.log?.warn({ userId, reason }, 'session discarded'),
  });
  const subscriptions = new Subscriptions(opts.store, { prefix: 'jxjy:remind:' });

  const parseIn = (text: string, session: Session | undefined, today: string) =>
    opts.parser.parse(text, {
      today,
      awaiting: session?.pending?.awaiting,
      region: session?.profile.region,
      last: session?.last
        ? { intent: session.last.intent, kinds: (session.last.slots.achievements ?? []).map((a) => a.kind) }
        : undefined,
    });

  /** "济宁 公需课在哪学 截止到啥时候": two questions side by side, each with its own question word, of two kinds. */
  async function splitAtClause(text: string, session: Session | undefined, today: string): Promise<string[]> {
    const cuts = [...text.matchAll(/[\s，,、；;]+/g)].map((m) => [m.index!, m.index! + m[0].length] as const);
    const found: string[][] = [];
    for (const [a, b] of cuts) {
      const left = text.slice(0, a).trim();
      const right = text.slice(b).trim();
      if (!ASKS.test(left) || !ASKS.test(right)) continue;
      const [l, r] = await Promise.all([parseIn(left, session, today), parseIn(right, session, today)]);
      const li = l.command.intent;
      const ri = r.command.intent;
      if (QUESTION_INTENTS.has(li) && QUESTION_INTENTS.has(ri) && li !== ri) found.push([left, right]);
    }
    return found.length === 1 ? found[0]! : [];
  }

  /** One message, or — when it holds several questions ("…多少学时？另外公需课在哪学") — each in turn. */
  async function answerAll(text: string, session: Session | undefined, today: string) {
    let parts = session?.pending ? [] : splitQuestions(text);
    if (parts.length === 0 && !session?.pending) parts = await splitAtClause(text, session, today);
    if (parts.length > 1) {
      const intents = await Promise.all(parts.map(async (p) => (await parseIn(p, session, today)).command.intent));
      // several questions, or a question and its follow-ups ("…多少学时？实用新型呢？")
      const questions = intents.filter((i) => QUESTION_INTENTS.has(i)).length;
      const followUps = intents.filter((i) => i === 'inform' || i === 'correction').length;
      if (QUESTION_INTENTS.has(intents[0]!) && questions + followUps === intents.length && intents.length >= 2) {
        let current = session;
        const replies: ChatReply[] = [];
        for (const p of parts) {
          const { command } = await parseIn(p, current, today);
          const r = step(command, p, current, { policy: opts.policy, today, now: Date.now() });
          // a correction replaces the answer it corrects; the same answer twice is said once
          if (command.intent === 'correction' && replies.length) replies.pop();
          if (!replies.some((x) => x.reply === r.reply.reply)) replies.push(r.reply);
          current = r.session;
        }
        const last = replies[replies.length - 1]!;
        const reply: ChatReply = {
          reply: replies.map((r) => r.reply).join('\n\n'),
          intent: replies[0]!.intent,
          citations: replies.flatMap((r) => r.citations),
          result: replies.map((r) => r.result),
          ...(last.awaiting ? { awaiting: last.awaiting } : {}),
        };
        return { reply, session: current! };
      }
    }
    const { command } = await parseIn(text, session, today);
    return step(command, text, session, { policy: opts.policy, today, now: Date.now() });
  }

  async function turn(userId: string, text: string): Promise<ChatReply> {
    let session: Session | undefined;
    let storeDown = false;
    try {
      session = await repo.load(userId);
    } catch (err) {
      if (!storeErrorMessage(err)) throw err;
      storeDown = true;
      opts.log?.warn({ err: String(err) }, 'session store unavailable; answering without memory');
    }
    const today = opts.clock.today();
    const { reply, session: next } = await answerAll(text, session, today);
    if (!storeDown) {
      try {
        await repo.save(userId, next, PROFILE_TTL_SECONDS);
        if (reply.intent === 'subscribe' && next.profile.subscribed && next.profile.region) {
          await subscriptions.subscribe(userId, {
            region: next.profile.region,
            place: next.profile.place,
            channel: opts.channel ?? 'web',
          });
        } else if (reply.intent === 'unsubscribe') await subscriptions.unsubscribe(userId);
      } catch (err) {
        if (!storeErrorMessage(err)) throw err;
        storeDown = true;
      }
    }
    if (storeDown) reply.reply += '\n（系统暂时无法保存对话记录，下一条消息可能需要重新说明地区等信息。）';
    return reply;
  }

  return {
    subscriptions,
    async handle(userId: string, raw: string): Promise<ChatReply> {
      const text = normaliseText(typeof raw === 'string' ? raw : '');
      if (!text) return { reply: EMPTY_REPLY, intent: 'help', citations: [] };
      if (text.length > opts.maxTextLength) {
        return {
          reply: `消息太长了（${text.length}字），请控制在${opts.maxTextLength}字以内，只说一个问题。`,
          intent: 'invalid',
          citations: [],
        };
      }
      try {
        return await opts.store.withLock(`jxjy:lock:${userId}`, () => turn(userId, text));
      } catch (err) {
        const msg = storeErrorMessage(err);
        if (msg && !(err instanceof Error && err.name === 'LockTimeoutError')) {
          // the store is gone: answer without memory rather than not at all
          opts.log?.warn({ err: String(err) }, 'lock unavailable; answering without memory');
          return turn(userId, text);
        }
        if (msg) return { reply: msg, intent: 'busy', citations: [] };
        throw err;
      }
    },
  };
}
