// `npm run demo:wechat`: a WeChat exchange on wechaty-puppet-mock, no login needed. A private chat and a group
// @mention go through the real bot handler and chat pipeline; the transcript is printed and the process exits 0
// (1 when a reply is missing or lacks its answer).
import { WechatyBuilder } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { createChatService } from '../src/chat/service';
import { clockFromEnv } from '../src/clock';
import { loadConfig } from '../src/config';
import { createReader } from '../src/intents';
import { createPolicy } from '../src/policy';
import { loadKnowledge } from '../src/policy/knowledge';
import { MemoryStore } from '../src/sessions';
import { guardOptions } from './guard';
import { createMessageHandler } from './handler';

const config = loadConfig({ ...process.env, REDIS_URL: '' });
const clock = clockFromEnv({ ASSISTANT_TODAY: config.ASSISTANT_TODAY ?? '2025-10-15' });
const kb = loadKnowledge();
const store = new MemoryStore();
const chat = createChatService({
  policy: createPolicy(kb),
  reader: createReader({ config, gazetteer: kb.gazetteer }),
  store,
  clock,
  maxTextLength: config.MAX_TEXT_LENGTH,
});

const mocker = new mock.Mocker();
const bot = WechatyBuilder.build({ name: 'jxjy-demo', puppet: new PuppetMock({ mocker }) });
bot.on('message', createMessageHandler(chat, guardOptions(config, store)));
await bot.start();

const me = mocker.createContact({ name: '学时助手' });
const zhang = mocker.createContact({ name: '张三' });
const li = mocker.createContact({ name: '李四' });
const room = mocker.createRoom({ topic: '继续教育交流群', memberIdList: [me.id, zhang.id, li.id] });
const loggedIn = new Promise<void>((resolve) => bot.once('login', () => resolve()));
mocker.login(me);
await loggedIn;

const lines: string[] = [];
const got: Array<{ where: string; text: string }> = [];
const indent = (t: string) => t.replace(/\n/g, '\n    ');
zhang.on('message', (m: mock.MessageMock) => {
  if (m.payload.talkerId === me.id && !m.payload.roomId) got.push({ where: 'private', text: m.text() ?? '' });
});
room.on('message', (m: mock.MessageMock) => {
  if (m.payload.talkerId === me.id) got.push({ where: 'room', text: m.text() ?? '' });
});

async function turn(where: 'private' | 'room', who: mock.ContactMock, text: string, mention = false) {
  const before = got.length;
  lines.push(`${who.payload.name}：${text}`);
  if (where === 'private') who.say(text).to(me);
  else who.say(text, mention ? [me] : []).to(room);
  const until = Date.now() + 5000;
  while (got.length === before && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  const reply = got[before]?.text;
  lines.push(reply === undefined ? '学时助手：（没有回复）' : `学时助手：${indent(reply)}`);
  return reply ?? '';
}

lines.push('== 私聊');
const a1 = await turn('private', zhang, '青海，发明专利排第2能折算多少学时');
lines.push('', `== 群聊「${room.payload.topic}」`);
const a2 = await turn('room', li, '@学时助手 安徽每年要多少学时', true);

console.log(lines.join('\n'));
await bot.stop();
await store.close();

const ok = /60\s*学时/.test(a1) && a1.includes('依据') && a2.startsWith(`@${li.payload.name}`) && /学时/.test(a2);
if (!ok) console.error('demo:wechat: a reply is missing or lacks its answer');
process.exit(ok ? 0 : 1);
