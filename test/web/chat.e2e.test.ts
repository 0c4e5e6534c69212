// The web chat page in a real browser (Debian Chromium) against the real app.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { buildApp } from '../../src/http/app';
import { launchBrowser, SHOTS, skipBrowser } from '../helpers/browser';

const MAX_TEXT = 500;

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

  /** Opens the page as a brand-new user (a fresh random id in localStorage). */
  async function openAsNewUser(): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    await page.evaluate(() => window.localStorage.removeItem('jxjy.userId'));
    await page.reload();
    await page.locator('#text').waitFor();
    return page;
  }

  const botReplies = (page: Page) => page.locator('.msg.bot:not(.pending) .bubble');
  const userBubbles = (page: Page) => page.locator('.msg.me .bubble');

  /** Types a question, presses Enter, and returns the JSON the server answered with. */
  async function askWithEnter(page: Page, text: string) {
    const before = await botReplies(page).count();
    const response = page.waitForResponse((r) => r.url().endsWith('/api/chat'));
    await page.locator('#text').fill(text);
    await page.locator('#text').press('Enter');
    const body = await (await response).json();
    await expect.poll(() => botReplies(page).count()).toBe(before + 1);
    return { body, bubble: botReplies(page).nth(before) };
  }

  it('a newcomer gets a cited answer in three turns', async () => {
    const page = await openAsNewUser();
    const userId = await page.evaluate(() => window.localStorage.getItem('jxjy.userId'));
    expect(userId).toMatch(/^web-\S+$/);

    // Hold the first request to see the page while it waits.
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
    await page.locator('#text').fill('参与制定标准能折算学时吗');
    await page.locator('#text').press('Enter');
    await expect.poll(() => page.locator('#send').isDisabled()).toBe(true);
    await expect.poll(() => page.locator('.msg.bot.pending').count()).toBe(1);
    release();
    const q1 = await (await first).json();
    await page.unroute('**/api/chat');
    expect(sentBodies).toEqual([{ userId, text: '参与制定标准能折算学时吗' }]);
    await expect.poll(() => botReplies(page).count()).toBe(2); // the welcome line and the answer
    expect(q1.awaiting).toBeDefined();
    expect(await botReplies(page).nth(1).textContent()).toBe(q1.reply);
    expect(q1.reply).toMatch(/？/);
    expect(await page.locator('#send').isDisabled()).toBe(false);
    expect(await page.locator('#text').inputValue()).toBe('');
    expect(await page.locator('.msg.bot.pending').count()).toBe(0);

    const q2 = await askWithEnter(page, '我在青海');
    expect(q2.body.awaiting).toBeDefined();
    expect(await q2.bubble.textContent()).toBe(q2.body.reply);

    const a3 = await askWithEnter(page, '行业标准，排第2');
    const answer = (await a3.bubble.textContent()) ?? '';
    expect(answer).toContain('80学时');
    expect(answer).toBe(a3.body.reply);
    // line breaks of the reply are kept on screen
    expect(answer).toContain('\n');
    const box = await a3.bubble.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThan(60);
    expect(await userBubbles(page).allTextContents()).toEqual([
      '参与制定标准能折算学时吗',
      '我在青海',
      '行业标准，排第2',
    ]);

    // the 依据 block: closed at first, opened by a tap; the quote shows on a further tap
    const msg = page.locator('.msg.bot:not(.pending)').nth(3);
    const basis = msg.locator('details.basis');
    await expect.poll(() => basis.count()).toBe(1);
    expect(await basis.locator('> summary').textContent()).toContain('依据');
    expect(await basis.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    const firstCite = basis.locator('details.cite').first();
    expect(await firstCite.isVisible()).toBe(false);
    await basis.locator('> summary').tap();
    await expect.poll(() => firstCite.isVisible()).toBe(true);
    const citeHead = (await firstCite.locator('summary').textContent()) ?? '';
    expect(citeHead).toContain('153号');
    expect(citeHead).toContain(a3.body.citations[0].section);
    const quote = firstCite.locator('.quote');
    expect(await quote.isVisible()).toBe(false);
    await firstCite.locator('summary').tap();
    await expect.poll(() => quote.isVisible()).toBe(true);
    expect(await quote.textContent()).toBe(a3.body.citations[0].quote);

    // no Latin option ids are shown as answer chips
    expect(await page.locator('.options .chip').allTextContents()).not.toContain('industry');

    await page.screenshot({ path: join(SHOTS, 'chat-phone.png') });

    // the same user id after a reload
    await page.reload();
    expect(await page.evaluate(() => window.localStorage.getItem('jxjy.userId'))).toBe(userId);
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
    await expect.poll(() => botReplies(page).count()).toBe(2);
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
  });

  it('shows server strings as text, never as markup', async () => {
    const page = await openAsNewUser();
    await page.route('**/api/chat', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          reply: '第一行<img src=x onerror="window.__hit=1">\n第二行<b>粗</b>',
          intent: 'test',
          citations: [
            { doc: '<script>window.__hit=2</script>某文件', section: '<i>第一条</i>', quote: '<a href="#">原文</a>' },
          ],
        }),
      }),
    );
    await page.locator('#text').fill('测试');
    await page.locator('#text').press('Enter');
    await expect.poll(() => botReplies(page).count()).toBe(2);
    expect(await botReplies(page).nth(1).textContent()).toBe(
      '第一行<img src=x onerror="window.__hit=1">\n第二行<b>粗</b>',
    );
    expect(await page.locator('#log img, #log b, #log script, #log i, #log a').count()).toBe(0);
    expect(await page.locator('#log .cite-doc').textContent()).toBe('<script>window.__hit=2</script>某文件');
    expect(await page.evaluate(() => (window as unknown as { __hit?: number }).__hit)).toBeUndefined();
  });

  it('sends a suggestion chip and answers it with 依据', async () => {
    const page = await openAsNewUser();
    const chips = await page.locator('#chips .chip').allTextContents();
    expect(chips).toContain('安徽每年要多少学时');
    expect(chips).toContain('青海发明专利排第2能算多少学时');
    const response = page.waitForResponse((r) => r.url().endsWith('/api/chat'));
    await page.locator('#chips .chip', { hasText: '青海发明专利排第2能算多少学时' }).tap();
    const body = await (await response).json();
    await expect.poll(() => botReplies(page).count()).toBe(2);
    expect(await userBubbles(page).allTextContents()).toEqual(['青海发明专利排第2能算多少学时']);
    expect(await botReplies(page).nth(1).textContent()).toBe(body.reply);
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
});
