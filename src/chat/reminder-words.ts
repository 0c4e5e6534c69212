// What the chat adds to a subscribe or "我的提醒" reply: the reminders actually scheduled, or plainly none.
import type { Clock } from '../clock';
import type { Policy } from '../policy';
import { REMINDER_HOUR, type ReminderJob } from '../reminders/plan';
import { monthDay } from '../reminders/text';

const MAX_LISTED = 5;

function when(at: string): string {
  const local = new Date(Date.parse(at) + 8 * 3600_000).toISOString().slice(0, 10);
  return `${monthDay({ date: local })}${REMINDER_HOUR}时`;
}

function labelOf(policy: Policy, job: ReminderJob): string {
  return policy.index.regions.get(job.region)?.deadlines.find((d) => d.id === job.deadlineId)?.label ?? '';
}

/** No reminder ahead: which year's notice is not recorded yet. */
export function noneAhead(policy: Policy, region: string, clock: Clock): string {
  const rules = policy.index.regions.get(region);
  const name = rules?.region.name ?? region;
  const year = rules?.noticeYears.includes(clock.year()) ? clock.year() + 1 : clock.year();
  return `${name}已收录的通知中没有尚未到期的截止日期，暂未收录${year}年的通知；收录后会按时提醒您。`;
}

const WEB_NOTE = '网页上的提醒显示在本页顶部的“截止提醒”里（请用同一浏览器打开）。';

export function scheduledLine(policy: Policy, jobs: readonly ReminderJob[], clock: Clock, region: string): string {
  if (jobs.length === 0) return noneAhead(policy, region, clock);
  const first = jobs[0]!;
  const line = `已安排${jobs.length}条提醒，第一条在${when(first.at)}（${labelOf(policy, first)}，提前${first.offset}天）。`;
  return first.channel === 'web' ? `${line}\n${WEB_NOTE}` : line;
}

export function upcomingLines(policy: Policy, jobs: readonly ReminderJob[], clock: Clock, region?: string): string {
  if (jobs.length === 0) return region ? noneAhead(policy, region, clock) : '';
  const lines = jobs.slice(0, MAX_LISTED).map((j) => `· ${when(j.at)}：${labelOf(policy, j)}（提前${j.offset}天）`);
  const more = jobs.length > MAX_LISTED ? `…共${jobs.length}条` : '';
  return ['接下来的提醒：', ...lines, more].filter(Boolean).join('\n');
}
