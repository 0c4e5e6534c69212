// Reminders as BullMQ delayed jobs on Redis (REDIS_URL): they survive restarts, any number of processes may work
// them (each job is taken by one worker at a time), and the job id (user, deadline, offset) keeps them unique.
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Clock } from '../clock';
import type { ReminderJob } from './plan';
import {
  type FailureHandler,
  type JobHandler,
  type Lane,
  laneOf,
  PermanentDeliveryError,
  type ReminderScheduler,
  type RetryPolicy,
} from './scheduler';

const QUEUE = { app: 'jxjy-remind', wx: 'jxjy-remind-wx' } as const;
/** delivered and failed jobs are kept this long, so that scheduling the same reminder again is a no-op */
const KEEP_SECONDS = 400 * 86_400;
const PENDING = new Set(['delayed', 'waiting', 'prioritized', 'paused']);

const CLOSE_MS = 3000;
function bounded(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.then(
      () => undefined,
      () => undefined,
    ),
    new Promise<void>((r) => {
      timer = setTimeout(r, ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export interface BullSchedulerOptions {
  url: string;
  clock: Clock;
  retry: RetryPolicy;
  /** Redis key prefix of the queues (default "jxjy-bull"); tests use their own */
  prefix?: string;
  /** how often a fixed or test clock is checked for due jobs (ms) */
  pollMs?: number;
  concurrency?: number;
}

export class BullScheduler implements ReminderScheduler {
  private readonly prefix: string;
  private readonly redis: Redis;
  private readonly queues = new Map<Lane, Queue>();
  private readonly workers: Worker[] = [];
  private timer?: NodeJS.Timeout;

  constructor(private readonly opts: BullSchedulerOptions) {
    this.prefix = opts.prefix ?? 'jxjy-bull';
    // fail fast while Redis is away: a chat turn is never held up by its reminders
    this.redis = new Redis(opts.url, { maxRetriesPerRequest: 1, commandTimeout: 2000 });
    this.redis.on('error', () => undefined);
  }

  private queue(lane: Lane): Queue {
    let q = this.queues.get(lane);
    if (!q) {
      q = new Queue(QUEUE[lane], {
        connection: { url: this.opts.url, maxRetriesPerRequest: 1, commandTimeout: 2000 },
        prefix: this.prefix,
        skipWaitingForReady: true,
      });
      q.on('error', () => undefined);
      this.queues.set(lane, q);
    }
    return q;
  }

  private userKey(user: string): string {
    return `${this.prefix}:jxjy-user-jobs:${user}`;
  }

  async add(jobs: readonly ReminderJob[]): Promise<void> {
    const { retry, clock } = this.opts;
    for (const job of jobs) {
      await this.redis.sadd(this.userKey(job.user), `${laneOf(job.channel)}|${job.id}`);
      await this.queue(laneOf(job.channel)).add('remind', job, {
        jobId: job.id,
        delay: Math.max(0, Date.parse(job.at) - clock.now()),
        attempts: retry.attempts,
        backoff: { type: 'exponential', delay: retry.backoffMs },
        removeOnComplete: { age: KEEP_SECONDS },
        removeOnFail: { age: KEEP_SECONDS },
      });
    }
  }

  private async userJobs(user: string) {
    const members = await this.redis.smembers(this.userKey(user));
    const out = [];
    for (const m of members) {
      const [lane, id] = m.split('|') as [Lane, string];
      const job = await this.queue(lane).getJob(id);
      out.push({ member: m, job, state: job ? await job.getState() : 'gone' });
    }
    return out;
  }

  async cancel(user: string): Promise<number> {
    let n = 0;
    for (const { member, job, state } of await this.userJobs(user)) {
      if (job && PENDING.has(state)) {
        try {
          await job.remove();
          n++;
        } catch {
          continue; // taken by a worker this very moment: it checks the subscription before sending
        }
      }
      await this.redis.srem(this.userKey(user), member);
    }
    return n;
  }

  async pending(user: string): Promise<ReminderJob[]> {
    const list = (await this.userJobs(user)).filter((x) => x.job && PENDING.has(x.state) && x.job.attemptsMade === 0);
    return list.map((x) => x.job!.data as ReminderJob).sort((a, b) => a.at.localeCompare(b.at));
  }

  work(lanes: readonly Lane[], handler: JobHandler, onFailed: FailureHandler): void {
    for (const lane of lanes) {
      this.queue(lane); // catchUp looks at the queues this process knows
      const w = new Worker(
        QUEUE[lane],
        async (job) => {
          try {
            await handler(job.data as ReminderJob);
          } catch (err) {
            if (err instanceof PermanentDeliveryError) throw new UnrecoverableError(err.message);
            throw err;
          }
        },
        {
          connection: { url: this.opts.url, maxRetriesPerRequest: null },
          prefix: this.prefix,
          concurrency: this.opts.concurrency ?? 4,
        },
      );
      w.on('error', () => undefined);
      w.on('failed', (job, err) => {
        if (!job) return;
        const final = err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
        if (final) void onFailed(job.data as ReminderJob, err, job.attemptsMade);
      });
      this.workers.push(w);
    }
    if (!this.opts.clock.system) {
      this.timer ??= setInterval(() => void this.catchUp().catch(() => undefined), this.opts.pollMs ?? 15_000);
      this.timer.unref();
    }
  }

  /** A fixed or test clock: due jobs still waiting on their real-time delay are moved to run now. */
  async catchUp(): Promise<void> {
    const now = this.opts.clock.now();
    for (const q of this.queues.values()) {
      for (const job of await q.getDelayed(0, 999)) {
        if (job.attemptsMade > 0 || Date.parse((job.data as ReminderJob).at) > now) continue;
        await job.promote().catch(() => undefined); // another process may have promoted it
      }
    }
  }

  /** Waits until no job of the queues is waiting or running (tests). */
  async idle(timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      let busy = 0;
      for (const q of this.queues.values()) {
        const c = await q.getJobCounts('waiting', 'active', 'prioritized');
        busy += (c.waiting ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0);
      }
      if (busy === 0 || Date.now() > until) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Stops the workers (a job running may finish for a moment) and the connections; bounded when Redis is away. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await bounded(Promise.all(this.workers.map((w) => w.close())), CLOSE_MS);
    for (const w of this.workers) await bounded(w.disconnect(), CLOSE_MS);
    await bounded(Promise.all([...this.queues.values()].map((q) => q.close())), CLOSE_MS);
    for (const q of this.queues.values()) await bounded(q.disconnect(), CLOSE_MS);
    this.redis.disconnect();
  }
}
