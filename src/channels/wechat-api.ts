// WeChat's server APIs the assistant calls: jscode2session (mini-program login), the access token and the
// customer-service text message (Official Account replies that took too long for a passive reply).
// The base URL is WECHAT_API_BASE, so tests and staging use a local stand-in.
import type { KeyValueStore } from '../sessions/store';

export class WeChatApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly api: string,
  ) {
    super(`${api}: errcode ${errcode} ${errmsg}`);
    this.name = 'WeChatApiError';
  }
}

/** The code from wx.login was invalid, used or expired. */
export const INVALID_CODE_ERRCODES = new Set([40029, 40163, 40125]);
/** The access token is invalid or expired: fetch a new one and try again once. */
const TOKEN_ERRCODES = new Set([40001, 40014, 42001]);

export interface WeChatApiOptions {
  baseUrl: string;
  appId: string;
  secret: string;
  /** caches the access token (shared by every process with Redis) */
  store: KeyValueStore;
  /** per call (default 3 s) */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface Code2Session {
  openid: string;
  unionid?: string;
}

export class WeChatApi {
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly doFetch: typeof fetch;

  constructor(private readonly opts: WeChatApiOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = opts.timeoutMs ?? 3000;
    this.doFetch = opts.fetch ?? fetch;
  }

  /** Exchanges a wx.login code; throws WeChatApiError (see INVALID_CODE_ERRCODES) or a network error. */
  async code2Session(code: string): Promise<Code2Session> {
    const q = new URLSearchParams({
      appid: this.opts.appId,
      secret: this.opts.secret,
      js_code: code,
      grant_type: 'authorization_code',
    });
    const r = await this.call('GET', `/sns/jscode2session?${q}`, 'jscode2session');
    if (typeof r.openid !== 'string' || !r.openid)
      throw new WeChatApiError(-2, 'no openid in answer', 'jscode2session');
    return { openid: r.openid, ...(typeof r.unionid === 'string' && r.unionid ? { unionid: r.unionid } : {}) };
  }

  /** A valid access token, from the store while it lasts (refreshed five minutes before it expires). */
  async accessToken(force = false): Promise<string> {
    const key = `jxjy:wechat:token:${this.opts.appId}`;
    if (!force) {
      const cached = await this.opts.store.get(key);
      if (cached) return cached;
    }
    return this.opts.store.withLock(key, async () => {
      // another caller may have refreshed it while this one waited
      const cached = await this.opts.store.get(key);
      if (cached && !force) return cached;
      const q = new URLSearchParams({
        grant_type: 'client_credential',
        appid: this.opts.appId,
        secret: this.opts.secret,
      });
      const r = await this.call('GET', `/cgi-bin/token?${q}`, 'token');
      if (typeof r.access_token !== 'string' || !r.access_token) {
        throw new WeChatApiError(-2, 'no access_token in answer', 'token');
      }
      const expires = typeof r.expires_in === 'number' && r.expires_in > 0 ? r.expires_in : 7200;
      await this.opts.store.set(key, r.access_token, Math.max(60, expires - 300));
      return r.access_token;
    });
  }

  /** The follower's unionid (cgi-bin/user/info), or undefined when the account is not bound to an open platform. */
  async unionIdOf(openid: string): Promise<string | undefined> {
    const r = await this.withToken((token) =>
      this.call(
        'GET',
        `/cgi-bin/user/info?${new URLSearchParams({ access_token: token, openid, lang: 'zh_CN' })}`,
        'user/info',
      ),
    );
    return typeof r.unionid === 'string' && r.unionid ? r.unionid : undefined;
  }

  /** Sends a customer-service text message to an Official Account follower. */
  async sendText(openid: string, content: string): Promise<void> {
    const body = JSON.stringify({ touser: openid, msgtype: 'text', text: { content } });
    await this.withToken((token) =>
      this.call('POST', `/cgi-bin/message/custom/send?access_token=${encodeURIComponent(token)}`, 'custom/send', body),
    );
  }

  /**
   * Sends a mini-program subscribe message (订阅消息) the user consented to with wx.requestSubscribeMessage.
   * data: the template's fields, e.g. { thing1: { value: '…' }, time2: { value: '2025年12月10日' } }.
   */
  async sendSubscribeMessage(
    openid: string,
    templateId: string,
    data: Record<string, { value: string }>,
    page?: string,
  ): Promise<void> {
    const body = JSON.stringify({ touser: openid, template_id: templateId, data, ...(page ? { page } : {}) });
    await this.withToken((token) =>
      this.call(
        'POST',
        `/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`,
        'subscribe/send',
        body,
      ),
    );
  }

  /** Calls fn with the access token; when WeChat says the token is no longer valid, once more with a new one. */
  private async withToken<T>(fn: (token: string) => Promise<T>): Promise<T> {
    try {
      return await fn(await this.accessToken());
    } catch (err) {
      if (err instanceof WeChatApiError && TOKEN_ERRCODES.has(err.errcode)) return fn(await this.accessToken(true));
      throw err;
    }
  }

  private async call(method: 'GET' | 'POST', path: string, api: string, body?: string): Promise<Record<string, any>> {
    const res = await this.doFetch(`${this.base}${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : undefined,
      body,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) throw new WeChatApiError(-res.status, `HTTP ${res.status}`, api);
    let json: unknown;
    try {
      json = await res.json();
    } catch {
      throw new WeChatApiError(-3, 'answer is not JSON', api);
    }
    if (typeof json !== 'object' || json === null) throw new WeChatApiError(-3, 'answer is not an object', api);
    const r = json as Record<string, any>;
    if (typeof r.errcode === 'number' && r.errcode !== 0)
      throw new WeChatApiError(r.errcode, String(r.errmsg ?? ''), api);
    return r;
  }
}
