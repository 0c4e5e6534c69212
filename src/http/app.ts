// The fastify app: chat API, policy JSON endpoints for the mini-program, OpenAPI docs, the web chat page.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyServerOptions } from 'fastify';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { createChatService } from '../chat/service';
import type { Via } from '../chat/types';
import { type Clock, clockFromEnv } from '../clock';
import type { Config } from '../config';
import { consoleRoutes } from '../console/routes';
import { Achievement, ActivityKind, EligibilityFlag, TitleLevel, TitleRoute } from '../domain/vocab';
import { createReader } from '../intents';
import type { Reader } from '../intents/command';
import { createPolicy, type Policy } from '../policy';
import { loadKnowledge } from '../policy/knowledge';
import { createScheduler } from '../reminders';
import type { ReminderScheduler } from '../reminders/scheduler';
import { createStore, type SessionStore } from '../sessions';
import { parseUserKey } from '../sessions/keys';
import { registerChannels } from './channels';
import { AuthError, type Identity, setupIdentity } from './identity';
import { createLimits, tooFast } from './limits';
import { registerMe } from './me';
import { countReader, countTurns, metricsRoute } from './metrics';
import { DOCS_CSP, registerSecurityHeaders } from './security';
import { staticFiles } from './static';

const PUBLIC_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../public');

export interface AppOptions {
  config: Config;
  logger?: FastifyServerOptions['logger'];
  /** injected for tests; built from config otherwise */
  store?: SessionStore;
  reader?: Reader;
  clock?: Clock;
  policy?: Policy;
  /** where reminders are scheduled; from config otherwise (BullMQ with REDIS_URL, else memory) */
  scheduler?: ReminderScheduler;
}

const ChatBody = {
  type: 'object',
  required: ['text'],
  additionalProperties: false,
  properties: {
    // accepted for older clients and ignored: the caller is who the cookie or login token says
    userId: { type: 'string', maxLength: 256 },
    text: { type: 'string', maxLength: 4000 },
  },
} as const;

const Citation = {
  type: 'object',
  properties: { doc: { type: 'string' }, section: { type: 'string' }, quote: { type: 'string' } },
} as const;

const ChatResponse = {
  type: 'object',
  properties: {
    reply: { type: 'string' },
    intent: { type: 'string' },
    awaiting: {
      type: 'object',
      properties: {
        slot: { type: 'string' },
        question: { type: 'string' },
        options: { type: 'array', items: { type: 'string' } },
      },
    },
    result: {},
    citations: { type: 'array', items: Citation },
  },
} as const;

const ErrorResponse = { type: 'object', properties: { error: { type: 'string' } } } as const;

function json(s: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-7',
  }) as Record<string, unknown>;
  return rest;
}

const ConvertBody = z.object({
  region: z.string().min(1),
  year: z.number().int().min(2000).max(2100).optional(),
  achievements: z.array(Achievement).min(1).max(20),
});
const EligibilityBody = z.object({
  region: z.string().min(1),
  year: z.number().int().min(2000).max(2100).optional(),
  level: TitleLevel.optional(),
  route: TitleRoute.optional(),
  hours: z
    .array(
      z.object({
        year: z.number().int(),
        public: z.number().min(0).optional(),
        professional: z.number().min(0).optional(),
        total: z.number().min(0).optional(),
      }),
    )
    .max(20)
    .optional(),
  flags: z.array(EligibilityFlag).default([]),
});
const RegionQuerySchema = {
  type: 'object',
  required: ['region'],
  properties: { region: { type: 'string', minLength: 1 }, year: { type: 'string', pattern: '^\\d{4}$' } },
} as const;
const RegionQuery = z.object({
  region: z.string().min(1),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

function zodMessage(e: z.ZodError): string {
  const i = e.issues[0];
  return `参数有误：${i?.path.join('.') || '(请求体)'} ${i?.message ?? ''}`.trim();
}

/** Where reminders to this caller go: the mini-program's subscribe messages, or the web page's notices. */
function viaOf(who: Identity): Via {
  if (who.via === 'cookie') return { channel: 'web' };
  const k = parseUserKey(who.key);
  const openid = who.openid ?? (k?.channel === 'mp' ? k.id : undefined);
  return openid ? { channel: 'mp', to: openid } : { channel: 'web' };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** the chat service the routes use (tests reach reminders through it) */
    chat: ReturnType<typeof createChatService>;
  }
}

function queuePrefix(store?: SessionStore): string | undefined {
  const p = (store as { prefix?: unknown } | undefined)?.prefix;
  return typeof p === 'string' && p ? `${p}bull` : undefined;
}

export async function buildApp(opts: AppOptions) {
  const { config } = opts;
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 64 * 1024,
    // a hop count is accepted by fastify at run time though its types omit it
    trustProxy: config.TRUST_PROXY as boolean | string[],
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
  });
  const clock = opts.clock ?? clockFromEnv(config.ASSISTANT_TODAY ? { ASSISTANT_TODAY: config.ASSISTANT_TODAY } : {});
  const kb = opts.policy ? opts.policy.index.kb : loadKnowledge();
  const policy = opts.policy ?? createPolicy(kb);
  const store =
    opts.store ??
    createStore({
      redisUrl: config.REDIS_URL,
      memoryMaxKeys: config.MEMORY_MAX_USERS,
      commandTimeoutMs: config.REDIS_TIMEOUT_MS,
    });
  const reader = countReader(opts.reader ?? createReader({ config, gazetteer: kb.gazetteer }));
  const chatService = createChatService({
    policy,
    reader,
    store,
    clock,
    maxTextLength: config.MAX_TEXT_LENGTH,
    // the queues live beside the store's keys (a store with a prefix of its own keeps its queues there too)
    scheduler: opts.scheduler ?? createScheduler(config, clock, queuePrefix(opts.store)),
    log: app.log,
  });
  const chat = countTurns(chatService, 'http');
  const rateRedis = config.REDIS_URL
    ? new Redis(config.REDIS_URL, {
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        lazyConnect: false,
        commandTimeout: config.REDIS_TIMEOUT_MS,
        enableAutoPipelining: true,
      })
    : undefined;
  rateRedis?.on('error', (err) => app.log.warn({ err: String(err) }, 'rate-limit redis error'));
  app.addHook('onClose', async () => {
    await chatService.reminders.close();
    if (!opts.store) await store.close();
    rateRedis?.disconnect();
  });

  app.setErrorHandler((err: FastifyError, _req, reply) => {
    if (err.validation) {
      const v = err.validation[0];
      const field = v?.instancePath?.replace(/^\//, '') || (v?.params as { missingProperty?: string })?.missingProperty;
      return reply.status(400).send({ error: `请求参数有误${field ? `（${field}）` : ''}：${err.message}` });
    }
    if (
      err.statusCode === 400 ||
      err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ||
      err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
    ) {
      return reply
        .status(400)
        .send({ error: '请求格式有误：请发送 JSON，例如 {"userId":"u1","text":"安徽每年要多少学时"}' });
    }
    if (err.statusCode === 413) return reply.status(413).send({ error: '请求内容太大' });
    if (err.statusCode === 415) return reply.status(415).send({ error: '请使用 application/json 发送请求' });
    if (err.statusCode === 429) return reply.status(429).send({ error: err.message });
    if (err instanceof AuthError) return reply.status(401).send({ error: err.message });
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send({ error: '请求有误' });
    }
    app.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ error: '系统出了点问题，请稍后再试' });
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: '继续教育学时助手 API',
        version: '0.1.0',
        description: '聊天接口与政策查询接口；所有数字均来自知识库并附依据。',
      },
    },
  });
  // Swagger UI adds <style> elements at run time: its pages alone allow inline styles (never inline scripts)
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: DOCS_CSP });
  // the counters behind the per-IP and per-user limits (src/http/limits.ts), in Redis with REDIS_URL
  await app.register(rateLimit, {
    global: false,
    max: config.RATE_LIMIT_MAX,
    timeWindow: config.RATE_LIMIT_WINDOW,
    redis: rateRedis,
    nameSpace: 'jxjy-rl:',
    skipOnError: true,
  });
  await registerSecurityHeaders(app);
  const identity = await setupIdentity(app, config);
  const limits = createLimits(app, config);
  // every API route and the webhooks count against the caller's IP
  app.addHook('onRoute', (route) => {
    if (!/^\/(?:api|wechat)\//.test(route.url)) return;
    const mine = Array.isArray(route.onRequest) ? route.onRequest : route.onRequest ? [route.onRequest] : [];
    route.onRequest = [limits.ip, ...mine] as typeof route.onRequest;
  });
  await app.register(staticFiles, { root: PUBLIC_DIR });
  await app.register(metricsRoute, { token: config.METRICS_TOKEN });
  await app.register(consoleRoutes, {
    config,
    chat,
    policy,
    store,
    publicDir: PUBLIC_DIR,
    reminderFailures: () => chatService.reminders.notices.failures(),
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({
    ok: true,
    today: clock.today(),
    documents: kb.documents.size,
  }));

  app.post(
    '/api/chat',
    {
      schema: {
        summary: '聊天：一句话进，一句回复出（含依据）',
        body: ChatBody,
        response: { 200: ChatResponse, 400: ErrorResponse, 401: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (req, reply) => {
      const { text } = req.body as { text: string };
      if (text.length > config.MAX_TEXT_LENGTH) {
        return reply.status(400).send({ error: `消息太长了，请控制在${config.MAX_TEXT_LENGTH}字以内` });
      }
      const who = (await identity.resolve(req, reply, { create: true }))!;
      const wait = await limits.user(req, who.key);
      if (wait) throw tooFast(reply, wait);
      return chat.handle(who.key, text, viaOf(who));
    },
  );

  const policyRoute =
    <T>(schema: z.ZodType<T>, src: 'body' | 'query', fn: (v: T) => unknown) =>
    async (req: { body?: unknown; query?: unknown }, reply: { status(n: number): { send(x: unknown): unknown } }) => {
      const parsed = schema.safeParse(src === 'body' ? req.body : req.query);
      if (!parsed.success) return reply.status(400).send({ error: zodMessage(parsed.error) });
      return fn(parsed.data);
    };

  app.post(
    '/api/policy/convert',
    { schema: { summary: '成果折算学时', body: json(ConvertBody) } },
    policyRoute(ConvertBody, 'body', (b) =>
      policy.convert({ region: b.region, year: b.year ?? clock.year(), achievements: b.achievements }),
    ),
  );
  app.get(
    '/api/policy/requirement',
    { schema: { summary: '年度学时要求', querystring: RegionQuerySchema } },
    policyRoute(RegionQuery, 'query', (q) => policy.requirement({ region: q.region, year: q.year ?? clock.year() })),
  );
  app.post(
    '/api/policy/eligibility',
    { schema: { summary: '职称申报学时核对', body: json(EligibilityBody) } },
    policyRoute(EligibilityBody, 'body', (b) => policy.eligibility({ ...b, year: b.year ?? clock.year() })),
  );
  app.get(
    '/api/policy/deadlines',
    { schema: { summary: '截止时间', querystring: RegionQuerySchema } },
    policyRoute(RegionQuery, 'query', (q) =>
      policy.deadlines({ region: q.region, year: q.year, today: clock.today() }),
    ),
  );

  const ContactQuery = z.object({
    region: z.string().min(1),
    place: z.string().optional(),
    text: z.string().max(200).optional(),
    /** the numbers of the latest notice up to this year (default: the newest notice) */
    year: z.coerce.number().int().min(2000).max(2100).optional(),
  });
  app.get(
    '/api/policy/contacts',
    {
      schema: {
        summary: '咨询电话（按地区、地点或机构名称）',
        querystring: {
          type: 'object',
          required: ['region'],
          properties: {
            region: { type: 'string' },
            place: { type: 'string' },
            text: { type: 'string', maxLength: 200 },
            year: { type: 'string', pattern: '^\\d{4}$' },
          },
        },
      },
    },
    policyRoute(ContactQuery, 'query', (q) => policy.contacts(q)),
  );
  const KindQuery = z.object({
    region: z.string().min(1),
    kind: ActivityKind,
    year: z.coerce.number().int().min(2000).max(2100).optional(),
  });
  app.get(
    '/api/policy/kind',
    {
      schema: {
        summary: '一类成果的折算规定（每项学时、科目、上限、条件），不需任何细节',
        querystring: {
          type: 'object',
          required: ['region', 'kind'],
          properties: {
            region: { type: 'string' },
            kind: { type: 'string' },
            year: { type: 'string', pattern: '^\\d{4}$' },
          },
        },
      },
    },
    policyRoute(KindQuery, 'query', (q) =>
      policy.describeKind({ region: q.region, kind: q.kind, year: q.year ?? clock.year() }),
    ),
  );
  const SearchQuery = z.object({
    region: z.string().min(1).optional(),
    text: z.string().min(1).max(200),
    year: z.coerce.number().int().min(2000).max(2100).optional(),
  });
  app.get(
    '/api/policy/search',
    {
      schema: {
        summary: '条款检索（按关键词找通知原文）',
        querystring: {
          type: 'object',
          required: ['text'],
          properties: {
            region: { type: 'string' },
            text: { type: 'string', minLength: 1, maxLength: 200 },
            year: { type: 'string', pattern: '^\\d{4}$' },
          },
        },
      },
    },
    policyRoute(SearchQuery, 'query', (q) =>
      policy.searchProvisions({ region: q.region, text: q.text, year: q.year ?? clock.year(), limit: 5 }),
    ),
  );
  app.get('/api/regions', { schema: { summary: '已收录的地区、地点和通知' } }, async () => ({
    regions: kb.gazetteer.regions.map((r) => ({
      id: r.id,
      name: r.name,
      places: r.places.map((p) => ({ id: p.id, name: p.name })),
      years: policy.index.regions.get(r.id)?.noticeYears ?? [],
    })),
    documents: [...kb.documents.values()].map((d) => ({ number: d.number, title: d.title, date: d.date })),
  }));

  registerMe(app, identity, chat);
  await registerChannels(app, { config, chat, policy, store, identity, limits });
  // this process delivers the reminders of the web, mini-program and Official Account (the bot its own)
  if (config.REMINDER_WORKER === 'on') chatService.reminders.start(['app']);

  app.decorate('chat', chat);
  return app;
}
