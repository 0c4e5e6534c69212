// The server API as the mini-program uses it: wx.login → POST /api/auth/wechat → token (kept in storage),
// then POST /api/chat with the token. An expired token is renewed once, silently.
import { API_BASE, REQUEST_TIMEOUT_MS } from '../config';
import type { ChatReply } from './format';

const TOKEN_KEY = 'jxjy.token';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface HttpResult {
  status: number;
  data: unknown;
}

function request(path: string, method: 'GET' | 'POST' | 'DELETE', data?: object, token?: string): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    wx.request({
      url: `${API_BASE}${path}`,
      method,
      data,
      timeout: REQUEST_TIMEOUT_MS,
      header: {
        ...(data ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      success: (res) => resolve({ status: res.statusCode, data: res.data }),
      fail: (err) =>
        reject(
          new ApiError(
            /timeout/i.test(err.errMsg) ? '服务器响应超时，请重试。' : '网络连接失败，请检查网络后重试。',
            0,
          ),
        ),
    });
  });
}

function errorText(r: HttpResult): string {
  const body = r.data as { error?: unknown } | undefined;
  if (body && typeof body.error === 'string') return body.error;
  if (r.status === 429) return '发送太频繁了，请稍后再试。';
  return '服务暂时不可用，请稍后再试。';
}

function wxLogin(): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.login({
      success: (r) => (r.code ? resolve(r.code) : reject(new ApiError('微信登录失败，请重试。', 0))),
      fail: () => reject(new ApiError('微信登录失败，请重试。', 0)),
    });
  });
}

export async function login(): Promise<string> {
  const code = await wxLogin();
  const r = await request('/api/auth/wechat', 'POST', { code });
  const body = r.data as { token?: unknown };
  if (r.status !== 200 || typeof body?.token !== 'string') throw new ApiError(errorText(r), r.status);
  wx.setStorageSync(TOKEN_KEY, body.token);
  return body.token;
}

async function token(): Promise<string> {
  const kept = wx.getStorageSync(TOKEN_KEY);
  return typeof kept === 'string' && kept ? kept : login();
}

/** Calls the API as the logged-in user; on 401 logs in again once. */
async function authed(path: string, method: 'GET' | 'POST' | 'DELETE', data?: object): Promise<unknown> {
  let r = await request(path, method, data, await token());
  if (r.status === 401) {
    wx.removeStorageSync(TOKEN_KEY);
    r = await request(path, method, data, await login());
  }
  if (r.status !== 200) throw new ApiError(errorText(r), r.status);
  return r.data;
}

export async function chat(text: string): Promise<ChatReply> {
  const data = (await authed('/api/chat', 'POST', { text })) as ChatReply;
  if (!data || typeof data.reply !== 'string') throw new ApiError('服务暂时不可用，请稍后再试。', 500);
  return data;
}

/** Removes everything the assistant keeps about this user (profile, reminders, handoff records). */
export async function forgetMe(): Promise<void> {
  await authed('/api/me', 'DELETE');
}

/** A delivered deadline reminder (GET /api/me/notices). */
export interface Notice {
  id: string;
  text: string;
  at: string;
  deliveredAt: string;
}

/** The reminders delivered to this user, newest first; none before the first login or with a lapsed token
 *  (the next message logs in again). */
export async function notices(): Promise<Notice[]> {
  const kept = wx.getStorageSync(TOKEN_KEY);
  if (typeof kept !== 'string' || !kept) return [];
  const r = await request('/api/me/notices', 'GET', undefined, kept);
  if (r.status !== 200 || !Array.isArray(r.data)) return [];
  return (r.data as Notice[]).filter((n) => n && typeof n.text === 'string');
}
