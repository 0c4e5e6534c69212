// Routing of WeChat messages on the mock puppet: what reaches the chat service and what goes back.
import { FileBox } from 'file-box';
import { afterEach, describe, expect, it } from 'vitest';
import { type Wechaty, WechatyBuilder } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import {
  createMessageHandler,
  ERROR_REPLY,
  HELP_REPLY,
  splitReply,
  TEXT_ONLY_REPLY,
  tooLongReply,
} from '../../bot/handler';
import { sendReminders } from '../../bot/reminders';
import type { ChatReply, ChatService } from '../../src/chat/types';

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

async function startBot(chat: ChatService, opts: { maxTextLength?: number } = {}): Promise<Harness> {
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
    expect(chat.calls).toEqual([{ userId: h.user.id, text: '安徽每年要多少学时' }]);
    expect(replies).toEqual(['收到：安徽每年要多少学时\n依据：测试文件 第一条']);
    expect(h.errors).toEqual([]);
  });

  it('keeps one conversation per contact (the contact id is the user id)', async () => {
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
    expect(chat.calls).toContainEqual({ userId: h.user.id, text: '我在青海' });
    expect(chat.calls).toContainEqual({ userId: other.id, text: '我在济宁' });
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
    expect(chat.calls).toEqual([{ userId: h.user.id, text: '安徽每年要多少学时' }]);
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
  it('says each due reminder to its contact and reports unknown contacts', async () => {
    const h = await startBot(new FakeChat());
    const report = await sendReminders(h.bot, [
      { userId: h.user.id, text: '提醒：您今年还差 30 学时，截止日期 2025-12-31。' },
      { userId: 'nobody-here', text: '不会送达' },
    ]);
    expect(await repliesTo(h, h.user.id)).toEqual(['提醒：您今年还差 30 学时，截止日期 2025-12-31。']);
    expect(report.sent).toEqual([h.user.id]);
    expect(report.failed.map((f) => f.userId)).toEqual(['nobody-here']);
  });
});
