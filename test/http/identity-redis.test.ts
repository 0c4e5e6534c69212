// Identity, erasure and rate limits across two app instances sharing the real Redis (no sticky routing):
// the cookie of one instance is valid on the other, the per-user limit counts both, and "删除我的数据" leaves
// nothing of the user in Redis.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { buildApp } from '../../src/http/app';
import { RedisStore } from '../../src/sessions';
import { TODAY, webCookie } from '../helpers/app';
import { cleanup, REDIS_URL, skipRedis, uniquePrefix } from '../sessions/redis-env';

const skip = await skipRedis('identity over Redis');

describe.skipIf(skip)('identity over Redis, two instances', () => {
  const prefix = uniquePrefix('identity');
  const stores: RedisStore[] = [];
  let a: Awaited<ReturnType<typeof buildApp>>;
  let b: Awaited<ReturnType<typeof buildApp>>;
  let redis: Redis;

  async function instance() {
    const store = new RedisStore({ url: REDIS_URL, prefix });
    stores.push(store);
    const config = loadConfig({
      ASSISTANT_TODAY: TODAY,
      REDIS_URL,
      RATE_LIMIT_MAX: '6',
      AUTH_SECRET: 'identity-redis-test-secret-0123456789',
    });
    const app = await buildApp({ config, clock: fixedClock(TODAY), store });
    await app.ready();
    return app;
  }

  beforeAll(async () => {
    a = await instance();
    b = await instance();
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    for (const s of stores) await s.close();
    redis?.disconnect();
    await cleanup(prefix);
  });

  const say = (app: typeof a, cookie: string, text: string) =>
    app.inject({ method: 'POST', url: '/api/chat', payload: { text }, headers: { cookie } });

  it('a cookie set by one instance is the same user on the other; 删除我的数据 leaves no key of the user', async () => {
    const first = await a.inject({ method: 'POST', url: '/api/chat', payload: { text: '我是青海的' } });
    const c = first.cookies.find((x) => x.name === 'jxjy_uid')!;
    const cookie = `${c.name}=${c.value}`;
    expect((await say(b, cookie, '截止前提醒我')).json().reply).toMatch(/提醒/);
    const me = await b.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ profile: { region: 'qinghai' }, subscription: { region: 'qinghai' } });

    const id = c.value.slice(0, c.value.lastIndexOf('.'));
    const keysOf = async () => (await redis.keys(`${prefix}*`)).filter((k) => k.includes(id) && !k.includes('lock:'));
    expect((await keysOf()).length).toBeGreaterThan(0);
    expect(await redis.sismember(`${prefix}jxjy:remind:users`, `web:${id}`)).toBe(1);

    const gone = await say(a, cookie, '删除我的数据');
    expect(gone.json().intent).toBe('forget');
    expect(await keysOf()).toEqual([]);
    expect(await redis.sismember(`${prefix}jxjy:remind:users`, `web:${id}`)).toBe(0);
    const after = await b.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    expect(after.json()).toEqual({ profile: null, pending: null, subscription: null });
  });

  it('the per-user limit counts the messages sent to both instances', async () => {
    const cookie = webCookie(a);
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) codes.push((await say(i % 2 ? b : a, cookie, '你好')).statusCode);
    expect(codes.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(codes.slice(6)).toEqual([429, 429]);
    expect((await say(b, webCookie(b), '你好')).statusCode).toBe(200);
  });
});
