// The hotline console in a real browser (Debian Chromium) against the real app: staff login, a hand-over opened
// by its service code, search that finds what people mean, answer cards, copying, the unanswered list.
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasHours, TODAY, testApp, user } from '../helpers/app';
import { launchBrowser, SHOTS, skipBrowser } from '../helpers/browser';

type Cite = { doc: string; section: string; quote: string };
/** The quote as read on screen: the **bold** marks of the stored notice text become bold type. */
const shown = (quote: string) => quote.replace(/\*\*/g, '');
const TOKEN = 'browser-console-token-0001';

describe.skipIf(skipBrowser)('hotline console page (browser)', () => {
  let app: Awaited<ReturnType<typeof testApp>>;
  let base: string;
  let context: BrowserContext;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    app = await testApp({ CONSOLE_TOKEN: `王坐席:${TOKEN}` });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser({ viewport: { width: 1366, height: 900 } });
    context = browser.context;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  }, 60_000);

  afterEach(async () => {
    await browser?.closePages();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function logIn(page: Page) {
    await page.locator('#login-token').fill(TOKEN);
    await page.locator('#login-submit').click();
    await page.locator('#app').waitFor();
  }

  /** Opens the console with nothing remembered, logs in when asked, and waits for the region list. */
  async function openConsole(): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${base}/console`);
    await page.evaluate(() => {
      for (const k of Object.keys(window.localStorage))
        if (k.startsWith('jxjy.console.')) window.localStorage.removeItem(k);
    });
    await page.reload();
    await page.locator('#login:not([hidden]), #app:not([hidden])').first().waitFor();
    if (await page.locator('#login').isVisible()) await logIn(page);
    await page.locator('body.ready').waitFor();
    return page;
  }

  /** Changes a selector and returns the JSON the named endpoint answered with. */
  async function choose(page: Page, select: string, option: { label?: string; value?: string }, endpoint: string) {
    const response = page.waitForResponse((r) => r.url().includes(endpoint));
    await page.locator(select).selectOption(option);
    return (await response).json();
  }

  const req = (page: Page) => page.locator('#req-panel');
  const quotesIn = (page: Page, sel: string) => page.locator(`${sel} .quote`).allTextContents();

  it('lets staff in with their token only, keeps them in across pages, and lets them out', async () => {
    await context.clearCookies();
    const page = await browser.newPage();
    await page.goto(`${base}/console.html`);
    expect(new URL(page.url()).pathname).toBe('/console');
    await page.locator('#login:not([hidden])').waitFor();
    expect(await page.locator('#app').isVisible()).toBe(false);
    expect(await page.locator('#login-token').getAttribute('type')).toBe('password');
    await page.screenshot({ path: join(SHOTS, 'console-login.png') });

    await page.locator('#login-token').fill('wrong-token-wrong-token');
    await page.locator('#login-submit').click();
    await expect.poll(() => page.locator('#login-error').textContent()).toBe('令牌不正确');
    expect(await page.locator('#app').isVisible()).toBe(false);

    await logIn(page);
    await page.locator('body.ready').waitFor();
    expect(await page.locator('#staff').textContent()).toBe('坐席：王坐席');
    const cookie = (await context.cookies(base)).find((c) => c.name === 'jxjy_console')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    expect(cookie.value).not.toContain(TOKEN);
    expect(await page.evaluate(() => document.cookie)).not.toContain('jxjy_console');
    expect(await page.evaluate(() => JSON.stringify(window.localStorage))).not.toContain(TOKEN);

    // another tab is logged in too
    const other = await browser.newPage();
    await other.goto(`${base}/console`);
    await other.locator('body.ready').waitFor();
    expect(await other.locator('#login').isVisible()).toBe(false);

    await page.locator('#logout').click();
    await expect.poll(() => page.locator('#login').isVisible()).toBe(true);
    // the other tab's next request finds the session gone and asks for the token again
    await other.locator('#ho-code').fill('123456');
    await expect.poll(() => other.locator('#login').isVisible()).toBe(true);
    expect(await other.locator('#login-error').textContent()).toBe('登录已失效，请重新登录。');
  });

  it('shows the year requirement, deadlines and contacts for the chosen region, and remembers it', async () => {
    const page = await openConsole();
    expect(await page.locator('#today').textContent()).toContain(TODAY);
    expect(await page.locator('#year').inputValue()).toBe('2025');

    const ah = await choose(page, '#region', { label: '安徽省' }, '/api/policy/requirement');
    expect(ah.total).toBe(90);
    await expect.poll(() => req(page).locator('.fig-value .num').allTextContents()).toEqual(['90', '60']);

    const requirement = page.waitForResponse((r) => r.url().includes('/api/policy/requirement'));
    const deadlines = page.waitForResponse((r) => r.url().includes('/api/policy/deadlines'));
    await page.locator('#region').selectOption({ label: '青海省' });
    const qh = await (await requirement).json();
    const dl = await (await deadlines).json();
    expect(qh.status).toBe('ok');

    // 90 / 30 / 60 with the 153号 clause quoted in full
    await expect.poll(() => req(page).locator('.fig-value .num').allTextContents()).toEqual(['90', '30', '60']);
    expect(await req(page).locator('.fig-label').allTextContents()).toEqual([
      '每年总计不少于',
      '公需科目不少于',
      '专业科目不少于',
    ]);
    expect(await req(page).locator('.cite-doc').allTextContents()).toEqual(['青人社厅函〔2025〕153号']);
    expect(await req(page).locator('.cite-section').textContent()).toBe(qh.citations[0].section);
    expect(await quotesIn(page, '#req-panel')).toEqual([shown(qh.citations[0].quote)]);
    expect(await req(page).locator('.quote').isVisible()).toBe(true);
    expect(await req(page).locator('[data-ctx]').textContent()).toBe('青海省 · 2025年');

    // deadlines with the days left from the server's today (2025-10-15 → 2025-12-10)
    const dlPanel = page.locator('#dl-panel');
    await expect.poll(() => dlPanel.locator('.deadline').count()).toBe(dl.deadlines.length);
    const next = dlPanel.locator('.deadline.next');
    expect(await next.count()).toBe(1);
    expect(await next.locator('.dl-date').textContent()).toBe('2025-12-10');
    expect(await next.locator('.days').textContent()).toBe('还剩56天');
    expect(await dlPanel.locator('.deadline.past .days').first().textContent()).toMatch(/^已过\d+天$/);
    expect(await dlPanel.locator('.deadline .dl-date').allTextContents()).toContain('2025-12-31 18:00');

    // contacts for 西宁
    const ct = await choose(page, '#place', { label: '西宁市' }, '/api/policy/contacts');
    expect(ct.contacts[0].phones).toContain('0971-6163992');
    const phones = page.locator('#ct-panel .phone');
    await expect.poll(() => phones.allTextContents()).toEqual(['0971-6163992']);
    expect(await page.locator('#ct-panel .ct-org').first().textContent()).toContain('西宁市人社局');

    // search by organisation name
    const named = page.waitForResponse((r) => r.url().includes('/api/policy/contacts'));
    await page.locator('#ct-text').fill('干部网络学院');
    await page.locator('#ct-text').press('Enter');
    expect(new URL((await named).url()).searchParams.get('text')).toBe('干部网络学院');
    await expect.poll(() => phones.allTextContents()).toContain('0971-4396397');
    expect(await phones.allTextContents()).not.toContain('0971-6163992');

    await page.screenshot({ path: join(SHOTS, 'console-desktop.png'), fullPage: false });

    // region, place and year are remembered
    await page.reload();
    await page.locator('body.ready').waitFor();
    expect(await page.locator('#region').inputValue()).toBe('qinghai');
    expect(await page.locator('#place').inputValue()).toBe('xining');
    expect(await page.locator('#year').inputValue()).toBe('2025');
    await expect.poll(() => req(page).locator('.fig-value .num').allTextContents()).toEqual(['90', '30', '60']);
  });

  it('says 暂未收录 plainly for a year without a notice', async () => {
    const page = await openConsole();
    await choose(page, '#region', { label: '青海省' }, '/api/policy/requirement');
    await expect.poll(() => req(page).locator('.fig-value .num').count()).toBe(3);
    const body = await choose(page, '#year', { value: '2024' }, '/api/policy/requirement');
    expect(body.status).toBe('not_recorded');
    await expect.poll(() => req(page).locator('.nr-title').textContent()).toBe('暂未收录');
    expect(await req(page).locator('.fig-value').count()).toBe(0);
    expect(await req(page).locator('.panel-body').textContent()).toContain('2019、2023、2025');
    await expect.poll(() => page.locator('#dl-panel .nr-title').textContent()).toBe('暂未收录');
    expect(await page.locator('#dl-panel .deadline').count()).toBe(0);
    expect(await page.evaluate(() => window.localStorage.getItem('jxjy.console.year'))).toBe('2024');

    // back to the year with a notice
    await choose(page, '#year', { value: '2025' }, '/api/policy/requirement');
    await expect.poll(() => req(page).locator('.fig-value .num').allTextContents()).toEqual(['90', '30', '60']);
    expect(await req(page).locator('.nr-title').count()).toBe(0);
  });

  it('opens a hand-over by its service code: transcript, what was understood, last answer with the quote', async () => {
    // a caller talks to the assistant and asks for a person
    const caller = user(app);
    const answered = await caller.say('我是六安的，发明专利排第2能算多少学时');
    expect(answered.citations.length).toBeGreaterThan(0);
    const handed = await caller.say('转人工');
    const code = handed.result.code as string;
    expect(handed.reply).toContain(code);

    const page = await openConsole();
    // today's hand-overs are listed
    await expect.poll(() => page.locator('#ho-recent .recent-code').allTextContents()).toContain(code);
    const response = page.waitForResponse((r) => r.url().includes(`/api/console/handoffs/${code}`));
    await page.locator('#ho-code').fill(code);
    const body = await (await response).json();
    const card = page.locator('#ho-body .handoff');
    await card.waitFor();
    expect(await card.locator('.ho-code').textContent()).toBe(code);
    expect(await card.locator('.tag').first().textContent()).toBe('来电人要求转人工');
    // what the assistant understood
    const facts = await card
      .locator('.fact')
      .evaluateAll((rows) =>
        rows.map((r) => `${r.querySelector('dt')?.textContent}=${r.querySelector('dd')?.textContent}`),
      );
    expect(facts).toContain('地区=安徽省 六安市');
    expect(facts).toContain('成果=发明专利（排第2）');
    // the last answer with its citations, quoted
    expect(await card.locator('.ho-last .reply').textContent()).toBe(answered.reply);
    expect(await card.locator('.ho-last .quote').allTextContents()).toEqual(
      answered.citations.map((c: Cite) => shown(c.quote)),
    );
    // the conversation, turn by turn
    expect(await card.locator('.transcript .turn-user .said').allTextContents()).toEqual([
      '我是六安的，发明专利排第2能算多少学时',
      '转人工',
    ]);
    expect(body.transcript).toHaveLength(2);
    // the caller's place's lines, dialable
    expect(await card.locator('.contacts .phone a.tel').first().getAttribute('href')).toMatch(/^tel:\d*3379851$/);
    // the panels follow the caller's region and place
    await expect.poll(() => page.locator('#region').inputValue()).toBe('anhui');
    expect(await page.locator('#place').inputValue()).toBe('luan');
    await page.screenshot({ path: join(SHOTS, 'console-handoff.png'), fullPage: false });

    // copy a summary for the ticket
    await card.locator('.ho-head button.copy').click();
    await expect.poll(() => card.locator('.ho-head button.copy').textContent()).toBe('已复制');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain(`服务码 ${code}`);
    expect(copied).toContain('地区：安徽省 六安市');
    expect(copied).toContain(answered.citations[0]!.doc);

    // an unknown code is said plainly
    await page.locator('#ho-code').fill('000001');
    await expect.poll(() => page.locator('#ho-panel .panel-error').textContent()).toContain('没有找到服务码 000001');
    expect(await page.locator('#ho-body .handoff').count()).toBe(0);
  });

  it('searches everything: 不计入, 党校, 海东 电话 — with the notice year of older clauses', async () => {
    const page = await openConsole();
    await choose(page, '#region', { label: '青海省' }, '/api/policy/requirement');
    const panel = page.locator('#sr-panel');
    const search = async (text: string) => {
      const response = page.waitForResponse((r) => r.url().includes('/api/console/search'));
      await page.locator('#sr-text').fill(text);
      await page.locator('#sr-text').press('Enter');
      const res = await response;
      const body = await res.json();
      await expect.poll(() => panel.locator('.hit').count()).toBe(body.hits.length);
      return { url: new URL(res.url()), body };
    };

    const a = await search('不计入');
    expect(a.url.searchParams.get('region')).toBe('qinghai');
    expect(a.url.searchParams.get('year')).toBe('2025');
    const first = panel.locator('.hit').first();
    expect(await first.locator('.quote').textContent()).toContain('事业单位新进人员岗前培训');
    // a clause of the 2023 notice under 2025 says so
    expect(await first.locator('.notice-year').textContent()).toBe('2023年通知');
    expect(await first.locator('.notice-year.old').count()).toBe(1);
    expect(await first.locator('.cite-doc').textContent()).toBe(a.body.hits[0].doc);

    const b = await search('党校');
    expect(b.body.hits[0].kind).toBe('conversion');
    expect(await panel.locator('.hit .kind').first().textContent()).toBe('折算规则');
    expect(await panel.locator('.hit .hit-title').first().textContent()).toContain('党校');
    expect(await panel.locator('.hit .hit-text').first().textContent()).toContain('每天7学时');

    // a place named in the query wins over the region chosen
    const refreshed = page.waitForResponse((r) => r.url().includes('/api/console/search'));
    await page.locator('#sr-region').selectOption({ label: '安徽省' });
    await refreshed;
    const c = await search('海东 电话');
    expect(c.url.searchParams.get('region')).toBe('anhui');
    expect(await panel.locator('.hint.warn').textContent()).toContain('青海省');
    const tel = panel.locator('.hit').first().locator('a.tel');
    expect(await tel.textContent()).toBe('0972-8611871');
    expect(await tel.getAttribute('href')).toBe('tel:09728611871');
    await page.screenshot({ path: join(SHOTS, 'console-search.png'), fullPage: false });

    // copy one hit with its source
    await panel.locator('.hit').first().locator('button.copy').click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('海东市人社局');
    expect(copied).toContain('0972-8611871');
    expect(copied).toContain('依据：青人社厅函〔2025〕153号');

    // all regions, any year; nothing found is said plainly
    const all = page.waitForResponse((r) => r.url().includes('/api/console/search'));
    await page.locator('#sr-region').selectOption({ value: '' });
    await all;
    await page.locator('#sr-text').fill('火星探测');
    await page.locator('#sr-text').press('Enter');
    await expect.poll(() => panel.locator('.panel-body').textContent()).toContain('没有找到与「火星探测」相关的内容');
    expect(await panel.locator('.quote').count()).toBe(0);
  });

  it('answers a caller question in a card: one line to read aloud, the calculation once, 依据 once; copy', async () => {
    const page = await openConsole();
    await choose(page, '#region', { label: '青海省' }, '/api/policy/requirement');
    const call = await page.evaluate(() => window.localStorage.getItem('jxjy.console.call'));
    expect(call).toMatch(/^[A-Za-z0-9_-]+$/);

    const sent: Array<{ call: string; text: string }> = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/console/ask')) sent.push(r.postDataJSON());
    });
    const response = page.waitForResponse((r) => r.url().endsWith('/api/console/ask'));
    await page.locator('#question').fill('发明专利排第2能算多少学时');
    await page.locator('#question').press('Enter');
    const body = await (await response).json();
    expect(sent).toEqual([{ call, text: '青海省：发明专利排第2能算多少学时' }]);

    const card = page.locator('#answers .answer').first();
    await card.waitFor();
    const read = (await card.locator('.read-aloud').textContent()) ?? '';
    expect(read).toBe(body.reply.split('\n')[0]);
    expect(hasHours(read, 60)).toBe(true);
    expect(await card.locator('.asked-text').textContent()).toBe('发明专利排第2能算多少学时');
    expect(await card.locator('.sent').textContent()).toContain(sent[0]!.text);
    // the calculation once (not again inside the reply), 依据 once with every quote
    expect(await card.locator('.trace li').allTextContents()).toEqual(body.result.trace);
    expect(await card.locator('.reply').count()).toBeLessThanOrEqual(1);
    const rest = (await card.locator('.reply').allTextContents()).join('');
    expect(rest).not.toContain('计算过程');
    expect(rest).not.toContain('依据：');
    expect(await card.locator('details.basis').count()).toBe(1);
    expect(await card.locator('.cite-doc').allTextContents()).toEqual(body.citations.map((c: Cite) => c.doc));
    expect(await card.locator('.quote').allTextContents()).toEqual(body.citations.map((c: Cite) => shown(c.quote)));
    expect(await card.locator('.quote').first().isVisible()).toBe(true);
    expect(await page.locator('#question').inputValue()).toBe('');

    // copy: the answer as read out, the calculation once, 依据 with the quotes
    await card.locator('.answer-head button.copy').click();
    await expect.poll(() => card.locator('.answer-head button.copy').textContent()).toBe('已复制');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('问：发明专利排第2能算多少学时');
    expect(copied).toContain(`答：${read}`);
    expect(copied.split('计算过程').length - 1).toBe(1);
    expect(copied).toContain(
      `${body.citations[0].doc} ${body.citations[0].section}：“${shown(body.citations[0].quote)}”`,
    );

    // a question naming another region is sent as typed
    const second = page.waitForResponse((r) => r.url().endsWith('/api/console/ask'));
    await page.locator('#question').fill('安徽每年要多少学时');
    await page.locator('#ask').click();
    const b2 = await (await second).json();
    expect(sent[1]!.text).toBe('安徽每年要多少学时');
    await expect.poll(() => page.locator('#answers .answer').count()).toBe(2);
    expect(await page.locator('#answers .answer').first().locator('.read-aloud').textContent()).toBe(
      b2.reply.split('\n')[0],
    );
    await page.screenshot({ path: join(SHOTS, 'console-answer.png'), fullPage: false });

    // a new call starts afresh
    await page.locator('#new-call').click();
    expect(await page.locator('#answers .answer').count()).toBe(0);
    const next = await page.evaluate(() => window.localStorage.getItem('jxjy.console.call'));
    expect(next).not.toBe(call);
  });

  it('keeps a follow-up in the same card: typed and tapped answers are sent as said', async () => {
    const page = await openConsole();
    await choose(page, '#region', { label: '青海省' }, '/api/policy/requirement');
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/console/ask')) sent.push(r.postDataJSON().text);
    });
    const ask = async (action: () => Promise<void>) => {
      const response = page.waitForResponse((r) => r.url().endsWith('/api/console/ask'));
      await action();
      return (await response).json();
    };

    const q1 = await ask(async () => {
      await page.locator('#question').fill('发明专利能算多少学时');
      await page.locator('#question').press('Enter');
    });
    expect(q1.awaiting?.slot).toBe('rank');
    await expect.poll(() => page.locator('#follow-up').isVisible()).toBe(true);
    expect(await page.locator('#follow-up-text').textContent()).toBe(q1.awaiting.question);
    const a1 = await ask(async () => {
      await page.locator('#question').fill('排第5');
      await page.locator('#ask').click();
    });
    expect(sent.slice(0, 2)).toEqual(['青海省：发明专利能算多少学时', '排第5']);
    expect(hasHours(a1.reply, 50)).toBe(true);
    await expect.poll(() => page.locator('#follow-up').isVisible()).toBe(false);
    // one card: the question, the caller's answer, the figure
    expect(await page.locator('#answers .answer').count()).toBe(1);
    const card = page.locator('#answers .answer').first();
    expect(await card.locator('.follow-said').allTextContents()).toEqual(['排第5']);
    expect(await card.locator('.read-aloud').last().textContent()).toBe(a1.reply.split('\n')[0]);
    expect(await card.locator('details.basis:visible').count()).toBe(1);

    // options offered by the server are buttons, in the new card
    const q2 = await ask(async () => {
      await page.locator('#question').fill('论文能算多少学时');
      await page.locator('#question').press('Enter');
    });
    expect(q2.awaiting?.options).toContain('独著');
    const card2 = page.locator('#answers .answer').first();
    await expect.poll(() => card2.locator('.option').allTextContents()).toEqual(q2.awaiting.options);
    const a2 = await ask(() => card2.locator('.option', { hasText: '独著' }).click());
    expect(sent[3]).toBe('独著');
    expect(await page.locator('#answers .answer').count()).toBe(2);
    expect(await card2.locator('.option').count()).toBe(0);
    expect(await card2.locator('.read-aloud').last().textContent()).toBe(a2.reply.split('\n')[0]);
    expect(a2.reply).toMatch(/\d+学时/);
    expect(await card2.locator('.quote:visible').count()).toBe(a2.citations.length);
  });

  it('lists what got no answer, grouped by similar wording', async () => {
    for (const text of ['济宁继续教育证书怎么打印', '济宁学时证明在哪里打印？', '青海2024年要多少学时']) {
      const r = await user(app).say(text);
      expect(r.awaiting, text).toBeUndefined();
    }
    const page = await openConsole();
    const panel = page.locator('#un-panel');
    await expect.poll(() => panel.locator('.group').count()).toBeGreaterThan(0);
    const groups = await panel.locator('.group').evaluateAll((gs) =>
      gs.map((g) => ({
        count: g.querySelector('.count')?.textContent,
        text: g.querySelector('.group-text')?.textContent,
        more: Array.from(g.querySelectorAll('.ex-text'), (e) => e.textContent),
      })),
    );
    const print = groups.find((g) => g.more.some((t) => t?.startsWith('济宁继续教育证书怎么打印')))!;
    expect(print.more.some((t) => t?.startsWith('济宁学时证明在哪里打印？'))).toBe(true);
    expect(print.count).toBe('2次');
    const today = page.waitForResponse((r) => r.url().includes('/api/console/unanswered?days=1'));
    await panel.locator('#un-days').selectOption('1');
    expect((await (await today).json()).total).toBeGreaterThanOrEqual(3);
    await page.locator('#un-panel').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'console-unanswered.png'), fullPage: false });
  });

  it('shows server and network errors without losing the typed text', async () => {
    const page = await openConsole();
    const long = `请问${'学时'.repeat(300)}`;
    const response = page.waitForResponse((r) => r.url().endsWith('/api/console/ask'));
    await page.locator('#question').fill(long);
    await page.locator('#ask').click();
    const res = await response;
    expect(res.status()).toBe(400);
    const { error } = await res.json();
    expect(error).toContain('字以内');
    await expect.poll(() => page.locator('#ask-error').textContent()).toBe(error);
    expect(await page.locator('#question').inputValue()).toBe(long);
    expect(await page.locator('#ask').isDisabled()).toBe(false);
    expect(await page.locator('#answers .answer').count()).toBe(0);

    await page.route('**/api/console/ask', (route) => route.abort('connectionrefused'));
    await page.locator('#question').fill('青海每年要多少学时');
    await page.locator('#question').press('Enter');
    await expect.poll(() => page.locator('#ask-error').textContent()).toContain('网络连接失败');
    expect(await page.locator('#question').inputValue()).toBe('青海每年要多少学时');
    await page.unroute('**/api/console/ask');

    // a panel failing says so, and keeps the search words
    await page.route('**/api/console/search**', (route) =>
      route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({ error: '参数有误：q 太长' }),
      }),
    );
    await page.locator('#sr-text').fill('专利');
    await page.locator('#sr-text').press('Enter');
    await expect.poll(() => page.locator('#sr-panel .panel-error').textContent()).toBe('参数有误：q 太长');
    expect(await page.locator('#sr-text').inputValue()).toBe('专利');
    await page.route('**/api/console/search**', (route) =>
      route.fulfill({ status: 502, body: '<html>Bad Gateway</html>' }),
    );
    await page.locator('#sr-text').press('Enter');
    await expect.poll(() => page.locator('#sr-panel .panel-error').textContent()).toBe('服务暂时不可用，请稍后再试。');
    await page.unroute('**/api/console/search**');

    // once the network is back, the same text goes through and the message goes away
    await page.locator('#ask').click();
    await expect.poll(() => page.locator('#answers .answer').count()).toBe(1);
    expect(await page.locator('#ask-error').isVisible()).toBe(false);
    await page.screenshot({ path: join(SHOTS, 'console-error.png'), fullPage: false });
  });

  it('shows server strings as text, never as markup', async () => {
    const page = await openConsole();
    await page.route('**/api/console/ask', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          reply: '答复<img src=x onerror="window.__hit=1"><b>粗</b>\n第二行<u>下</u>',
          intent: 'test',
          result: { trace: ['步骤<script>window.__hit=3</script>'] },
          awaiting: { slot: 'x', question: '?', options: ['选<i>项</i>'] },
          citations: [
            { doc: '<script>window.__hit=2</script>某文件', section: '<u>第一条</u>', quote: '<a href="#">原文</a>' },
          ],
        }),
      }),
    );
    await page.route('**/api/console/handoffs/654321', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          code: '654321',
          reason: 'asked',
          createdAt: '2025-10-15T01:00:00Z',
          expiresAt: '2025-10-16T01:00:00Z',
          facts: [{ label: '<b>地区</b>', value: '<img src=z onerror="window.__hit=5">' }],
          transcript: [
            {
              at: '2025-10-15T01:00:00Z',
              text: '<i>转人工</i>',
              reply: '<script>window.__hit=6</script>',
              intent: 'human',
            },
          ],
          since: [],
          hotlines: [{ name: '<u>机构</u>', phones: ['<b>123</b>'] }],
        }),
      }),
    );
    await page.locator('#question').fill('测试');
    await page.locator('#question').press('Enter');
    const card = page.locator('#answers .answer').first();
    await card.waitFor();
    expect(await card.locator('.read-aloud').textContent()).toBe('答复<img src=x onerror="window.__hit=1"><b>粗</b>');
    expect(await card.locator('.reply').textContent()).toBe('第二行<u>下</u>');
    expect(await card.locator('.trace li').textContent()).toBe('步骤<script>window.__hit=3</script>');
    expect(await card.locator('.cite-doc').textContent()).toBe('<script>window.__hit=2</script>某文件');
    expect(await card.locator('.quote').textContent()).toBe('<a href="#">原文</a>');
    expect(await card.locator('.option').textContent()).toBe('选<i>项</i>');
    await page.locator('#ho-code').fill('654321');
    await page.locator('#ho-body .handoff').waitFor();
    expect(await page.locator('#ho-body .fact dd').textContent()).toBe('<img src=z onerror="window.__hit=5">');
    expect(await page.locator('#ho-body .turn-bot .said').textContent()).toBe('<script>window.__hit=6</script>');
    const injected = 'img, script, b, i, u, a:not(.tel)';
    expect(await page.locator('#answers').locator(injected).count()).toBe(0);
    expect(await page.locator('#ho-body').locator(injected).count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __hit?: number }).__hit)).toBeUndefined();
  });

  it('is usable on a tablet', async () => {
    const page = await openConsole();
    await page.setViewportSize({ width: 820, height: 1180 });
    await choose(page, '#region', { label: '青海省' }, '/api/policy/requirement');
    await expect.poll(() => req(page).locator('.fig-value .num').count()).toBe(3);
    const response = page.waitForResponse((r) => r.url().endsWith('/api/console/ask'));
    await page.locator('#question').fill('发明专利排第2能算多少学时');
    await page.locator('#ask').click();
    await response;
    await page.locator('#answers .answer').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // one column: the question box spans the width, the panels come below it
    const ask = await page.locator('.ask-panel').boundingBox();
    const side = await page.locator('#req-panel').boundingBox();
    expect(ask!.width).toBeGreaterThan(700);
    expect(side!.y).toBeGreaterThan(ask!.y + ask!.height);
    await page.screenshot({ path: join(SHOTS, 'console-tablet.png'), fullPage: true });
  });
});
