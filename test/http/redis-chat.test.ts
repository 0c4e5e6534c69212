// Chat over Redis sessions: one user's burst answered in order with the profile intact, and a walk-through
// whose turns alternate between two app instances sharing one Redis (no sticky routing).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { buildApp } from '../../src/http/app';
import { createReader } from '../../src/intents';
import type { ReadContext } from '../../src/intents/command';
import { loadKnowledge } from '../../src/policy/knowledge';
import { hasHours, TODAY, webCookie } from '../helpers/app';
import { REDIS_URL, skipRedis } from '../sessions/redis-env';

const skip = await skipRedis('chat over Redis');

async function redisApp(record?: string[]) {
  // instances behind one load balancer share AUTH_SECRET, so each accepts the other's identity cookies
  const config = loadConfig({
    ASSISTANT_TODAY: TODAY,
    REDIS_URL,
    RATE_LIMIT_MAX: '1000',
    AUTH_SECRET: 'redis-chat-test-secret-0123456789',
  });
  const kb = loadKnowledge();
  const inner = createReader({ config, gazetteer: kb.gazetteer });
  const reader = {
    async read(text: string, ctx: ReadContext) {
      record?.push(text);
      return inner.read(text, ctx);
    },
  };
  const app = await buildApp({ config, clock: fixedClock(TODAY), reader });
  await app.ready();
  return app;
}

describe.skipIf(skip)('chat over Redis', () => {
  const order: string[] = [];
  let a: Awaited<ReturnType<typeof redisApp>>;
  let b: Awaited<ReturnType<typeof redisApp>>;
  beforeAll(async () => {
    a = await redisApp(order);
    b = await redisApp();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  const say = (app: typeof a, cookie: string, text: string) =>
    app.inject({ method: 'POST', url: '/api/chat', payload: { text }, headers: { cookie } }).then((r) => {
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as { reply: string; awaiting?: { slot: string } };
    });

  it('answers 50 concurrent messages of one user, in order, with the profile intact', async () => {
    const userId = webCookie(a);
    await say(a, userId, '我是青海的');
    order.length = 0;
    const texts = Array.from({ length: 50 }, (_, i) => `今年公需完成了${i}学时，专业完成了${i}学时，还差多少`);
    const replies = await Promise.all(texts.map((t) => say(a, userId, t)));
    expect(order).toEqual(texts);
    replies.forEach((r, i) => {
      const publicDone = r.reply.includes('公需已达到') || r.reply.includes('已完成');
      expect(i < 30 ? hasHours(r.reply, 30 - i) : publicDone, `${i}: ${r.reply}`).toBe(true);
    });
    // the region told first is still there, and the last report is what is remembered
    const after = await say(b, userId, '还差多少');
    expect(after.reply).toContain('青海');
    expect(hasHours(after.reply, 11)).toBe(true); // 60 − 49
  });

  it('carries a walk-through across two instances turn by turn', async () => {
    const userId = webCookie(a);
    const t1 = await say(a, userId, '参与的专利能折算学时吗？');
    expect(t1.awaiting?.slot).toBe('region');
    const t2 = await say(b, userId, '我在青海');
    expect(t2.awaiting?.slot).toBe('patentType');
    const t3 = await say(a, userId, '实用新型，排第2');
    expect(hasHours(t3.reply, 50)).toBe(true);
    const t4 = await say(b, userId, '不对，是发明专利');
    expect(hasHours(t4.reply, 60)).toBe(true);
  });
});
