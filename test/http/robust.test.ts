// Abuse at the HTTP edge: oversized and malformed bodies, ordinary static-file errors (the right 4xx, no stack
// trace in the log), /metrics, and a graceful stop that lets the turns in flight finish.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { buildApp } from '../../src/http/app';
import { gracefulShutdown } from '../../src/http/shutdown';
import { createReader } from '../../src/intents';
import type { ReadContext } from '../../src/intents/command';
import { loadKnowledge } from '../../src/policy/knowledge';
import { MemoryStore } from '../../src/sessions';
import { TODAY, testApp, user } from '../helpers/app';

/** An app whose log lines are kept, to look for stack traces. */
async function loggedApp(env: Record<string, string> = {}) {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  const config = loadConfig({ ASSISTANT_TODAY: TODAY, RATE_LIMIT_MAX: '1000', ...env });
  const app = await buildApp({ config, clock: fixedClock(TODAY), logger: { level: 'info', stream } });
  await app.ready();
  return { app, lines };
}

describe('bodies', () => {
  let app: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(async () => {
    await app.close();
  });

  const post = (payload: string | Buffer, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/api/chat',
      headers: { 'content-type': 'application/json', ...headers },
      payload,
    });

  it('413 with a Chinese message for a body over the limit, declared or not', async () => {
    const big = JSON.stringify({ userId: 'u1', text: 'x'.repeat(200_000) });
    const r = await post(big);
    expect(r.statusCode).toBe(413);
    expect(r.json().error).toMatch(/太大/);
    const chunked = await post(big, { 'transfer-encoding': 'chunked' });
    expect(chunked.statusCode).toBe(413);
  });

  it.each([
    ['truncated JSON', '{"userId":"u1","text":'],
    ['not JSON at all', '青海发明专利'],
    ['an array', '[1,2,3]'],
    ['a bare string', '"hello"'],
    ['null', 'null'],
    ['JSON with a trailing comma', '{"userId":"u1","text":"你好",}'],
    ['deep nesting', `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`],
    ['a prototype key', '{"userId":"u1","text":"你好","__proto__":{"x":1}}'],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
    ['an empty body', ''],
  ])('400 with a Chinese message for %s', async (_, body) => {
    const r = await post(body);
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toMatch(/[\u4e00-\u9fff]/);
  });

  it('a 4xx with a Chinese message for another content type', async () => {
    const r = await post('userId=u1&text=hi', { 'content-type': 'application/x-www-form-urlencoded' });
    expect([400, 415]).toContain(r.statusCode);
    expect(r.json().error).toMatch(/JSON/);
  });

  it('a reply, not an error, for control characters, emoji and a null byte in the text', async () => {
    const r = await user(app).say('青海\u0000发明专利😀排第2\u200b能算多少学时\u0007');
    expect(r.reply).toMatch(/60学时/);
  });
});

describe('static files', () => {
  it.each([
    ['a Range past the end', '/index.html', { range: 'bytes=999999-1000000' }, 416],
    ['a failed If-Match', '/index.html', { 'if-match': '"nope"' }, 412],
    ['a failed If-Unmodified-Since', '/index.html', { 'if-unmodified-since': 'Mon, 01 Jan 1990 00:00:00 GMT' }, 412],
    ['a null byte', '/%00', {}, 403],
    ['a null byte after a name', '/index.html%00', {}, 403],
    ['an encoded ".." out of the folder', '/..%2f..%2fpackage.json', {}, 404],
    ['a broken percent escape', '/%E0%A4%A', {}, 400],
    ['an unknown file', '/nope.html', {}, 404],
  ])('%s → the right 4xx, logged without a stack trace', async (_, url, headers, status) => {
    const { app, lines } = await loggedApp();
    try {
      const r = await app.inject({ url, headers });
      expect(r.statusCode).toBe(status);
      expect(r.body).not.toMatch(/at .*\.(js|ts):\d+/);
      const logged = lines.join('');
      expect(logged).not.toMatch(/"stack"/);
      expect(logged).not.toMatch(/"level":50/); // nothing at error level
    } finally {
      await app.close();
    }
  });

  it('still serves the page, a partial range and a fresh conditional request', async () => {
    const app = await testApp();
    try {
      expect((await app.inject('/')).statusCode).toBe(200);
      const part = await app.inject({ url: '/index.html', headers: { range: 'bytes=0-9' } });
      expect(part.statusCode).toBe(206);
      expect(part.body).toHaveLength(10);
      const etag = (await app.inject('/index.html')).headers.etag as string;
      expect((await app.inject({ url: '/index.html', headers: { 'if-none-match': etag } })).statusCode).toBe(304);
    } finally {
      await app.close();
    }
  });
});

describe('/metrics', () => {
  it('counts turns, their latency and the parser path in Prometheus text', async () => {
    const app = await testApp();
    try {
      await user(app).say('青海发明专利排第2能算多少学时');
      const r = await app.inject('/metrics');
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toMatch(/text\/plain/);
      expect(r.body).toMatch(/jxjy_chat_turns_total\{channel="http",outcome="answered"\} [1-9]/);
      expect(r.body).toMatch(/jxjy_chat_turn_seconds_count\{channel="http"\} [1-9]/);
      expect(r.body).toMatch(/jxjy_parser_path_total\{path="rule"\} [1-9]/);
      expect(r.body).toMatch(/# TYPE jxjy_store_errors_total counter/);
      expect(r.body).toMatch(/# TYPE jxjy_reminders_sent_total counter/);
      expect(r.body).toMatch(/jxjy_process_resident_memory_bytes/);
    } finally {
      await app.close();
    }
  });

  it('asks for the token when METRICS_TOKEN is set', async () => {
    const app = await testApp({ METRICS_TOKEN: 's3cret-token' });
    try {
      expect((await app.inject('/metrics')).statusCode).toBe(401);
      const wrong = await app.inject({ url: '/metrics', headers: { authorization: 'Bearer nope' } });
      expect(wrong.statusCode).toBe(401);
      const ok = await app.inject({ url: '/metrics', headers: { authorization: 'Bearer s3cret-token' } });
      expect(ok.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('graceful stop', () => {
  it('lets the turn in flight finish, refuses new ones, closes the store, exits 0', async () => {
    const kb = loadKnowledge();
    const inner = createReader({ config: loadConfig({}), gazetteer: kb.gazetteer });
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const reader = {
      async read(text: string, ctx: ReadContext) {
        if (text.includes('慢')) {
          entered();
          await new Promise((r) => setTimeout(r, 300));
        }
        return inner.read(text, ctx);
      },
    };
    const store = new MemoryStore();
    let storeClosed = false;
    const close = store.close.bind(store);
    store.close = async () => {
      storeClosed = true;
      await close();
    };
    const config = loadConfig({ ASSISTANT_TODAY: TODAY });
    const app = await buildApp({ config, clock: fixedClock(TODAY), reader });
    // the app closes a store it made itself; this one is ours
    app.addHook('onClose', () => store.close());
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const codes: number[] = [];
    const stop = gracefulShutdown(app, { timeoutMs: 5_000, signals: [], exit: (c) => codes.push(c) });

    const slow = fetch(`http://127.0.0.1:${port}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'u-slow', text: '慢慢问：青海发明专利排第2能算多少学时' }),
    });
    await inside;
    const stopping = stop('SIGTERM');
    const late = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.status,
      () => 'refused',
    );
    const res = await slow;
    expect(res.status).toBe(200);
    expect((await res.json()).reply).toMatch(/60学时/);
    await stopping;
    expect(codes).toEqual([0]);
    expect(storeClosed).toBe(true);
    expect([503, 'refused']).toContain(late);
  });

  it('exits 1 when the stop takes longer than its timeout', async () => {
    const app = await buildApp({ config: loadConfig({ ASSISTANT_TODAY: TODAY }), clock: fixedClock(TODAY) });
    app.addHook('onClose', () => new Promise((r) => setTimeout(r, 500)));
    await app.ready();
    const codes: number[] = [];
    const stop = gracefulShutdown(app, { timeoutMs: 100, signals: [], exit: (c) => codes.push(c) });
    await stop();
    expect(codes).toEqual([1]);
  });
});
