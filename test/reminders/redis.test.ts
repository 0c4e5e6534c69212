// Reminders as BullMQ jobs on the real Redis (REDIS_URL): listed after subscribing, delivered once by two
// workers, still once across a restart, gone after unsubscribing; a past deadline is not scheduled; a delivery
// that keeps failing is recorded.
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type Clock, manualClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { buildApp } from '../../src/http/app';
import { RedisStore } from '../../src/sessions';
import { user } from '../helpers/app';
import { cleanup, REDIS_URL, skipRedis, sleep, uniquePrefix } from '../sessions/redis-env';

const skip = await skipRedis('reminders over Redis');

type App = Awaited<ReturnType<typeof buildApp>>;

describe.skipIf(skip)('reminders as BullMQ jobs on Redis', () => {
  const prefixes: string[] = [];
  const open: Array<{ app: App; store: RedisStore }> = [];

  async function instance(prefix: string, clock: Clock, env: Record<string, string> = {}) {
    const store = new RedisStore({ url: REDIS_URL, prefix });
    const config = loadConfig({
      REDIS_URL,
      RATE_LIMIT_MAX: '1000',
      AUTH_SECRET: 'reminders-redis-test-secret-0123456789',
      REMINDER_POLL_MS: '60000',
      ...env,
    });
    const app = await buildApp({ config, clock, store });
    await app.ready();
    const sent: string[] = [];
    app.chat.reminders.setSender('web', async (_to, text) => {
      sent.push(text);
    });
    const it = { app, store, sent };
    open.push(it);
    return it;
  }

  async function stop(x: { app: App; store: RedisStore }) {
    await x.app.close();
    await x.store.close();
    open.splice(open.indexOf(x), 1);
  }

  function fresh(tag: string) {
    const p = uniquePrefix(`remind-${tag}`);
    prefixes.push(p);
    return p;
  }

  afterEach(async () => {
    for (const x of [...open]) await stop(x);
  });
  afterAll(async () => {
    for (const p of prefixes) await cleanup(p);
  });

  const get = async (app: App, cookie: string, url: string) =>
    (await app.inject({ method: 'GET', url, headers: { cookie } })).json() as Array<{ at: string; text: string }>;

  /** until every worker is idle and the notices list has settled */
  async function settle(...apps: App[]) {
    for (const a of apps) await a.chat.reminders.catchUp();
    await sleep(100);
    for (const a of apps) await a.chat.reminders.catchUp();
  }

  async function subscribedWebUser(app: App) {
    const u = user(app);
    await u.say('我是青海的');
    expect((await u.say('订阅截止提醒')).intent).toBe('subscribe');
    return u;
  }

  it('subscribe → the jobs are listed (GET /api/me/reminders) and are delayed jobs in Redis', async () => {
    const prefix = fresh('list');
    const a = await instance(prefix, manualClock('2025-12-02T10:00:00+08:00'));
    const u = await subscribedWebUser(a.app);
    const list = await get(a.app, u.cookie, '/api/me/reminders');
    expect(list.map((r) => r.at)).toEqual([
      '2025-12-03T01:00:00.000Z',
      '2025-12-09T01:00:00.000Z',
      '2025-12-13T01:00:00.000Z',
      '2025-12-19T01:00:00.000Z',
      '2025-12-24T01:00:00.000Z',
      '2025-12-30T01:00:00.000Z',
    ]);
    expect(list[0]!.text).toMatch(/12月10日/);
    const redis = new Redis(REDIS_URL);
    try {
      expect(await redis.zcard(`${prefix}bull:jxjy-remind:delayed`)).toBe(6);
    } finally {
      redis.disconnect();
    }
  });

  it('two workers on one Redis → each reminder delivered once', async () => {
    const prefix = fresh('two');
    const clock = manualClock('2025-12-02T10:00:00+08:00');
    const a = await instance(prefix, clock);
    const b = await instance(prefix, clock);
    const u = await subscribedWebUser(a.app);
    // subscribing again on the other instance schedules the same job ids: nothing doubles
    await (async () => {
      const again = await b.app.inject({
        method: 'POST',
        url: '/api/chat',
        payload: { text: '提醒我' },
        headers: { cookie: u.cookie },
      });
      expect(again.json().intent).toBe('subscribe');
    })();
    clock.set('2025-12-09T09:30:00+08:00'); // the 12-03 and 12-09 reminders are due
    await settle(a.app, b.app);
    await expect.poll(() => a.sent.length + b.sent.length, { timeout: 5000 }).toBe(2);
    await sleep(300);
    await settle(a.app, b.app);
    expect(a.sent.length + b.sent.length).toBe(2);
    const notices = await get(b.app, u.cookie, '/api/me/notices');
    expect(notices.map((n) => n.at).sort()).toEqual(['2025-12-03T01:00:00.000Z', '2025-12-09T01:00:00.000Z']);
    expect((await get(a.app, u.cookie, '/api/me/reminders')).length).toBe(4);
  });

  it('a restart between scheduling and sending still delivers once (and a second restart sends nothing again)', async () => {
    const prefix = fresh('restart');
    const clock = manualClock('2025-12-02T10:00:00+08:00');
    const a = await instance(prefix, clock);
    const u = await subscribedWebUser(a.app);
    await stop(a); // the process goes away with its jobs scheduled

    clock.set('2025-12-03T09:05:00+08:00');
    const b = await instance(prefix, clock); // starts, resyncs every subscriber (same ids), works the queue
    await settle(b.app);
    await expect.poll(() => b.sent.length, { timeout: 5000 }).toBe(1);
    expect(b.sent[0]).toMatch(/12月10日（还有7天）/);
    await stop(b);

    const c = await instance(prefix, clock);
    await settle(c.app);
    await sleep(300);
    expect(c.sent).toEqual([]);
    expect(await get(c.app, u.cookie, '/api/me/notices')).toHaveLength(1);
  });

  it('unsubscribe removes the pending jobs: nothing listed, nothing delivered', async () => {
    const prefix = fresh('unsub');
    const clock = manualClock('2025-12-02T10:00:00+08:00');
    const a = await instance(prefix, clock);
    const u = await subscribedWebUser(a.app);
    expect((await get(a.app, u.cookie, '/api/me/reminders')).length).toBe(6);
    expect((await u.say('取消提醒')).intent).toBe('unsubscribe');
    expect(await get(a.app, u.cookie, '/api/me/reminders')).toEqual([]);
    const redis = new Redis(REDIS_URL);
    try {
      expect(await redis.zcard(`${prefix}bull:jxjy-remind:delayed`)).toBe(0);
    } finally {
      redis.disconnect();
    }
    clock.set('2025-12-31T10:00:00+08:00');
    await settle(a.app);
    expect(a.sent).toEqual([]);
  });

  it('a past deadline is not scheduled; a change of region reschedules', async () => {
    const prefix = fresh('past');
    const clock = manualClock('2025-12-15T10:00:00+08:00');
    const a = await instance(prefix, clock);
    const u = await subscribedWebUser(a.app);
    const list = await get(a.app, u.cookie, '/api/me/reminders');
    expect(list.some((r) => /个人向所在单位提交/.test(r.text))).toBe(false);
    expect(list.map((r) => r.at)).toEqual([
      '2025-12-19T01:00:00.000Z',
      '2025-12-24T01:00:00.000Z',
      '2025-12-30T01:00:00.000Z',
    ]);
    await u.say('我是安徽的');
    const moved = await get(a.app, u.cookie, '/api/me/reminders');
    expect(moved.map((r) => r.at)).toEqual([
      '2026-05-01T01:00:00.000Z',
      '2026-05-24T01:00:00.000Z',
      '2026-05-30T01:00:00.000Z',
    ]);
    expect(moved[0]!.text).toMatch(/安徽省：2025年度全省专业技术人员继续教育公需科目学习截止/);
  });

  it('a delivery that keeps failing is retried with backoff, then recorded and visible to staff', async () => {
    const prefix = fresh('fail');
    const clock = manualClock('2025-12-02T10:00:00+08:00');
    const a = await instance(prefix, clock, {
      REMINDER_ATTEMPTS: '3',
      REMINDER_BACKOFF_MS: '20',
      CONSOLE_TOKEN: 'staff:reminder-console-token-1234',
    });
    let tries = 0;
    a.app.chat.reminders.setSender('web', async () => {
      tries++;
      throw new Error('channel down');
    });
    const u = await subscribedWebUser(a.app);
    clock.set('2025-12-03T09:05:00+08:00');
    await settle(a.app);
    await expect.poll(() => tries, { timeout: 5000 }).toBe(3);
    const failures = async () =>
      (
        await a.app.inject({
          method: 'GET',
          url: '/api/console/reminders/failures',
          headers: { authorization: 'Bearer reminder-console-token-1234' },
        })
      ).json() as Array<{ user: string; attempts: number; error: string }>;
    await expect.poll(async () => (await failures()).length, { timeout: 5000 }).toBe(1);
    expect((await failures())[0]).toMatchObject({ attempts: 3, error: 'channel down' });
    expect(await get(a.app, u.cookie, '/api/me/notices')).toEqual([]);
  });
});
