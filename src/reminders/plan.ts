// Which reminders one subscriber gets: for every future deadline of the region's notices that a technician acts
// on, one reminder at each offset of REMINDER_OFFSETS_DAYS, at REMINDER_HOUR in UTC+8. Pure.
import { createHash } from 'node:crypto';
import type { Policy } from '../policy';
import type { Deadline } from '../policy/schema';
import { DEFAULT_DAYS_BEFORE } from '../sessions/subscriptions';

/** The one constant the offsets come from (days before a deadline). */
export const REMINDER_OFFSETS_DAYS: readonly number[] = DEFAULT_DAYS_BEFORE;
/** Reminders go out at this hour, China time (09:00 UTC+8). */
export const REMINDER_HOUR = 9;
const DAY_MS = 86_400_000;

/** Where a reminder goes: the user's channel, and the address on it when the user key does not name it. */
export interface Recipient {
  user: string;
  region: string;
  place?: string;
  /** web, mp, oa or wx */
  channel: string;
  /** openid (mp, oa) or contact id (wx); absent for web */
  to?: string;
}

export interface ReminderJob extends Recipient {
  /** deterministic: the same (user, deadline, offset) always has the same id */
  id: string;
  deadlineId: string;
  /** days before the deadline */
  offset: number;
  /** when it is due, ISO date-time */
  at: string;
}

/** Deadlines for the technicians themselves: those naming nobody, or naming them (unit-only steps are left out). */
const FOR_INDIVIDUALS = '专业技术人员';
export function forIndividuals(d: Pick<Deadline, 'who'>): boolean {
  return d.who === undefined || d.who.includes(FOR_INDIVIDUALS);
}

/** The end of a deadline: its time of day when the notice gives one, else the end of the day (UTC+8). */
export function deadlineEnd(d: Pick<Deadline, 'date' | 'time'>): number {
  return Date.parse(`${d.date}T${d.time ?? '23:59'}:00+08:00`);
}

export function reminderAt(date: string, offset: number): number {
  const hh = String(REMINDER_HOUR).padStart(2, '0');
  return Date.parse(`${date}T${hh}:00:00+08:00`) - offset * DAY_MS;
}

export function jobId(user: string, deadlineId: string, offset: number): string {
  const h = createHash('sha256')
    .update(JSON.stringify([user, deadlineId, offset]))
    .digest('hex');
  return `rem-${h.slice(0, 32)}`;
}

/** The region's deadlines a reminder may be set for, still ahead at `now`. */
export function futureDeadlines(policy: Policy, region: string, now: number): Deadline[] {
  const rules = policy.index.regions.get(region);
  if (!rules) return [];
  return rules.deadlines.filter((d) => forIndividuals(d) && deadlineEnd(d) > now);
}

/** The reminders for one recipient, soonest first; offsets already past are left out. */
export function planReminders(
  policy: Policy,
  r: Recipient,
  now: number,
  offsets: readonly number[] = REMINDER_OFFSETS_DAYS,
): ReminderJob[] {
  const jobs: ReminderJob[] = [];
  for (const d of futureDeadlines(policy, r.region, now)) {
    for (const offset of offsets) {
      const at = reminderAt(d.date, offset);
      if (at <= now) continue;
      jobs.push({ ...r, id: jobId(r.user, d.id, offset), deadlineId: d.id, offset, at: new Date(at).toISOString() });
    }
  }
  return jobs.sort((a, b) => a.at.localeCompare(b.at) || a.deadlineId.localeCompare(b.deadlineId));
}
