// The hotline console page in a real browser (Debian Chromium) against the real app.
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasHours, TODAY, testApp } from '../helpers/app';
import { launchBrowser, SHOTS, skipBrowser } from '../helpers/browser';

type Cite = { doc: string; section: string; quote: string };
/** The quote as read on screen: the **bold** marks of the stored notice text become bold type. */
const shown = (quote: string) => quote.replace(/\*\*/g, '');

describe.skipIf(skipBrowser)('hotline console page (browser)', () => {
  let app: Awaited<ReturnType<typeof testApp>>;
  let base: string;
  let context: BrowserContext;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    app = await testApp();
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

  /** Opens the console with nothing remembered and waits for the region list. */
  async function openConsole(): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${base}/console.html`);
    await page.evaluate(() => {
      for (const k of Object.keys(window.localStorage))
        if (k.startsWith('jxjy.console.')) window.localStorage.removeItem(k);
    });
    await page.reload();
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

  it('finds a clause and shows its verbatim quote', async () => {
    const page = await openConsole();
    await choose(page, '#region', { label: '青海省' }, '/api/policy/requirement');
    const response = page.waitForResponse((r) => r.url().includes('/api/policy/search'));
    await page.locator('#sr-text').fill('岗前培训');
    await page.locator('#sr-form button[type=submit]').click();
    const res = await response;
    const url = new URL(res.url());
    expect(url.searchParams.get('region')).toBe('qinghai');
    expect(url.searchParams.get('text')).toBe('岗前培训');
    const body = await res.json();
    expect(body.hits.length).toBeGreaterThan(0);
    const panel = page.locator('#sr-panel');
    await expect
      .poll(() => panel.locator('.hit-summary').allTextContents())
      .toEqual(body.hits.map((h: { summary: string }) => h.summary));
    const quotes = await quotesIn(page, '#sr-panel');
    expect(quotes).toEqual(body.citations.map((c: Cite) => shown(c.quote)));
    expect(quotes.join('')).toContain('事业单位新进人员岗前培训');
    expect(await panel.locator('.cite-doc').allTextContents()).toEqual(body.citations.map((c: Cite) => c.doc));

    // nothing found is said plainly
    await page.locator('#sr-text').fill('火星探测');
    await page.locator('#sr-text').press('Enter');
    await expect.poll(() => panel.locator('.panel-body').textContent()).toContain('没有找到与「火星探测」相关的条款');
    expect(await panel.locator('.quote').count()).toBe(0);
  });

  it('answers a caller question for the chosen region, with trace, verbatim quote and copy', async () => {
    const page = await openConsole();
    await choose(page, '#region', { label: '青海省' }, '/api/policy/requirement');
    const userId = await page.evaluate(() => window.localStorage.getItem('jxjy.console.userId'));
    expect(userId).toMatch(/^console-\S+$/);

    const sent: Array<{ userId: string; text: string }> = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/chat')) sent.push(r.postDataJSON());
    });
    const response = page.waitForResponse((r) => r.url().endsWith('/api/chat'));
    await page.locator('#question').fill('发明专利排第2能算多少学时');
    await page.locator('#question').press('Enter');
    const body = await (await response).json();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.userId).toBe(userId);
    expect(sent[0]!.text).toContain('青海');
    expect(sent[0]!.text).toContain('发明专利排第2能算多少学时');

    const card = page.locator('#answers .answer').first();
    await card.waitFor();
    const reply = (await card.locator('.reply').textContent()) ?? '';
    expect(reply).toBe(body.reply);
    expect(hasHours(reply, 60)).toBe(true);
    expect(await card.locator('.asked-text').textContent()).toBe('发明专利排第2能算多少学时');
    expect(await card.locator('.sent').textContent()).toContain(sent[0]!.text);
    // trace steps and every citation with the full quote, open without a click
    expect(await card.locator('.trace li').allTextContents()).toEqual(body.result.trace);
    expect(body.citations.length).toBeGreaterThan(0);
    expect(await card.locator('.cite-doc').allTextContents()).toEqual(body.citations.map((c: Cite) => c.doc));
    expect(await card.locator('.cite-section').allTextContents()).toEqual(body.citations.map((c: Cite) => c.section));
    expect(await card.locator('.quote').allTextContents()).toEqual(body.citations.map((c: Cite) => shown(c.quote)));
    expect(await card.locator('.quote').first().textContent()).toContain('1-3名认定为60学时');
    expect(await card.locator('.quote').first().isVisible()).toBe(true);
    expect(await page.locator('#question').inputValue()).toBe('');

    // copy: reply and 依据 as plain text
    await card.locator('button.copy').click();
    await expect.poll(() => card.locator('button.copy').textContent()).toBe('已复制');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('问：发明专利排第2能算多少学时');
    expect(copied).toContain(body.reply);
    expect(copied).toContain('依据：');
    expect(copied).toContain(
      `${body.citations[0].doc} ${body.citations[0].section}：“${shown(body.citations[0].quote)}”`,
    );

    // a question naming another region is sent as typed
    const second = page.waitForResponse((r) => r.url().endsWith('/api/chat'));
    await page.locator('#question').fill('安徽每年要多少学时');
    await page.locator('#ask').click();
    const b2 = await (await second).json();
    expect(sent[1]!.text).toBe('安徽每年要多少学时');
    await expect.poll(() => page.locator('#answers .answer').count()).toBe(2);
    expect(await page.locator('#answers .answer').first().locator('.reply').textContent()).toBe(b2.reply);
    expect(await page.locator('#answers .answer').first().locator('.sent').count()).toBe(0);

    await page.screenshot({ path: join(SHOTS, 'console-answer.png'), fullPage: false });

    // a new call starts a new session
    await page.locator('#new-call').click();
    expect(await page.locator('#answers .answer').count()).toBe(0);
    const newId = await page.evaluate(() => window.localStorage.getItem('jxjy.console.userId'));
    expect(newId).toMatch(/^console-\S+$/);
    expect(newId).not.toBe(userId);
  });

  it('walks through a follow-up question: typed and tapped answers are sent as said', async () => {
    const page = await openConsole();
    await choose(page, '#region', { label: '青海省' }, '/api/policy/requirement');
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/chat')) sent.push(r.postDataJSON().text);
    });
    const ask = async (action: () => Promise<void>) => {
      const response = page.waitForResponse((r) => r.url().endsWith('/api/chat'));
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

    // options offered by the server are buttons
    const q2 = await ask(async () => {
      await page.locator('#question').fill('论文能算多少学时');
      await page.locator('#question').press('Enter');
    });
    expect(q2.awaiting?.options).toContain('独著');
    const card = page.locator('#answers .answer').first();
    await expect.poll(() => card.locator('.option').allTextContents()).toEqual(q2.awaiting.options);
    const a2 = await ask(() => card.locator('.option', { hasText: '独著' }).click());
    expect(sent[3]).toBe('独著');
    await expect.poll(() => page.locator('#answers .answer').count()).toBe(4);
    expect(await page.locator('#answers .answer').first().locator('.reply').textContent()).toBe(a2.reply);
    expect(a2.reply).toMatch(/\d+学时/);
    expect(await page.locator('#answers .answer').first().locator('.quote').count()).toBe(a2.citations.length);
  });

  it('shows server and network errors without losing the typed text', async () => {
    const page = await openConsole();
    const long = `请问${'学时'.repeat(300)}`;
    const response = page.waitForResponse((r) => r.url().endsWith('/api/chat'));
    await page.locator('#question').fill(long);
    await page.locator('#ask').click();
    const res = await response;
    expect(res.status()).toBe(400);
    const { error } = await res.json();
    expect(error).toContain('字以内');
    await expect.poll(() => page.locator('#ask-error').textContent()).toBe(error);
    expect(await page.locator('#ask-error').isVisible()).toBe(true);
    expect(await page.locator('#question').inputValue()).toBe(long);
    expect(await page.locator('#ask').isDisabled()).toBe(false);
    expect(await page.locator('#answers .answer').count()).toBe(0);

    await page.route('**/api/chat', (route) => route.abort('connectionrefused'));
    await page.locator('#question').fill('青海每年要多少学时');
    await page.locator('#question').press('Enter');
    await expect.poll(() => page.locator('#ask-error').textContent()).toContain('网络连接失败');
    expect(await page.locator('#question').inputValue()).toBe('青海每年要多少学时');
    await page.unroute('**/api/chat');

    // a quick panel failing says so, and keeps the search words
    await page.route('**/api/policy/search**', (route) =>
      route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({ error: '参数有误：text 太长' }),
      }),
    );
    await page.locator('#sr-text').fill('专利');
    await page.locator('#sr-text').press('Enter');
    await expect.poll(() => page.locator('#sr-panel .panel-error').textContent()).toBe('参数有误：text 太长');
    expect(await page.locator('#sr-text').inputValue()).toBe('专利');
    await page.route('**/api/policy/search**', (route) =>
      route.fulfill({ status: 502, body: '<html>Bad Gateway</html>' }),
    );
    await page.locator('#sr-text').press('Enter');
    await expect.poll(() => page.locator('#sr-panel .panel-error').textContent()).toBe('服务暂时不可用，请稍后再试。');
    await page.unroute('**/api/policy/search**');

    // once the network is back, the same text goes through and the message goes away
    await page.locator('#ask').click();
    await expect.poll(() => page.locator('#answers .answer').count()).toBe(1);
    expect(await page.locator('#ask-error').isVisible()).toBe(false);
    await page.screenshot({ path: join(SHOTS, 'console-error.png'), fullPage: false });
  });

  it('shows server strings as text, never as markup', async () => {
    const page = await openConsole();
    await page.route('**/api/chat', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          reply: '答复<img src=x onerror="window.__hit=1"><b>粗</b>',
          intent: 'test',
          result: { trace: ['步骤<script>window.__hit=3</script>'] },
          awaiting: { slot: 'x', question: '?', options: ['选<i>项</i>'] },
          citations: [
            { doc: '<script>window.__hit=2</script>某文件', section: '<u>第一条</u>', quote: '<a href="#">原文</a>' },
          ],
        }),
      }),
    );
    await page.route('**/api/policy/contacts**', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          kind: 'contacts',
          status: 'ok',
          contacts: [{ org: '<img src=y onerror="window.__hit=4">机构', phones: ['<b>123</b>'], place: '<i>某地</i>' }],
          trace: [],
          citations: [],
        }),
      }),
    );
    await page.locator('#place').selectOption({ index: 1 });
    await expect
      .poll(() => page.locator('#ct-panel .ct-org').textContent())
      .toBe('<img src=y onerror="window.__hit=4">机构');
    expect(await page.locator('#ct-panel .phone').textContent()).toBe('<b>123</b>');

    await page.locator('#question').fill('测试');
    await page.locator('#question').press('Enter');
    const card = page.locator('#answers .answer').first();
    await card.waitFor();
    expect(await card.locator('.reply').textContent()).toBe('答复<img src=x onerror="window.__hit=1"><b>粗</b>');
    expect(await card.locator('.trace li').textContent()).toBe('步骤<script>window.__hit=3</script>');
    expect(await card.locator('.cite-doc').textContent()).toBe('<script>window.__hit=2</script>某文件');
    expect(await card.locator('.cite-section').textContent()).toBe('<u>第一条</u>');
    expect(await card.locator('.quote').textContent()).toBe('<a href="#">原文</a>');
    expect(await card.locator('.option').textContent()).toBe('选<i>项</i>');
    const injected = 'img, script, b, i, u, a';
    expect(await page.locator('#answers').locator(injected).count()).toBe(0);
    expect(await page.locator('#ct-panel').locator(injected).count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __hit?: number }).__hit)).toBeUndefined();
  });

  it('is usable on a tablet', async () => {
    const page = await openConsole();
    await page.setViewportSize({ width: 820, height: 1180 });
    await choose(page, '#region', { label: '青海省' }, '/api/policy/requirement');
    await expect.poll(() => req(page).locator('.fig-value .num').count()).toBe(3);
    const response = page.waitForResponse((r) => r.url().endsWith('/api/chat'));
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
