// The scheduler the configuration asks for: BullMQ on Redis with REDIS_URL, else in memory.
import type { Clock } from '../clock';
import type { Config } from '../config';
import { BullScheduler } from './bullmq';
import { MemoryScheduler, type ReminderScheduler, type RetryPolicy } from './scheduler';

export type ReminderConfig = Pick<
  Config,
  'REDIS_URL' | 'REMINDER_ATTEMPTS' | 'REMINDER_BACKOFF_MS' | 'REMINDER_POLL_MS'
>;

export function retryPolicy(config: ReminderConfig): RetryPolicy {
  return { attempts: config.REMINDER_ATTEMPTS, backoffMs: config.REMINDER_BACKOFF_MS };
}

export function createScheduler(config: ReminderConfig, clock: Clock, prefix?: string): ReminderScheduler {
  const retry = retryPolicy(config);
  if (!config.REDIS_URL) return new MemoryScheduler(clock, retry, config.REMINDER_POLL_MS);
  return new BullScheduler({ url: config.REDIS_URL, clock, retry, prefix, pollMs: config.REMINDER_POLL_MS });
}
