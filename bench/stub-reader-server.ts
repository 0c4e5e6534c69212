// The real app (fastify, rate limits, Redis or memory sessions, dialog, render, /metrics) with the reader replaced by
// one that answers "help" at once: what the store and HTTP layers cost per turn without the reader and the policy.
// Used by `npm run bench` for that row and for the RSS runs (100,000 users through the full reader take minutes).
import { loadConfig } from '../src/config';
import { buildApp } from '../src/http/app';
import { serverLogger } from '../src/http/logger';
import type { Reader } from '../src/intents/command';

const reader: Reader = {
  async read(text) {
    return {
      reading: {
        commands: [{ type: 'control', action: 'help', words: text }],
        unread: [],
        unplaced: [],
        text,
        confidence: 1,
      },
      by: 'rule',
    };
  },
};
const config = loadConfig();
const app = await buildApp({ config, reader, logger: serverLogger(config.LOG_LEVEL).options });
process.once('SIGTERM', async () => {
  await app.close();
  process.exit(0);
});
await app.listen({ port: config.PORT, host: config.HOST });
