// Configuration of identity, the WeChat channels and the abuse limits (merged into src/config.ts).
import { z } from 'zod';

/**
 * TRUST_PROXY as fastify takes it: "true"/"false", a hop count ("1"), or a comma list of proxy addresses/CIDRs
 * ("127.0.0.1,10.0.0.0/8"). Off by default: X-Forwarded-For is then ignored and the socket address is the client.
 */
const trustProxy = z.string().transform((v): boolean | number | string[] => {
  const t = v.trim().toLowerCase();
  if (['true', 'yes', 'on'].includes(t)) return true;
  if (['false', 'no', 'off', ''].includes(t)) return false;
  if (/^\d+$/.test(t)) return Number(t);
  return t
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
});

export const ChannelEnv = {
  /** per client IP, on every API route and the webhook (a flood guard; many users may share one NAT address) */
  RATE_LIMIT_IP_MAX: z.coerce.number().int().min(1).default(1000),
  TRUST_PROXY: trustProxy.default(false),
  /** signs the web identity cookie and the mini-program tokens; random per process when unset (development) */
  AUTH_SECRET: z.string().min(16, 'AUTH_SECRET must be at least 16 characters').optional(),
  /** lifetime of a mini-program login token, e.g. "7d", "12h" */
  AUTH_TOKEN_TTL: z
    .string()
    .regex(/^\d+\s*[smhdw]$/, 'AUTH_TOKEN_TTL: a number and s/m/h/d/w, e.g. 7d')
    .default('7d'),
  /** set the cookie's Secure attribute: "auto" (when the request came over https), "true" or "false" */
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  /** WeChat's HTTP API (jscode2session, access token, customer-service message); tests point it at a stand-in */
  WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
  /** AppID and AppSecret of the mini-program (and of the Official Account unless WECHAT_OFFICIAL_APPID is set) */
  WECHAT_APPID: z.string().optional(),
  WECHAT_SECRET: z.string().optional(),
  /** the Official Account's own AppID and AppSecret, when it is another account than the mini-program */
  WECHAT_OFFICIAL_APPID: z.string().optional(),
  WECHAT_OFFICIAL_SECRET: z.string().optional(),
  /** the Token set in the Official Account's server configuration; the webhook is off without it */
  WECHAT_OFFICIAL_TOKEN: z.string().optional(),
  /** EncodingAESKey (43 characters) for safe mode */
  WECHAT_OFFICIAL_AES_KEY: z
    .string()
    .regex(/^[A-Za-z0-9]{43}$/, 'WECHAT_OFFICIAL_AES_KEY must be the 43-character EncodingAESKey')
    .optional(),
  /** how long a webhook turn may take before the reply goes out as a customer-service message */
  WECHAT_REPLY_BUDGET_MS: z.coerce.number().int().min(100).max(4800).default(4500),
} as const;
