// Shared set-up for tests that need the real Redis server at REDIS_URL.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
export const ON_CI = process.env.CI === 'true' || process.env.CI === '1';

export async function redisAnswers(url = REDIS_URL): Promise<boolean> {
  const c = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    retryStrategy: () => null,
  });
  c.on('error', () => undefined);
  try {
    await c.connect();
    return (await c.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    c.disconnect();
  }
}

/** Whether to skip the Redis suites: only off CI, and with a visible note. */
export async function skipRedis(suite: string): Promise<boolean> {
  const up = await redisAnswers();
  if (!up && !ON_CI) {
    console.warn(`[${suite}] SKIPPED: Redis does not answer at ${REDIS_URL} (under CI=true these tests run and fail)`);
    return true;
  }
  return false;
}

export function uniquePrefix(tag: string): string {
  return `test:${tag}:${process.pid}:${randomUUID().slice(0, 8)}:`;
}

/** Deletes every key under prefix. */
export async function cleanup(prefix: string): Promise<void> {
  const c = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 1000, retryStrategy: () => null });
  c.on('error', () => undefined);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await c.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await c.del(...keys);
    } while (cursor !== '0');
  } catch {
    // nothing to clean when Redis is absent
  } finally {
    c.disconnect();
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
