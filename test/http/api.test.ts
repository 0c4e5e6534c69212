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
    [{}, /text/],
    [{ userId: 'u1' }, /text/],
    [{ text: 42 }, /text/],
    [{ text: '你好', extra: 1 }, /请求参数有误/],
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

  it('rate-limits one user (cookie), not the others', async () => {
    const limited = await testApp({ RATE_LIMIT_MAX: '3' });
    try {
      const busy = user(limited);
      const calm = user(limited);
      const codes = [];
      for (let i = 0; i < 5; i++)
        codes.push(
          await busy.say('你好').then(
            () => 200,
            (e: Error) => Number(e.message.slice(5, 8)),
          ),
        );
      expect(codes).toEqual([200, 200, 200, 429, 429]);
      const res = await limited.inject({
        method: 'POST',
        url: '/api/chat',
        payload: { text: '你好' },
        headers: { cookie: busy.cookie },
      });
      expect(res.statusCode).toBe(429);
      expect(res.json().error).toMatch(/太频繁/);
      expect(res.headers['retry-after']).toBeDefined();
      expect((await calm.say('你好')).reply).toBeTruthy();
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
    // the numbers of the notice of the year asked, each with its area code (marked where the notice prints none)
    const y23 = (await app.inject('/api/policy/contacts?region=qinghai&topic=tech&year=2023')).json();
    expect(y23.noticeYear).toBe(2023);
    expect(y23.contacts.flatMap((x: { phones: string[] }) => x.phones)).toContain('15979952660');
    const y25 = (await app.inject('/api/policy/contacts?region=qinghai&year=2025')).json();
    expect(y25.contacts.flatMap((x: { phones: string[] }) => x.phones)).not.toContain('15979952660');
    expect(y25.contacts[0]).toMatchObject({ year: 2025, areaCodeAdded: expect.arrayContaining(['0971-8258153']) });
    const hefei = (await app.inject('/api/policy/contacts?region=anhui&place=hefei')).json();
    expect(hefei.outside).toEqual({ place: '合肥市', noticePlaces: ['六安市'] });
    const kind = (await app.inject('/api/policy/kind?region=qinghai&kind=paper&year=2025')).json();
    expect(kind).toMatchObject({ status: 'ok', kind: 'kind', activity: 'paper' });
    expect(kind.rules[0].caps[0]).toMatchObject({ hours: 20, per: 'year' });
    expect((await app.inject('/api/policy/kind?region=qinghai&kind=levitation')).statusCode).toBe(400);
    const s = await app.inject(`/api/policy/search?region=qinghai&text=${encodeURIComponent('岗前培训')}`);
    expect(s.json().hits[0].summary).toMatch(/不纳入/);
    expect(s.json().citations[0].quote).toMatch(/岗前培训/);
    const r = await app.inject('/api/regions');
    expect(r.json().regions.map((x: any) => x.id)).toEqual(expect.arrayContaining(['qinghai', 'jining', 'anhui']));
    expect((await app.inject('/api/policy/search')).statusCode).toBe(400);
  });
});
