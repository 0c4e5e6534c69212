// The web chat page, the console and their assets (public/), in a context of their own: an ordinary request error
// (a Range past the end, a failed If-Match or If-Unmodified-Since, a null byte or an encoded "..", an unknown file)
// is answered with its own 4xx status and a short Chinese message, and logged without a stack trace.
import fastifyStatic from '@fastify/static';
import type { FastifyError, FastifyInstance } from 'fastify';

const MESSAGES: Record<number, string> = {
  400: '请求地址有误',
  403: '无权访问该地址',
  404: '页面不存在',
  405: '不支持该请求方法',
  412: '文件已更新，请刷新页面后重试',
  416: '请求的内容范围无效',
};

export async function staticFiles(app: FastifyInstance, opts: { root: string }): Promise<void> {
  app.setErrorHandler((err: FastifyError & { status?: number }, req, reply) => {
    const status = err.statusCode ?? err.status ?? 500;
    if (status >= 400 && status < 500) {
      req.log.info({ url: req.url, status, reason: err.message }, 'static file request refused');
      if (status === 416) {
        // RFC 9110: tell the client how large the representation is
        const size = (err as { size?: number }).size;
        if (typeof size === 'number') reply.header('content-range', `bytes */${size}`);
      }
      return reply.status(status).send({ error: MESSAGES[status] ?? '请求有误' });
    }
    req.log.error({ url: req.url, err }, 'static file error');
    return reply.status(500).send({ error: '系统出了点问题，请稍后再试' });
  });
  await app.register(fastifyStatic, { root: opts.root, prefix: '/' });
}
