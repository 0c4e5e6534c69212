// HTTP API through fastify's inject: validation, errors, limits, policy endpoints, docs, static page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasHours, testApp, user } from '../helpers/app';

let app: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app.close();
});

describe('HTTP API', () => {
  it('answers health checks with the configured date', async () => {
    const res = await app.inject('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, today: '2025-10-15' });
  });

  it('chats: a cited answer with intent and citations', async () => {
    const r = await user(app).say('青海发明专利排第2能算多少学时');
    expect(r.intent).toBe('convert');
    expect(hasHours(r.reply, 60)).toBe(true);
    expect(r.reply).toMatch(/依据：青人社厅函〔2025〕153号/);
    expect(r.citations[0]).toMatchObject({ doc: '青人社厅函〔2025〕153号' });
    expect(r.citations[0]!.quote).toContain('60学时');
    expect(r.result).toMatchObject({ kind: 'conversion', total: 60 });
  });

  it('asks back with awaiting set when a slot is missing', async () => {
    const r = await user(app).say('发明专利能算多少学时');
    expect(r.awaiting?.slot).toBe('region');
    expect(r.reply).toMatch(/[？?]/);
  });

  it('400 on malformed JSON, with a Chinese message', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/chat',
      headers: { 'content-type': 'application/json' },
      payload: '{"userId": "u1", "text": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/请求格式有误/);
  });

  it.each([
    [{ text: '你好' }, /userId/],
    [{ userId: 'u1' }, /text/],
    [{ userId: '', text: '你好' }, /userId/],
    [{ userId: 'u1', text: 42 }, /text/],
    [{ userId: 'u1', text: '你好', extra: 1 }, /请求参数有误/],
  ])('400 on bad body %j', async (payload, msg) => {
    const res = await app.inject({ method: 'POST', url: '/api/chat', payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(msg);
  });

  it('400 on text over the length limit, without touching the session', async () => {
    const u = user(app);
    await u.say('我是青海的');
    const res = await app.inject({
      method: 'POST',
      url: '/api/chat',
      payload: { userId: u.id, text: '学'.repeat(2000) },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/太长/);
    const after = await u.say('发明专利排第1能算多少学时');
    expect(hasHours(after.reply, 60)).toBe(true);
  });

  it('empty, whitespace-only and emoji-only text get a clear reply', async () => {
    const u = user(app);
    for (const text of ['', '   ', '\u200b']) {
      const r = await u.say(text);
      expect(r.reply).toMatch(/请输入您的问题/);
    }
    const emoji = await u.say('😀😀👍');
    expect(emoji.reply).toMatch(/继续教育|学时/);
    expect(emoji.reply).not.toMatch(/\d+学时/);
  });

  it('rate-limits one user, not the others', async () => {
    const limited = await testApp({ RATE_LIMIT_MAX: '3' });
    try {
      const send = (userId: string) =>
        limited.inject({ method: 'POST', url: '/api/chat', payload: { userId, text: '你好' } });
      const codes = [];
      for (let i = 0; i < 5; i++) codes.push((await send('busy')).statusCode);
      expect(codes.slice(0, 3)).toEqual([200, 200, 200]);
      expect(codes[3]).toBe(429);
      const res = await send('busy');
      expect(res.json().error).toMatch(/太频繁/);
      expect((await send('calm')).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('policy endpoints answer with results and citations', async () => {
    const conv = await app.inject({
      method: 'POST',
      url: '/api/policy/convert',
      payload: { region: 'anhui', achievements: [{ kind: 'patent', patentType: 'invention', rank: 2 }] },
    });
    expect(conv.statusCode).toBe(200);
    expect(conv.json()).toMatchObject({ status: 'ok', total: 47, year: 2025 });
    const req = await app.inject('/api/policy/requirement?region=qinghai&year=2023');
    expect(req.json()).toMatchObject({ status: 'ok', total: 135, public: 45, professional: 90 });
    const none = await app.inject('/api/policy/requirement?region=qinghai&year=2024');
    expect(none.json()).toMatchObject({ status: 'not_recorded' });
    expect(none.json().total).toBeUndefined();
    const elig = await app.inject({
      method: 'POST',
      url: '/api/policy/eligibility',
      payload: { region: 'qinghai', level: 'senior' },
    });
    expect(elig.json()).toMatchObject({ status: 'ok', qualifies: null });
    expect(elig.json().rule).toMatch(/近4年/);
    const dl = await app.inject('/api/policy/deadlines?region=qinghai&year=2025');
    expect(dl.json().deadlines.some((d: any) => d.date === '2025-12-20')).toBe(true);
  });

  it('policy endpoints reject bad input with 400', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: '/api/policy/convert',
      payload: { region: 'qinghai', achievements: [{ kind: 'patent', rank: 0 }] },
    });
    expect(bad.statusCode).toBe(400);
    const noRegion = await app.inject('/api/policy/requirement');
    expect(noRegion.statusCode).toBe(400);
  });

  it('serves OpenAPI docs and the chat page', async () => {
    const spec = await app.inject('/docs/json');
    expect(spec.statusCode).toBe(200);
    expect(Object.keys(spec.json().paths)).toEqual(expect.arrayContaining(['/api/chat', '/api/policy/convert']));
    const page = await app.inject('/');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/html/);
  });
});

describe('lookup endpoints for the hotline console', () => {
  it('contacts by organisation name, clause search and the region list', async () => {
    const c = await app.inject('/api/policy/contacts?region=qinghai&text=两弹一星干部学院');
    expect(c.json()).toMatchObject({ status: 'ok', named: true });
    expect(c.json().contacts[0].phones).toContain('0970-7689003');
    const s = await app.inject(`/api/policy/search?region=qinghai&text=${encodeURIComponent('岗前培训')}`);
    expect(s.json().hits[0].summary).toMatch(/不纳入/);
    expect(s.json().citations[0].quote).toMatch(/岗前培训/);
    const r = await app.inject('/api/regions');
    expect(r.json().regions.map((x: any) => x.id)).toEqual(expect.arrayContaining(['qinghai', 'jining', 'anhui']));
    expect((await app.inject('/api/policy/search')).statusCode).toBe(400);
  });
});
