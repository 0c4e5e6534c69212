// The web chat page in a real browser (Debian Chromium) against the real app: a reply read on a phone (figure
// first, calculation folded, one 依据 line), tap buttons, tel: links, scrolling, history across reloads, the
// keyboard, delivered reminders, and errors.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { buildApp } from '../../src/http/app';
import { launchBrowser, SHOTS, skipBrowser } from '../helpers/browser';

const MAX_TEXT = 500;
const firstLine = (s: string) => s.split('\n')[0]!;

describe.skipIf(skipBrowser)('web chat page (browser)', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let base: string;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    app = await buildApp({
      config: loadConfig({ ASSISTANT_TODAY: '2025-06-15', MAX_TEXT_LENGTH: String(MAX_TEXT), RATE_LIMIT_MAX: '1000' }),
    });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser({
      viewport: { width: 375, height: 667 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
  }, 60_000);

  afterEach(async () => {
    await browser?.closePages();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** CSP violations and script errors seen by the pages (each must stay empty). */
  const violations: string[] = [];
  const identityCookie = async () => (await browser.context.cookies(base)).find((c) => c.name === 'jxjy_uid');

  /** Opens the page as a brand-new user (no identity cookie, no history). */
  async function openAsNewUser(): Promise<Page> {
    await browser.context.clearCookies();
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    page.on('pageerror', (e) => violations.push(String(e)));
    await page.goto(`${base}/`);
    await page.evaluate(() => {
      window.localStorage.removeItem('jxjy.history.v1');
    });
    await page.reload();
    await page.locator('#text').waitFor();
    return page;
  }

  const botMsgs = (page: Page) => page.locator('.msg.bot:not(.pending)');
  const userBubbles = (page: Page) => page.locator('.msg.me .bubble');

  /** Sends a question (typed + Enter, or a tap) and returns the JSON answer and its message on screen. */
  async function send(page: Page, action: () => Promise<void>) {
    const before = await botMsgs(page).count();
    const response = page.waitForResponse((r) => r.url().endsWith('/api/chat'));
    await action();
    const body = await (await response).json();
    await expect.poll(() => botMsgs(page).count()).toBe(before + 1);
    return { body, msg: botMsgs(page).nth(before) };
  }

  const typed = (page: Page, text: string) =>
    send(page, async () => {
      await page.locator('#text').fill(text);
      await page.locator('#text').press('Enter');
    });

  /** The message's top and bottom against the visible part of the log. */
  async function placement(page: Page, msg: ReturnType<typeof botMsgs>) {
    const log = (await page.locator('#log').boundingBox())!;
    const box = (await msg.boundingBox())!;
    return { logTop: log.y, logBottom: log.y + log.height, top: box.y, bottom: box.y + box.height };
  }

  it('a newcomer taps through the questions and reads the figure first, with one 依据 line', async () => {
    const page = await openAsNewUser();
    expect(await identityCookie()).toBeUndefined();

    // hold the first request to see the page while it waits
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const sentBodies: unknown[] = [];
    await page.route('**/api/chat', async (route) => {
      sentBodies.push(route.request().postDataJSON());
      await gate;
      await route.continue();
    });
    const first = page.waitForResponse((r) => r.url().endsWith('/api/chat'));
    await page.locator('#text').fill('参与的专利能折算学时吗');
    await page.locator('#text').press('Enter');
    await expect.poll(() => page.locator('#send').isDisabled()).toBe(true);
    await expect.poll(() => page.locator('.msg.bot.pending').count()).toBe(1);
    release();
    const q1 = await (await first).json();
    await page.unroute('**/api/chat');
    // the page names no one: the server set an HttpOnly, SameSite identity cookie, out of the page's reach
    expect(sentBodies).toEqual([{ text: '参与的专利能折算学时吗' }]);
    expect(await identityCookie()).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(await page.evaluate(() => document.cookie)).not.toContain('jxjy_uid');
    expect(q1.awaiting.slot).toBe('region');
    expect(await page.locator('#text').inputValue()).toBe('');

    // the region question has tap buttons for the covered regions
    const regionButtons = page.locator('.options .chip');
    await expect.poll(() => regionButtons.allTextContents()).toEqual(['青海省', '山东省济宁市', '安徽省']);
    const q2 = await send(page, () => page.locator('.options .chip', { hasText: '青海省' }).tap());
    expect(q2.body.awaiting.slot).toBe('patentType');
    // the earlier buttons are gone; the new question's options are buttons
    await expect.poll(() => page.locator('.options .chip').allTextContents()).toEqual(q2.body.awaiting.options);
    expect(await userBubbles(page).allTextContents()).toEqual(['参与的专利能折算学时吗', '青海省']);

    const a3 = await typed(page, '实用新型，排第2');
    const reply: string = a3.body.reply;
    // the figure on the first line
    expect(await a3.msg.locator('.lead').textContent()).toBe(firstLine(reply));
    expect(firstLine(reply)).toContain('50学时');
    // the calculation folded, there when opened
    const calc = a3.msg.locator('details.calc');
    expect(await calc.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await calc.locator('li').first().isVisible()).toBe(false);
    await calc.locator('summary').tap();
    await expect.poll(() => calc.locator('li').first().isVisible()).toBe(true);
    expect(await calc.locator('li').first().textContent()).toContain('第1–3名档');
    // the document number once on screen, in the one 依据 line
    const doc = a3.body.citations[0].doc as string;
    // rendered text: what is folded away is not on screen
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point
    const visible = (await a3.msg.innerText()).split(doc).length - 1;
    expect(visible).toBe(1);
    const basis = a3.msg.locator('details.basis');
    expect(await basis.count()).toBe(1);
    expect(await basis.locator('summary').textContent()).toContain(`依据：${doc}`);
    // conditions stay in view
    expect(await a3.msg.locator('.line').allTextContents()).toContain(
      reply.split('\n').find((l) => l.startsWith('注意')),
    );
    // the notice's words on a tap
    const quote = basis.locator('.quote').first();
    expect(await quote.isVisible()).toBe(false);
    await basis.locator('summary').tap();
    await expect.poll(() => quote.isVisible()).toBe(true);
    expect(await quote.textContent()).toBe(a3.body.citations[0].quote);
    expect(await basis.locator('.cite-section').first().textContent()).toBe(a3.body.citations[0].section);

    // no Latin option ids are shown as answer chips
    expect(await page.locator('.options .chip').allTextContents()).not.toContain('industry');
    await page.screenshot({ path: join(SHOTS, 'chat-phone.png') });
  });

  it('shows a long reply from its first line, and phone numbers as tel: links', async () => {
    const page = await openAsNewUser();
    await typed(page, '安徽每年要多少学时');
    const { body, msg } = await typed(page, '青海 电话');
    expect(body.reply.split('\n').length).toBeGreaterThan(5);
    const p = await placement(page, msg);
    expect(p.bottom - p.top).toBeGreaterThan(p.logBottom - p.logTop); // taller than the screen
    // its first line at the top
    await expect.poll(async () => Math.abs((await placement(page, msg)).top - p.logTop)).toBeLessThanOrEqual(16);
    // and stays there once the page has settled (the input keeps focus after sending)
    await page.waitForTimeout(500);
    expect(Math.abs((await placement(page, msg)).top - p.logTop)).toBeLessThanOrEqual(16);
    // every number dials, with the area code carried to the numbers after it
    const hrefs = await msg.locator('a.tel').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toContain('tel:09718258157');
    expect(hrefs).toContain('tel:09718258153');
    expect(hrefs).toContain('tel:15500597407');
    expect(hrefs).toContain('tel:18970996140');
    expect(hrefs.every((h) => /^tel:\d{5,12}$/.test(String(h)))).toBe(true);
    expect(await msg.locator('a.tel', { hasText: '0971-8258157' }).count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'chat-phone-long.png') });

    // a reply that grows after it is shown (web fonts arriving late) is placed again from its first line
    const grows = await typed(page, '安徽每年要多少学时');
    await expect.poll(async () => (await placement(page, grows.msg)).top - p.logTop).toBeGreaterThan(100);
    await expect.poll(() => page.locator('#send').isDisabled()).toBe(false);
    // (set through the CSSOM: the page's CSP rightly refuses an inline style tag)
    const setFont = (size: string) =>
      page.evaluate((v) => {
        const bubbles = document.querySelectorAll<HTMLElement>('.msg.bot:last-child .bubble');
        for (const b of bubbles) b.style.fontSize = v;
      }, size);
    await setFont('44px');
    await expect.poll(async () => Math.abs((await placement(page, grows.msg)).top - p.logTop)).toBeLessThanOrEqual(16);
    await setFont('inherit');

    // a short reply after it: the end of the conversation is shown
    const short = await typed(page, '安徽每年要多少学时');
    await expect
      .poll(async () => {
        const s = await placement(page, short.msg);
        return s.bottom <= s.logBottom + 1 && s.top >= s.logTop - 1;
      })
      .toBe(true);
  });

  it('keeps the conversation across a reload', async () => {
    const page = await openAsNewUser();
    const a = await typed(page, '青海发明专利排第2能算多少学时');
    const cookie = await identityCookie();
    const q = await typed(page, '论文能算多少学时');
    expect(q.body.awaiting.options.length).toBeGreaterThan(0);
    await page.reload();
    await page.locator('#text').waitFor();
    expect((await identityCookie())?.value).toBe(cookie?.value);
    expect(await userBubbles(page).allTextContents()).toEqual(['青海发明专利排第2能算多少学时', '论文能算多少学时']);
    const msgs = botMsgs(page);
    await expect.poll(() => msgs.count()).toBe(3); // welcome + two replies
    expect(await msgs.nth(1).locator('.lead').textContent()).toBe(firstLine(a.body.reply));
    expect(await msgs.nth(1).locator('details.basis').count()).toBe(1);
    // the open question's buttons are back, and answer it as before
    await expect.poll(() => page.locator('.options .chip').allTextContents()).toEqual(q.body.awaiting.options);
    expect(await page.locator('.history-mark').count()).toBe(1);
    // the newest message is in view
    await expect
      .poll(async () => {
        const last = await placement(page, msgs.nth(2));
        return last.bottom <= last.logBottom + 1;
      })
      .toBe(true);
    const answered = await send(page, () => page.locator('.options .chip').first().tap());
    expect(answered.body.reply).toMatch(/\d+学时/);

    // clearing forgets the page's record
    await page.locator('#clear-history').tap();
    expect(await userBubbles(page).count()).toBe(0);
    await page.reload();
    await page.locator('#text').waitFor();
    expect(await userBubbles(page).count()).toBe(0);
  });

  it('keeps the newest answer in view when the keyboard opens', async () => {
    const page = await openAsNewUser();
    await typed(page, '青海 电话');
    const { msg } = await typed(page, '安徽每年要多少学时');
    await expect
      .poll(async () => {
        const before = await placement(page, msg);
        return before.bottom <= before.logBottom + 1;
      })
      .toBe(true);
    await page.locator('#text').tap();
    // the on-screen keyboard takes the lower part of the screen
    await page.setViewportSize({ width: 375, height: 667 - 300 });
    await expect
      .poll(async () => {
        const p = await placement(page, msg);
        return p.bottom <= p.logBottom + 1 && p.bottom > p.logTop;
      })
      .toBe(true);
    const composer = (await page.locator('.composer').boundingBox())!;
    expect(composer.y + composer.height).toBeLessThanOrEqual(367 + 1);
    await page.screenshot({ path: join(SHOTS, 'chat-phone-keyboard.png') });
    await page.setViewportSize({ width: 375, height: 667 });
  });

  it('shows delivered reminders when the server lists them, and nothing otherwise', async () => {
    const page = await openAsNewUser();
    expect(await page.locator('#notices').isVisible()).toBe(false);
    expect(await page.locator('#notices li').count()).toBe(0);

    await page.route('**/api/me/notices', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          notices: [
            {
              title: '截止提醒',
              text: '青海省2025年度个人提交学时申请截止：2025-12-10，咨询电话0971-8258157',
              deliveredAt: '2025-11-10',
            },
            { text: '<b>安徽</b>公需科目学习截止：2026-05-31' },
          ],
        }),
      }),
    );
    await page.reload();
    await expect.poll(() => page.locator('#notices').isVisible()).toBe(true);
    expect(await page.locator('#notices summary').textContent()).toBe('截止提醒（2条）');
    await page.locator('#notices summary').tap();
    expect(await page.locator('#notices .notice-text').allTextContents()).toEqual([
      '青海省2025年度个人提交学时申请截止：2025-12-10，咨询电话0971-8258157',
      '<b>安徽</b>公需科目学习截止：2026-05-31',
    ]);
    expect(await page.locator('#notices a.tel').getAttribute('href')).toBe('tel:09718258157');
    expect(await page.locator('#notices b').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'chat-phone-notices.png') });

    for (const answer of [
      { status: 401, body: '{"error":"no"}' },
      { status: 200, body: 'not json' },
      { status: 200, body: '{"notices":[]}' },
    ]) {
      await page.route('**/api/me/notices', (route) =>
        route.fulfill({ status: answer.status, contentType: 'application/json', body: answer.body }),
      );
      await page.reload();
      await page.locator('#text').waitFor();
      await page.waitForLoadState('networkidle');
      expect(await page.locator('#notices').isVisible(), answer.body).toBe(false);
    }
  });

  it('shows the server message for an over-long text and keeps the typed text', async () => {
    const page = await openAsNewUser();
    const long = `请问${'学时'.repeat(MAX_TEXT)}`;
    const response = page.waitForResponse((r) => r.url().endsWith('/api/chat'));
    await page.locator('#text').fill(long);
    await page.locator('#send').tap();
    const res = await response;
    expect(res.status()).toBe(400);
    const { error } = await res.json();
    expect(error).toContain(`${MAX_TEXT}字以内`);
    const alert = page.locator('#error');
    await expect.poll(() => alert.isVisible()).toBe(true);
    expect(await alert.textContent()).toBe(error);
    expect(await page.locator('#text').inputValue()).toBe(long);
    expect(await page.locator('#send').isDisabled()).toBe(false);
    expect(await userBubbles(page).count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'chat-phone-error.png') });

    // once fixed, the same box sends normally and the message goes away
    await page.locator('#text').fill('安徽每年要多少学时');
    expect(await alert.isVisible()).toBe(false);
    await page.locator('#send').tap();
    await expect.poll(() => botMsgs(page).count()).toBe(2);
    expect(await page.locator('#text').inputValue()).toBe('');
  });

  it('explains network failures and rate limits without losing the text', async () => {
    const page = await openAsNewUser();
    await page.route('**/api/chat', (route) => route.abort('connectionrefused'));
    await page.locator('#text').fill('安徽每年要多少学时');
    await page.locator('#text').press('Enter');
    await expect.poll(() => page.locator('#error').textContent()).toContain('网络连接失败');
    expect(await page.locator('#text').inputValue()).toBe('安徽每年要多少学时');
    expect(await page.locator('#send').isDisabled()).toBe(false);
    await page.unroute('**/api/chat');

    await page.route('**/api/chat', (route) =>
      route.fulfill({
        status: 429,
        contentType: 'application/json',
        body: JSON.stringify({ statusCode: 429, error: '发送太频繁了，请7秒后再试' }),
      }),
    );
    await page.locator('#send').tap();
    await expect.poll(() => page.locator('#error').textContent()).toBe('发送太频繁了，请7秒后再试');
    expect(await page.locator('#text').inputValue()).toBe('安徽每年要多少学时');

    await page.route('**/api/chat', (route) => route.fulfill({ status: 502, body: '<html>Bad Gateway</html>' }));
    await page.locator('#send').tap();
    await expect.poll(() => page.locator('#error').textContent()).toBe('服务暂时不可用，请稍后再试。');
    expect(await page.locator('#text').inputValue()).toBe('安徽每年要多少学时');
    // nothing failed is kept as history
    await page.reload();
    expect(await userBubbles(page).count()).toBe(0);
  });

  it('shows server strings as text, never as markup', async () => {
    const page = await openAsNewUser();
    await page.route('**/api/chat', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          reply: '第一行<img src=x onerror="window.__hit=1">\n第二行<b>粗</b>\n依据：<i>某文件</i>',
          intent: 'test',
          awaiting: { slot: 'x', question: '?', options: ['选<i>项</i>'] },
          citations: [
            { doc: '<script>window.__hit=2</script>某文件', section: '<i>第一条</i>', quote: '<a href="#">原文</a>' },
          ],
        }),
      }),
    );
    await page.locator('#text').fill('测试');
    await page.locator('#text').press('Enter');
    await expect.poll(() => botMsgs(page).count()).toBe(2);
    const msg = botMsgs(page).nth(1);
    expect(await msg.locator('.lead').textContent()).toBe('第一行<img src=x onerror="window.__hit=1">');
    expect(await msg.locator('.line').textContent()).toBe('第二行<b>粗</b>');
    expect(await msg.locator('.basis-text').textContent()).toBe('<i>某文件</i>');
    expect(await msg.locator('.cite-section').textContent()).toBe('<i>第一条</i>');
    expect(await msg.locator('.quote').textContent()).toBe('<a href="#">原文</a>');
    expect(await msg.locator('.options .chip').textContent()).toBe('选<i>项</i>');
    expect(await page.locator('#log img, #log b, #log script, #log i, #log a:not(.tel)').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __hit?: number }).__hit)).toBeUndefined();
    // and still as text after a reload from history
    await page.unroute('**/api/chat');
    await page.reload();
    await expect.poll(() => botMsgs(page).count()).toBe(2);
    expect(await page.locator('#log img, #log b, #log script, #log i, #log a:not(.tel)').count()).toBe(0);
  });

  it('sends a suggestion chip and answers it with 依据', async () => {
    const page = await openAsNewUser();
    const chips = await page.locator('#chips .chip').allTextContents();
    expect(chips).toContain('安徽每年要多少学时');
    expect(chips).toContain('青海发明专利排第2能算多少学时');
    const { body, msg } = await send(page, () =>
      page.locator('#chips .chip', { hasText: '青海发明专利排第2能算多少学时' }).tap(),
    );
    expect(await userBubbles(page).allTextContents()).toEqual(['青海发明专利排第2能算多少学时']);
    expect(await msg.locator('.lead').textContent()).toBe(firstLine(body.reply));
    expect(body.citations.length).toBeGreaterThan(0);
    expect(await page.locator('.msg.bot details.basis').count()).toBe(1);

    // the layout fits a phone: nothing wider than the screen
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it('looks right on a desktop too', async () => {
    const page = await openAsNewUser();
    await page.setViewportSize({ width: 1280, height: 800 });
    const box = await page.locator('.app').boundingBox();
    expect(box?.width).toBeLessThanOrEqual(480);
    expect((box?.x ?? 0) > 300).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'chat-desktop.png') });
  });

  it('raises no CSP violation or script error on any page it opened', () => {
    expect(violations).toEqual([]);
  });
});
