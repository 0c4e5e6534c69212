// The WeChat channels served by the HTTP app: mini-program login and the Official Account webhook.
import type { FastifyInstance } from 'fastify';
import { registerMiniProgramAuth } from '../channels/miniprogram';
import { registerOfficialAccount } from '../channels/official/webhook';
import { WeChatApi } from '../channels/wechat-api';
import type { ChatService } from '../chat/types';
import type { Config } from '../config';
import type { Policy } from '../policy';
import type { ReminderService } from '../reminders/service';
import { miniProgramSender, officialSender } from '../reminders/wechat';
import type { SessionStore } from '../sessions';
import type { IdentityService } from './identity';
import type { Limits } from './limits';

export interface ChannelDeps {
  config: Config;
  chat: ChatService & {
    subscriptions: { unsubscribe(userId: string): Promise<boolean> };
    reminders?: Pick<ReminderService, 'cancel' | 'setSender'>;
  };
  policy: Policy;
  store: SessionStore;
  identity: IdentityService;
  limits: Limits;
}

export async function registerChannels(app: FastifyInstance, d: ChannelDeps): Promise<void> {
  const { config } = d;
  const api = (appId?: string, secret?: string) =>
    appId && secret ? new WeChatApi({ baseUrl: config.WECHAT_API_BASE, appId, secret, store: d.store }) : undefined;

  const mpApi = api(config.WECHAT_APPID, config.WECHAT_SECRET);
  registerMiniProgramAuth(app, { identity: d.identity, api: mpApi });
  if (mpApi && config.WECHAT_REMINDER_TEMPLATE_ID) {
    const send = miniProgramSender(mpApi, d.policy, config.WECHAT_REMINDER_TEMPLATE_ID, config.WECHAT_REMINDER_PAGE);
    d.chat.reminders?.setSender('mp', send);
  }

  if (config.WECHAT_OFFICIAL_TOKEN) {
    const appId = config.WECHAT_OFFICIAL_APPID ?? config.WECHAT_APPID;
    const secret = config.WECHAT_OFFICIAL_APPID ? config.WECHAT_OFFICIAL_SECRET : config.WECHAT_SECRET;
    if (config.WECHAT_OFFICIAL_AES_KEY && !appId) {
      throw new Error('bad configuration: WECHAT_OFFICIAL_AES_KEY needs WECHAT_APPID (or WECHAT_OFFICIAL_APPID)');
    }
    const oaApi = api(appId, secret);
    if (oaApi) d.chat.reminders?.setSender('oa', officialSender(oaApi));
    await registerOfficialAccount(app, {
      token: config.WECHAT_OFFICIAL_TOKEN,
      aesKey: config.WECHAT_OFFICIAL_AES_KEY,
      appId,
      chat: d.chat,
      store: d.store,
      api: oaApi,
      budgetMs: config.WECHAT_REPLY_BUDGET_MS,
      userLimit: d.limits.user,
    });
  }
}
