// Deadline reminders end to end: plan a subscriber's jobs, schedule them, deliver each once over the user's
// channel (and into their notices list), record deliveries that give up.
import type { Clock } from '../clock';
import { metrics } from '../metrics';
import type { Policy } from '../policy';
import type { KeyValueStore } from '../sessions/store';
import type { Subscriptions } from '../sessions/subscriptions';
import { type DeliveryFailure, type Notice, NoticeBook } from './notices';
import { planReminders, type Recipient, type ReminderJob } from './plan';
import { type Lane, PermanentDeliveryError, type ReminderScheduler } from './scheduler';
import { type HoursTold, reminderText } from './text';

/** Sends one reminder text to an address of one channel; throws when it did not go out. */
export type Sender = (to: string | undefined, text: string, job: ReminderJob) => Promise<void>;

export interface ReminderServiceOptions {
  policy: Policy;
  store: KeyValueStore;
  clock: Clock;
  scheduler: ReminderScheduler;
  subscriptions: Subscriptions;
  /** the hours the user told (for "还差…学时") */
  hoursOf(user: string): Promise<readonly HoursTold[] | undefined>;
  log?: { warn(obj: unknown, msg?: string): void; error(obj: unknown, msg?: string): void };
}

export interface Upcoming {
  at: string;
  text: string;
}

/** how long a delivered mark is kept: longer than any reminder is planned ahead */
const DONE_TTL = 400 * 86_400;
const RESYNC_MS = 6 * 3600_000;

/** "wechat" is how older records named the wechaty channel. */
const channelOf = (c: string) => (c === 'wechat' ? 'wx' : c);

export class ReminderService {
  readonly notices: NoticeBook;
  private readonly senders = new Map<string, Sender>([['web', async () => undefined]]);
  private resyncTimer?: NodeJS.Timeout;

  constructor(private readonly o: ReminderServiceOptions) {
    this.notices = new NoticeBook(o.store);
  }

  /** Registers how one channel delivers (mp, oa: WeChat API; wx: the bot; web needs none). */
  setSender(channel: string, send: Sender): void {
    this.senders.set(channel, send);
  }

  private async recipient(user: string): Promise<Recipient | undefined> {
    const sub = await this.o.subscriptions.get(user);
    if (!sub) return undefined;
    const channel = channelOf(sub.channel);
    return { user, region: sub.region, place: sub.place, channel, ...(sub.to ? { to: sub.to } : {}) };
  }

  /** After a subscription changed (or ended): the user's pending jobs replaced by the current plan. */
  async sync(user: string): Promise<ReminderJob[]> {
    await this.o.scheduler.cancel(user);
    const r = await this.recipient(user);
    if (!r) return [];
    const jobs = planReminders(this.o.policy, r, this.o.clock.now());
    await this.o.scheduler.add(jobs);
    return jobs;
  }

  cancel(user: string): Promise<number> {
    return this.o.scheduler.cancel(user);
  }

  /** Adds what is missing for every subscriber (new notices, a new year); known jobs stay as they are. */
  async resyncAll(): Promise<number> {
    let n = 0;
    for (const s of await this.o.subscriptions.list()) {
      const r = await this.recipient(s.userId);
      if (!r) continue;
      const jobs = planReminders(this.o.policy, r, this.o.clock.now());
      await this.o.scheduler.add(jobs);
      n += jobs.length;
    }
    return n;
  }

  /** The user's pending jobs, soonest first. */
  jobs(user: string): Promise<ReminderJob[]> {
    return this.o.scheduler.pending(user);
  }

  /** The caller's pending reminders, with the words they will read. */
  async upcoming(user: string): Promise<Upcoming[]> {
    const hours = await this.o.hoursOf(user);
    const out: Upcoming[] = [];
    for (const job of await this.o.scheduler.pending(user)) {
      const today = new Date(Date.parse(job.at) + 8 * 3600_000).toISOString().slice(0, 10);
      const text = this.textOf(job, today, hours);
      if (text) out.push({ at: job.at, text });
    }
    return out;
  }

  private textOf(job: ReminderJob, today: string, hours?: readonly HoursTold[]): string | undefined {
    const deadline = this.o.policy.index.regions.get(job.region)?.deadlines.find((d) => d.id === job.deadlineId);
    return deadline ? reminderText({ policy: this.o.policy, region: job.region, deadline, today, hours }) : undefined;
  }

  /** Delivers one job at most once: a mark in the store, taken under the job's lock, says it went out. */
  deliver = async (job: ReminderJob): Promise<void> => {
    const mark = `jxjy:remind:done:${job.id}`;
    await this.o.store.withLock(mark, async () => {
      if (await this.o.store.get(mark)) return;
      const sub = await this.recipient(job.user);
      // unsubscribed, or moved to another region or channel since: this job is no longer wanted
      if (!sub || sub.region !== job.region) return;
      const text = this.textOf(job, this.o.clock.today(), await this.o.hoursOf(job.user));
      if (!text) return;
      const send = this.senders.get(sub.channel);
      if (!send) throw new PermanentDeliveryError(`no sender for channel ${sub.channel} in this process`);
      await send(sub.to, text, job);
      await this.o.store.set(mark, new Date(this.o.clock.now()).toISOString(), DONE_TTL);
      metrics.remindersSent.inc({ channel: sub.channel });
      await this.record(job, sub.channel, text);
    });
  };

  private async record(job: ReminderJob, channel: string, text: string): Promise<void> {
    const n: Notice = {
      id: job.id,
      text,
      channel,
      at: job.at,
      deliveredAt: new Date(this.o.clock.now()).toISOString(),
    };
    try {
      await this.notices.add(job.user, n);
    } catch (err) {
      this.o.log?.warn({ err: String(err), job: job.id }, 'reminder delivered; notices list not updated');
    }
  }

  /** A job that gave up: counted, logged and kept in the failures list. */
  failed = async (job: ReminderJob, err: unknown, attempts: number): Promise<void> => {
    metrics.remindersFailed.inc({ channel: job.channel });
    const error = err instanceof Error ? err.message : String(err);
    this.o.log?.error({ job: job.id, user: job.user, channel: job.channel, error }, 'reminder delivery failed');
    const f: DeliveryFailure = {
      id: job.id,
      user: job.user,
      channel: job.channel,
      deadlineId: job.deadlineId,
      at: job.at,
      attempts,
      error,
      failedAt: new Date(this.o.clock.now()).toISOString(),
    };
    await this.notices.addFailure(f).catch(() => undefined);
  };

  /** Works the lanes in this process and keeps every subscriber's jobs complete (now and every six hours). */
  start(lanes: readonly Lane[]): void {
    this.o.scheduler.work(lanes, this.deliver, this.failed);
    const resync = () =>
      this.resyncAll().catch((err) => this.o.log?.warn({ err: String(err) }, 'reminder resync failed'));
    void resync();
    this.resyncTimer = setInterval(resync, RESYNC_MS);
    this.resyncTimer.unref();
  }

  /** Runs what the clock says is due now (a fixed or test clock) and waits until the workers here are idle. */
  async catchUp(): Promise<void> {
    await this.o.scheduler.catchUp();
    await this.o.scheduler.idle?.();
  }

  async forget(user: string): Promise<void> {
    await this.o.scheduler.cancel(user);
    await this.notices.forget(user);
  }

  async close(): Promise<void> {
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    await this.o.scheduler.close();
  }
}
