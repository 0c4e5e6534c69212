// Builds the real app for tests: rule parser, fixed date, memory store unless told otherwise.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { fixedClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { buildApp } from '../../src/http/app';
import type { SessionStore } from '../../src/sessions';

export const TODAY = '2025-10-15';

export async function testApp(env: Record<string, string> = {}, today = TODAY, store?: SessionStore) {
  const config = loadConfig({ ASSISTANT_TODAY: today, RATE_LIMIT_MAX: '1000', ...env });
  const app = await buildApp({ config, clock: fixedClock(today), store });
  await app.ready();
  return app;
}

type App = Awaited<ReturnType<typeof testApp>>;

/** One app for the tests of a describe block: built before them, closed after. */
export function sharedApp(env: Record<string, string> = {}): () => App {
  let app: App | undefined;
  beforeAll(async () => {
    app = await testApp(env);
  });
  afterAll(async () => {
    await app?.close();
  });
  return () => app!;
}

export interface ChatJson {
  reply: string;
  intent: string;
  awaiting?: { slot: string; question: string; options?: string[] };
  result?: any;
  citations: Array<{ doc: string; section: string; quote: string }>;
}

/** A web visitor: keeps the identity cookie the server sets, as a browser would. */
export function user(app: App, id = `u-${randomUUID().slice(0, 8)}`) {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  return {
    id,
    /** the Cookie header this visitor sends */
    get cookie() {
      return cookie();
    },
    keep(res: { cookies: Array<{ name: string; value: string; maxAge?: number }> }) {
      for (const c of res.cookies) {
        if (c.maxAge === 0 || c.value === '') jar.delete(c.name);
        else jar.set(c.name, c.value);
      }
    },
    async say(text: string): Promise<ChatJson> {
      const res = await app.inject({
        method: 'POST',
        url: '/api/chat',
        payload: { userId: id, text },
        headers: jar.size ? { cookie: cookie() } : {},
      });
      this.keep(res);
      if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}: ${res.body}`);
      return res.json() as ChatJson;
    },
  };
}

/** A valid identity cookie for a new web visitor of app (as if set by an earlier chat message). */
export function webCookie(app: { signCookie(value: string): string }): string {
  return `jxjy_uid=${app.signCookie(randomUUID())}`;
}

/** "N学时" appears as a figure in the text (not as part of a larger number). */
export function hasHours(text: string, n: number): boolean {
  return new RegExp(`(?<![\\d.])${String(n).replace('.', '\\.')}\\s*个?学时`).test(text);
}
