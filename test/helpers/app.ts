// Builds the real app for tests: rule parser, fixed date, memory store unless told otherwise.
import { randomUUID } from 'node:crypto';
import { fixedClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { buildApp } from '../../src/http/app';

export const TODAY = '2025-10-15';

export async function testApp(env: Record<string, string> = {}, today = TODAY) {
  const config = loadConfig({ ASSISTANT_TODAY: today, RATE_LIMIT_MAX: '1000', ...env });
  const app = await buildApp({ config, clock: fixedClock(today) });
  await app.ready();
  return app;
}

type App = Awaited<ReturnType<typeof testApp>>;

export interface ChatJson {
  reply: string;
  intent: string;
  awaiting?: { slot: string; question: string; options?: string[] };
  result?: any;
  citations: Array<{ doc: string; section: string; quote: string }>;
}

/** A user who talks to the app through POST /api/chat. */
export function user(app: App, id = `u-${randomUUID().slice(0, 8)}`) {
  return {
    id,
    async say(text: string): Promise<ChatJson> {
      const res = await app.inject({ method: 'POST', url: '/api/chat', payload: { userId: id, text } });
      if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}: ${res.body}`);
      return res.json() as ChatJson;
    },
  };
}

/** "N学时" appears as a figure in the text (not as part of a larger number). */
export function hasHours(text: string, n: number): boolean {
  return new RegExp(`(?<![\\d.])${String(n).replace('.', '\\.')}\\s*个?学时`).test(text);
}
