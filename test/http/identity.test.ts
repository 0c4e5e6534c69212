// Web identity (signed HttpOnly cookie), mini-program login tokens, /api/me, 删除我的数据, user-key namespacing,
// rate limits per user and per IP with TRUST_PROXY, and the security headers.
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUserKey, parseUserKey, userKey } from '../../src/sessions/keys';
import { testApp, user, webCookie } from '../helpers/app';
import { STANDIN_APPID, STANDIN_SECRET, type StandIn, startWeChatStandIn } from '../helpers/wechat-standin';

let app: Awaited<ReturnType<typeof testApp>>;
let standin: StandIn;
beforeAll(async () => {
  standin = await startWeChatStandIn();
  app = await testApp({
    AUTH_SECRET: 'identity-test-secret-0123456789abcdef',
    AUTH_TOKEN_TTL: '1h',
    WECHAT_APPID: STANDIN_APPID,
    WECHAT_SECRET: STANDIN_SECRET,
    WECHAT_API_BASE: standin.base,
  });
});
afterAll(async () => {
  await app.close();
  await standin.close();
});

const chat = (text: string, headers: Record<string, string> = {}, userId?: string) =>
  app.inject({ method: 'POST', url: '/api/chat', payload: userId ? { userId, text } : { text }, headers });

describe('user keys', () => {
  it('are namespaced by channel and encoded so no user string reaches an internal key', () => {
    expect(userKey('web', 'abc')).toBe('web:abc');
    expect(userKey('wx', 'victim:hb')).toBe('wx:victim%3Ahb');
    expect(userKey('oa', 'a b\n*')).not.toMatch(/[\s]|:.*:/);
    expect(parseUserKey(userKey('mp', 'o:x/y'))).toEqual({ channel: 'mp', id: 'o:x/y' });
    expect(isUserKey('web:abc:hb')).toBe(false);
    expect(isUserKey('admin:x')).toBe(false);
    expect(() => userKey('web', '')).toThrow();
    expect(() => userKey('web', 'x'.repeat(300))).toThrow();
  });
});

describe('web identity', () => {
  it('the first chat sets a signed, HttpOnly, SameSite cookie; the body userId names no one', async () => {
    const res = await chat('我是青海的', {}, 'victim');
    expect(res.statusCode).toBe(200);
    const c = res.cookies.find((x) => x.name === 'jxjy_uid');
    expect(c).toBeDefined();
    expect(c).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(c!.maxAge).toBeGreaterThan(86_400);
    expect(c!.value).toMatch(/\./); // value.signature
  });

  it("a caller cannot read, change or wipe another visitor's data by sending their userId", async () => {
    const victim = user(app, 'victim-1');
    await victim.say('我是青海的');
    await victim.say('今年公需学了30学时，专业学了40学时');
    // the attacker names the victim in the body, without the victim's cookie
    const peek = await chat('还差多少', {}, 'victim-1');
    expect(peek.json().reply).toMatch(/哪个地区/); // a stranger: asked where they are
    expect(peek.json().reply).not.toMatch(/40|30学时/);
    await chat('重新开始', {}, 'victim-1');
    await chat('删除我的数据', {}, 'victim-1');
    const mine = await victim.say('还差多少');
    expect(mine.reply).toContain('青海');
    expect(mine.reply).toMatch(/专业/);
  });

  it('a forged or tampered cookie is not an identity: a new visitor is started instead', async () => {
    const victim = user(app);
    await victim.say('我是青海的');
    const [name, value] = victim.cookie.split('=') as [string, string];
    const uuid = value.slice(0, value.lastIndexOf('.'));
    for (const forged of [`${name}=${uuid}`, `${name}=${uuid}.AAAA`, `${name}=${value}x`]) {
      const res = await chat('还差多少', { cookie: forged });
      expect(res.statusCode).toBe(200);
      expect(res.json().reply).toMatch(/哪个地区/);
      const fresh = res.cookies.find((x) => x.name === 'jxjy_uid');
      expect(fresh?.value).toBeDefined();
      expect(fresh!.value).not.toBe(value);
    }
  });

  it('GET /api/me shows the caller their own profile; nothing without an identity', async () => {
    const u = user(app);
    await u.say('我是青海的，评中级');
    await u.say('截止前提醒我');
    const me = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: u.cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      profile: { region: 'qinghai' },
      subscription: { region: 'qinghai', channel: 'web' },
    });
    const nobody = await app.inject({ method: 'GET', url: '/api/me' });
    expect(nobody.json()).toEqual({ profile: null, pending: null, subscription: null });
    expect(nobody.cookies).toEqual([]);
  });

  it('DELETE /api/me removes profile and subscription, and clears the cookie', async () => {
    const u = user(app);
    await u.say('我是青海的');
    await u.say('截止前提醒我');
    const chatService = (app as any).chat;
    const key = await (async () => {
      const me = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: u.cookie } });
      expect(me.json().subscription).not.toBeNull();
      return (await chatService.subscriptions.list()).map((s: { userId: string }) => s.userId);
    })();
    const del = await app.inject({ method: 'DELETE', url: '/api/me', headers: { cookie: u.cookie } });
    expect(del.statusCode).toBe(200);
    expect(del.json()).toEqual({ deleted: true });
    expect(del.cookies.find((c) => c.name === 'jxjy_uid')?.value).toBe('');
    const after = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: u.cookie } });
    expect(after.json()).toEqual({ profile: null, pending: null, subscription: null });
    expect((await chatService.subscriptions.list()).length).toBe(key.length - 1);
  });

  it('"删除我的数据" in chat removes profile, subscription and registered records (handoff)', async () => {
    const u = user(app);
    const erased: string[] = [];
    (app as any).chat.onForget(async (k: string) => {
      erased.push(k);
    });
    await u.say('我是青海的');
    await u.say('截止前提醒我');
    const r = await u.say('删除我的数据');
    expect(r.intent).toBe('forget');
    expect(r.reply).toMatch(/已删除/);
    const me = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: u.cookie } });
    expect(me.json()).toEqual({ profile: null, pending: null, subscription: null });
    expect(erased).toHaveLength(1);
    expect(erased[0]).toMatch(/^web:[0-9a-f-]{36}$/);
    const next = await u.say('还差多少');
    expect(next.reply).toMatch(/哪个地区/);
  });
});

describe('mini-program login', () => {
  it('exchanges a wx.login code for a token; the token is the identity (openid, or unionid when given)', async () => {
    standin.codes.set('code-1', { openid: 'o-mp-1' });
    const login = await app.inject({ method: 'POST', url: '/api/auth/wechat', payload: { code: 'code-1' } });
    expect(login.statusCode).toBe(200);
    const { token, expiresIn } = login.json();
    expect(expiresIn).toBe(3600);
    const auth = { authorization: `Bearer ${token}` };
    await chat('我是青海的', auth);
    const r = await chat('发明专利排第2能算多少学时', auth);
    expect(r.json().reply).toContain('60学时');
    expect(r.cookies).toEqual([]); // no web cookie for a token holder
    const me = await app.inject({ method: 'GET', url: '/api/me', headers: auth });
    expect(me.json().profile.region).toBe('qinghai');

    standin.codes.set('code-2', { openid: 'o-mp-2', unionid: 'u-shared' });
    const t2 = (await app.inject({ method: 'POST', url: '/api/auth/wechat', payload: { code: 'code-2' } })).json()
      .token;
    const payload = JSON.parse(Buffer.from(t2.split('.')[1], 'base64url').toString());
    expect(payload.sub).toBe('union:u-shared');
  });

  it('an invalid or reused code gets 401; a malformed body 400', async () => {
    standin.codes.set('once', { openid: 'o-once' });
    expect((await app.inject({ method: 'POST', url: '/api/auth/wechat', payload: { code: 'once' } })).statusCode).toBe(
      200,
    );
    const reused = await app.inject({ method: 'POST', url: '/api/auth/wechat', payload: { code: 'once' } });
    expect(reused.statusCode).toBe(401);
    expect(reused.json().error).toMatch(/登录凭证无效/);
    expect((await app.inject({ method: 'POST', url: '/api/auth/wechat', payload: { code: 'nope' } })).statusCode).toBe(
      401,
    );
    expect((await app.inject({ method: 'POST', url: '/api/auth/wechat', payload: {} })).statusCode).toBe(400);
  });

  it('a forged, tampered, expired or foreign token gets 401 and touches nothing', async () => {
    standin.codes.set('code-3', { openid: 'o-mp-3' });
    const token: string = (
      await app.inject({ method: 'POST', url: '/api/auth/wechat', payload: { code: 'code-3' } })
    ).json().token;
    const [h, p, s] = token.split('.') as [string, string, string];
    const otherSub = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: 'mp:o-mp-1' }),
    ).toString('base64url');
    const wrongKey = new TextEncoder().encode('not-the-server-secret-0123456789');
    const now = Math.floor(Date.now() / 1000);
    const sign = (claims: Record<string, unknown>, key = wrongKey) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(key);
    const bad = [
      `${h}.${otherSub}.${s}`, // payload swapped
      `${h}.${p}.${s.slice(0, -2)}AA`, // signature changed
      await sign({ sub: 'mp:o-mp-1', iss: 'jxjy-assistant', aud: 'jxjy-miniprogram', exp: now + 60 }),
      `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${p}.`,
      'garbage',
    ];
    for (const t of bad) {
      const r = await chat('还差多少', { authorization: `Bearer ${t}` });
      expect(r.statusCode, t).toBe(401);
      expect(r.json().error).toMatch(/登录/);
    }
    expect(
      (await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: 'Bearer x.y.z' } })).statusCode,
    ).toBe(401);
    expect(
      (await app.inject({ method: 'DELETE', url: '/api/me', headers: { authorization: 'Basic abc' } })).statusCode,
    ).toBe(401);
  });

  it('an expired token gets 401', async () => {
    const short = await testApp({
      AUTH_SECRET: 'identity-test-secret-0123456789abcdef',
      // expiry is in whole seconds: a 1 s token issued late in a second can lapse at once
      AUTH_TOKEN_TTL: '3s',
      WECHAT_APPID: STANDIN_APPID,
      WECHAT_SECRET: STANDIN_SECRET,
      WECHAT_API_BASE: standin.base,
    });
    try {
      standin.codes.set('code-x', { openid: 'o-exp' });
      const token = (
        await short.inject({ method: 'POST', url: '/api/auth/wechat', payload: { code: 'code-x' } })
      ).json().token;
      const ok = await short.inject({
        method: 'POST',
        url: '/api/chat',
        payload: { text: '你好' },
        headers: { authorization: `Bearer ${token}` },
      });
      expect(ok.statusCode).toBe(200);
      await new Promise((r) => setTimeout(r, 4100));
      const late = await short.inject({
        method: 'POST',
        url: '/api/chat',
        payload: { text: '你好' },
        headers: { authorization: `Bearer ${token}` },
      });
      expect(late.statusCode).toBe(401);
      expect(late.json().error).toMatch(/过期/);
    } finally {
      await short.close();
    }
  });

  it('without WECHAT_APPID / WECHAT_SECRET the login says it is not configured', async () => {
    const bare = await testApp();
    try {
      const r = await bare.inject({ method: 'POST', url: '/api/auth/wechat', payload: { code: 'abc' } });
      expect(r.statusCode).toBe(503);
    } finally {
      await bare.close();
    }
  });
});

describe('rate limits', () => {
  it('per IP across cookies, policy endpoints included; X-Forwarded-For is ignored unless TRUST_PROXY', async () => {
    const limited = await testApp({ RATE_LIMIT_IP_MAX: '4' });
    try {
      const from = (ip: string, fwd?: string) =>
        limited.inject({
          method: 'GET',
          url: '/api/policy/requirement?region=qinghai',
          remoteAddress: ip,
          headers: fwd ? { 'x-forwarded-for': fwd } : {},
        });
      const codes: number[] = [];
      for (let i = 0; i < 3; i++) codes.push((await from('10.1.1.1', `192.0.2.${i}`)).statusCode);
      // a new visitor (no cookie) each time still counts against the IP
      codes.push(
        (
          await limited.inject({
            method: 'POST',
            url: '/api/chat',
            payload: { text: '你好' },
            remoteAddress: '10.1.1.1',
          })
        ).statusCode,
      );
      const over = await from('10.1.1.1', '192.0.2.99');
      expect(codes).toEqual([200, 200, 200, 200]);
      expect(over.statusCode).toBe(429);
      expect(over.json().error).toMatch(/太频繁/);
      expect((await from('10.1.1.2')).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
    const proxied = await testApp({ RATE_LIMIT_IP_MAX: '2', TRUST_PROXY: '127.0.0.1' });
    try {
      const via = (client: string) =>
        proxied.inject({
          method: 'GET',
          url: '/api/regions',
          remoteAddress: '127.0.0.1',
          headers: { 'x-forwarded-for': client },
        });
      expect([(await via('203.0.113.1')).statusCode, (await via('203.0.113.1')).statusCode]).toEqual([200, 200]);
      expect((await via('203.0.113.1')).statusCode).toBe(429);
      expect((await via('203.0.113.2')).statusCode).toBe(200); // another client behind the same proxy
    } finally {
      await proxied.close();
    }
  });

  it('per user key: a token holder is limited whatever cookie or IP they use', async () => {
    const limited = await testApp({
      RATE_LIMIT_MAX: '2',
      WECHAT_APPID: STANDIN_APPID,
      WECHAT_SECRET: STANDIN_SECRET,
      WECHAT_API_BASE: standin.base,
    });
    try {
      standin.codes.set('code-rl', { openid: 'o-rl' });
      const token = (
        await limited.inject({ method: 'POST', url: '/api/auth/wechat', payload: { code: 'code-rl' } })
      ).json().token;
      const codes = [];
      for (let i = 0; i < 3; i++) {
        const r = await limited.inject({
          method: 'POST',
          url: '/api/chat',
          payload: { text: '你好' },
          remoteAddress: `10.2.0.${i}`,
          headers: { authorization: `Bearer ${token}`, cookie: webCookie(limited) },
        });
        codes.push(r.statusCode);
      }
      expect(codes).toEqual([200, 200, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('security headers', () => {
  it('pages and API answers carry helmet headers with a strict CSP', async () => {
    for (const url of ['/', '/console', '/api/regions']) {
      const r = await app.inject(url);
      // the console is off without staff tokens (503), and still sent with the headers
      expect(r.statusCode).toBe(url === '/console' ? 503 : 200);
      const csp = String(r.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['x-frame-options']).toBe('SAMEORIGIN');
    }
  });
});
