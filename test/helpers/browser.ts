// Debian Chromium for browser tests, driven by playwright-core: launch options, skip/fail rule, clean-up.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const SHOTS = join(process.cwd(), 'test-results');
const haveChromium = existsSync(CHROMIUM);
const onCI = process.env.CI === 'true' || process.env.CI === '1';

/** Off CI, browser tests are skipped (with a note) when Chromium is missing; under CI they must run. */
export const skipBrowser = !haveChromium && !onCI;
if (skipBrowser) {
  console.warn(`[web e2e] ${CHROMIUM} not found: browser tests skipped (apt-get install -y chromium to run them)`);
}

// the flags that keep Chromium off this machine's closed network
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  /** a new tab, closed by closePages() */
  newPage(): Promise<Page>;
  /** closes the tabs opened so far (after each test) */
  closePages(): Promise<void>;
  close(): Promise<void>;
}

/** A headless Chromium with a fresh profile; options are playwright's context options (viewport, locale…). */
export async function launchBrowser(
  options: Parameters<typeof chromium.launchPersistentContext>[1] = {},
): Promise<Browser> {
  if (!haveChromium) throw new Error(`${CHROMIUM} is missing; CI must install chromium for the browser tests`);
  const profileDir = mkdtempSync(join(tmpdir(), 'jxjy-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    locale: 'zh-CN',
    ...options,
  });
  mkdirSync(SHOTS, { recursive: true });
  const pages: Page[] = [];
  return {
    context,
    async newPage() {
      const page = await context.newPage();
      pages.push(page);
      return page;
    },
    async closePages() {
      for (const p of pages.splice(0)) await p.close().catch(() => {});
    },
    async close() {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
