// Steering commands: cancel, restart, hand over to a person, reminders, greetings, thanks, a figure that cannot be.
import type { ChatReply } from '../chat/types';
import type { Control } from '../intents/command';
import { DEFAULT_DAYS_BEFORE } from '../sessions/subscriptions';
import { type Ctx, coveredNames, hotline, regionName, reply } from './answer';
import { CAPABILITIES, question } from './prompts';
import { join } from './render';
import { emptySession, type Session } from './state';

export interface ControlResult {
  reply: ChatReply;
  session: Session;
}

type Handler = (ctx: Ctx, region?: string, place?: string) => ControlResult;

const HANDLERS: Record<Control, Handler> = {
  cancel: ({ session }) => {
    session.pending = undefined;
    session.suspended = undefined;
    return { session, reply: reply('好的，已取消。还有什么可以帮您？', 'cancel') };
  },
  restart: () => ({
    session: emptySession(),
    reply: reply(join('好的，我们重新开始。我可以帮您：', CAPABILITIES), 'restart'),
  }),
  handoff: (ctx, region, place) => handoff(ctx, region, place),
  subscribe: (ctx, region) => subscribe(ctx, region),
  unsubscribe: ({ session }) => {
    session.profile.subscribed = false;
    return { session, reply: reply('已取消截止提醒。需要时回复“提醒我”可重新订阅。', 'unsubscribe') };
  },
  reminders: ({ session, deps }) => {
    const region = session.profile.region;
    const on = session.profile.subscribed && region;
    const text = on
      ? `您已订阅${regionName(deps, region)}继续教育截止提醒，截止前${DEFAULT_DAYS_BEFORE.join('天、')}天提醒。回复“取消提醒”可退订。`
      : '您还没有订阅截止提醒。回复“提醒我”即可订阅。';
    return { session, reply: reply(text, 'reminders') };
  },
  delete_data: ({ session }) => ({
    session,
    reply: reply('好的，已删除您的全部数据（地区、学时、提醒等）。', 'delete_data'),
  }),
  greeting: (ctx) => greet(ctx, true),
  help: (ctx) => greet(ctx, false),
  thanks: ({ session }) => {
    session.misses = 0;
    return { session, reply: reply('不客气！还有继续教育学时方面的问题，随时问我。', 'greeting') };
  },
  ack: ({ session }) => {
    session.misses = 0;
    return { session, reply: reply('好的。还有继续教育学时方面的问题，随时问我。', 'greeting') };
  },
  out_of_scope: ({ session, deps }) => notUnderstood(session, deps, true),
};

export function control(action: Control, ctx: Ctx, region?: string, place?: string): ControlResult {
  return HANDLERS[action](ctx, region, place);
}

function handoff({ session, deps }: Ctx, region?: string, place?: string): ControlResult {
  const r = region ?? session.profile.region;
  const h = r ? hotline(deps, r, place ?? session.profile.place) : allHotlines(deps);
  return {
    session,
    reply: reply(join('为您转人工：请在工作时间拨打以下电话。', h.text), 'human', { citations: h.citations }),
  };
}

function allHotlines(deps: Ctx['deps']): { text: string; citations: ChatReply['citations'] } {
  const lines: string[] = [];
  const citations: ChatReply['citations'] = [];
  for (const id of deps.policy.index.regions.keys()) {
    const r = deps.policy.contacts({ region: id, topic: 'policy' });
    const c = r.contacts[0];
    if (!c) continue;
    lines.push(`${regionName(deps, id)}：${c.org}${c.dept ?? ''} ${c.phones.join('、')}`);
    if (r.citations[0]) citations.push(r.citations[0]);
  }
  return { text: lines.join('\n'), citations };
}

function greet({ session, deps }: Ctx, hello: boolean): ControlResult {
  session.misses = 0;
  const open = session.pending;
  return {
    session,
    reply: reply(
      join(
        hello ? '您好！我是继续教育学时助手。' : '我是继续教育学时助手，可以帮您：',
        hello ? `我可以帮您：\n${CAPABILITIES}` : CAPABILITIES,
        `目前收录：${coveredNames(deps)}。`,
        open ? `刚才的问题还在等您回答：${open.question}` : '',
      ),
      hello ? 'greeting' : 'help',
      open ? { awaiting: { slot: open.awaiting.slot, question: open.question } } : {},
    ),
  };
}

function subscribe({ session, deps }: Ctx, told?: string): ControlResult {
  if (told) session.profile.region = told;
  const region = session.profile.region;
  if (!region) {
    const q = question({ slot: 'region' }, coveredNames(deps));
    return { session, reply: reply(`好的。${q}`, 'subscribe', { awaiting: { slot: 'region', question: q } }) };
  }
  session.profile.subscribed = true;
  const d = deps.policy.deadlines({ region, today: deps.today });
  const next = d.next ? `最近的截止：${d.next.label}（${d.next.date}，还有${d.next.daysLeft}天）。` : '';
  return {
    session,
    reply: reply(
      join(
        `已为您订阅${regionName(deps, region)}继续教育截止提醒，截止前${DEFAULT_DAYS_BEFORE.join('天、')}天会提醒您。`,
        next,
        '回复“取消提醒”可退订。',
      ),
      'subscribe',
      { citations: d.citations },
    ),
  };
}

/** Not understood: what can be asked; the second time in a row, the hotline. */
export function notUnderstood(session: Session, deps: Ctx['deps'], outOfScope = false): ControlResult {
  session.misses += 1;
  if (session.misses >= 2) {
    session.misses = 0;
    const h = hotline(deps, session.profile.region, session.profile.place);
    return {
      session,
      reply: reply(join('抱歉，这个问题我暂时答不上来。', h.text), 'not_understood', { citations: h.citations }),
    };
  }
  return {
    session,
    reply: reply(
      join(
        outOfScope
          ? '这个问题超出了我的范围。我是继续教育学时助手，可以帮您：'
          : '抱歉，没太看懂您的问题。我可以帮您：',
        CAPABILITIES,
      ),
      outOfScope ? 'out_of_scope' : 'not_understood',
    ),
  };
}

/** A figure that cannot be right (negative, absurd): nothing is recorded. */
export function invalidFigure(session: Session, words: string): ControlResult {
  return {
    session,
    reply: reply(
      `“${words}”这个数字不对（不能为负数或过大），未记录任何信息。请重新输入，例如“公需20专业45”。`,
      'invalid',
    ),
  };
}
