// Reminder delivery through WeChat's server API: Official Account customer-service text, mini-program subscribe
// message (the template's fields: thing1 what, time2 by when, thing3 a short note).
import type { WeChatApi } from '../channels/wechat-api';
import type { Policy } from '../policy';
import { PermanentDeliveryError } from './scheduler';
import type { Sender } from './service';

/** a subscribe message's thing field holds at most 20 characters */
const thing = (s: string) => ([...s].length > 20 ? `${[...s].slice(0, 19).join('')}…` : s);

export function officialSender(api: WeChatApi): Sender {
  return async (to, text) => {
    if (!to) throw new PermanentDeliveryError('no openid for the Official Account');
    await api.sendText(to, text);
  };
}

export function miniProgramSender(api: WeChatApi, policy: Policy, templateId: string, page?: string): Sender {
  return async (to, _text, job) => {
    if (!to) throw new PermanentDeliveryError('no openid for the mini-program');
    const d = policy.index.regions.get(job.region)?.deadlines.find((x) => x.id === job.deadlineId);
    if (!d) throw new PermanentDeliveryError(`deadline ${job.deadlineId} no longer in the knowledge`);
    const data = {
      thing1: { value: thing(d.label) },
      time2: { value: d.time ? `${d.date} ${d.time}` : d.date },
      thing3: { value: thing(`还有${job.offset}天截止，点开查看详情`) },
    };
    await api.sendSubscribeMessage(to, templateId, data, page);
  };
}
