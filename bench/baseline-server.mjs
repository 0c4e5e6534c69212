// The baseline of the HTTP benchmark: a bare fastify route doing one Redis GET and one SET per request, the least
// any chat turn with Redis sessions must do. Plain JavaScript, no logging, like the compiled server.
import Fastify from 'fastify';
import { Redis } from 'ioredis';

const redis = new Redis(process.env.REDIS_URL);
const app = Fastify({ logger: false });
app.get('/healthz', async () => ({ ok: true }));
app.post('/api/chat', async (req) => {
  const { userId, text } = req.body;
  const key = `base:sess:${userId}`;
  const prev = await redis.get(key);
  const turns = prev ? JSON.parse(prev).turns + 1 : 1;
  await redis.set(key, JSON.stringify({ turns, last: text }), 'EX', 3600);
  return { reply: `第${turns}条：${text}`, citations: [] };
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
const stop = async () => {
  await app.close();
  redis.disconnect();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
