import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock';
import { metrics } from '../../src/metrics';
import { createPolicy } from '../../src/policy';
import { runReminders } from '../../src/reminders/job';
import { MemoryStore } from '../../src/sessions';
import { Subscriptions } from '../../src/sessions/subscriptions';

const policy = createPolicy();

describe('reminder job', () => {
  it('sends each due reminder once, with its date and basis, only to its channel and region', async () => {
    const subs = new Subscriptions(new MemoryStore());
    await subs.subscribe('wx-qh', { region: 'qinghai', channel: 'wechat' });
    await subs.subscribe('wx-jn', { region: 'jining', channel: 'wechat' });
    await subs.subscribe('web-qh', { region: 'qinghai', channel: 'web' });
    const got: Array<[string, string]> = [];
    const send = async (u: string, t: string) => {
      got.push([u, t]);
      return true;
    };
    // 青海 2025 training ends 2025-12-20 (and 审验 steps the same day): 7 days before
    const opts = { policy, subscriptions: subs, clock: fixedClock('2025-12-13'), channel: 'wechat', send };
    const counted = async () =>
      (await metrics.remindersSent.get()).values.find((v) => v.labels.channel === 'wechat')?.value ?? 0;
    const before = await counted();
    const first = await runReminders(opts);
    expect(first.sent).toBeGreaterThan(0);
    expect((await counted()) - before).toBe(first.sent);
    expect(got.every(([u]) => u === 'wx-qh')).toBe(true);
    expect(got[0]![1]).toMatch(/2025年12月20日，还有7天/);
    expect(got[0]![1]).toMatch(/依据：青人社厅函〔2025〕153号/);
    const again = await runReminders(opts);
    expect(again.sent).toBe(0);
  });

  it('keeps a failed delivery for the next run', async () => {
    const subs = new Subscriptions(new MemoryStore());
    await subs.subscribe('wx-qh', { region: 'qinghai', channel: 'wechat' });
    const clock = fixedClock('2025-12-19');
    const failing = await runReminders({
      policy,
      subscriptions: subs,
      clock,
      channel: 'wechat',
      send: async () => false,
    });
    expect(failing.failed).toBeGreaterThan(0);
    const ok = await runReminders({ policy, subscriptions: subs, clock, channel: 'wechat', send: async () => true });
    expect(ok.sent).toBe(failing.failed);
  });
});
