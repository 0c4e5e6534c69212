// Hand-over over Redis: the turn log, the service code and the unanswered list are shared by two app
// instances (no sticky routing), and every key expires.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { buildApp } from '../../src/http/app';
import { RedisStore } from '../../src/sessions';
import { TODAY } from '../helpers/app';
import { cleanup, REDIS_URL, skipRedis, uniquePrefix } from '../sessions/redis-env';

const skip = await skipRedis('hand-over over Redis');
const TOKEN = 'redis-console-token-000001';

describe.skipIf(skip)('hand-over over Redis', () => {
  const prefix = uniquePrefix('handoff');
  const apps: Array<Awaited<ReturnType<typeof buildApp>>> = [];
  const stores: RedisStore[] = [];
  let redis: Redis;

  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
    for (let i = 0; i < 2; i++) {
      const store = new RedisStore({ url: REDIS_URL, prefix });
      stores.push(store);
      const app = await buildApp({
        config: loadConfig({
          ASSISTANT_TODAY: TODAY,
          CONSOLE_TOKEN: TOKEN,
          RATE_LIMIT_MAX: '1000',
          // both instances sign identity cookies with one secret, as in production
          AUTH_SECRET: 'handoff-redis-test-secret-0123456789',
        }),
        clock: fixedClock(TODAY),
        store,
      });
      await app.ready();
      apps.push(app);
    }
  });

  afterAll(async () => {
    for (const a of apps) await a.close();
    for (const s of stores) await s.close();
    await cleanup(prefix);
    redis?.disconnect();
  });

  // one caller: the identity cookie the first answer set goes with every later message, to either instance
  const cookies = new Map<string, string>();
  const say = async (i: number, userId: string, text: string) => {
    const cookie = cookies.get(userId);
    const r = await apps[i]!.inject({
      method: 'POST',
      url: '/api/chat',
      payload: { text },
      ...(cookie ? { headers: { cookie } } : {}),
    });
    expect(r.statusCode, r.body).toBe(200);
    const set = r.headers['set-cookie'];
    const first = (Array.isArray(set) ? set : set ? [set] : []).find((c) => c.startsWith('jxjy_uid='));
    if (first) cookies.set(userId, first.split(';')[0]!);
    return r.json();
  };

  it('opens on one instance a hand-over made on the other, with the whole conversation', async () => {
    const userId = `redis-ho-${Date.now()}`;
    const a = await say(0, userId, '青海发明专利排第2能算多少学时');
    await say(1, userId, '今天天气怎么样');
    const h = await say(0, userId, '转人工');
    const code = h.result.code as string;
    expect(code).toMatch(/^\d{6}$/);
    const r = await apps[1]!.inject({
      url: `/api/console/handoffs/${code}`,
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.transcript.map((t: { text: string }) => t.text)).toEqual([
      '青海发明专利排第2能算多少学时',
      '今天天气怎么样',
      '转人工',
    ]);
    expect(body.last.citations).toEqual(a.citations);
    // the same code from the other instance too
    expect((await say(1, userId, '转人工')).result.code).toBe(code);

    // every key lives a day at most, the per-day unanswered list a month
    const keys = await redis.keys(`${prefix}*`);
    const ttl = async (k: string) => redis.ttl(k);
    for (const k of keys.filter((k) => k.includes('handoff:code:') || k.includes('turns:'))) {
      const t = await ttl(k);
      expect(t, k).toBeGreaterThan(0);
      expect(t, k).toBeLessThanOrEqual(24 * 3600);
    }
    const day = keys.find((k) => k.includes('unanswered:'));
    expect(day).toBeDefined();
    expect(await ttl(day!)).toBeLessThanOrEqual(30 * 24 * 3600);

    const un = await apps[1]!.inject({ url: '/api/console/unanswered', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(un.json().total).toBeGreaterThanOrEqual(2);
  });

  it('keeps a staff login across instances', async () => {
    const login = await apps[0]!.inject({ method: 'POST', url: '/api/console/login', payload: { token: TOKEN } });
    const cookie = login.cookies.find((c) => c.name === 'jxjy_console')!;
    const me = await apps[1]!.inject({ url: '/api/console/me', cookies: { jxjy_console: cookie.value } });
    expect(me.statusCode).toBe(200);
    const stored = (await redis.keys(`${prefix}jxjy:console:sess:*`))[0]!;
    expect(await redis.ttl(stored)).toBeLessThanOrEqual(12 * 3600);
    // only a hash of the cookie is stored
    expect(stored).not.toContain(cookie.value);
  });
});
