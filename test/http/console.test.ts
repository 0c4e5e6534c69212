// The console over HTTP (fastify inject): staff login, hand-overs by service code, the unanswered list, search,
// questions asked for a caller — and the console off when no token is configured.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { buildApp } from '../../src/http/app';
import { MemoryStore } from '../../src/sessions';
import { StoreUnavailableError } from '../../src/sessions/store';
import { TODAY, testApp, user } from '../helpers/app';

const TOKEN = 'console-token-for-tests-0001';
const BOB = 'another-staff-token-0002';
const bearer = { authorization: `Bearer ${TOKEN}` };

type App = Awaited<ReturnType<typeof testApp>>;

describe('console off without CONSOLE_TOKEN', () => {
  it('answers 503 and says so in the log', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const app = await buildApp({
      config: loadConfig({ ASSISTANT_TODAY: TODAY, CONSOLE_TOKEN: 'too-short' }),
      clock: fixedClock(TODAY),
      logger: { level: 'info', stream },
    });
    await app.ready();
    try {
      expect(lines.join('')).toContain('console off');
      expect(lines.join('')).toContain('shorter than');
      expect(lines.join('')).not.toContain('too-short');
      const page = await app.inject({ url: '/console' });
      expect(page.statusCode).toBe(503);
      expect(page.body).toContain('坐席台未开启');
      const old = await app.inject({ url: '/console.html' });
      expect(old.statusCode).toBe(301);
      expect(old.headers.location).toBe('/console');
      for (const url of ['/api/console/me', '/api/console/handoffs/123456', '/api/console/search?q=党校']) {
        const r = await app.inject({ url, headers: { authorization: 'Bearer too-short' } });
        expect(r.statusCode, url).toBe(503);
        expect(r.json().error).toContain('CONSOLE_TOKEN');
      }
      const login = await app.inject({ method: 'POST', url: '/api/console/login', payload: { token: 'too-short' } });
      expect(login.statusCode).toBe(503);
      // the public endpoints stay public
      expect((await app.inject({ url: '/api/policy/requirement?region=qinghai' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('console with the session store gone', () => {
  it('says so with 503 rather than failing', async () => {
    const store = new MemoryStore();
    const app = await testApp({ CONSOLE_TOKEN: TOKEN }, TODAY, store);
    try {
      const down = async () => {
        throw new StoreUnavailableError('redis down');
      };
      store.get = down;
      store.set = down;
      store.setMembers = down;
      for (const url of ['/api/console/handoffs/123456', '/api/console/handoffs', '/api/console/unanswered']) {
        const r = await app.inject({ url, headers: bearer });
        expect(r.statusCode, url).toBe(503);
        expect(r.json().error).toContain('系统繁忙');
      }
      const cookie = await app.inject({ url: '/api/console/me', cookies: { jxjy_console: 'A'.repeat(43) } });
      expect(cookie.statusCode).toBe(503);
      const login = await app.inject({ method: 'POST', url: '/api/console/login', payload: { token: TOKEN } });
      expect(login.statusCode).toBe(503);
      expect(login.headers['set-cookie']).toBeUndefined();
      // the caller still gets the hotline, without a code
      const r = await user(app).say('转人工');
      expect(r.reply).toContain('服务码暂时无法生成');
      expect(r.reply).toContain('0971-8258157');
    } finally {
      await app.close();
    }
  });
});

describe('console with staff tokens', () => {
  let app: App;
  beforeAll(async () => {
    app = await testApp({ CONSOLE_TOKEN: `alice:${TOKEN},bob:${BOB}` });
  });
  afterAll(async () => {
    await app?.close();
  });

  const get = (url: string, headers: Record<string, string> = bearer) => app.inject({ url, headers });

  describe('login', () => {
    it('serves the page, and /console.html moves to /console', async () => {
      const page = await app.inject({ url: '/console' });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toContain('坐席令牌');
      expect((await app.inject({ url: '/console.html' })).headers.location).toBe('/console');
    });

    it('refuses every console API without a login', async () => {
      for (const url of [
        '/api/console/me',
        '/api/console/handoffs',
        '/api/console/handoffs/123456',
        '/api/console/unanswered',
        '/api/console/search?q=党校',
      ]) {
        const r = await app.inject({ url });
        expect(r.statusCode, url).toBe(401);
        expect(r.json().error).toBe('请先登录坐席台');
        const wrong = await app.inject({ url, headers: { authorization: `Bearer ${TOKEN}x` } });
        expect(wrong.statusCode, url).toBe(401);
      }
      const ask = await app.inject({
        method: 'POST',
        url: '/api/console/ask',
        payload: { call: 'c1', text: '转人工' },
      });
      expect(ask.statusCode).toBe(401);
      // a forged cookie is nobody
      const forged = await app.inject({ url: '/api/console/me', cookies: { jxjy_console: 'A'.repeat(43) } });
      expect(forged.statusCode).toBe(401);
    });

    it('accepts a Bearer token and names its staff member', async () => {
      expect((await get('/api/console/me')).json()).toEqual({ staff: 'alice' });
      expect((await get('/api/console/me', { authorization: `Bearer ${BOB}` })).json()).toEqual({ staff: 'bob' });
    });

    it('logs in with the form: an HttpOnly, SameSite=Strict session cookie; logout ends it', async () => {
      const bad = await app.inject({ method: 'POST', url: '/api/console/login', payload: { token: 'nope' } });
      expect(bad.statusCode).toBe(401);
      expect(bad.json().error).toBe('令牌不正确');
      expect(bad.headers['set-cookie']).toBeUndefined();
      const malformed = await app.inject({
        method: 'POST',
        url: '/api/console/login',
        headers: { 'content-type': 'application/json' },
        payload: '{"token":',
      });
      expect(malformed.statusCode).toBe(400);

      const ok = await app.inject({ method: 'POST', url: '/api/console/login', payload: { token: TOKEN } });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toEqual({ staff: 'alice' });
      const setCookie = String(ok.headers['set-cookie']);
      expect(setCookie).toMatch(/^jxjy_console=[A-Za-z0-9_-]{43};/);
      expect(setCookie).toContain('HttpOnly');
      expect(setCookie).toContain('SameSite=Strict');
      expect(setCookie).toContain('Path=/');
      expect(setCookie).not.toContain('Secure');
      expect(setCookie).not.toContain(TOKEN);
      const cookie = ok.cookies.find((c) => c.name === 'jxjy_console')!;
      const me = await app.inject({ url: '/api/console/me', cookies: { jxjy_console: cookie.value } });
      expect(me.json()).toEqual({ staff: 'alice' });

      const out = await app.inject({
        method: 'POST',
        url: '/api/console/logout',
        cookies: { jxjy_console: cookie.value },
      });
      expect(out.statusCode).toBe(200);
      expect(String(out.headers['set-cookie'])).toMatch(/jxjy_console=;/);
      const after = await app.inject({ url: '/api/console/me', cookies: { jxjy_console: cookie.value } });
      expect(after.statusCode).toBe(401);
    });

    it('marks the cookie Secure behind https (a proxy the app is told to trust)', async () => {
      const proxied = await testApp({ CONSOLE_TOKEN: `bob:${BOB}`, TRUST_PROXY: 'true' });
      const ok = await proxied.inject({
        method: 'POST',
        url: '/api/console/login',
        headers: { 'x-forwarded-proto': 'https' },
        payload: { token: BOB },
      });
      expect(String(ok.headers['set-cookie'])).toContain('Secure');
      await proxied.close();
    });

    it('slows down guessing: the eleventh try in a minute is refused', async () => {
      const guess = (i: number) =>
        app.inject({
          method: 'POST',
          url: '/api/console/login',
          remoteAddress: '10.9.8.7',
          payload: { token: `guess-${i}-xxxxxxxxxxxxxxxx` },
        });
      const codes: number[] = [];
      for (let i = 0; i < 11; i++) codes.push((await guess(i)).statusCode);
      expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
      expect(codes[10]).toBe(429);
    });
  });

  describe('hand-over', () => {
    it('gives a service code with the hotline of the place told, and staff open the conversation by it', async () => {
      const u = user(app);
      const r = await u.say('我是六安的，转人工');
      expect(r.intent).toBe('human');
      const code = /服务码：(\d{6})（24小时内有效）/.exec(r.reply)?.[1];
      expect(code).toBeDefined();
      expect(r.result.code).toBe(code);
      expect(r.reply).toContain('3379851');
      expect(r.reply).toContain('六安市人力资源和社会保障局');
      expect(r.reply).not.toContain('0971-8258157');

      const h = await get(`/api/console/handoffs/${code}`);
      expect(h.statusCode).toBe(200);
      const body = h.json();
      expect(body.code).toBe(code);
      expect(body.reason).toBe('asked');
      expect(body.where).toBe('安徽省 六安市');
      expect(body.transcript.map((t: { text: string }) => t.text)).toEqual(['我是六安的，转人工']);
      expect(body.hotlines[0].phones.join()).toContain('3379851');
      expect(body.userId).toBeUndefined();
      expect(Date.parse(body.expiresAt) - Date.parse(body.createdAt)).toBe(24 * 3600 * 1000);
    });

    it('shows the transcript, the facts understood and the last answer with its citations', async () => {
      const u = user(app);
      const a = await u.say('青海发明专利排第2能算多少学时');
      expect(a.citations.length).toBeGreaterThan(0);
      const r = await u.say('转人工');
      const code = r.result.code as string;
      const body = (await get(`/api/console/handoffs/${code}`)).json();
      expect(body.transcript.map((t: { text: string }) => t.text)).toEqual(['青海发明专利排第2能算多少学时', '转人工']);
      expect(body.transcript[0].reply).toBe(a.reply);
      expect(body.facts).toContainEqual({ label: '地区', value: '青海省' });
      expect(body.facts).toContainEqual({ label: '成果', value: '发明专利（排第2）' });
      expect(body.last.reply).toBe(a.reply);
      expect(body.last.citations).toEqual(a.citations);
      expect(body.last.citations[0].quote).toContain('1-3名认定为60学时');
      // the hotline of the region understood
      expect(r.reply).toContain('0971-8258157');
      // the same user gets the same code all day
      const again = await u.say('人工客服');
      expect(again.result.code).toBe(code);
      // and it is in today's list
      const list = (await get('/api/console/handoffs')).json();
      expect(list.handoffs.map((x: { code: string }) => x.code)).toContain(code);
    });

    it('hands over by itself after two misses in a row', async () => {
      const u = user(app);
      const one = await u.say('asdfgh');
      expect(one.reply).not.toContain('服务码');
      const two = await u.say('qwerty zxcv');
      expect(two.reply).toMatch(/服务码：\d{6}/);
      const body = (await get(`/api/console/handoffs/${two.result.code}`)).json();
      expect(body.reason).toBe('misses');
      expect(body.transcript.map((t: { text: string }) => t.text)).toEqual(['asdfgh', 'qwerty zxcv']);
    });

    it('says plainly when a code is unknown or malformed', async () => {
      const none = await get('/api/console/handoffs/000001');
      expect(none.statusCode).toBe(404);
      expect(none.json().error).toContain('24小时');
      const bad = await get('/api/console/handoffs/12ab56');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error).toBe('服务码是6位数字');
    });
  });

  describe('unanswered list', () => {
    it('groups what got no answer by similar wording', async () => {
      const fresh = await testApp({ CONSOLE_TOKEN: TOKEN });
      try {
        const say = (text: string) => user(fresh).say(text);
        await say('青海2024年要多少学时');
        await say('青海2024年每年要学多少学时');
        await say('今天天气怎么样');
        await say('青海发明专利排第2能算多少学时'); // answered: not listed
        const r = await fresh.inject({ url: '/api/console/unanswered?days=7', headers: bearer });
        expect(r.statusCode).toBe(200);
        const body = r.json();
        expect(body.total).toBe(3);
        expect(body.groups[0].count).toBe(2);
        expect(body.groups[0].kinds).toEqual({ not_recorded: 2 });
        expect(body.groups[0].regions).toEqual(['qinghai']);
        expect(body.groups[1].kinds).toEqual({ out_of_scope: 1 });
        const bad = await fresh.inject({ url: '/api/console/unanswered?days=abc', headers: bearer });
        expect(bad.statusCode).toBe(400);
      } finally {
        await fresh.close();
      }
    });
  });

  describe('search', () => {
    const search = (q: Record<string, string>) => get(`/api/console/search?${new URLSearchParams(q)}`);

    it('finds what people mean: 不计入, 党校, 海东 电话', async () => {
      const a = (await search({ q: '不计入', region: 'qinghai' })).json();
      expect(a.hits[0].quote).toContain('岗前培训');
      expect(a.hits[0].noticeYear).toBe(2023);
      const b = (await search({ q: '党校' })).json();
      expect(b.hits[0].kind).toBe('conversion');
      expect(b.hits[0].kindLabel).toBe('折算规则');
      const c = (await search({ q: '海东 电话', region: 'anhui' })).json();
      expect(c.region).toBe('qinghai');
      expect(c.regionFromQuery).toBe(true);
      expect(c.hits[0].placeName).toBe('海东市');
      expect(c.hits[0].phones[0]).toContain('8611871');
    });

    it('marks an older notice’s clause under a later year', async () => {
      const r = (await search({ q: '岗前培训', region: 'qinghai', year: '2025' })).json();
      expect(r.hits[0].older).toBe(true);
      expect(r.hits[0].noticeYear).toBe(2023);
    });

    it('refuses a bad request with a Chinese message', async () => {
      expect((await search({})).statusCode).toBe(400);
      expect((await search({ q: '党校', region: 'mars' })).json().error).toContain('未收录的地区');
      expect((await search({ q: '党校', year: '25' })).statusCode).toBe(400);
      expect((await search({ q: 'x'.repeat(201) })).statusCode).toBe(400);
      expect((await search({ q: '党校', kind: 'nothing' })).statusCode).toBe(400);
    });
  });

  describe('asking for a caller', () => {
    const ask = (call: string, text: string) =>
      app.inject({ method: 'POST', url: '/api/console/ask', headers: bearer, payload: { call, text } });

    it('answers like the chat, remembers within a call and forgets across calls', async () => {
      const q = await ask('call-1', '青海发明专利能算多少学时');
      expect(q.statusCode).toBe(200);
      expect(q.json().awaiting.slot).toBe('rank');
      const a = await ask('call-1', '排第5');
      expect(a.json().reply).toContain('50学时');
      const other = await ask('call-2', '排第5');
      expect(other.json().reply).not.toContain('50学时');
    });

    it('refuses bad input plainly', async () => {
      expect((await ask('bad id!', '你好')).statusCode).toBe(400);
      const long = await ask('call-3', '学'.repeat(600));
      expect(long.statusCode).toBe(400);
      expect(long.json().error).toContain('字以内');
    });

    it('keeps staff trials out of the unanswered list', async () => {
      const fresh = await testApp({ CONSOLE_TOKEN: TOKEN });
      try {
        await fresh.inject({
          method: 'POST',
          url: '/api/console/ask',
          headers: bearer,
          payload: { call: 'c', text: '今天天气怎么样' },
        });
        const r = await fresh.inject({ url: '/api/console/unanswered', headers: bearer });
        expect(r.json().total).toBe(0);
      } finally {
        await fresh.close();
      }
    });
  });
});
