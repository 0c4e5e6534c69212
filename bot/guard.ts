// What keeps the wechaty bot from answering twice or too often: message-id dedupe in the store (with a TTL),
// and a per-contact rate limit (rate-limiter-flexible: in memory, or in Redis shared by every bot process).
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../src/config';
import type { KeyValueStore } from '../src/sessions';
import { RedisStore } from '../src/sessions';

/** how long a message id is remembered (puppets redeliver within minutes, at most after a reconnect) */
export const SEEN_TTL_SECONDS = 3 * 24 * 3600;

/** Marks a message id as seen; true the first time only (also across processes sharing Redis). */
export async function firstSight(store: KeyValueStore, messageId: string): Promise<boolean> {
  const key = `jxjy:wx:seen:${encodeURIComponent(messageId)}`;
  return store.withLock(key, async () => {
    if ((await store.get(key)) !== undefined) return false;
    await store.set(key, '1', SEEN_TTL_SECONDS);
    return true;
  });
}

/** "1 minute", "30 seconds", "2h", "500" (ms) → seconds (at least 1). */
export function windowSeconds(window: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(window);
  if (!m) throw new RangeError(`bad window "${window}"`);
  const n = Number(m[1]);
  const unit = m[2]!.toLowerCase();
  const factor =
    !unit || unit === 'ms'
      ? 0.001
      : /^s/.test(unit)
        ? 1
        : /^m/.test(unit)
          ? 60
          : /^h/.test(unit)
            ? 3600
            : /^d/.test(unit)
              ? 86400
              : NaN;
  if (Number.isNaN(factor)) throw new RangeError(`bad window unit "${unit}"`);
  return Math.max(1, Math.round(n * factor));
}

export interface ContactLimiter {
  /**
   * Counts one message; 'ok' under the limit, 'warn' for the first message over it (tell the user once),
   * 'drop' for further ones in the same window.
   */
  take(userKey: string): Promise<'ok' | 'warn' | 'drop'>;
  /** seconds until the window of userKey ends (for the warning text) */
  readonly windowSeconds: number;
}

export function createContactLimiter(opts: { max: number; window: string; store?: KeyValueStore }): ContactLimiter {
  const duration = windowSeconds(opts.window);
  const base = { points: opts.max, duration, keyPrefix: 'jxjy-rl-wx' };
  const limiter =
    opts.store instanceof RedisStore
      ? new RateLimiterRedis({
          ...base,
          storeClient: opts.store.client,
          // Redis gone: count in memory rather than refuse every message
          insuranceLimiter: new RateLimiterMemory(base),
        })
      : new RateLimiterMemory(base);
  return {
    windowSeconds: duration,
    async take(userKey) {
      try {
        await limiter.consume(userKey);
        return 'ok';
      } catch (res) {
        if (res instanceof RateLimiterRes) return res.consumedPoints === opts.max + 1 ? 'warn' : 'drop';
        return 'ok'; // the limiter itself failed: do not block the user for it
      }
    },
  };
}

/** The handler options every running bot uses: text limit, dedupe, start-time filter and per-contact limit. */
export function guardOptions(
  config: Pick<Config, 'MAX_TEXT_LENGTH' | 'RATE_LIMIT_MAX' | 'RATE_LIMIT_WINDOW'>,
  store: KeyValueStore,
) {
  return {
    maxTextLength: config.MAX_TEXT_LENGTH,
    store,
    startedAt: new Date(),
    limiter: createContactLimiter({ max: config.RATE_LIMIT_MAX, window: config.RATE_LIMIT_WINDOW, store }),
  };
}
