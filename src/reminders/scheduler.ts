// The reminder scheduler: one interface, two implementations — in memory (default) and BullMQ on Redis
// (src/reminders/bullmq.ts). Jobs carry deterministic ids: adding a job that is known (pending or done) does nothing.
import type { Clock } from '../clock';
import type { ReminderJob } from './plan';

/** A delivery that will never succeed (no sender for the channel, no address): not retried. */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

/** Delivers one job; throws when it could not be delivered (retried with backoff, see RetryPolicy). */
export type JobHandler = (job: ReminderJob) => Promise<void>;
/** Called once when a job gave up: its last error. */
export type FailureHandler = (job: ReminderJob, err: unknown, attempts: number) => Promise<void> | void;

export interface RetryPolicy {
  /** deliveries tried before a job is recorded as failed */
  attempts: number;
  /** the first retry waits this long; each next one twice as long */
  backoffMs: number;
}

/** Jobs for the WeChat bot's contacts are worked by the bot process; all others by the server. */
export type Lane = 'app' | 'wx';
export const laneOf = (channel: string): Lane => (channel === 'wx' ? 'wx' : 'app');

export interface ReminderScheduler {
  /** Adds jobs; a job whose id is known (pending, delivered or failed) is left as it is. */
  add(jobs: readonly ReminderJob[]): Promise<void>;
  /** Removes the user's pending jobs; returns how many. */
  cancel(user: string): Promise<number>;
  /** The user's pending jobs, soonest first. */
  pending(user: string): Promise<ReminderJob[]>;
  /** Starts working the jobs of these lanes in this process. */
  work(lanes: readonly Lane[], handler: JobHandler, onFailed: FailureHandler): void;
  /** Runs the jobs the clock says are due and that have not fired yet (a fixed or test clock); resolves when done. */
  catchUp(): Promise<void>;
  /** Resolves when no job of this scheduler's queues is waiting or running (optional). */
  idle?(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export const backoffDelay = (retry: RetryPolicy, attemptsMade: number) =>
  retry.backoffMs * 2 ** Math.max(0, attemptsMade - 1);

interface MemoryEntry {
  job: ReminderJob;
  dueAt: number;
  attempts: number;
  state: 'pending' | 'running' | 'done' | 'failed';
}

/** In one process, by the clock: a poll (or catchUp) runs what is due, retries wait on the same clock. */
export class MemoryScheduler implements ReminderScheduler {
  private readonly jobs = new Map<string, MemoryEntry>();
  private lanes = new Set<Lane>();
  private handler?: JobHandler;
  private onFailed?: FailureHandler;
  private timer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly clock: Clock,
    private readonly retry: RetryPolicy,
    private readonly pollMs = 15_000,
  ) {}

  async add(jobs: readonly ReminderJob[]): Promise<void> {
    for (const job of jobs) {
      if (!this.jobs.has(job.id))
        this.jobs.set(job.id, { job, dueAt: Date.parse(job.at), attempts: 0, state: 'pending' });
    }
  }

  async cancel(user: string): Promise<number> {
    let n = 0;
    for (const [id, e] of this.jobs) {
      if (e.job.user === user && e.state === 'pending') {
        this.jobs.delete(id);
        n++;
      }
    }
    return n;
  }

  async pending(user: string): Promise<ReminderJob[]> {
    return [...this.jobs.values()]
      .filter((e) => e.job.user === user && e.state === 'pending' && e.attempts === 0)
      .map((e) => e.job)
      .sort((a, b) => a.at.localeCompare(b.at));
  }

  work(lanes: readonly Lane[], handler: JobHandler, onFailed: FailureHandler): void {
    for (const l of lanes) this.lanes.add(l);
    this.handler = handler;
    this.onFailed = onFailed;
    this.timer ??= setInterval(() => void this.catchUp(), this.pollMs);
    this.timer.unref();
  }

  catchUp(): Promise<void> {
    this.running = this.running.then(() => this.runDue()).catch(() => undefined);
    return this.running;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async runDue(): Promise<void> {
    const handler = this.handler;
    if (!handler) return;
    const due = [...this.jobs.values()]
      .filter((e) => e.state === 'pending' && e.dueAt <= this.clock.now() && this.lanes.has(laneOf(e.job.channel)))
      .sort((a, b) => a.dueAt - b.dueAt);
    for (const e of due) await this.runOne(e, handler);
  }

  private async runOne(e: MemoryEntry, handler: JobHandler): Promise<void> {
    e.state = 'running';
    e.attempts++;
    try {
      await handler(e.job);
      e.state = 'done';
    } catch (err) {
      if (err instanceof PermanentDeliveryError || e.attempts >= this.retry.attempts) {
        e.state = 'failed';
        await this.onFailed?.(e.job, err, e.attempts);
      } else {
        e.state = 'pending';
        e.dueAt = this.clock.now() + backoffDelay(this.retry, e.attempts);
      }
    }
  }
}
