// Redis going away: the chat still answers (without memory) and says so; nothing crashes or hangs.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasHours, testApp, user } from '../helpers/app';

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('with Redis unreachable', () => {
  let app: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    app = await testApp({ REDIS_URL: `redis://127.0.0.1:${await closedPort()}` });
  });
  afterAll(async () => {
    await app.close();
  });

  it('still answers with the policy figure and says the conversation cannot be kept', async () => {
    const started = Date.now();
    const r = await user(app).say('青海发明专利排第2能算多少学时');
    expect(hasHours(r.reply, 60)).toBe(true);
    expect(r.reply).toMatch(/暂时无法保存对话/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('keeps serving health checks', async () => {
    expect((await app.inject('/healthz')).statusCode).toBe(200);
  });
});
