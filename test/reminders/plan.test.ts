// Which reminders a subscriber gets and what they say (pure), and the whole loop on the in-memory scheduler.
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { buildApp } from '../../src/http/app';
import { createPolicy } from '../../src/policy';
import { planReminders, REMINDER_OFFSETS_DAYS } from '../../src/reminders/plan';
import { reminderText } from '../../src/reminders/text';
import { user } from '../helpers/app';

const policy = createPolicy();
const qh = { user: 'web:a', region: 'qinghai', channel: 'web' };
const at = (iso: string) => Date.parse(iso);

describe('planning reminders', () => {
  it("gives every future deadline for technicians the offsets' reminders at 09:00 UTC+8, unit-only steps left out", () => {
    const jobs = planReminders(policy, qh, at('2025-10-15T10:00:00+08:00'));
    const apply = jobs.filter((j) => j.deadlineId === 'qh25-individual-apply');
    expect(apply.map((j) => j.offset)).toEqual([...REMINDER_OFFSETS_DAYS]);
    expect(apply.map((j) => j.at)).toEqual([
      '2025-11-10T01:00:00.000Z',
      '2025-12-03T01:00:00.000Z',
      '2025-12-09T01:00:00.000Z',
    ]);
    expect(jobs.some((j) => j.deadlineId === 'qh25-review-close')).toBe(true);
    expect(jobs.some((j) => j.deadlineId === 'qh25-filing' || j.deadlineId === 'qh25-data-push')).toBe(false);
    // deterministic ids: (user, deadline, offset)
    expect(planReminders(policy, qh, at('2025-10-15T10:00:00+08:00')).map((j) => j.id)).toEqual(jobs.map((j) => j.id));
    expect(new Set(jobs.map((j) => j.id)).size).toBe(jobs.length);
  });

  it('a past deadline is not scheduled, nor an offset already past', () => {
    const jobs = planReminders(policy, qh, at('2025-12-15T12:00:00+08:00'));
    expect(jobs.some((j) => j.deadlineId === 'qh25-individual-apply')).toBe(false);
    expect(jobs.filter((j) => j.deadlineId === 'qh25-review-close').map((j) => j.offset)).toEqual([7, 1]);
    expect(planReminders(policy, qh, at('2026-01-05T12:00:00+08:00'))).toEqual([]);
  });

  it("keeps a following-year deadline (安徽's 2025 public courses by 2026-05-31)", () => {
    const jobs = planReminders(policy, { ...qh, region: 'anhui' }, at('2026-01-10T12:00:00+08:00'));
    expect(jobs.map((j) => [j.deadlineId, j.offset])).toEqual([
      ['ah-public-study-2025', 30],
      ['ah-public-study-2025', 7],
      ['ah-public-study-2025', 1],
    ]);
  });

  it('says what to do, by when, where, and the hours still missing', () => {
    const deadline = policy.index.regions.get('qinghai')!.deadlines.find((d) => d.id === 'qh25-individual-apply')!;
    const text = reminderText({
      policy,
      region: 'qinghai',
      deadline,
      today: '2025-12-03',
      hours: [{ year: 2025, public: 20, professional: 30 }],
    });
    expect(text).toMatch(/个人向所在单位提交年内学时申请/);
    expect(text).toMatch(/2025年12月10日（还有7天）/);
    expect(text).toMatch(/办理平台：青海省“互联网\+人事人才”管理信息系统/);
    expect(text).toMatch(/2025年度还差.*学时/);
    expect(text).toMatch(/依据：青人社厅函〔2025〕153号/);
    const close = policy.index.regions.get('qinghai')!.deadlines.find((d) => d.id === 'qh25-review-close')!;
    expect(reminderText({ policy, region: 'qinghai', deadline: close, today: '2025-12-30' })).toMatch(
      /12月31日18时（还有1天）/,
    );
  });
});

describe('reminders on the in-memory scheduler (default)', () => {
  it('subscribe in chat → listed; the clock passes → delivered once into the notices; unsubscribe → none', async () => {
    const clock = manualClock('2025-12-02T10:00:00+08:00');
    const app = await buildApp({ config: loadConfig({ RATE_LIMIT_MAX: '1000' }), clock });
    try {
      const u = user(app);
      await u.say('我是青海的');
      const sub = await u.say('订阅截止提醒');
      expect(sub.intent).toBe('subscribe');
      expect(sub.reply).toMatch(/已安排\d+条提醒，第一条在12月3日9时/);
      expect(sub.reply).toMatch(/截止提醒/);
      const get = async (url: string) =>
        (await app.inject({ method: 'GET', url, headers: { cookie: u.cookie } })).json() as Array<{
          at: string;
          text: string;
        }>;
      const list = await get('/api/me/reminders');
      expect(list[0]).toMatchObject({ at: '2025-12-03T01:00:00.000Z' });
      expect(list[0]!.text).toMatch(/12月10日/);
      expect((await u.say('我的提醒')).reply).toMatch(/接下来的提醒：\n· 12月3日9时：个人向所在单位提交/);

      clock.set('2025-12-03T09:30:00+08:00');
      await app.chat.reminders.catchUp();
      await app.chat.reminders.catchUp();
      const notices = await get('/api/me/notices');
      expect(notices).toHaveLength(1);
      expect(notices[0]!.text).toMatch(/12月10日（还有7天）/);
      expect((await get('/api/me/reminders')).length).toBe(list.length - 1);

      expect((await u.say('取消提醒')).intent).toBe('unsubscribe');
      expect(await get('/api/me/reminders')).toEqual([]);
      clock.set('2025-12-30T10:00:00+08:00');
      await app.chat.reminders.catchUp();
      expect(await get('/api/me/notices')).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  it('a subscription without a year ahead says so plainly', async () => {
    const clock = manualClock('2026-07-01T10:00:00+08:00');
    const app = await buildApp({ config: loadConfig({ RATE_LIMIT_MAX: '1000' }), clock });
    try {
      const u = user(app);
      await u.say('我是青海的');
      expect((await u.say('提醒我')).reply).toMatch(/没有尚未到期的截止日期，暂未收录2026年的通知/);
    } finally {
      await app.close();
    }
  });
});
