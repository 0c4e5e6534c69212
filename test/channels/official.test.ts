// The Official Account webhook through fastify's inject: signatures, safe mode, passive replies, MsgId dedupe,
// the 4.5 s customer-service fallback, events and voice — on the memory store and on the real Redis.
import { createHash, randomUUID } from 'node:crypto';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TEXT_PLEASE_REPLY, VOICE_UNHEARD_REPLY, WELCOME_REPLY } from '../../src/channels/official/webhook';
import { buildWeChatXml, parseWeChatXml } from '../../src/channels/official/xml';
import { fixedClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { buildApp } from '../../src/http/app';
import { createReader } from '../../src/intents';
import type { ReadContext } from '../../src/intents/command';
import { loadKnowledge } from '../../src/policy/knowledge';
import { MemoryStore, RedisStore, type SessionStore } from '../../src/sessions';
import { hasHours, TODAY } from '../helpers/app';
import { STANDIN_APPID, STANDIN_SECRET, type StandIn, startWeChatStandIn } from '../helpers/wechat-standin';
import { cleanup, REDIS_URL, skipRedis, sleep, uniquePrefix } from '../sessions/redis-env';

const TOKEN = 'oa-test-token';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const OA_ID = 'gh_test_account';
const kb = loadKnowledge();

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
function signedQuery(extra: Record<string, string> = {}, token = TOKEN) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomUUID().slice(0, 10);
  const signature = sha1([token, timestamp, nonce].sort().join(''));
  return new URLSearchParams({ signature, timestamp, nonce, ...extra });
}

let msgSeq = 1_000_000;
function textXml(openid: string, content: string, msgId = String(msgSeq++)) {
  return buildWeChatXml({
    ToUserName: OA_ID,
    FromUserName: openid,
    CreateTime: Math.floor(Date.now() / 1000),
    MsgType: 'text',
    Content: content,
    MsgId: msgId,
  });
}

/** A reader that waits on a gate for texts containing "慢", to play a turn longer than the reply budget. */
function gatedParser() {
  const inner = createReader({ config: loadConfig({}), gazetteer: kb.gazetteer });
  let open!: () => void;
  let gate = new Promise<void>((r) => {
    open = r;
  });
  const calls: string[] = [];
  return {
    calls,
    release: () => open(),
    reset: () => {
      gate = new Promise<void>((r) => {
        open = r;
      });
    },
    reader: {
      async read(text: string, ctx: ReadContext) {
        calls.push(text);
        if (text.includes('慢')) await gate;
        return inner.read(text.replace('慢', ''), ctx);
      },
    },
  };
}

const stores: Array<[string, () => Promise<{ store: SessionStore; done: () => Promise<void> } | undefined>]> = [
  ['memory', async () => ({ store: new MemoryStore(), done: async () => undefined })],
  [
    'redis',
    async () => {
      if (await skipRedis('official account on Redis')) return undefined;
      const prefix = uniquePrefix('oa');
      const store = new RedisStore({ url: REDIS_URL, prefix });
      return { store, done: () => cleanup(prefix) };
    },
  ],
];

describe('WeChat XML', () => {
  it('expands no entity bombs and fetches no external entities', () => {
    const lol = (n: number) => `&lol${n};`.repeat(10);
    const bomb = `<?xml version="1.0"?><!DOCTYPE z [<!ENTITY lol0 "lol">${[1, 2, 3, 4, 5, 6]
      .map((n) => `<!ENTITY lol${n} "${lol(n - 1)}">`)
      .join('')}]><xml><Content>&lol6;</Content></xml>`;
    const t0 = Date.now();
    const parsed = parseWeChatXml(bomb);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect((parsed.Content ?? '').length).toBeLessThan(100);
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Content>&e;</Content></xml>';
    let text = '';
    try {
      text = parseWeChatXml(xxe).Content ?? '';
    } catch {
      // refused as malformed: fine too
    }
    expect(text).not.toContain('root:');
  });
});

describe.each(stores)('Official Account webhook (%s store)', (_name, makeStore) => {
  let standin: StandIn;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let backing: { store: SessionStore; done: () => Promise<void> } | undefined;
  const gp = gatedParser();

  beforeAll(async () => {
    backing = await makeStore();
    if (!backing) return;
    standin = await startWeChatStandIn();
    const config = loadConfig({
      ASSISTANT_TODAY: TODAY,
      RATE_LIMIT_MAX: '1000',
      WECHAT_OFFICIAL_TOKEN: TOKEN,
      WECHAT_OFFICIAL_AES_KEY: AES_KEY,
      WECHAT_APPID: STANDIN_APPID,
      WECHAT_SECRET: STANDIN_SECRET,
      WECHAT_API_BASE: standin.base,
      WECHAT_REPLY_BUDGET_MS: '1500',
    });
    app = await buildApp({ config, clock: fixedClock(TODAY), store: backing.store, reader: gp.reader });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await backing?.store.close();
    await backing?.done();
    await standin?.close();
  });
  afterEach(() => {
    gp.release();
    gp.reset();
  });

  const post = (body: string, q = signedQuery()) =>
    app.inject({
      method: 'POST',
      url: `/wechat/official?${q}`,
      headers: { 'content-type': 'text/xml' },
      payload: body,
    });
  const replyText = (body: string) => {
    const x = parseWeChatXml(body);
    expect(x.MsgType).toBe('text');
    return x;
  };

  it('GET echoes echostr for a good signature and refuses a bad or missing one', async (ctx) => {
    if (!backing) return ctx.skip();
    const ok = await app.inject(`/wechat/official?${signedQuery({ echostr: 'e-12345' })}`);
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('e-12345');
    const forged = await app.inject(`/wechat/official?${signedQuery({ echostr: 'e-12345' }, 'another-token')}`);
    expect(forged.statusCode).toBe(401);
    expect(forged.body).not.toContain('e-12345');
    expect((await app.inject('/wechat/official?echostr=x')).statusCode).toBe(401);
  });

  it('POST: unsigned or wrongly signed messages get 401 and never reach the assistant', async (ctx) => {
    if (!backing) return ctx.skip();
    const before = gp.calls.length;
    const unsigned = await app.inject({
      method: 'POST',
      url: '/wechat/official',
      headers: { 'content-type': 'text/xml' },
      payload: textXml('o-forger', '删除我的数据'),
    });
    expect(unsigned.statusCode).toBe(401);
    const forged = await post(textXml('o-forger', '删除我的数据'), signedQuery({}, 'guess'));
    expect(forged.statusCode).toBe(401);
    expect(gp.calls.length).toBe(before);
  });

  it('answers a text message with a passive XML text reply carrying the cited answer', async (ctx) => {
    if (!backing) return ctx.skip();
    const res = await post(textXml('o-alice', '青海发明专利排第2能算多少学时'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/xml/);
    const x = replyText(res.body);
    expect(x.ToUserName).toBe('o-alice');
    expect(x.FromUserName).toBe(OA_ID);
    expect(hasHours(x.Content!, 60)).toBe(true);
    expect(x.Content).toContain('依据：青人社厅函〔2025〕153号');
    // the follower's profile is kept under the oa: namespace
    const follow = replyText((await post(textXml('o-alice', '实用新型呢'))).body);
    expect(follow.Content).toMatch(/学时/);
  });

  it('rejects malformed XML with 400 and keeps serving', async (ctx) => {
    if (!backing) return ctx.skip();
    for (const bad of ['<xml><Content>未闭合', '', 'not xml at all', '<other><a>1</a></other>']) {
      expect((await post(bad)).statusCode).toBe(400);
    }
    expect(replyText((await post(textXml('o-bob', '安徽每年要多少学时'))).body).Content).toMatch(/学时/);
  });

  it('a redelivered MsgId is answered with the same reply and applied once', async (ctx) => {
    if (!backing) return ctx.skip();
    const openid = `o-${randomUUID().slice(0, 6)}`;
    await post(textXml(openid, '我是青海的'));
    const id = String(msgSeq++);
    const msg = textXml(openid, '今年公需学了20学时，专业学了30学时，还差多少', id);
    const first = replyText((await post(msg)).body).Content!;
    const again = replyText((await post(msg)).body).Content!;
    expect(again).toBe(first);
    // an increment sent twice is counted once
    const inc = textXml(openid, '今年专业又学了10学时', String(msgSeq++));
    const r1 = replyText((await post(inc)).body).Content!;
    const r2 = replyText((await post(inc)).body).Content!;
    expect(r2).toBe(r1);
    const left = replyText((await post(textXml(openid, '还差多少'))).body).Content!;
    expect(left).toContain('专业');
    expect(hasHours(left, 10)).toBe(true); // 专业 要求 — (30 + 10), not (30 + 20)
  });

  it('a retry while the first delivery is still running waits for it and gets the same passive reply', async (ctx) => {
    if (!backing) return ctx.skip();
    const openid = `o-wait-${randomUUID().slice(0, 6)}`;
    const msg = textXml(openid, '慢安徽每年要多少学时');
    const callsBefore = gp.calls.filter((c) => c.includes('慢')).length;
    const both = Promise.all([post(msg), sleep(30).then(() => post(msg))]);
    await sleep(120);
    gp.release(); // well inside the 1.5 s budget
    const [a, b] = await both;
    expect(a.body).not.toBe('success');
    expect(replyText(b.body).Content).toBe(replyText(a.body).Content);
    expect(replyText(a.body).Content).toMatch(/学时/);
    expect(gp.calls.filter((c) => c.includes('慢')).length - callsBefore).toBe(1);
  });

  it('a turn over the budget answers "success" and sends the reply as a customer-service message; retries wait and get "success", never a second run', async (ctx) => {
    if (!backing) return ctx.skip();
    const openid = `o-slow-${randomUUID().slice(0, 6)}`;
    const msg = textXml(openid, '慢青海发明专利排第2能算多少学时');
    const sentBefore = standin.sent.length;
    const callsBefore = gp.calls.filter((c) => c.includes('慢')).length;
    const [first, retry] = await Promise.all([post(msg), sleep(50).then(() => post(msg))]);
    expect(first.statusCode).toBe(200);
    expect(first.body).toBe('success');
    expect(retry.body).toBe('success');
    gp.release();
    for (let i = 0; i < 100 && standin.sent.length === sentBefore; i++) await sleep(20);
    const cs = standin.sent.slice(sentBefore);
    expect(cs).toHaveLength(1);
    expect(cs[0]!.touser).toBe(openid);
    expect(hasHours(cs[0]!.content, 60)).toBe(true);
    expect(gp.calls.filter((c) => c.includes('慢')).length - callsBefore).toBe(1);
    // a third delivery after the reply went out is answered "success" and nothing more is sent
    expect((await post(msg)).body).toBe('success');
    await sleep(50);
    expect(standin.sent.length).toBe(sentBefore + 1);
  });

  it('an access token WeChat no longer accepts is fetched anew and the message still goes out', async (ctx) => {
    if (!backing) return ctx.skip();
    standin.invalidateToken();
    const issued = standin.tokensIssued;
    const sentBefore = standin.sent.length;
    const openid = `o-tok-${randomUUID().slice(0, 6)}`;
    expect((await post(textXml(openid, '慢安徽每年要多少学时'))).body).toBe('success');
    gp.release();
    for (let i = 0; i < 100 && standin.sent.length === sentBefore; i++) await sleep(20);
    expect(standin.sent.slice(sentBefore).map((m) => m.touser)).toEqual([openid]);
    expect(standin.tokensIssued).toBe(issued + 1);
  });

  it('关注 gets the welcome; 取消关注 stops the reminders', async (ctx) => {
    if (!backing) return ctx.skip();
    const openid = `o-ev-${randomUUID().slice(0, 6)}`;
    const ev = (event: string) =>
      buildWeChatXml({
        ToUserName: OA_ID,
        FromUserName: openid,
        CreateTime: Math.floor(Date.now() / 1000) + (event === 'unsubscribe' ? 1 : 0),
        MsgType: 'event',
        Event: event,
      });
    const welcome = replyText((await post(ev('subscribe'))).body);
    expect(welcome.Content).toBe(WELCOME_REPLY);
    const sub = replyText((await post(textXml(openid, '青海的，截止前提醒我'))).body).Content!;
    expect(sub).toMatch(/提醒/);
    const chat = (app as any).chat;
    expect(await chat.subscriptions.get(`oa:${openid}`)).toMatchObject({ region: 'qinghai', channel: 'oa' });
    const bye = await post(ev('unsubscribe'));
    expect(bye.body).toBe('success');
    expect(await chat.subscriptions.get(`oa:${openid}`)).toBeUndefined();
  });

  it('voice is read through its Recognition text; images and empty recognitions get a short note', async (ctx) => {
    if (!backing) return ctx.skip();
    const base = { ToUserName: OA_ID, FromUserName: 'o-voice', CreateTime: Math.floor(Date.now() / 1000) };
    const voice = buildWeChatXml({
      ...base,
      MsgType: 'voice',
      MediaId: 'm1',
      Format: 'amr',
      Recognition: '青海发明专利排第2能算多少学时',
      MsgId: String(msgSeq++),
    });
    expect(hasHours(replyText((await post(voice)).body).Content!, 60)).toBe(true);
    const unheard = buildWeChatXml({
      ...base,
      MsgType: 'voice',
      MediaId: 'm2',
      Format: 'amr',
      MsgId: String(msgSeq++),
    });
    expect(replyText((await post(unheard)).body).Content).toBe(VOICE_UNHEARD_REPLY);
    const image = buildWeChatXml({
      ...base,
      MsgType: 'image',
      PicUrl: 'http://x.invalid/a.jpg',
      MediaId: 'm3',
      MsgId: String(msgSeq++),
    });
    expect(replyText((await post(image)).body).Content).toBe(TEXT_PLEASE_REPLY);
  });

  it('a follower with a unionid shares one profile with the mini-program', async (ctx) => {
    if (!backing) return ctx.skip();
    const openid = `o-un-${randomUUID().slice(0, 6)}`;
    const unionid = `U-${randomUUID().slice(0, 8)}`;
    standin.unionids.set(openid, unionid);
    replyText((await post(textXml(openid, '我是青海的，评中级'))).body);
    standin.codes.set(`mp-${unionid}`, { openid: `mp-${openid}`, unionid });
    const login = await app.inject({ method: 'POST', url: '/api/auth/wechat', payload: { code: `mp-${unionid}` } });
    const me = await app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { authorization: `Bearer ${login.json().token}` },
    });
    expect(me.json().profile).toMatchObject({ region: 'qinghai' });
  });

  it('safe mode: decrypts a message whose msg_signature checks out and encrypts the reply', async (ctx) => {
    if (!backing) return ctx.skip();
    const inner = textXml('o-safe', '安徽每年要多少学时');
    const enc = encrypt(AES_KEY, inner, STANDIN_APPID);
    const q = signedQuery({ encrypt_type: 'aes', openid: 'o-safe' });
    q.set('msg_signature', getSignature(TOKEN, q.get('timestamp')!, q.get('nonce')!, enc));
    const outer = buildWeChatXml({ ToUserName: OA_ID, Encrypt: enc });
    const res = await post(outer, q);
    expect(res.statusCode).toBe(200);
    const env = parseWeChatXml(res.body);
    expect(env.MsgSignature).toBe(getSignature(TOKEN, env.TimeStamp!, env.Nonce!, env.Encrypt!));
    const opened = decrypt(AES_KEY, env.Encrypt!);
    expect(opened.id).toBe(STANDIN_APPID);
    const reply = parseWeChatXml(opened.message);
    expect(reply.ToUserName).toBe('o-safe');
    expect(reply.Content).toMatch(/学时/);
    expect(reply.Content).toContain('依据');

    // a tampered msg_signature, or a message sealed for another AppID, is refused
    const bad = new URLSearchParams(q);
    bad.set('msg_signature', '0'.repeat(40));
    expect((await post(outer, bad)).statusCode).toBe(401);
    const other = encrypt(AES_KEY, textXml('o-safe', '你好'), 'wx-someone-else');
    const q2 = signedQuery({ encrypt_type: 'aes' });
    q2.set('msg_signature', getSignature(TOKEN, q2.get('timestamp')!, q2.get('nonce')!, other));
    expect((await post(buildWeChatXml({ ToUserName: OA_ID, Encrypt: other }), q2)).statusCode).toBe(401);
  });
});
