// The hotline console: the page at /console, staff login, and /api/console/* (hand-overs by service code, the
// unanswered list, search over all knowledge, questions asked for a caller). Registered by the app with one line.
// Every /api/console route but login needs the staff cookie or `Authorization: Bearer <token>`.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ChatService } from '../chat/types';
import type { Config } from '../config';
import { CODE, CONSOLE_USER_PREFIX, type HandoffDesk } from '../handoff';
import type { Policy } from '../policy';
import { ENTRY_KINDS, searchFor } from '../search';
import type { KeyValueStore } from '../sessions/store';
import { storeErrorMessage } from '../sessions/store';
import { matchToken, parseTokens, SESSION_COOKIE, STAFF_SESSION_SECONDS, StaffSessions } from './auth';

export interface ConsoleOptions {
  config: Config;
  chat: ChatService & { handoff: HandoffDesk };
  policy: Policy;
  store: KeyValueStore;
  /** where console.html lives (public/) */
  publicDir: string;
  /** reminder deliveries that gave up (GET /api/console/reminders/failures) */
  reminderFailures?: () => Promise<unknown[]>;
}

declare module 'fastify' {
  interface FastifyRequest {
    staff?: string;
  }
}

const OFF_PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>坐席台未开启</title></head><body style="font-family:sans-serif;padding:2em;line-height:1.6"><h1>坐席台未开启</h1><p>服务器没有配置坐席令牌（CONSOLE_TOKEN），坐席台暂不可用。请联系系统管理员。</p></body></html>`;

const LoginBody = z.object({ token: z.string().min(1).max(1024) });
const SearchQuery = z.object({
  q: z.string().trim().min(1, '请输入要检索的内容').max(200),
  region: z.string().max(64).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  kind: z.enum(ENTRY_KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(50).optional(),
});
const AskBody = z.object({
  text: z.string().max(4000),
  /** the call being worked on (the console starts a new one per caller) */
  call: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
});
const DaysQuery = z.object({ days: z.coerce.number().int().min(1).max(30).default(7) });

/** The session store gone (Redis down) is said as 503 with the store's own message; other errors go on. */
async function storeGuard<T>(reply: FastifyReply, fn: () => Promise<T>): Promise<T | FastifyReply> {
  try {
    return await fn();
  } catch (err) {
    const msg = storeErrorMessage(err);
    if (!msg) throw err;
    return reply.status(503).send({ error: msg });
  }
}

function bad(reply: FastifyReply, e: z.ZodError) {
  const i = e.issues[0];
  return reply.status(400).send({ error: `参数有误：${i?.path.join('.') || '(请求体)'} ${i?.message ?? ''}`.trim() });
}

export async function consoleRoutes(app: FastifyInstance, opts: ConsoleOptions): Promise<void> {
  const { tokens, problems } = parseTokens(opts.config.CONSOLE_TOKEN);
  for (const p of problems) app.log.error(`console: ${p}; entry ignored`);
  const enabled = tokens.length > 0;
  if (!enabled) app.log.warn('console off: CONSOLE_TOKEN is not set (or has no usable token); /console answers 503');
  else {
    app.log.info(`console on: ${tokens.length} staff token(s)`);
    // the search index is built once the server is up, not on the first staff search
    app.addHook('onReady', async () => {
      setImmediate(() => searchFor(opts.policy.index.kb));
    });
  }

  app.get('/console.html', { schema: { hide: true } }, (_req, reply) => reply.redirect('/console', 301));
  app.get('/console', { schema: { hide: true } }, async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    if (!enabled) return reply.status(503).type('text/html; charset=utf-8').send(OFF_PAGE);
    const page = await readFile(join(opts.publicDir, 'console.html'), 'utf8');
    return reply.type('text/html; charset=utf-8').send(page);
  });

  await app.register(async (api) => {
    if (!api.hasRequestDecorator('cookies')) await api.register(cookie);
    const sessions = new StaffSessions(opts.store);
    const secure = (req: FastifyRequest) => req.protocol === 'https';

    api.addHook('onRequest', async (req, reply) => {
      reply.header('cache-control', 'no-store');
      if (!enabled) return reply.status(503).send({ error: '坐席台未开启：服务器没有配置 CONSOLE_TOKEN' });
      if (req.routeOptions.url === '/api/console/login') return;
      const auth = req.headers.authorization;
      if (typeof auth === 'string' && /^Bearer\s+/i.test(auth)) {
        req.staff = matchToken(tokens, auth.replace(/^Bearer\s+/i, '').trim());
      } else {
        try {
          req.staff = await sessions.staff(req.cookies[SESSION_COOKIE]);
        } catch (err) {
          const msg = storeErrorMessage(err);
          if (!msg) throw err;
          return reply.status(503).send({ error: msg });
        }
      }
      if (!req.staff) {
        return reply.status(401).header('www-authenticate', 'Bearer').send({ error: '请先登录坐席台' });
      }
    });

    api.post(
      '/api/console/login',
      {
        schema: { summary: '坐席登录（令牌换会话 Cookie）', tags: ['console'] },
        config: { rateLimit: { max: 10, timeWindow: '1 minute', keyGenerator: (req) => `login:${req.ip}` } },
      },
      async (req, reply) => {
        const body = LoginBody.safeParse(req.body);
        if (!body.success) return bad(reply, body.error);
        const staff = matchToken(tokens, body.data.token);
        if (!staff) {
          req.log.warn({ ip: req.ip }, 'console login refused');
          return reply.status(401).send({ error: '令牌不正确' });
        }
        const id = await storeGuard(reply, () => sessions.open(staff));
        if (reply.sent) return reply;
        reply.setCookie(SESSION_COOKIE, id as string, {
          path: '/',
          httpOnly: true,
          sameSite: 'strict',
          secure: secure(req),
          maxAge: STAFF_SESSION_SECONDS,
        });
        req.log.info({ staff }, 'console login');
        return { staff };
      },
    );

    api.post('/api/console/logout', { schema: { summary: '坐席退出', tags: ['console'] } }, async (req, reply) => {
      await storeGuard(reply, () => sessions.close(req.cookies[SESSION_COOKIE]));
      if (reply.sent) return reply;
      reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: secure(req) });
      return { ok: true };
    });

    api.get(
      '/api/console/reminders/failures',
      { schema: { summary: '未能送达的截止提醒（重试用尽）', tags: ['console'] } },
      async (_req, reply) => storeGuard(reply, async () => (opts.reminderFailures ? opts.reminderFailures() : [])),
    );

    api.get('/api/console/me', { schema: { summary: '当前坐席', tags: ['console'] } }, async (req) => ({
      staff: req.staff,
    }));

    api.get(
      '/api/console/handoffs',
      { schema: { summary: '今日转人工（有效的服务码）', tags: ['console'] } },
      async (_req, reply) => storeGuard(reply, async () => ({ handoffs: await opts.chat.handoff.list() })),
    );

    api.get<{ Params: { code: string } }>(
      '/api/console/handoffs/:code',
      { schema: { summary: '按服务码查看对话、已理解的信息和最后一次答复', tags: ['console'] } },
      async (req, reply) => {
        const code = req.params.code.trim();
        if (!CODE.test(code)) return reply.status(400).send({ error: '服务码是6位数字' });
        const h = await storeGuard(reply, () => opts.chat.handoff.lookup(code));
        if (reply.sent) return reply;
        req.log.info({ staff: req.staff, code, found: !!h }, 'console handoff lookup');
        if (!h) return reply.status(404).send({ error: `没有找到服务码 ${code}（服务码24小时内有效）` });
        return h;
      },
    );

    api.get(
      '/api/console/unanswered',
      { schema: { summary: '没答上、理解错、转人工的问题，按相似说法分组', tags: ['console'] } },
      async (req, reply) => {
        const q = DaysQuery.safeParse(req.query);
        if (!q.success) return bad(reply, q.error);
        const days = q.data.days;
        return storeGuard(reply, async () => ({ days, ...(await opts.chat.handoff.unanswered(days)) }));
      },
    );

    api.get(
      '/api/console/search',
      { schema: { summary: '检索全部条款、规则、要求、截止时间和电话', tags: ['console'] } },
      async (req, reply) => {
        const q = SearchQuery.safeParse(req.query);
        if (!q.success) return bad(reply, q.error);
        if (q.data.region && !opts.policy.index.regions.has(q.data.region)) {
          return reply.status(400).send({ error: `未收录的地区：${q.data.region}` });
        }
        return searchFor(opts.policy.index.kb).search({ ...q.data, text: q.data.q });
      },
    );

    api.post(
      '/api/console/ask',
      { schema: { summary: '坐席代来电人提问（与聊天同一流程）', tags: ['console'] } },
      async (req, reply) => {
        const body = AskBody.safeParse(req.body);
        if (!body.success) return bad(reply, body.error);
        if (body.data.text.length > opts.config.MAX_TEXT_LENGTH) {
          return reply.status(400).send({ error: `问题太长了，请控制在${opts.config.MAX_TEXT_LENGTH}字以内` });
        }
        const staff = (req.staff ?? 'staff').replace(/[^\p{L}\p{N}_-]/gu, '').slice(0, 32) || 'staff';
        return opts.chat.handle(`${CONSOLE_USER_PREFIX}${staff}:${body.data.call}`, body.data.text);
      },
    );
  });
}
