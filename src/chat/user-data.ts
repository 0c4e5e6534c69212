// What the assistant keeps about one user, as shown to that user (GET /api/me), and the reply to "删除我的数据".
import type { Session } from '../dialog/state';
import type { ReminderSubscription } from '../sessions/subscriptions';

export const FORGET_REPLY =
  '已删除您在本助手保存的全部数据：地区、职称、学时等个人信息，截止提醒，以及转人工记录。之后的提问将从头开始。';

export interface UserData {
  /** what the user told: region, place, title level and route, hours per year */
  profile: {
    region?: string;
    place?: string;
    uncovered?: string;
    level?: string;
    route?: string;
    hours: Session['profile']['hours'];
  } | null;
  /** the question the assistant is waiting on, if any */
  pending: { intent: string; question: string } | null;
  /** the deadline-reminder subscription, if any */
  subscription: ReminderSubscription | null;
}

export function userDataOf(session: Session | undefined, sub: ReminderSubscription | undefined): UserData {
  const p = session?.profile;
  return {
    profile: p
      ? {
          ...(p.region ? { region: p.region } : {}),
          ...(p.place ? { place: p.place } : {}),
          ...(p.uncovered ? { uncovered: p.uncovered } : {}),
          ...(p.level ? { level: p.level } : {}),
          ...(p.route ? { route: p.route } : {}),
          hours: p.hours,
        }
      : null,
    pending: session?.pending ? { intent: session.pending.frame.topic, question: session.pending.question } : null,
    subscription: sub ?? null,
  };
}
