// The words of a reminder: what to do, by when, where, and the hours still missing when the profile knows them.
import type { Policy } from '../policy';
import { daysBetween } from '../policy/lookups';
import type { Deadline, Platform } from '../policy/schema';

/** The hours the user told, per year (as kept in the profile). */
export interface HoursTold {
  year?: number;
  public?: number;
  professional?: number;
  total?: number;
}

export interface ReminderWords {
  policy: Policy;
  region: string;
  deadline: Deadline;
  /** today (YYYY-MM-DD) as the reminder is read */
  today: string;
  hours?: readonly HoursTold[];
}

/** "12月10日", with "18时" when the notice gives a time. */
export function monthDay(d: Pick<Deadline, 'date' | 'time'>, withYear = false): string {
  const [y, m, day] = d.date.split('-').map(Number);
  const hour = d.time ? `${Number(d.time.slice(0, 2))}时${d.time.endsWith(':00') ? '' : `${d.time.slice(3)}分`}` : '';
  return `${withYear ? `${y}年` : ''}${m}月${day}日${hour}`;
}

function bigrams(s: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < s.length; i++) out.add(s.slice(i, i + 2));
  return out;
}

/** The platform whose use reads most like the deadline (shared two-character words); the first on a tie. */
export function platformFor(policy: Policy, region: string, d: Deadline): Platform | undefined {
  const all = policy.index.regions.get(region)?.platforms ?? [];
  const inForce = all.filter((p) => p.from <= d.year && (p.to === undefined || p.to >= d.year));
  const words = bigrams(`${d.label}${d.who ?? ''}${d.source.quote}`);
  let best: Platform | undefined;
  let bestScore = 0;
  for (const p of inForce) {
    const score = [...bigrams(`${p.name}${p.use}`)].filter((w) => words.has(w)).length;
    if (score > bestScore) [best, bestScore] = [p, score];
  }
  return best;
}

function hoursLine(policy: Policy, region: string, year: number, today: string, hours?: readonly HoursTold[]) {
  const told = hours?.find((h) => h.year === year);
  if (!told || (told.public ?? told.professional ?? told.total) === undefined) return '';
  const done = { public: told.public, professional: told.professional, total: told.total };
  let r: ReturnType<Policy['progress']>;
  try {
    r = policy.progress({ region, year, today, done });
  } catch {
    return '';
  }
  if (r.status !== 'ok' || !r.remaining) return '';
  if (r.complete === true) return `按您登记的学时，${year}年度要求已达到，请确认已在平台申报。`;
  const parts = [
    r.remaining.public ? `公需科目${r.remaining.public}学时` : '',
    r.remaining.professional ? `专业科目${r.remaining.professional}学时` : '',
  ].filter(Boolean);
  if (parts.length === 0 && r.remaining.total) parts.push(`${r.remaining.total}学时`);
  return parts.length ? `按您登记的学时，${year}年度还差${parts.join('、')}。` : '';
}

/** The reminder as the user reads it (simplified Chinese, a few short lines). */
export function reminderText(w: ReminderWords): string {
  const { policy, region, deadline: d } = w;
  const name = policy.index.regions.get(region)?.region.name ?? region;
  const left = daysBetween(w.today, d.date);
  const when = left > 0 ? `还有${left}天` : left === 0 ? '就是今天' : '已过';
  const p = platformFor(policy, region, d);
  const c = policy.index.cite(d.source);
  return [
    `【学时提醒】${name}：${d.label}`,
    `截止时间：${monthDay(d, true)}（${when}）。`,
    p ? `办理平台：${p.name}${p.url ? `（${p.url}）` : ''}。` : '',
    hoursLine(policy, region, d.year, w.today, w.hours),
    `依据：${c.doc} ${c.section}`,
    '回复“取消提醒”可退订。',
  ]
    .filter(Boolean)
    .join('\n');
}
