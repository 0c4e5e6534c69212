// The fastify app: health check now; chat and policy endpoints join as they land.
import Fastify, { type FastifyServerOptions } from 'fastify';
import { clockFromEnv } from '../clock';
import type { Config } from '../config';
import { loadKnowledge } from '../policy/knowledge';

export interface AppOptions {
  config: Config;
  logger?: FastifyServerOptions['logger'];
}

export async function buildApp(opts: AppOptions) {
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: 64 * 1024 });
  const clock = clockFromEnv(opts.config.ASSISTANT_TODAY ? { ASSISTANT_TODAY: opts.config.ASSISTANT_TODAY } : {});
  const kb = loadKnowledge();
  app.get('/healthz', async () => ({ ok: true, today: clock.today(), documents: kb.documents.size }));
  return app;
}
