// The Official Account (公众号/服务号) webhook at /wechat/official.
//  GET  — WeChat's server check: signature over the sorted token/timestamp/nonce, echo `echostr`.
//  POST — a signed message (plain or safe mode); answered with a passive XML text reply within the budget
//         (WECHAT_REPLY_BUDGET_MS, 4.5 s), else `success` now and the reply later as a customer-service message.
// WeChat retries a message up to three times when no answer comes in 5 s: the message id is kept in the store;
// a retry waits for the first delivery and gets the same reply, so nothing is ever applied twice.
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ChatService } from '../../chat/types';
import { userKey } from '../../sessions/keys';
import type { KeyValueStore } from '../../sessions/store';
import type { WeChatApi } from '../wechat-api';
import { SafeMode, verifyUrlSignature } from './crypto';
import { BadXmlError, buildWeChatXml, parseWeChatXml } from './xml';

export const WELCOME_REPLY = [
  '您好，欢迎关注！我是继续教育学时助手，可以帮您：',
  '· 查每年要完成多少学时（如：安徽每年要多少学时）',
  '· 把成果折算成学时（如：青海发明专利排第2能算多少学时）',
  '· 算还差多少（如：今年公需20专业45还差多少）',
  '· 核对申报职称的学时、查截止时间和咨询电话',
  '回复“提醒我”可订阅截止提醒，“删除我的数据”可删除您的全部信息。',
].join('\n');
export const TEXT_PLEASE_REPLY = '暂时只能看懂文字，请发文字描述您的问题，例如：安徽每年要多少学时？';
export const VOICE_UNHEARD_REPLY = '没能听清这段语音，请发文字描述您的问题。';
export const TOO_FAST_REPLY = (s: number) => `发送太频繁了，请${s}秒后再试。`;
export const ERROR_REPLY = '抱歉，系统暂时出了点问题，请稍后再试。';

/** a passive reply longer than this (UTF-8 bytes) is cut; the rest goes out as customer-service messages */
const MAX_REPLY_BYTES = 2000;
/** how long a message id is remembered (WeChat retries within about 15 s) */
const DEDUPE_TTL_SECONDS = 24 * 3600;

export interface OfficialAccountOptions {
  token: string;
  /** safe mode: EncodingAESKey and the account's AppID */
  aesKey?: string;
  appId?: string;
  chat: ChatService & {
    subscriptions: { unsubscribe(userId: string): Promise<boolean> };
    reminders?: { cancel(userId: string): Promise<number> };
  };
  store: KeyValueStore;
  /** customer-service messages; without it a slow turn is answered when it finishes (WeChat's retry gets it) */
  api?: WeChatApi;
  budgetMs: number;
  /** per-IP limit hook */
  ipLimit?: (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
  /** counts one message of a user; resolves seconds to wait when over the limit */
  userLimit?: (req: FastifyRequest, key: string) => Promise<number>;
}

interface Query {
  signature?: string;
  timestamp?: string;
  nonce?: string;
  echostr?: string;
  openid?: string;
  encrypt_type?: string;
  msg_signature?: string;
}

/** how long an openid → unionid answer is kept (a follower's unionid never changes) */
const UNION_TTL_SECONDS = 30 * 24 * 3600;
/** the longest the unionid look-up may take of a turn's budget */
const UNION_LOOKUP_MS = 800;

type Stored = { state: 'replied'; reply: string } | { state: 'async' } | { state: 'silent' };

/** Cuts text into parts of at most maxBytes UTF-8 bytes, preferring line breaks. */
export function splitBytes(text: string, maxBytes = MAX_REPLY_BYTES): string[] {
  const parts: string[] = [];
  let cur = '';
  for (const line of text.split('\n')) {
    const next = cur ? `${cur}\n${line}` : line;
    if (Buffer.byteLength(next) <= maxBytes) {
      cur = next;
      continue;
    }
    if (cur) parts.push(cur);
    cur = '';
    let piece = '';
    for (const ch of line) {
      if (Buffer.byteLength(piece + ch) > maxBytes) {
        parts.push(piece);
        piece = '';
      }
      piece += ch;
    }
    cur = piece;
  }
  if (cur || parts.length === 0) parts.push(cur);
  return parts;
}

export async function registerOfficialAccount(app: FastifyInstance, opts: OfficialAccountOptions): Promise<void> {
  const safe = opts.aesKey && opts.appId ? new SafeMode(opts.token, opts.aesKey, opts.appId) : undefined;
  const inflight = new Set<Promise<unknown>>();

  /**
   * The follower's user key: their unionid where the account is bound to an open platform (so the mini-program
   * and the Official Account share one profile), else the openid. Looked up once and kept; a slow or failed
   * look-up falls back to the openid for this message.
   */
  async function keyOf(openid: string, req: FastifyRequest): Promise<string> {
    const own = userKey('oa', openid);
    const api = opts.api;
    if (!api) return own;
    const cacheKey = `jxjy:oa:union:${own}`;
    const cached = await opts.store.get(cacheKey);
    if (cached !== undefined) return cached || own;
    try {
      let timer: NodeJS.Timeout | undefined;
      const union = await Promise.race([
        api.unionIdOf(openid),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('user/info timed out')), UNION_LOOKUP_MS);
        }),
      ]).finally(() => clearTimeout(timer));
      const key = union ? userKey('union', union) : '';
      await opts.store.set(cacheKey, key, UNION_TTL_SECONDS);
      return key || own;
    } catch (err) {
      req.log.warn({ err: String(err) }, 'official account: unionid look-up failed; using the openid');
      return own;
    }
  }

  /** What one message asks of the assistant: the reply text, or undefined for none. */
  async function answer(msg: Record<string, string>, openid: string, req: FastifyRequest): Promise<string | undefined> {
    const type = (msg.MsgType ?? '').toLowerCase();
    const key = await keyOf(openid, req);
    if (type === 'event') {
      const event = (msg.Event ?? '').toLowerCase();
      if (event === 'subscribe') return WELCOME_REPLY;
      // 取消关注: reminders stop (a follower who left cannot be messaged anyway)
      if (event === 'unsubscribe') {
        await opts.chat.subscriptions.unsubscribe(key);
        await opts.chat.reminders?.cancel(key);
      }
      return undefined;
    }
    let text: string | undefined;
    if (type === 'text') text = msg.Content ?? '';
    else if (type === 'voice') {
      text = (msg.Recognition ?? '').trim();
      if (!text) return VOICE_UNHEARD_REPLY;
    } else return TEXT_PLEASE_REPLY;
    const wait = opts.userLimit ? await opts.userLimit(req, key) : 0;
    if (wait) return TOO_FAST_REPLY(wait);
    // reminders to this follower go out as customer-service messages to the openid, also behind a unionid
    return (await opts.chat.handle(key, text, { channel: 'oa', to: openid })).reply.trim() || TEXT_PLEASE_REPLY;
  }

  async function deliverLater(
    openid: string,
    pending: Promise<string | undefined>,
    dedupeKey: string,
    req: FastifyRequest,
  ) {
    try {
      const text = await pending;
      if (text && opts.api) for (const part of splitBytes(text)) await opts.api.sendText(openid, part);
      await opts.store.set(dedupeKey, JSON.stringify({ state: 'silent' } satisfies Stored), DEDUPE_TTL_SECONDS);
    } catch (err) {
      req.log.error({ err: String(err) }, 'official account: customer-service reply failed');
    }
  }

  /** Runs the message once; a retry of it (same id) waits for the first and gets the same outcome. */
  async function once(msg: Record<string, string>, req: FastifyRequest, started: number): Promise<Stored> {
    const openid = msg.FromUserName ?? '';
    const id = msg.MsgId || `${openid}|${msg.CreateTime ?? ''}|${msg.MsgType ?? ''}|${msg.Event ?? ''}`;
    const dedupeKey = `jxjy:oa:msg:${createHash('sha1')
      .update(`${msg.ToUserName ?? ''}|${id}`)
      .digest('hex')}`;
    return opts.store.withLock(dedupeKey, async () => {
      const seen = await opts.store.get(dedupeKey);
      if (seen) {
        try {
          return JSON.parse(seen) as Stored;
        } catch {
          return { state: 'silent' };
        }
      }
      const pending = answer(msg, openid, req).catch((err) => {
        req.log.error({ err: String(err) }, 'official account: message handling failed');
        return ERROR_REPLY;
      });
      let outcome: Stored;
      if (opts.api) {
        const left = Math.max(0, opts.budgetMs - (Date.now() - started));
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<'late'>((r) => {
          timer = setTimeout(() => r('late'), left);
        });
        const first = await Promise.race([pending, late]);
        clearTimeout(timer);
        if (first === 'late') {
          outcome = { state: 'async' };
          await opts.store.set(dedupeKey, JSON.stringify(outcome), DEDUPE_TTL_SECONDS);
          const p = deliverLater(openid, pending, dedupeKey, req);
          inflight.add(p);
          void p.finally(() => inflight.delete(p));
          return outcome;
        }
        outcome = first === undefined ? { state: 'silent' } : { state: 'replied', reply: first };
      } else {
        // no customer-service API: answer when done; WeChat's retry (after 5 s) waits for it and gets the reply
        const text = await pending;
        outcome = text === undefined ? { state: 'silent' } : { state: 'replied', reply: text };
      }
      await opts.store.set(dedupeKey, JSON.stringify(outcome), DEDUPE_TTL_SECONDS);
      if (outcome.state === 'replied' && opts.api) {
        // a reply too long for one passive message: the rest as customer-service messages
        const parts = splitBytes(outcome.reply);
        if (parts.length > 1) {
          outcome = { state: 'replied', reply: parts[0]! };
          const rest = parts.slice(1);
          const p = (async () => {
            for (const part of rest) await opts.api!.sendText(openid, part);
          })().catch((err) => req.log.error({ err: String(err) }, 'official account: follow-up part failed'));
          inflight.add(p);
          void p.finally(() => inflight.delete(p));
        }
      }
      return outcome;
    });
  }

  function passive(msg: Record<string, string>, text: string, q: Query, encrypted: boolean): string {
    const parts = splitBytes(text);
    const content = parts.length > 1 ? `${parts[0]}\n（内容较长，未显示完整，请分开提问）` : parts[0]!;
    const xml = buildWeChatXml({
      ToUserName: msg.FromUserName ?? '',
      FromUserName: msg.ToUserName ?? '',
      CreateTime: Math.floor(Date.now() / 1000),
      MsgType: 'text',
      Content: content,
    });
    if (!encrypted || !safe) return xml;
    const timestamp = q.timestamp ?? String(Math.floor(Date.now() / 1000));
    const nonce = q.nonce ?? randomBytes(8).toString('hex');
    const sealed = safe.seal(xml, timestamp, nonce);
    return buildWeChatXml({
      Encrypt: sealed.Encrypt,
      MsgSignature: sealed.MsgSignature,
      TimeStamp: Number(sealed.TimeStamp) || 0,
      Nonce: sealed.Nonce,
    });
  }

  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) =>
      done(null, body),
    );
    scope.addHook('onClose', async () => {
      await Promise.allSettled([...inflight]);
    });
    const hooks = opts.ipLimit ? { onRequest: opts.ipLimit } : {};
    const unauthorized = (reply: FastifyReply) =>
      reply.status(401).type('text/plain; charset=utf-8').send('签名校验失败');

    scope.get('/wechat/official', { schema: { hide: true }, ...hooks }, async (req, reply) => {
      const q = req.query as Query;
      if (!verifyUrlSignature(opts.token, q)) return unauthorized(reply);
      return reply.type('text/plain; charset=utf-8').send(q.echostr ?? '');
    });

    scope.post('/wechat/official', { schema: { hide: true }, ...hooks }, async (req, reply) => {
      const started = Date.now();
      const q = req.query as Query;
      if (!verifyUrlSignature(opts.token, q)) return unauthorized(reply);
      let msg: Record<string, string>;
      const encrypted = (q.encrypt_type ?? '').toLowerCase() === 'aes';
      try {
        msg = parseWeChatXml(typeof req.body === 'string' ? req.body : '');
        if (encrypted) {
          if (!safe)
            return reply
              .status(400)
              .type('text/plain; charset=utf-8')
              .send('未配置安全模式（WECHAT_OFFICIAL_AES_KEY）');
          const inner = safe.open(msg.Encrypt ?? '', q);
          if (inner === undefined) return unauthorized(reply);
          msg = parseWeChatXml(inner);
        }
      } catch (err) {
        if (err instanceof BadXmlError) return reply.status(400).type('text/plain; charset=utf-8').send('XML 格式有误');
        throw err;
      }
      if (!msg.FromUserName || !msg.ToUserName || (q.openid && q.openid !== msg.FromUserName)) {
        return reply.status(400).type('text/plain; charset=utf-8').send('消息缺少发送方');
      }
      let outcome: Stored;
      try {
        outcome = await once(msg, req, started);
      } catch (err) {
        req.log.error({ err: String(err) }, 'official account: store unavailable');
        outcome = { state: 'replied', reply: ERROR_REPLY };
      }
      if (outcome.state !== 'replied') return reply.type('text/plain; charset=utf-8').send('success');
      return reply.type('application/xml; charset=utf-8').send(passive(msg, outcome.reply, q, encrypted));
    });
  });
}
