// The reminder job: today's due deadline reminders for the subscribers of one channel, sent once each.
import type { Clock } from '../clock';
import { metrics } from '../metrics';
import type { Policy } from '../policy';
import { dueReminders, formatReminder, type Subscriptions } from '../sessions/subscriptions';

export interface ReminderJobOptions {
  policy: Policy;
  subscriptions: Subscriptions;
  clock: Clock;
  /** only subscribers of this channel (e.g. 'wechat') */
  channel: string;
  /** delivers one text; resolves false (or throws) when it could not be delivered */
  send: (userId: string, text: string) => Promise<boolean>;
}

export async function runReminders(opts: ReminderJobOptions): Promise<{ sent: number; failed: number }> {
  const ix = opts.policy.index;
  const deadlines = [...ix.regions.values()].flatMap((r) =>
    r.deadlines.map((d) => ({ id: d.id, date: d.date, label: d.label, region: r.region.id, source: d.source })),
  );
  const subs = (await opts.subscriptions.list()).filter((s) => s.channel === opts.channel);
  const due = dueReminders(deadlines, opts.clock.today(), subs, undefined, await opts.subscriptions.sentKeys());
  let sent = 0;
  let failed = 0;
  const delivered = [];
  for (const r of due) {
    const d = deadlines.find((x) => x.id === r.deadlineId)!;
    const c = ix.cite(d.source);
    const text = `${formatReminder(r)}\n依据：${c.doc} ${c.section}`;
    let ok = false;
    try {
      ok = await opts.send(r.userId, text);
    } catch {
      ok = false;
    }
    if (ok) {
      sent++;
      metrics.remindersSent.inc({ channel: opts.channel });
      delivered.push(r);
    } else failed++;
  }
  await opts.subscriptions.markSent(delivered);
  return { sent, failed };
}

/** Runs the job now and then every `everyMs` (default hourly); each reminder is still sent only once. */
export function scheduleReminders(opts: ReminderJobOptions, everyMs = 3600_000, onError?: (err: unknown) => void) {
  const tick = () => runReminders(opts).catch((err) => onError?.(err));
  void tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
