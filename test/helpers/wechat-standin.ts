// A local stand-in for WeChat's HTTP APIs (WECHAT_API_BASE): jscode2session, access token, customer-service send.
import Fastify from 'fastify';

export const STANDIN_APPID = 'wx-test-appid';
export const STANDIN_SECRET = 'wx-test-secret';

export interface StandIn {
  base: string;
  /** customer-service messages received, in order */
  sent: Array<{ touser: string; content: string }>;
  /** mini-program subscribe messages received, in order */
  subscribeSent: Array<{ touser: string; template_id: string; page?: string; data: Record<string, { value: string }> }>;
  /** the next this many message sends (customer-service or subscribe) answer errcode 45015 / 43101 */
  failSends: number;
  /** access tokens handed out so far */
  tokensIssued: number;
  /** makes the current access token invalid (as WeChat does when another server fetched a new one) */
  invalidateToken(): void;
  /** codes the stand-in accepts: code → { openid, unionid? } */
  codes: Map<string, { openid: string; unionid?: string }>;
  /** Official Account followers whose account is bound to an open platform: openid → unionid */
  unionids: Map<string, string>;
  close(): Promise<void>;
}

export async function startWeChatStandIn(): Promise<StandIn> {
  const app = Fastify();
  let current = '';
  const state = {
    sent: [] as StandIn['sent'],
    subscribeSent: [] as StandIn['subscribeSent'],
    failSends: 0,
    tokensIssued: 0,
    codes: new Map<string, { openid: string; unionid?: string }>(),
    unionids: new Map<string, string>(),
  };
  app.get('/sns/jscode2session', async (req) => {
    const q = req.query as Record<string, string>;
    if (q.appid !== STANDIN_APPID || q.secret !== STANDIN_SECRET) return { errcode: 40013, errmsg: 'invalid appid' };
    if (q.grant_type !== 'authorization_code') return { errcode: 40002, errmsg: 'invalid grant_type' };
    const who = state.codes.get(q.js_code ?? '');
    if (!who) return { errcode: 40029, errmsg: 'invalid code' };
    state.codes.delete(q.js_code!); // a code is good once
    return { ...who, session_key: 'c2Vzc2lvbg==' };
  });
  app.get('/cgi-bin/token', async (req) => {
    const q = req.query as Record<string, string>;
    if (q.appid !== STANDIN_APPID || q.secret !== STANDIN_SECRET) return { errcode: 40013, errmsg: 'invalid appid' };
    state.tokensIssued++;
    current = `token-${state.tokensIssued}`;
    return { access_token: current, expires_in: 7200 };
  });
  app.get('/cgi-bin/user/info', async (req) => {
    const q = req.query as Record<string, string>;
    if (!current || q.access_token !== current) return { errcode: 40001, errmsg: 'invalid credential' };
    const unionid = state.unionids.get(q.openid ?? '');
    return { subscribe: 1, openid: q.openid, ...(unionid ? { unionid } : {}) };
  });
  app.post('/cgi-bin/message/custom/send', async (req) => {
    const q = req.query as Record<string, string>;
    if (!current || q.access_token !== current) return { errcode: 40001, errmsg: 'invalid credential' };
    const b = req.body as { touser: string; msgtype: string; text: { content: string } };
    if (b.msgtype !== 'text') return { errcode: 40008, errmsg: 'invalid message type' };
    if (state.failSends > 0) {
      state.failSends--;
      return { errcode: 45015, errmsg: 'response out of time limit or subscription is canceled' };
    }
    state.sent.push({ touser: b.touser, content: b.text.content });
    return { errcode: 0, errmsg: 'ok' };
  });
  app.post('/cgi-bin/message/subscribe/send', async (req) => {
    const q = req.query as Record<string, string>;
    if (!current || q.access_token !== current) return { errcode: 40001, errmsg: 'invalid credential' };
    const b = req.body as StandIn['subscribeSent'][number];
    if (!b.template_id || !b.touser || typeof b.data !== 'object')
      return { errcode: 47003, errmsg: 'argument invalid' };
    if (state.failSends > 0) {
      state.failSends--;
      return { errcode: 43101, errmsg: 'user refuse to accept the msg' };
    }
    state.subscribeSent.push(b);
    return { errcode: 0, errmsg: 'ok' };
  });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    base,
    get sent() {
      return state.sent;
    },
    get subscribeSent() {
      return state.subscribeSent;
    },
    get failSends() {
      return state.failSends;
    },
    set failSends(n: number) {
      state.failSends = n;
    },
    get tokensIssued() {
      return state.tokensIssued;
    },
    codes: state.codes,
    unionids: state.unionids,
    invalidateToken() {
      current = `revoked-${Date.now()}`;
    },
    close: () => app.close(),
  };
}
