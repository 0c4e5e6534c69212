// Reminders reach the channel the user subscribed from, on the real Redis: a wechaty contact (mock puppet) through
// the bot's "wx" lane; an Official Account follower as a customer-service message and a mini-program user as a
// subscribe message, both through the local WeChat API stand-in (WECHAT_API_BASE).
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { WechatyBuilder } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { createMessageHandler } from '../../bot/handler';
import { wechatySender } from '../../bot/reminders';
import { buildWeChatXml } from '../../src/channels/official/xml';
import { createChatService } from '../../src/chat/service';
import { manualClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { buildApp } from '../../src/http/app';
import { createReader } from '../../src/intents';
import { createPolicy } from '../../src/policy';
import { loadKnowledge } from '../../src/policy/knowledge';
import { createScheduler } from '../../src/reminders';
import { RedisStore } from '../../src/sessions';
import { STANDIN_APPID, STANDIN_SECRET, startWeChatStandIn } from '../helpers/wechat-standin';
import { cleanup, REDIS_URL, skipRedis, sleep, uniquePrefix } from '../sessions/redis-env';

const skip = await skipRedis('reminder channels over Redis');
const kb = loadKnowledge();
const START = '2025-12-02T10:00:00+08:00';
const DUE = '2025-12-03T09:05:00+08:00';

describe.skipIf(skip)('reminder delivery per channel (Redis)', () => {
  const prefixes: string[] = [];
  afterAll(async () => {
    for (const p of prefixes) await cleanup(p);
  });
  const fresh = (tag: string) => {
    const p = uniquePrefix(`remind-${tag}`);
    prefixes.push(p);
    return p;
  };

  it('wechaty: a contact who subscribed in a private chat gets the reminder said by the bot, once', async () => {
    const prefix = fresh('wx');
    const clock = manualClock(START);
    const store = new RedisStore({ url: REDIS_URL, prefix });
    const config = loadConfig({ REDIS_URL, REMINDER_POLL_MS: '60000' });
    const chat = createChatService({
      policy: createPolicy(kb),
      reader: createReader({ config, gazetteer: kb.gazetteer }),
      store,
      clock,
      maxTextLength: 500,
      scheduler: createScheduler(config, clock, `${prefix}bull`),
    });
    const mocker = new mock.Mocker();
    const bot = WechatyBuilder.build({ puppet: new PuppetMock({ mocker }) });
    bot.on('message', createMessageHandler(chat));
    await bot.start();
    try {
      const me = mocker.createContact({ name: '学时助手' });
      const zhang = mocker.createContact({ name: '张三' });
      const heard: string[] = [];
      zhang.on('message', (m: mock.MessageMock) => {
        if (m.payload.talkerId === me.id) heard.push(m.text() ?? '');
      });
      const loggedIn = new Promise<void>((r) => bot.once('login', () => r()));
      mocker.login(me);
      await loggedIn;
      chat.reminders.setSender('wx', wechatySender(bot));
      chat.reminders.start(['wx']);

      zhang.say('我是青海的').to(me);
      await expect.poll(() => heard.length, { timeout: 10_000 }).toBe(1);
      zhang.say('提醒我').to(me);
      await expect.poll(() => heard.length, { timeout: 10_000 }).toBe(2);
      expect(heard[1]).toMatch(/已安排6条提醒，第一条在12月3日9时/);
      expect(await chat.subscriptions.get(`wx:${zhang.id}`)).toMatchObject({ channel: 'wx', to: zhang.id });

      clock.set(DUE);
      await chat.reminders.catchUp();
      await expect.poll(() => heard.length, { timeout: 10_000 }).toBe(3);
      expect(heard[2]).toMatch(/【学时提醒】青海省：个人向所在单位提交年内学时申请/);
      expect(heard[2]).toMatch(/2025年12月10日（还有7天）/);
      await chat.reminders.catchUp();
      await sleep(300);
      expect(heard).toHaveLength(3);
    } finally {
      await chat.reminders.close();
      await bot.stop();
      await store.close();
    }
  }, 40_000);

  it('Official Account and mini-program: customer-service message and subscribe message at the stand-in', async () => {
    const prefix = fresh('wechat');
    const standin = await startWeChatStandIn();
    const clock = manualClock(START);
    const store = new RedisStore({ url: REDIS_URL, prefix });
    const TOKEN = 'oa-token-for-reminders';
    const config = loadConfig({
      REDIS_URL,
      RATE_LIMIT_MAX: '1000',
      REMINDER_POLL_MS: '60000',
      REMINDER_BACKOFF_MS: '20',
      WECHAT_API_BASE: standin.base,
      WECHAT_APPID: STANDIN_APPID,
      WECHAT_SECRET: STANDIN_SECRET,
      WECHAT_OFFICIAL_TOKEN: TOKEN,
      WECHAT_REMINDER_TEMPLATE_ID: 'tmpl-deadline',
    });
    const app = await buildApp({ config, clock, store });
    await app.ready();
    try {
      // an Official Account follower writes to the account
      const q = () => {
        const timestamp = String(Math.floor(Date.now() / 1000));
        const nonce = randomUUID().slice(0, 8);
        const signature = createHash('sha1').update([TOKEN, timestamp, nonce].sort().join('')).digest('hex');
        return new URLSearchParams({ signature, timestamp, nonce });
      };
      let seq = 7_000_000;
      const oaSay = (content: string) =>
        app.inject({
          method: 'POST',
          url: `/wechat/official?${q()}`,
          headers: { 'content-type': 'text/xml' },
          payload: buildWeChatXml({
            ToUserName: 'gh_x',
            FromUserName: 'o-follower',
            CreateTime: Math.floor(Date.now() / 1000),
            MsgType: 'text',
            Content: content,
            MsgId: String(seq++),
          }),
        });
      await oaSay('我是青海的');
      expect((await oaSay('订阅截止提醒')).body).toMatch(/已安排6条提醒/);

      // a mini-program user logs in (openid behind a unionid) and subscribes
      standin.codes.set('mp-code', { openid: 'o-mini', unionid: 'u-mini' });
      const { token } = (
        await app.inject({ method: 'POST', url: '/api/auth/wechat', payload: { code: 'mp-code' } })
      ).json() as { token: string };
      const mpSay = (text: string) =>
        app.inject({
          method: 'POST',
          url: '/api/chat',
          payload: { text },
          headers: { authorization: `Bearer ${token}` },
        });
      await mpSay('我是青海的');
      expect((await mpSay('提醒我')).json().reply).toMatch(/已安排6条提醒/);
      expect(await app.chat.subscriptions.get('union:u-mini')).toMatchObject({ channel: 'mp', to: 'o-mini' });

      standin.failSends = 1; // the first send fails: retried with backoff
      clock.set(DUE);
      await app.chat.reminders.catchUp();
      await expect.poll(() => standin.sent.length + standin.subscribeSent.length, { timeout: 10_000 }).toBe(2);
      await sleep(300);
      await app.chat.reminders.catchUp();
      expect(standin.sent).toHaveLength(1);
      expect(standin.sent[0]).toMatchObject({ touser: 'o-follower' });
      expect(standin.sent[0]!.content).toMatch(/个人向所在单位提交年内学时申请[\s\S]*2025年12月10日（还有7天）/);
      expect(standin.subscribeSent).toHaveLength(1);
      expect(standin.subscribeSent[0]).toMatchObject({
        touser: 'o-mini',
        template_id: 'tmpl-deadline',
        page: 'pages/chat/chat',
        data: { time2: { value: '2025-12-10' } },
      });
      expect(standin.subscribeSent[0]!.data.thing1!.value.length).toBeLessThanOrEqual(20);
      // the mini-program lists what was delivered
      const notices = await app.inject({
        method: 'GET',
        url: '/api/me/notices',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(notices.json()).toHaveLength(1);
      expect(notices.json()[0]).toMatchObject({ channel: 'mp', at: '2025-12-03T01:00:00.000Z' });
    } finally {
      await app.close();
      await store.close();
      await standin.close();
    }
  }, 40_000);
});
