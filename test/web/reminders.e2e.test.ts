// The web page shows a reminder that was really delivered: a visitor subscribes in the page, the clock passes
// the reminder's hour, the in-memory scheduler delivers it into the notices, and the reloaded page lists it.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { buildApp } from '../../src/http/app';
import { launchBrowser, SHOTS, skipBrowser } from '../helpers/browser';

describe.skipIf(skipBrowser)('delivered reminders on the web page (browser)', () => {
  const clock = manualClock('2025-12-02T10:00:00+08:00');
  let app: Awaited<ReturnType<typeof buildApp>>;
  let base: string;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    app = await buildApp({ config: loadConfig({ RATE_LIMIT_MAX: '1000', REMINDER_POLL_MS: '60000' }), clock });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('subscribe in the page, the reminder is delivered, the page lists it under 截止提醒', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    await page.locator('#text').waitFor();
    for (const text of ['我是青海的', '订阅截止提醒']) {
      const answered = page.waitForResponse((r) => r.url().endsWith('/api/chat'));
      await page.locator('#text').fill(text);
      await page.locator('#text').press('Enter');
      await answered;
    }
    await expect.poll(() => page.locator('.msg.bot:not(.pending)').last().textContent()).toMatch(/已安排6条提醒/);
    expect(await page.locator('#notices').isVisible()).toBe(false);

    clock.set('2025-12-03T09:05:00+08:00');
    await app.chat.reminders.catchUp();
    await page.reload();
    await expect.poll(() => page.locator('#notices').isVisible()).toBe(true);
    expect(await page.locator('#notices summary').textContent()).toBe('截止提醒（1条）');
    await page.locator('#notices summary').tap();
    const text = (await page.locator('#notices .notice-text').first().textContent()) ?? '';
    expect(text).toMatch(/个人向所在单位提交年内学时申请/);
    expect(text).toMatch(/2025年12月10日（还有7天）/);
    await page.screenshot({ path: join(SHOTS, 'web-reminder-notice.png') });
  });
});
