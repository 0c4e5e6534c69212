// `npm start`: the HTTP API on PORT (default 3000). Runs compiled (dist/server/main.js, see scripts/build.mjs);
// the validated knowledge base comes from its snapshot when the files have not changed (src/startup).
import { fileURLToPath } from 'node:url';
import { loadConfig } from './config';
import { buildApp } from './http/app';
import { serverLogger } from './http/logger';
import { gracefulShutdown } from './http/shutdown';
import { createPolicy } from './policy';
import { loadKnowledgeCached } from './startup/knowledge-cache';

const config = loadConfig();
const code = fileURLToPath(import.meta.url);
const { kb } = code.endsWith('.js')
  ? loadKnowledgeCached({ codeFile: code, file: code.replace(/main\.js$/, 'knowledge.snapshot.json') })
  : { kb: undefined };
// `--warm` (scripts/build.mjs): only validate the knowledge and write its snapshot
if (process.argv.includes('--warm')) process.exit(0);
const log = serverLogger(config.LOG_LEVEL);
const app = await buildApp({
  config,
  logger: log.options,
  ...(kb ? { policy: createPolicy(kb) } : {}),
});
gracefulShutdown(app, {
  timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  exit: (code) => {
    log.flush();
    process.exit(code);
  },
});
await app.listen({ port: config.PORT, host: config.HOST });
