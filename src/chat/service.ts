// The chat pipeline shared by every channel: read → dialog → policy → render, one user's messages in order.
import type { Clock } from '../clock';
import { step } from '../dialog/dialog';
import { emptySession, PROFILE_TTL_SECONDS, SESSION_VERSION, type Session } from '../dialog/state';
import { createHandoffDesk, type HandoffDesk } from '../handoff';
import type { ReadContext, Reader, Reading } from '../intents/command';
import type { Policy } from '../policy';
import { MemoryScheduler, type ReminderScheduler } from '../reminders/scheduler';
import { ReminderService } from '../reminders/service';
import {
  LockTimeoutError,
  memoryNote,
  SessionRepo,
  type SessionStore,
  SessionTurns,
  storeErrorMessage,
} from '../sessions';
import { parseUserKey } from '../sessions/keys';
import { Subscriptions } from '../sessions/subscriptions';
import { scheduledLine, upcomingLines } from './reminder-words';
import type { ChatReply, ChatService, Via } from './types';
import { FORGET_REPLY, type UserData, userDataOf } from './user-data';

export interface ChatServiceOptions {
  policy: Policy;
  reader: Reader;
  store: SessionStore;
  clock: Clock;
  maxTextLength: number;
  /** where reminders are scheduled (default: in memory, this process) */
  scheduler?: ReminderScheduler;
  log?: { warn(obj: unknown, msg?: string): void; error(obj: unknown, msg?: string): void };
}

const EMPTY_REPLY =
  '请输入您的问题，例如：“青海发明专利排第2能算多少学时”“安徽每年要多少学时”“今年公需20专业45还差多少”。';

function isSession(x: unknown): x is Session {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Partial<Session>;
  return (
    typeof s.profile === 'object' &&
    s.profile !== null &&
    Array.isArray(s.profile.hours) &&
    typeof s.misses === 'number' &&
    typeof s.last === 'object' &&
    typeof s.people === 'object'
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

/**
 * What the reader is told of the conversation: the open question and the last answer of the person in focus (a
 * what-if answered after it counts as the last: "实际上我排第5" is read against it).
 */
export function readContext(session: Session | undefined, today: string): ReadContext {
  const real = session ? session.last[session.focus] : undefined;
  const whatIf = session?.whatIf?.[session.focus];
  const last = whatIf && whatIf.id > (real?.id ?? 0) ? whatIf : real;
  return {
    today,
    awaiting: session?.pending?.awaiting,
    region: session?.profile.region,
    last: last ? { topic: last.topic, kinds: last.facts.items.map((a) => a.kind) } : undefined,
  };
}

/** What a message was read as, for the hand-over log: its question or control, and the place it named. */
function readOf(r: Reading): { intent: string; where?: { region?: string; place?: string; uncovered?: string } } {
  const where = r.commands.find((c) => c.type === 'where');
  const control = r.commands.find((c) => c.type === 'control');
  const start = r.commands.find((c) => c.type === 'start');
  const intent = r.commands.some((c) => c.type === 'correct')
    ? 'correction'
    : control?.type === 'control'
      ? control.action === 'handoff'
        ? 'human'
        : control.action
      : start?.type === 'start'
        ? start.topic
        : 'inform';
  return { intent, where: where?.type === 'where' ? where.where : undefined };
}

/** how long a turn waits for its reminders to be scheduled (they go on in the background, resync catches up) */
const REMINDER_BUDGET_MS = 3000;
function boundedWait(p: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((r) => {
    timer = setTimeout(r, ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** The door a user key names: its channel and the id on it (a unionid names no door: the notices list). */
export function viaOfKey(userId: string): Via {
  const k = parseUserKey(userId);
  if (!k || k.channel === 'web' || k.channel === 'union') return { channel: 'web' };
  return { channel: k.channel, to: k.id };
}

export interface ChatServiceExtras {
  subscriptions: Subscriptions;
  /** deadline reminders: scheduling, delivery, the notices list */
  reminders: ReminderService;
  /** hand-over to hotline staff: service codes, transcripts, the unanswered list */
  handoff: HandoffDesk;
  /** what is kept about one user (GET /api/me) */
  userData(userId: string): Promise<UserData>;
  /** removes everything kept about one user: profile, subscription, and whatever onForget hooks remove */
  forget(userId: string): Promise<void>;
  /** registers another remover of a user's data (e.g. handoff records) */
  onForget(fn: (userId: string) => Promise<void>): void;
}

/** The reminder side of a turn: the subscription kept in step, then what it schedules said in the reply. */
function reminderSteps(opts: ChatServiceOptions, subscriptions: Subscriptions, reminders: ReminderService) {
  /** Keeps the subscription in step with the turn: subscribe, unsubscribe, or a new region while subscribed. */
  async function keepSubscription(userId: string, intent: string, next: Session, via: Via) {
    if (intent === 'unsubscribe') {
      await subscriptions.unsubscribe(userId);
      return 'cancel' as const;
    }
    const p = next.profile;
    if (!p.subscribed || !p.region) return undefined;
    if (intent !== 'subscribe') {
      const had = await subscriptions.get(userId);
      if (!had || (had.region === p.region && had.place === p.place)) return undefined;
    }
    await subscriptions.subscribe(userId, {
      region: p.region,
      ...(p.place ? { place: p.place } : {}),
      channel: via.channel,
      ...(via.to ? { to: via.to } : {}),
    });
    return 'sync' as const;
  }

  /** Schedules what the turn changed; the reply says what is scheduled (subscribe) or pending (我的提醒). */
  async function afterReminders(
    userId: string,
    change: 'sync' | 'cancel' | undefined,
    reply: ChatReply,
    next?: Session,
  ) {
    try {
      if (change === 'cancel') await reminders.cancel(userId);
      if (change === 'sync') {
        const jobs = await reminders.sync(userId);
        if (reply.intent === 'subscribe' && next?.profile.region)
          reply.reply += `\n${scheduledLine(opts.policy, jobs, opts.clock, next.profile.region)}`;
      }
      if (reply.intent === 'reminders' && next?.profile.subscribed) {
        const lines = upcomingLines(opts.policy, await reminders.jobs(userId), opts.clock, next.profile.region);
        if (lines) reply.reply += `\n${lines}`;
      }
    } catch (err) {
      opts.log?.error({ err: String(err) }, 'reminder scheduling failed');
      if (change === 'sync') reply.reply += '\n提醒暂时没有安排成功，系统稍后会自动补上。';
    }
  }

  return { keepSubscription, afterReminders };
}

/** Removes a user's data for "删除我的数据"; a store that fails says so, and nothing is claimed removed. */
async function forgetting(forget: () => Promise<void>, answered: ChatReply): Promise<ChatReply> {
  try {
    await forget();
    return answered;
  } catch (err) {
    if (!storeErrorMessage(err)) throw err;
    return { reply: '系统繁忙，暂时无法删除您的数据，请稍后再发一次“删除我的数据”。', intent: 'forget', citations: [] };
  }
}

/** An empty or over-long message gets a clear reply before any reading. */
function refusal(text: string, maxTextLength: number): ChatReply | undefined {
  if (!text) return { reply: EMPTY_REPLY, intent: 'help', citations: [] };
  if (text.length <= maxTextLength) return undefined;
  return {
    reply: `消息太长了（${text.length}字），请控制在${maxTextLength}字以内，只说一个问题。`,
    intent: 'invalid',
    citations: [],
  };
}

/** What the chat service keeps: sessions, subscriptions, the hand-over desk and the reminders. */
function parts(opts: ChatServiceOptions) {
  const repo = new SessionRepo<Session>(opts.store, {
    prefix: 'jxjy:sess:',
    version: SESSION_VERSION,
    parse: (d) => (isSession(d) ? d : undefined),
    onDiscard: (userId, reason) => opts.log?.warn({ userId, reason }, 'session discarded'),
  });
  const subscriptions = new Subscriptions(opts.store, { prefix: 'jxjy:remind:' });
  const handoff = createHandoffDesk({ store: opts.store, policy: opts.policy, clock: opts.clock, log: opts.log });
  const reminders = new ReminderService({
    policy: opts.policy,
    store: opts.store,
    clock: opts.clock,
    scheduler: opts.scheduler ?? new MemoryScheduler(opts.clock, { attempts: 5, backoffMs: 60_000 }),
    subscriptions,
    hoursOf: async (userId) => (await repo.load(userId))?.profile.hours,
    log: opts.log,
  });
  return { repo, subscriptions, handoff, reminders };
}

/** Reads one message against the session and answers it; "删除我的数据" keeps nothing, not even this message. */
async function answerText(opts: ChatServiceOptions, text: string, session: Session | undefined, today: string) {
  const { reading } = await opts.reader.read(text, readContext(session, today));
  if (reading.commands.some((c) => c.type === 'control' && c.action === 'delete_data'))
    return {
      reply: { reply: FORGET_REPLY, intent: 'forget', citations: [] } as ChatReply,
      session: undefined,
      reading,
    };
  return { ...step(reading, session, { policy: opts.policy, today, now: Date.now() }), reading };
}

export function createChatService(opts: ChatServiceOptions): ChatService & ChatServiceExtras {
  const { repo, subscriptions, handoff, reminders } = parts(opts);
  const forgetHooks: Array<(userId: string) => Promise<void>> = [(u) => handoff.forget(u), (u) => reminders.forget(u)];
  async function forget(userId: string): Promise<void> {
    await repo.clear(userId);
    await subscriptions.forget(userId);
    for (const fn of forgetHooks) await fn(userId);
  }

  const turns = new SessionTurns<Session>({
    store: opts.store,
    repo,
    lockPrefix: 'jxjy:lock:',
    ttlSeconds: PROFILE_TTL_SECONDS,
    log: opts.log,
  });

  const { keepSubscription, afterReminders } = reminderSteps(opts, subscriptions, reminders);

  async function turn(userId: string, text: string, via: Via): Promise<ChatReply> {
    let subscriptionFailed = false;
    let forgotten = false;
    let change: 'sync' | 'cancel' | undefined;
    let after: { next: Session; reading: Reading } | undefined;
    const { result: answered, memory } = await turns.run(userId, async (session) => {
      const { reply, session: next, reading } = await answerText(opts, text, session, opts.clock.today());
      if (!next) {
        forgotten = true;
        return { result: reply, session: emptySession() };
      }
      try {
        change = await keepSubscription(userId, reply.intent, next, via);
      } catch (err) {
        if (!storeErrorMessage(err)) throw err;
        subscriptionFailed = true;
      }
      after = { next, reading };
      return { result: reply, session: next };
    });
    // "删除我的数据": nothing of this user is kept, not even this message
    if (forgotten) return forgetting(() => forget(userId), answered);
    await boundedWait(afterReminders(userId, change, answered, after?.next), REMINDER_BUDGET_MS);
    const reply = await handoff.afterTurn({
      userId,
      text,
      reply: answered,
      session: after?.next,
      read: after ? readOf(after.reading) : undefined,
      storeUp: memory === 'kept',
    });
    reply.reply += memoryNote(subscriptionFailed && memory === 'kept' ? 'unsaved' : memory);
    return reply;
  }

  return {
    subscriptions,
    reminders,
    handoff,
    forget: (userId) => opts.store.withLock(`jxjy:lock:${userId}`, () => forget(userId)),
    onForget: (fn) => void forgetHooks.push(fn),
    async userData(userId) {
      return userDataOf(await repo.load(userId), await subscriptions.get(userId));
    },
    async handle(userId: string, raw: string, via?: Via): Promise<ChatReply> {
      const text = normaliseText(typeof raw === 'string' ? raw : '');
      const refused = refusal(text, opts.maxTextLength);
      if (refused) return refused;
      try {
        return await turn(userId, text, via ?? viaOfKey(userId));
      } catch (err) {
        // every other store fault is answered without memory inside turn(); this is "your last message still runs"
        if (err instanceof LockTimeoutError) return { reply: storeErrorMessage(err)!, intent: 'busy', citations: [] };
        throw err;
      }
    },
  };
}
