// GET /metrics (Prometheus text format) and the wrappers that count chat turns and parser paths.
// With METRICS_TOKEN set, the endpoint asks for "Authorization: Bearer <token>".
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ChatService, Via } from '../chat/types';
import type { Reader } from '../intents/command';
import { collectProcessMetrics, metrics, registry } from '../metrics';

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.replace(/^Bearer\s+/i, '') ?? '');
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

export async function metricsRoute(app: FastifyInstance, opts: { token?: string }): Promise<void> {
  collectProcessMetrics();
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (opts.token && !tokenMatches(req.headers.authorization, opts.token)) {
      return reply.status(401).send({ error: '需要访问令牌' });
    }
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
}

/** The same chat service, counting turns by outcome and timing them. */
export function countTurns<T extends ChatService>(chat: T, channel: string): T {
  const handle = chat.handle.bind(chat);
  return Object.assign(chat, {
    async handle(userId: string, text: string, via?: Via) {
      const stop = metrics.turnSeconds.startTimer({ channel });
      try {
        const r = await handle(userId, text, via);
        metrics.turns.inc({ channel, outcome: r.intent === 'busy' ? 'busy' : 'answered' });
        return r;
      } catch (err) {
        metrics.turns.inc({ channel, outcome: 'error' });
        throw err;
      } finally {
        stop();
      }
    },
  });
}

/** The same reader, counting which path (rules or the LLM) produced each reading. */
export function countReader(reader: Reader): Reader {
  return {
    async read(text, ctx) {
      const r = await reader.read(text, ctx);
      metrics.parserPath.inc({ path: r.by });
      return r;
    },
  };
}
