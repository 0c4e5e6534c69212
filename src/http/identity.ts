// Who is asking: a mini-program login token (Authorization: Bearer) or, for the web page, a signed HttpOnly
// cookie issued on the first chat message. Nothing in a request body ever names the user.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { Config } from '../config';
import { type Channel, parseUserKey, userKey } from '../sessions/keys';

export const COOKIE_NAME = 'jxjy_uid';
/** the cookie lives as long as a profile (180 days), renewed by each chat message */
const COOKIE_MAX_AGE = 180 * 24 * 3600;
const ISSUER = 'jxjy-assistant';
const AUDIENCE = 'jxjy-miniprogram';
/** channels a login token may name */
const TOKEN_CHANNELS: readonly Channel[] = ['mp', 'union'];

export class AuthError extends Error {
  readonly statusCode = 401;
  constructor(message = '登录已失效，请重新登录。') {
    super(message);
    this.name = 'AuthError';
  }
}

export interface Identity {
  /** the user key, e.g. "web:3f2c…" or "mp:oAbc…" */
  key: string;
  via: 'cookie' | 'token';
  /** the mini-program openid (a token's "oid"): where subscribe messages go, also behind a unionid */
  openid?: string;
}

export interface IdentityService {
  /** The caller's user key; with create, a web visitor without a valid cookie gets a new one. */
  resolve(req: FastifyRequest, reply: FastifyReply, opts: { create: boolean }): Promise<Identity | undefined>;
  /** A signed login token for a user key (mini-program). */
  issueToken(key: string, openid?: string): Promise<{ token: string; expiresIn: number }>;
  /** Forgets the web visitor's cookie (after DELETE /api/me). */
  clearCookie(reply: FastifyReply): void;
}

function derive(secret: string, label: string): Buffer {
  return createHmac('sha256', secret).update(label).digest();
}

const UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
export function ttlSeconds(ttl: string): number {
  const m = /^(\d+)\s*([smhdw])$/.exec(ttl.trim());
  if (!m) throw new RangeError(`bad duration "${ttl}"`);
  return Number(m[1]) * UNIT[m[2]!]!;
}

/**
 * Registers @fastify/cookie on app (root scope) and returns the identity service.
 * Without AUTH_SECRET a random secret is used: cookies and tokens then last as long as the process.
 */
export async function setupIdentity(
  app: FastifyInstance,
  config: Pick<Config, 'AUTH_SECRET' | 'AUTH_TOKEN_TTL' | 'COOKIE_SECURE'>,
): Promise<IdentityService> {
  let secret = config.AUTH_SECRET;
  if (!secret) {
    secret = randomBytes(32).toString('hex');
    app.log.warn('AUTH_SECRET is not set: web identities and login tokens will not survive a restart');
  }
  const jwtKey = derive(secret, 'jwt');
  const expiresIn = ttlSeconds(config.AUTH_TOKEN_TTL);
  await app.register(cookie, { secret: derive(secret, 'cookie').toString('hex'), hook: 'onRequest' });
  const secure = config.COOKIE_SECURE === 'auto' ? 'auto' : config.COOKIE_SECURE === 'true';

  async function fromToken(token: string): Promise<Identity> {
    try {
      const { payload } = await jwtVerify(token, jwtKey, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
      });
      const parsed = typeof payload.sub === 'string' ? parseUserKey(payload.sub) : undefined;
      if (!parsed || !TOKEN_CHANNELS.includes(parsed.channel)) throw new AuthError();
      const oid = typeof payload.oid === 'string' && payload.oid ? payload.oid : undefined;
      return { key: payload.sub!, via: 'token', ...(oid ? { openid: oid } : {}) };
    } catch (err) {
      if (err instanceof AuthError) throw err;
      if (err instanceof joseErrors.JWTExpired) throw new AuthError('登录已过期，请重新登录。');
      throw new AuthError();
    }
  }

  function setCookie(reply: FastifyReply, id: string) {
    reply.setCookie(COOKIE_NAME, id, {
      signed: true,
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
      maxAge: COOKIE_MAX_AGE,
    });
  }

  return {
    async resolve(req, reply, { create }) {
      const auth = req.headers.authorization;
      if (auth !== undefined) {
        const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
        if (!m) throw new AuthError('登录信息格式有误，请重新登录。');
        return fromToken(m[1]!);
      }
      const raw = req.cookies[COOKIE_NAME];
      if (raw) {
        const u = req.unsignCookie(raw);
        if (u.valid && u.value && /^[0-9a-f-]{36}$/.test(u.value)) {
          if (create) setCookie(reply, u.value); // renew: the identity lives as long as it is used
          return { key: userKey('web', u.value), via: 'cookie' };
        }
      }
      if (!create) return undefined;
      const id = randomUUID();
      setCookie(reply, id);
      return { key: userKey('web', id), via: 'cookie' };
    },
    async issueToken(key, openid) {
      const token = await new SignJWT(openid ? { oid: openid } : {})
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(key)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + expiresIn)
        .sign(jwtKey);
      return { token, expiresIn };
    },
    clearCookie(reply) {
      reply.clearCookie(COOKIE_NAME, { path: '/', httpOnly: true, sameSite: 'lax', secure });
    },
  };
}
