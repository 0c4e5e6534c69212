// Every Redis fault survived, against a private redis-server this test starts and stops (never the shared one):
// OOM (maxmemory reached), WRONGTYPE on the session and on the lock keys, a paused server (timeouts), and a
// restart in the middle of a conversation. Each turn gets a 200 with the policy's answer and a short note, never
// a 500, and the conversation picks up again once Redis is back.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { buildApp } from '../../src/http/app';
import { metrics } from '../../src/metrics';
import { userKey } from '../../src/sessions/keys';
import { keySegment } from '../../src/sessions/store';
import { hasHours, TODAY } from '../helpers/app';
import { PrivateRedis, redisServerAvailable } from '../helpers/redis-server';
import { ON_CI, sleep } from '../sessions/redis-env';

const available = redisServerAvailable();
if (!available) {
  if (ON_CI) throw new Error('redis-server must be installed under CI=true');
  console.warn('[store faults] SKIPPED: redis-server is not installed (under CI=true these tests run and fail)');
}

const UNSAVED = /暂时无法保存对话记录/;
const UNREAD = /暂时读不到之前的对话记录/;

async function appOn(url: string, env: Record<string, string> = {}) {
  const config = loadConfig({ ASSISTANT_TODAY: TODAY, REDIS_URL: url, RATE_LIMIT_MAX: '1000', ...env });
  const app = await buildApp({ config, clock: fixedClock(TODAY) });
  await app.ready();
  return app;
}

type App = Awaited<ReturnType<typeof appOn>>;

/** Each named visitor has a signed identity cookie of its own (a UUID); its store key is web:<uuid>. */
const ids = new Map<string, string>();
const idOf = (name: string) => ids.get(name) ?? ids.set(name, randomUUID()).get(name)!;

async function say(app: App, name: string, text: string) {
  const cookie = `jxjy_uid=${app.signCookie(idOf(name))}`;
  const r = await app.inject({ method: 'POST', url: '/api/chat', payload: { text }, headers: { cookie } });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { reply: string; intent: string };
}

const sessionKey = (name: string) => `jxjy:sess:${userKey('web', idOf(name))}`;
const lockQueueKey = (name: string) => `lock:${keySegment(`jxjy:lock:${userKey('web', idOf(name))}`)}:q`;

async function storeErrors(): Promise<number> {
  const m = await metrics.storeErrors.get();
  return m.values.reduce((a, v) => a + v.value, 0);
}

describe.skipIf(!available)('store faults against a private redis-server', () => {
  let redis: PrivateRedis;
  let app: App;
  beforeAll(async () => {
    redis = await PrivateRedis.start({ persist: true });
    app = await appOn(redis.url, { REDIS_TIMEOUT_MS: '300' });
  });
  afterAll(async () => {
    await app?.close();
    await redis?.dispose();
  });

  it('OOM: answers without saving and says so, then remembers again once memory is freed', async () => {
    const admin = redis.client();
    try {
      const user = 'oom-user';
      await say(app, user, '我是青海的');
      const before = await storeErrors();
      await admin.config('SET', 'maxmemory-policy', 'noeviction');
      await admin.config('SET', 'maxmemory', '1');
      const r = await say(app, user, '今年公需完成了20学时，专业完成了30学时，还差多少');
      expect(r.reply).toContain('青海'); // the session could still be read
      expect(hasHours(r.reply, 10)).toBe(true); // 30 − 20 公需
      expect(r.reply).toMatch(UNSAVED);
      expect(await storeErrors()).toBeGreaterThan(before);
      await admin.config('SET', 'maxmemory', '0');
      const again = await say(app, user, '今年公需完成了25学时，专业完成了30学时，还差多少');
      expect(again.reply).not.toMatch(UNSAVED);
      expect(again.reply).toContain('青海');
      // nothing left behind: the lock of the failed turn was released (DEL is allowed under OOM)
      expect(await admin.keys('lock:*')).toEqual([]);
    } finally {
      await admin.config('SET', 'maxmemory', '0');
      admin.disconnect();
    }
  });

  it('OOM before the first turn: the lock cannot be taken, the answer still comes', async () => {
    const admin = redis.client();
    try {
      await admin.config('SET', 'maxmemory', '1');
      const r = await say(app, 'oom-new-user', '青海发明专利排第2能算多少学时');
      expect(hasHours(r.reply, 60)).toBe(true);
      expect(r.reply).toMatch(UNSAVED);
    } finally {
      await admin.config('SET', 'maxmemory', '0');
      admin.disconnect();
    }
  });

  it('WRONGTYPE on the session key: answered as a new conversation, and the key is repaired', async () => {
    const admin = redis.client();
    try {
      const user = 'wrongtype-user';
      await admin.hset(sessionKey(user), 'x', '1');
      const r = await say(app, user, '我是青海的');
      expect(r.reply).toMatch(UNREAD);
      expect(await admin.type(sessionKey(user))).toBe('string');
      const next = await say(app, user, '还差多少');
      expect(next.reply).toContain('青海');
      expect(next.reply).not.toMatch(UNREAD);
    } finally {
      admin.disconnect();
    }
  });

  it('WRONGTYPE on the lock queue key: answered without memory, never a 500', async () => {
    const admin = redis.client();
    try {
      const user = 'lockjunk-user';
      await admin.set(lockQueueKey(user), 'junk');
      const r = await say(app, user, '青海发明专利排第2能算多少学时');
      expect(hasHours(r.reply, 60)).toBe(true);
      expect(r.reply).toMatch(UNSAVED);
    } finally {
      admin.disconnect();
    }
  });

  it('a paused server (commands time out): answered within a second or so, and no lock is left behind', async () => {
    const admin = redis.client();
    try {
      const user = 'paused-user';
      await say(app, user, '我是青海的');
      await admin.call('CLIENT', 'PAUSE', '1500', 'ALL');
      const t0 = Date.now();
      const r = await say(app, user, '青海发明专利排第2能算多少学时');
      expect(Date.now() - t0).toBeLessThan(1_400);
      expect(hasHours(r.reply, 60)).toBe(true);
      expect(r.reply).toMatch(UNSAVED);
      await sleep(1_700);
      // the turn that timed out did reach Redis after the pause; its lock was given back
      const t1 = Date.now();
      const next = await say(app, user, '还差多少');
      expect(Date.now() - t1).toBeLessThan(1_000);
      expect(next.intent).not.toBe('busy');
      expect(next.reply).toContain('青海');
      expect(next.reply).not.toMatch(UNSAVED);
    } finally {
      admin.disconnect();
    }
  });

  it('a restart in the middle of a conversation: answered while Redis is down, remembered once it is back', async () => {
    const user = 'restart-user';
    await say(app, user, '我是青海的');
    await redis.stop();
    const t0 = Date.now();
    const down = await say(app, user, '青海发明专利排第2能算多少学时');
    expect(Date.now() - t0).toBeLessThan(3_000);
    expect(hasHours(down.reply, 60)).toBe(true);
    expect(down.reply).toMatch(UNSAVED);
    expect((await app.inject('/healthz')).statusCode).toBe(200);

    await redis.start();
    let back: { reply: string } | undefined;
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
      back = await say(app, user, '今年公需完成了20学时，专业完成了30学时，还差多少');
      if (!UNSAVED.test(back.reply)) break;
      await sleep(200);
    }
    expect(back?.reply).not.toMatch(UNSAVED);
    expect(back?.reply).toContain('青海'); // kept across the restart (append-only file)
  });
});
