// Rate limits: per client IP (RATE_LIMIT_IP_MAX; the IP is X-Forwarded-For's only with TRUST_PROXY) and per user
// key (RATE_LIMIT_MAX), both per RATE_LIMIT_WINDOW, in Redis when REDIS_URL is set so every process counts together.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config';

export class RateLimitError extends Error {
  readonly statusCode = 429;
  constructor(readonly retryAfterSeconds: number) {
    super(`发送太频繁了，请${Math.max(1, retryAfterSeconds)}秒后再试`);
    this.name = 'RateLimitError';
  }
}

/** The 429 to throw: Retry-After set, the message in Chinese. */
export function tooFast(reply: FastifyReply, seconds: number): RateLimitError {
  reply.header('retry-after', seconds);
  return new RateLimitError(seconds);
}

export interface Limits {
  /** onRequest hook: the per-IP limit (429 when exceeded) */
  ip(req: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** counts one message of a user; resolves the seconds to wait when over the limit, else 0 */
  user(req: FastifyRequest, key: string): Promise<number>;
}

const USER_KEY = Symbol('jxjy.rateUserKey');

/** app must have @fastify/rate-limit registered (it provides createRateLimit and the shared store). */
export function createLimits(
  app: FastifyInstance,
  config: Pick<Config, 'RATE_LIMIT_MAX' | 'RATE_LIMIT_IP_MAX' | 'RATE_LIMIT_WINDOW'>,
): Limits {
  const byIp = app.createRateLimit({
    max: config.RATE_LIMIT_IP_MAX,
    timeWindow: config.RATE_LIMIT_WINDOW,
    keyGenerator: (req) => `ip:${req.ip}`,
  });
  const byUser = app.createRateLimit({
    max: config.RATE_LIMIT_MAX,
    timeWindow: config.RATE_LIMIT_WINDOW,
    keyGenerator: (req) => `u:${(req as unknown as Record<symbol, string>)[USER_KEY]}`,
  });
  const wait = (r: Awaited<ReturnType<typeof byIp>>) =>
    !r.isAllowed && r.isExceeded ? Math.max(1, r.ttlInSeconds) : 0;
  return {
    async ip(req, reply) {
      const seconds = wait(await byIp(req));
      if (seconds) throw tooFast(reply, seconds);
    },
    async user(req, key) {
      (req as unknown as Record<symbol, string>)[USER_KEY] = key;
      return wait(await byUser(req));
    },
  };
}
