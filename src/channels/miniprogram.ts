// Mini-program login: POST /api/auth/wechat {code} → jscode2session → a signed token for the user key
// (the unionid where WeChat gives one, so the Official Account and the mini-program share one profile).
import type { FastifyInstance } from 'fastify';
import type { IdentityService } from '../http/identity';
import { userKey } from '../sessions/keys';
import { INVALID_CODE_ERRCODES, type WeChatApi, WeChatApiError } from './wechat-api';

const AuthBody = {
  type: 'object',
  required: ['code'],
  additionalProperties: false,
  properties: { code: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7e]+$' } },
} as const;

export interface MiniProgramAuthOptions {
  identity: IdentityService;
  /** undefined when WECHAT_APPID / WECHAT_SECRET are not configured */
  api?: WeChatApi;
  /** onRequest hooks that limit the route (per IP) */
  limit?: (req: any, reply: any) => Promise<void>;
}

export function registerMiniProgramAuth(app: FastifyInstance, opts: MiniProgramAuthOptions): void {
  app.post(
    '/api/auth/wechat',
    {
      schema: {
        summary: '小程序登录：用 wx.login 的 code 换取令牌',
        body: AuthBody,
        response: {
          200: {
            type: 'object',
            properties: { token: { type: 'string' }, expiresIn: { type: 'number' } },
          },
          '4xx': { type: 'object', properties: { error: { type: 'string' } } },
          '5xx': { type: 'object', properties: { error: { type: 'string' } } },
        },
      },
      ...(opts.limit ? { onRequest: opts.limit } : {}),
    },
    async (req, reply) => {
      const api = opts.api;
      if (!api) return reply.status(503).send({ error: '小程序登录尚未配置（WECHAT_APPID、WECHAT_SECRET）' });
      const { code } = req.body as { code: string };
      try {
        const s = await api.code2Session(code);
        const key = s.unionid ? userKey('union', s.unionid) : userKey('mp', s.openid);
        return await opts.identity.issueToken(key, s.openid);
      } catch (err) {
        if (err instanceof WeChatApiError && INVALID_CODE_ERRCODES.has(err.errcode)) {
          return reply.status(401).send({ error: '登录凭证无效或已过期，请重新登录。' });
        }
        req.log.warn({ err: String(err) }, 'jscode2session failed');
        return reply.status(502).send({ error: '微信登录服务暂时不可用，请稍后再试。' });
      }
    },
  );
}
