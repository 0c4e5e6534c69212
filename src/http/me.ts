// GET /api/me: what is kept about the caller; DELETE /api/me: remove it all (profile, reminders, handoff records).
// GET /api/me/reminders: the caller's pending reminders; GET /api/me/notices: those delivered.
import type { FastifyInstance } from 'fastify';
import type { ChatServiceExtras } from '../chat/service';
import type { IdentityService } from './identity';

const ErrorResponse = { type: 'object', properties: { error: { type: 'string' } } } as const;
const Upcoming = {
  type: 'object',
  properties: { at: { type: 'string', format: 'date-time' }, text: { type: 'string' } },
} as const;
const NoticeSchema = {
  type: 'object',
  properties: {
    at: { type: 'string' },
    deliveredAt: { type: 'string' },
    text: { type: 'string' },
    channel: { type: 'string' },
  },
} as const;

export function registerMe(app: FastifyInstance, identity: IdentityService, chat: ChatServiceExtras): void {
  app.get(
    '/api/me',
    { schema: { summary: '我的数据：助手保存的个人信息与提醒', response: { '4xx': ErrorResponse } } },
    async (req, reply) => {
      const who = await identity.resolve(req, reply, { create: false });
      if (!who) return { profile: null, pending: null, subscription: null };
      return chat.userData(who.key);
    },
  );

  /** A list of the caller's own (none for a caller without an identity yet), never cached. */
  const mine = <T>(url: string, summary: string, items: object, list: (key: string) => Promise<T[]>) =>
    app.get(
      url,
      { schema: { summary, response: { 200: { type: 'array', items }, '4xx': ErrorResponse } } },
      async (req, reply) => {
        const who = await identity.resolve(req, reply, { create: false });
        reply.header('cache-control', 'no-store');
        return who ? list(who.key) : [];
      },
    );
  mine('/api/me/reminders', '我的提醒：尚未发出的截止提醒（时间与内容）', Upcoming, (key) =>
    chat.reminders.upcoming(key),
  );
  mine('/api/me/notices', '已送达的截止提醒（最新在前）', NoticeSchema, (key) => chat.reminders.notices.list(key));

  app.delete(
    '/api/me',
    { schema: { summary: '删除我的数据（个人信息、提醒、转人工记录）', response: { '4xx': ErrorResponse } } },
    async (req, reply) => {
      const who = await identity.resolve(req, reply, { create: false });
      if (who) await chat.forget(who.key);
      if (who?.via === 'cookie') identity.clearCookie(reply);
      return { deleted: true };
    },
  );
}
