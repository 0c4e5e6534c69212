// Deadline reminder subscriptions, and the pure choice of which reminders are due today.
import { z } from 'zod';
import { hasSetOps, type KeyValueStore } from './store.js';

export const ReminderSubscription = z
  .object({
    /** region id from knowledge/places.yaml, e.g. "qinghai" */
    region: z.string().trim().min(1).max(64),
    /** place id within the region, when the user gave one */
    place: z.string().trim().min(1).max(64).optional(),
    /** where to deliver: the channel that took the subscription (web, mp, oa, wx; "wechat" from older records is wx) */
    channel: z.string().trim().min(1).max(32),
    /** the address on that channel when the user key does not name it (an openid behind a unionid) */
    to: z.string().min(1).max(256).optional(),
  })
  .strict();
export type ReminderSubscription = z.infer<typeof ReminderSubscription>;

export interface Subscriber extends ReminderSubscription {
  userId: string;
}

export interface Deadline {
  id: string;
  /** YYYY-MM-DD */
  date: string;
  label: string;
  region: string;
  /** set when the deadline applies to one place of the region only */
  place?: string;
}

export interface DueReminder {
  /** identifies (user, deadline, daysBefore); put it in the sent set once delivered */
  key: string;
  userId: string;
  channel: string;
  deadlineId: string;
  date: string;
  label: string;
  region: string;
  place?: string;
  /** the deadline is this many days after today */
  daysBefore: number;
}

export const DEFAULT_DAYS_BEFORE: readonly number[] = [30, 7, 1];

export interface SubscriptionsOptions {
  /** key prefix (default "remind:") */
  prefix?: string;
  /** how long a subscription lives without being renewed (default two years) */
  ttlSeconds?: number;
}

const TWO_YEARS = 2 * 366 * 86_400;

/** Subscriptions stored as one record per user plus an index set of user ids. */
export class Subscriptions {
  private readonly prefix: string;
  private readonly ttlSeconds: number;
  private readonly users: IndexSet;
  private readonly sent: IndexSet;

  constructor(
    private readonly store: KeyValueStore,
    opts: SubscriptionsOptions = {},
  ) {
    this.prefix = opts.prefix ?? 'remind:';
    this.ttlSeconds = opts.ttlSeconds ?? TWO_YEARS;
    this.users = new IndexSet(store, `${this.prefix}users`, this.ttlSeconds);
    this.sent = new IndexSet(store, `${this.prefix}sent`, this.ttlSeconds);
  }

  /** Subscribes or replaces the user's subscription; throws a ZodError on invalid input. */
  async subscribe(userId: string, sub: ReminderSubscription): Promise<Subscriber> {
    checkUserId(userId);
    const value = ReminderSubscription.parse(sub);
    await this.store.withLock(this.recordKey(userId), async () => {
      await this.store.set(this.recordKey(userId), JSON.stringify(value), this.ttlSeconds);
      await this.users.add(userId);
    });
    return { userId, ...value };
  }

  /** Removes the user's subscription; true when there was one. */
  async unsubscribe(userId: string): Promise<boolean> {
    checkUserId(userId);
    return this.store.withLock(this.recordKey(userId), async () => {
      const had = (await this.store.get(this.recordKey(userId))) !== undefined;
      await this.users.remove(userId);
      await this.store.delete(this.recordKey(userId));
      return had;
    });
  }

  /** Removes the subscription and every record of reminders sent to the user (their right to erasure). */
  async forget(userId: string): Promise<void> {
    await this.unsubscribe(userId);
    for (const key of await this.sent.members()) {
      try {
        const v: unknown = JSON.parse(key);
        if (Array.isArray(v) && v[0] === userId) await this.sent.remove(key);
      } catch {
        // not one of ours
      }
    }
  }

  async get(userId: string): Promise<ReminderSubscription | undefined> {
    checkUserId(userId);
    return parseRecord(await this.store.get(this.recordKey(userId)));
  }

  /** Every live subscription, sorted by user id. */
  async list(): Promise<Subscriber[]> {
    const ids = (await this.users.members()).sort(compare);
    const out: Subscriber[] = [];
    for (const userId of ids) {
      const sub = await this.get(userId);
      if (sub) out.push({ userId, ...sub });
    }
    return out;
  }

  /** Keys of reminders already delivered (see DueReminder.key). */
  async sentKeys(): Promise<Set<string>> {
    return new Set(await this.sent.members());
  }

  /** Records delivered reminders so that dueReminders does not pick them again. */
  async markSent(reminders: Iterable<Pick<DueReminder, 'key'>>): Promise<void> {
    for (const r of reminders) await this.sent.add(r.key);
  }

  private recordKey(userId: string): string {
    return `${this.prefix}sub:${userId}`;
  }
}

/**
 * Which reminders to send today: one for each subscriber of a deadline's region (and place, when the deadline
 * has one) whose deadline is exactly N days after today for N in daysBefore, unless its key is in `sent`.
 * Pure and deterministic: sorted by user, date, deadline id, then N descending. Deadlines with an invalid date
 * are skipped; an invalid `today` throws.
 */
export function dueReminders(
  deadlines: readonly Deadline[],
  today: string,
  subs: readonly Subscriber[],
  daysBefore: readonly number[] = DEFAULT_DAYS_BEFORE,
  sent: ReadonlySet<string> = new Set(),
): DueReminder[] {
  const todayDay = dayNumber(today);
  if (todayDay === undefined) throw new RangeError(`today must be YYYY-MM-DD, got "${today}"`);
  const wanted = new Set(daysBefore.filter((n) => Number.isInteger(n) && n >= 0));

  const seenSubs = new Set<string>();
  const uniqueSubs = subs.filter((s) => !seenSubs.has(s.userId) && seenSubs.add(s.userId));
  const seenDeadlines = new Set<string>();
  const out: DueReminder[] = [];
  for (const d of deadlines) {
    if (seenDeadlines.has(d.id)) continue;
    seenDeadlines.add(d.id);
    const day = dayNumber(d.date);
    if (day === undefined) continue;
    const n = day - todayDay;
    if (!wanted.has(n)) continue;
    for (const s of uniqueSubs) {
      if (s.region !== d.region) continue;
      if (d.place !== undefined && s.place !== d.place) continue;
      const key = reminderKey(s.userId, d.id, n);
      if (sent.has(key)) continue;
      out.push({
        key,
        userId: s.userId,
        channel: s.channel,
        deadlineId: d.id,
        date: d.date,
        label: d.label,
        region: d.region,
        ...(d.place !== undefined ? { place: d.place } : {}),
        daysBefore: n,
      });
    }
  }
  return out.sort(
    (a, b) =>
      compare(a.userId, b.userId) ||
      compare(a.date, b.date) ||
      compare(a.deadlineId, b.deadlineId) ||
      b.daysBefore - a.daysBefore,
  );
}

export function reminderKey(userId: string, deadlineId: string, daysBefore: number): string {
  return JSON.stringify([userId, deadlineId, daysBefore]);
}

/** The reminder text a user reads (simplified Chinese). */
export function formatReminder(r: Pick<DueReminder, 'label' | 'date' | 'daysBefore'>): string {
  const [y, m, d] = r.date.split('-').map(Number);
  const when = r.daysBefore === 0 ? '就是今天' : `还有${r.daysBefore}天`;
  return `【学时提醒】${r.label}的截止日期是${y}年${m}月${d}日，${when}。如不再需要提醒，请回复“取消提醒”。`;
}

/** Days since 1970-01-01 for a valid YYYY-MM-DD calendar date, else undefined. */
function dayNumber(date: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return ms / 86_400_000;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function checkUserId(userId: string): void {
  if (typeof userId !== 'string' || userId.length === 0 || userId.length > 256) {
    throw new RangeError('userId must be a non-empty string of at most 256 characters');
  }
}

function parseRecord(raw: string | undefined): ReminderSubscription | undefined {
  if (raw === undefined) return undefined;
  try {
    const r = ReminderSubscription.safeParse(JSON.parse(raw));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

/** A string set: native set operations when the store has them, else a JSON array updated under the lock. */
class IndexSet {
  constructor(
    private readonly store: KeyValueStore,
    private readonly key: string,
    private readonly ttlSeconds: number,
  ) {}

  async add(member: string): Promise<void> {
    const s = this.store;
    if (hasSetOps(s)) return s.setAdd(this.key, member);
    await this.update((set) => set.add(member));
  }

  async remove(member: string): Promise<void> {
    const s = this.store;
    if (hasSetOps(s)) return s.setRemove(this.key, member);
    await this.update((set) => set.delete(member));
  }

  async members(): Promise<string[]> {
    const s = this.store;
    if (hasSetOps(s)) return s.setMembers(this.key);
    return [...(await this.read())];
  }

  private update(change: (set: Set<string>) => void): Promise<void> {
    return this.store.withLock(this.key, async () => {
      const set = await this.read();
      change(set);
      await this.store.set(this.key, JSON.stringify([...set]), this.ttlSeconds);
    });
  }

  private async read(): Promise<Set<string>> {
    const raw = await this.store.get(this.key);
    if (raw === undefined) return new Set();
    try {
      const v: unknown = JSON.parse(raw);
      return new Set(Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
    } catch {
      return new Set();
    }
  }
}
