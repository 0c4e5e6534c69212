// The Content-Security-Policy in a real browser: the chat page, the console and the API docs load and work
// without a single violation (the browser reports each one as a securitypolicyviolation event).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app';
import { launchBrowser, skipBrowser } from '../helpers/browser';

const TOKEN = 'csp-console-token-000001';

describe.skipIf(skipBrowser)('security headers in the browser', () => {
  let app: Awaited<ReturnType<typeof testApp>>;
  let base: string;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    app = await testApp({ CONSOLE_TOKEN: `csp:${TOKEN}` });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser({ viewport: { width: 1024, height: 800 } });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function open(path: string): Promise<{ page: Page; violations: () => Promise<string[]> }> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.addInitScript(() => {
      const list: string[] = [];
      (window as any).__csp = list;
      document.addEventListener('securitypolicyviolation', (e) =>
        list.push(`${e.violatedDirective} ${e.blockedURI || '(inline)'}`),
      );
    });
    const res = await page.goto(`${base}${path}`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toBeTruthy();
    return {
      page,
      violations: async () => [...errors, ...((await page.evaluate(() => (window as any).__csp)) as string[])],
    };
  }

  it('the chat page: load, ask, open the 依据 — no violation', async () => {
    const { page, violations } = await open('/');
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/chat'));
    await page.locator('#text').fill('青海发明专利排第2能算多少学时');
    await page.locator('#text').press('Enter');
    expect((await answered).status()).toBe(200);
    await page.locator('details.basis > summary').first().click();
    expect(await violations()).toEqual([]);
  });

  it('the console: load, pick a region, ask — no violation', async () => {
    const { page, violations } = await open('/console');
    await page.locator('#login-token').fill(TOKEN);
    await page.locator('#login-submit').click();
    await page.locator('body.ready').waitFor();
    const regionAnswer = page.waitForResponse((r) => r.url().includes('/api/policy/requirement'));
    await page.locator('#region').selectOption({ label: '青海省' });
    await regionAnswer;
    const asked = page.waitForResponse((r) => r.url().endsWith('/api/console/ask'));
    await page.locator('#question').fill('发明专利排第2能算多少学时');
    await page.locator('#question').press('Enter');
    expect((await asked).status()).toBe(200);
    await page.locator('#answers .answer').first().waitFor();
    expect(await violations()).toEqual([]);
  });

  it('the API docs render under their own policy', async () => {
    const { page, violations } = await open('/docs/static/index.html');
    await page.locator('.swagger-ui .info .title').waitFor({ timeout: 15_000 });
    expect(await page.locator('.swagger-ui .info .title').textContent()).toContain('继续教育学时助手');
    expect(await violations()).toEqual([]);
  });
});
