// Routing of WeChat messages on the mock puppet: what reaches the chat service and what goes back.
import { FileBox } from 'file-box';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { type Wechaty, WechatyBuilder } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { createContactLimiter, firstSight } from '../../bot/guard';
import {
  createMessageHandler,
  ERROR_REPLY,
  HELP_REPLY,
  splitReply,
  TEXT_ONLY_REPLY,
  tooFastReply,
  tooLongReply,
} from '../../bot/handler';
import { wechatySender } from '../../bot/reminders';
import type { ChatReply, ChatService } from '../../src/chat/types';
import type { ReminderJob } from '../../src/reminders/plan';
import { MemoryStore, RedisStore } from '../../src/sessions';
import { userKey } from '../../src/sessions/keys';
import { cleanup, REDIS_URL, skipRedis, uniquePrefix } from '../sessions/redis-env';

const wx = (id: string) => userKey('wx', id);

type ContactMock = mock.ContactMock;

class FakeChat implements ChatService {
  calls: { userId: string; text: string }[] = [];
  constructor(private readonly impl?: (userId: string, text: string) => Promise<ChatReply>) {}
  async handle(userId: string, text: string): Promise<ChatReply> {
    this.calls.push({ userId, text });
    if (this.impl) return this.impl(userId, text);
    return { reply: `收到：${text}\n依据：测试文件 第一条`, intent: 'test', citations: [] };
  }
}

interface Harness {
  bot: Wechaty;
  mocker: mock.Mocker;
  me: ContactMock;
  user: ContactMock;
  /** texts the bot sent, per conversation id (contact or room) */
  sent: Map<string, string[]>;
  errors: unknown[];
}

let running: Wechaty[] = [];

afterEach(async () => {
  for (const bot of running) await bot.stop();
  running = [];
});

async function startBot(
  chat: ChatService,
  opts: Omit<Parameters<typeof createMessageHandler>[1] & object, 'onError'> = {},
): Promise<Harness> {
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const bot = WechatyBuilder.build({ puppet });
  const errors: unknown[] = [];
  bot.on('error', (e) => {
    errors.push(e);
  });
  bot.on('message', createMessageHandler(chat, { ...opts, onError: (e) => errors.push(e) }));
  await bot.start();
  running.push(bot);

  const me = mocker.createContact({ name: '学时助手' });
  const user = mocker.createContact({ name: '张三' });
  const sent = new Map<string, string[]>();
  user.on('message', (m: mock.MessageMock) => {
    if (m.payload.talkerId === me.id && !m.payload.roomId) {
      sent.set(user.id, [...(sent.get(user.id) ?? []), m.text() ?? '']);
    }
  });

  const loggedIn = new Promise<void>((resolve) => bot.once('login', () => resolve()));
  mocker.login(me);
  await loggedIn;
  return { bot, mocker, me, user, sent, errors };
}

async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 3000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const repliesTo = (h: Harness, id: string, n = 1) =>
  waitFor(() => {
    const list = h.sent.get(id) ?? [];
    return list.length >= n ? list : undefined;
  }, `${n} bot message(s) to ${id}`);

describe('WeChat bot routing', () => {
  it('sends a text to the chat service and the reply back to the user', async () => {
    const chat = new FakeChat();
    const h = await startBot(chat);
    h.user.say('安徽每年要多少学时').to(h.me);
    const replies = await repliesTo(h, h.user.id);
    expect(chat.calls).toEqual([{ userId: wx(h.user.id), text: '安徽每年要多少学时' }]);
    expect(replies).toEqual(['收到：安徽每年要多少学时\n依据：测试文件 第一条']);
    expect(h.errors).toEqual([]);
  });

  it('keeps one conversation per contact (the user key is the namespaced contact id)', async () => {
    const chat = new FakeChat();
    const h = await startBot(chat);
    const other = h.mocker.createContact({ name: '李四' });
    other.on('message', (m: mock.MessageMock) => {
      if (m.payload.talkerId === h.me.id) h.sent.set(other.id, [...(h.sent.get(other.id) ?? []), m.text() ?? '']);
    });
    h.user.say('我在青海').to(h.me);
    other.say('我在济宁').to(h.me);
    await repliesTo(h, h.user.id);
    await repliesTo(h, other.id);
    expect(chat.calls).toContainEqual({ userId: wx(h.user.id), text: '我在青海' });
    expect(chat.calls).toContainEqual({ userId: wx(other.id), text: '我在济宁' });
    expect(h.sent.get(other.id)).toEqual(['收到：我在济宁\n依据：测试文件 第一条']);
  });

  it.each([
    ['an image', 'photo.png'],
    ['a voice message', 'voice.silk'],
    ['a video', 'clip.mp4'],
    ['a file', 'notice.pdf'],
    ['an unknown attachment', 'thing.xyz'],
  ])('answers %s with the text-only message and does not call the chat service', async (_what, name) => {
    const chat = new FakeChat();
    const h = await startBot(chat);
    h.user.say(FileBox.fromUrl(`https://example.invalid/${name}`, { name })).to(h.me);
    const replies = await repliesTo(h, h.user.id);
    expect(replies).toEqual([TEXT_ONLY_REPLY]);
    expect(TEXT_ONLY_REPLY).toContain('暂时只能看懂文字消息');
    expect(chat.calls).toEqual([]);
  });

  it("ignores the bot's own messages", async () => {
    const chat = new FakeChat();
    const h = await startBot(chat);
    h.me.say('这是助手自己发的消息').to(h.user);
    h.user.say('济宁今年要多少学时').to(h.me);
    const replies = await repliesTo(h, h.user.id, 2);
    // the bot's own message and exactly one reply, for the user's text only
    expect(replies).toEqual(['这是助手自己发的消息', '收到：济宁今年要多少学时\n依据：测试文件 第一条']);
    expect(chat.calls.map((c) => c.text)).toEqual(['济宁今年要多少学时']);
    // the bot's reply itself (a self message) did not loop back into the service
    await new Promise((r) => setTimeout(r, 50));
    expect(chat.calls).toHaveLength(1);
    expect(h.sent.get(h.user.id)).toHaveLength(2);
  });

  it('apologises when the chat service throws, and keeps serving afterwards', async () => {
    let fail = true;
    const chat = new FakeChat(async (_u, text) => {
      if (fail) throw new Error('backend down');
      return { reply: `好的：${text}`, intent: 'test', citations: [] };
    });
    const h = await startBot(chat);
    h.user.say('安徽每年要多少学时').to(h.me);
    expect(await repliesTo(h, h.user.id)).toEqual([ERROR_REPLY]);
    expect(h.errors.some((e) => e instanceof Error && e.message === 'backend down')).toBe(true);

    fail = false;
    h.user.say('再问一次').to(h.me);
    expect(await repliesTo(h, h.user.id, 2)).toEqual([ERROR_REPLY, '好的：再问一次']);
  });

  it('answers an empty text with a help line', async () => {
    const chat = new FakeChat();
    const h = await startBot(chat);
    h.user.say('   ').to(h.me);
    expect(await repliesTo(h, h.user.id)).toEqual([HELP_REPLY]);
    expect(chat.calls).toEqual([]);
  });

  it('refuses an over-long text politely without calling the service', async () => {
    const chat = new FakeChat();
    const h = await startBot(chat, { maxTextLength: 20 });
    h.user.say('学'.repeat(21)).to(h.me);
    expect(await repliesTo(h, h.user.id)).toEqual([tooLongReply(20)]);
    expect(tooLongReply(20)).toContain('20字以内');
    expect(chat.calls).toEqual([]);
  });

  it('in a group, answers only when mentioned, without the mention in the question', async () => {
    const chat = new FakeChat();
    const h = await startBot(chat);
    const room = h.mocker.createRoom({ topic: '继续教育交流群', memberIdList: [h.me.id, h.user.id] });
    room.on('message', (m: mock.MessageMock) => {
      if (m.payload.talkerId === h.me.id) h.sent.set(room.id, [...(h.sent.get(room.id) ?? []), m.text() ?? '']);
    });
    h.user.say('大家好，今年学时怎么算').to(room);
    h.user.say('@学时助手 安徽每年要多少学时', [h.me]).to(room);
    const replies = await repliesTo(h, room.id);
    expect(chat.calls).toEqual([{ userId: wx(h.user.id), text: '安徽每年要多少学时' }]);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain('收到：安徽每年要多少学时');
  });

  it('splits very long replies on line breaks', () => {
    const line = '甲'.repeat(99);
    const long = Array.from({ length: 40 }, () => line).join('\n');
    const parts = splitReply(long, 1500);
    expect(parts.length).toBe(3);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(1500);
    expect(parts.join('\n')).toBe(long);
    expect(splitReply('短')).toEqual(['短']);
  });
});

describe('deadline reminders', () => {
  const job = (user: string) => ({ user }) as ReminderJob;
  it('says a reminder to its contact; an unknown contact or another channel throws', async () => {
    const h = await startBot(new FakeChat());
    const send = wechatySender(h.bot);
    await send(h.user.id, '提醒：您今年还差 30 学时，截止日期 2025-12-31。', job(wx(h.user.id)));
    expect(await repliesTo(h, h.user.id)).toEqual(['提醒：您今年还差 30 学时，截止日期 2025-12-31。']);
    await expect(send('nobody-here', '不会送达', job(wx('nobody-here')))).rejects.toThrow(/contact not found/);
    await expect(send(undefined, '不是微信联系人', job(userKey('web', h.user.id)))).rejects.toThrow(/not a WeChat/);
  });
});

/** Delivers a message as the puppet would, with a chosen id and time (a redelivery reuses the id). */
function deliver(h: Harness, text: string, opts: { id?: string; at?: number } = {}) {
  const msg = h.mocker.MessageMock.create({
    id: opts.id ?? `m-${Math.random().toString(36).slice(2)}`,
    talkerId: h.user.id,
    listenerId: h.me.id,
    timestamp: opts.at ?? Date.now(),
    type: PUPPET_TEXT,
    text,
  } as any);
  h.mocker.puppet.emit('message', { messageId: msg.id });
  return msg.id;
}
const PUPPET_TEXT = 7; // types.Message.Text

describe('hardening', () => {
  it('a message delivered twice is answered once (dedupe by message id in the store)', async () => {
    const chat = new FakeChat();
    const h = await startBot(chat, { store: new MemoryStore() });
    const id = deliver(h, '今年专业又学了10学时');
    await repliesTo(h, h.user.id);
    h.mocker.puppet.emit('message', { messageId: id }); // the puppet delivers the same message again
    deliver(h, '还差多少');
    await repliesTo(h, h.user.id, 2);
    await new Promise((r) => setTimeout(r, 100));
    expect(chat.calls.map((c) => c.text)).toEqual(['今年专业又学了10学时', '还差多少']);
  });

  it('ignores history dated before the bot started', async () => {
    const chat = new FakeChat();
    const startedAt = new Date();
    const h = await startBot(chat, { startedAt });
    deliver(h, '重启前的旧消息', { at: startedAt.getTime() - 60_000 });
    deliver(h, '新消息', { at: Date.now() + 10 });
    await repliesTo(h, h.user.id);
    await new Promise((r) => setTimeout(r, 100));
    expect(chat.calls.map((c) => c.text)).toEqual(['新消息']);
  });

  it('rate-limits each contact: one warning, then silence until the window ends; others are served', async () => {
    const chat = new FakeChat();
    const h = await startBot(chat, { limiter: createContactLimiter({ max: 2, window: '1 minute' }) });
    for (let i = 1; i <= 4; i++) {
      h.user.say(`第${i}条`).to(h.me);
      await new Promise((r) => setTimeout(r, 30));
    }
    const replies = await repliesTo(h, h.user.id, 3);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.sent.get(h.user.id)).toHaveLength(3);
    expect(replies[2]).toBe(tooFastReply(60));
    expect(chat.calls.map((c) => c.text)).toEqual(['第1条', '第2条']);
    const other = h.mocker.createContact({ name: '王五' });
    other.on('message', (m: mock.MessageMock) => {
      if (m.payload.talkerId === h.me.id) h.sent.set(other.id, [...(h.sent.get(other.id) ?? []), m.text() ?? '']);
    });
    other.say('安徽每年要多少学时').to(h.me);
    await repliesTo(h, other.id);
    expect(chat.calls.at(-1)).toEqual({ userId: wx(other.id), text: '安徽每年要多少学时' });
  });

  it('a contact id holding ":" cannot reach another key', async () => {
    const chat = new FakeChat();
    const h = await startBot(chat);
    const tricky = h.mocker.createContact({ id: 'victim:hb', name: '冒名' } as any);
    tricky.on('message', (m: mock.MessageMock) => {
      if (m.payload.talkerId === h.me.id) h.sent.set(tricky.id, [...(h.sent.get(tricky.id) ?? []), m.text() ?? '']);
    });
    tricky.say('你好').to(h.me);
    await repliesTo(h, tricky.id);
    expect(chat.calls[0]!.userId).toBe('wx:victim%3Ahb');
  });
});

describe.skipIf(await skipRedis('bot dedupe on Redis'))('hardening on Redis', () => {
  it('two bot processes sharing Redis answer a redelivered message once, and share the per-contact limit', async () => {
    const prefix = uniquePrefix('bot');
    const storeA = new RedisStore({ url: REDIS_URL, prefix });
    const storeB = new RedisStore({ url: REDIS_URL, prefix });
    try {
      const ids = Array.from({ length: 5 }, (_, i) => `redis-msg-${prefix}-${i}`);
      const firsts = await Promise.all(ids.flatMap((id) => [firstSight(storeA, id), firstSight(storeB, id)]));
      expect(firsts.filter(Boolean)).toHaveLength(5);
      const la = createContactLimiter({ max: 3, window: '1 minute', store: storeA });
      const lb = createContactLimiter({ max: 3, window: '1 minute', store: storeB });
      const who = `wx:${prefix}`;
      const verdicts = [
        await la.take(who),
        await lb.take(who),
        await la.take(who),
        await lb.take(who),
        await la.take(who),
      ];
      expect(verdicts).toEqual(['ok', 'ok', 'ok', 'warn', 'drop']);
    } finally {
      await storeA.close();
      await storeB.close();
      await cleanup(prefix);
      const c = new Redis(REDIS_URL);
      const keys = await c.keys(`jxjy-rl-wx:wx:${prefix}*`);
      if (keys.length) await c.del(...keys);
      c.disconnect();
    }
  });
});
