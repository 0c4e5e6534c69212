// The WeChat channels served by the HTTP app: mini-program login and the Official Account webhook.
import type { FastifyInstance } from 'fastify';
import { registerMiniProgramAuth } from '../channels/miniprogram';
import { registerOfficialAccount } from '../channels/official/webhook';
import { WeChatApi } from '../channels/wechat-api';
import type { ChatService } from '../chat/types';
import type { Config } from '../config';
import type { SessionStore } from '../sessions';
import type { IdentityService } from './identity';
import type { Limits } from './limits';

export interface ChannelDeps {
  config: Config;
  chat: ChatService & { subscriptions: { unsubscribe(userId: string): Promise<boolean> } };
  store: SessionStore;
  identity: IdentityService;
  limits: Limits;
}

export async function registerChannels(app: FastifyInstance, d: ChannelDeps): Promise<void> {
  const { config } = d;
  const api = (appId?: string, secret?: string) =>
    appId && secret ? new WeChatApi({ baseUrl: config.WECHAT_API_BASE, appId, secret, store: d.store }) : undefined;

  registerMiniProgramAuth(app, { identity: d.identity, api: api(config.WECHAT_APPID, config.WECHAT_SECRET) });

  if (config.WECHAT_OFFICIAL_TOKEN) {
    const appId = config.WECHAT_OFFICIAL_APPID ?? config.WECHAT_APPID;
    const secret = config.WECHAT_OFFICIAL_APPID ? config.WECHAT_OFFICIAL_SECRET : config.WECHAT_SECRET;
    if (config.WECHAT_OFFICIAL_AES_KEY && !appId) {
      throw new Error('bad configuration: WECHAT_OFFICIAL_AES_KEY needs WECHAT_APPID (or WECHAT_OFFICIAL_APPID)');
    }
    await registerOfficialAccount(app, {
      token: config.WECHAT_OFFICIAL_TOKEN,
      aesKey: config.WECHAT_OFFICIAL_AES_KEY,
      appId,
      chat: d.chat,
      store: d.store,
      api: api(appId, secret),
      budgetMs: config.WECHAT_REPLY_BUDGET_MS,
      userLimit: d.limits.user,
    });
  }
}
