// `npm start`: the HTTP API on PORT (default 3000).

import { loadConfig } from './config';
import { buildApp } from './http/app';

const config = loadConfig();
const app = await buildApp({ config, logger: { level: config.LOG_LEVEL } });
const close = async () => {
  await app.close();
  process.exit(0);
};
process.on('SIGTERM', close);
process.on('SIGINT', close);
await app.listen({ port: config.PORT, host: config.HOST });
