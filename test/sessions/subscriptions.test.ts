import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { MemoryStore } from '../../src/sessions/memory.js';
import { RedisStore } from '../../src/sessions/redis.js';
import { hasSetOps, type KeyValueStore } from '../../src/sessions/store.js';
import {
  type Deadline,
  type DueReminder,
  dueReminders,
  formatReminder,
  reminderKey,
  type Subscriber,
  Subscriptions,
} from '../../src/sessions/subscriptions.js';
import { cleanup, REDIS_URL, skipRedis, uniquePrefix } from './redis-env.js';

const skip = await skipRedis('subscriptions on redis');
const PREFIX = uniquePrefix('subs');

/** A store with only the base KeyValueStore methods, to exercise the JSON index fallback. */
function baseOnly(inner: MemoryStore): KeyValueStore {
  return {
    get: (k) => inner.get(k),
    set: (k, v, t) => inner.set(k, v, t),
    delete: (k) => inner.delete(k),
    withLock: (k, fn) => inner.withLock(k, fn),
    close: () => inner.close(),
  };
}

const backends: Array<[string, boolean, () => KeyValueStore]> = [
  ['memory', false, () => new MemoryStore()],
  ['memory without set operations', false, () => baseOnly(new MemoryStore())],
  ['redis', skip, () => new RedisStore({ url: REDIS_URL, prefix: PREFIX })],
];

afterAll(async () => {
  if (!skip) await cleanup(PREFIX);
});

for (const [name, skipIt, make] of backends) {
  describe.skipIf(skipIt)(`Subscriptions (${name})`, () => {
    it('subscribes, replaces, lists sorted, unsubscribes', async () => {
      const store = make();
      expect(hasSetOps(store)).toBe(name !== 'memory without set operations');
      const subs = new Subscriptions(store, { prefix: `r${Math.random()}:` });
      try {
        expect(await subs.list()).toEqual([]);
        await subs.subscribe('wx-b', { region: 'qinghai', place: 'xining', channel: 'wechat' });
        await subs.subscribe('wx-a', { region: 'jining', channel: 'wechat' });
        await subs.subscribe('mp-c', { region: 'anhui', channel: 'miniprogram' });
        await subs.subscribe('wx-a', { region: 'anhui', place: 'luan', channel: 'wechat' });
        expect(await subs.list()).toEqual([
          { userId: 'mp-c', region: 'anhui', channel: 'miniprogram' },
          { userId: 'wx-a', region: 'anhui', place: 'luan', channel: 'wechat' },
          { userId: 'wx-b', region: 'qinghai', place: 'xining', channel: 'wechat' },
        ]);
        expect(await subs.get('wx-b')).toEqual({ region: 'qinghai', place: 'xining', channel: 'wechat' });
        expect(await subs.unsubscribe('wx-b')).toBe(true);
        expect(await subs.unsubscribe('wx-b')).toBe(false);
        expect(await subs.get('wx-b')).toBeUndefined();
        expect((await subs.list()).map((s) => s.userId)).toEqual(['mp-c', 'wx-a']);
      } finally {
        await store.close();
      }
    });

    it('rejects invalid subscriptions and keeps concurrent subscribers', async () => {
      const store = make();
      const subs = new Subscriptions(store, { prefix: `r${Math.random()}:` });
      try {
        await expect(subs.subscribe('u', { region: '', channel: 'wechat' })).rejects.toBeInstanceOf(ZodError);
        await expect(
          subs.subscribe('u', { region: 'qinghai', channel: 'wechat', extra: 1 } as never),
        ).rejects.toBeInstanceOf(ZodError);
        await expect(subs.subscribe('', { region: 'qinghai', channel: 'wechat' })).rejects.toThrow(RangeError);
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            subs.subscribe(`u${String(i).padStart(2, '0')}`, {
              region: 'qinghai',
              channel: 'wechat',
            }),
          ),
        );
        expect((await subs.list()).map((s) => s.userId)).toEqual(
          Array.from({ length: 20 }, (_, i) => `u${String(i).padStart(2, '0')}`),
        );
      } finally {
        await store.close();
      }
    });

    it('remembers which reminders were sent', async () => {
      const store = make();
      const subs = new Subscriptions(store, { prefix: `r${Math.random()}:` });
      try {
        expect(await subs.sentKeys()).toEqual(new Set());
        await subs.markSent([{ key: reminderKey('u1', 'd1', 7) }, { key: reminderKey('u2', 'd1', 7) }]);
        await subs.markSent([{ key: reminderKey('u1', 'd1', 7) }]);
        expect(await subs.sentKeys()).toEqual(new Set([reminderKey('u1', 'd1', 7), reminderKey('u2', 'd1', 7)]));
      } finally {
        await store.close();
      }
    });
  });
}

describe('Subscriptions with a broken record', () => {
  it('skips an index entry whose record is corrupt or gone', async () => {
    const store = new MemoryStore();
    const subs = new Subscriptions(store, { prefix: 'x:' });
    await subs.subscribe('good', { region: 'qinghai', channel: 'wechat' });
    await subs.subscribe('bad', { region: 'qinghai', channel: 'wechat' });
    await subs.subscribe('gone', { region: 'qinghai', channel: 'wechat' });
    await store.set('x:sub:bad', '{broken', 60);
    await store.delete('x:sub:gone');
    expect((await subs.list()).map((s) => s.userId)).toEqual(['good']);
  });
});

const DEADLINES: Deadline[] = [
  { id: 'qh-2025-register', date: '2025-12-31', label: '青海2025年度学时登记', region: 'qinghai' },
  { id: 'jn-2025-review', date: '2025-11-30', label: '济宁2025年度学时审核', region: 'jining' },
  { id: 'xn-only', date: '2025-12-31', label: '西宁市学时确认', region: 'qinghai', place: 'xining' },
];
const SUBS: Subscriber[] = [
  { userId: 'u-qh', region: 'qinghai', channel: 'wechat' },
  { userId: 'u-xn', region: 'qinghai', place: 'xining', channel: 'wechat' },
  { userId: 'u-jn', region: 'jining', channel: 'miniprogram' },
  { userId: 'u-ah', region: 'anhui', channel: 'wechat' },
];

describe('dueReminders', () => {
  it('picks deadlines exactly 30, 7 and 1 days ahead, for subscribers of the region (and place)', () => {
    expect(dueReminders(DEADLINES, '2025-12-01', SUBS)).toEqual([
      {
        key: reminderKey('u-qh', 'qh-2025-register', 30),
        userId: 'u-qh',
        channel: 'wechat',
        deadlineId: 'qh-2025-register',
        date: '2025-12-31',
        label: '青海2025年度学时登记',
        region: 'qinghai',
        daysBefore: 30,
      },
      {
        key: reminderKey('u-xn', 'qh-2025-register', 30),
        userId: 'u-xn',
        channel: 'wechat',
        deadlineId: 'qh-2025-register',
        date: '2025-12-31',
        label: '青海2025年度学时登记',
        region: 'qinghai',
        daysBefore: 30,
      },
      {
        key: reminderKey('u-xn', 'xn-only', 30),
        userId: 'u-xn',
        channel: 'wechat',
        deadlineId: 'xn-only',
        date: '2025-12-31',
        label: '西宁市学时确认',
        region: 'qinghai',
        place: 'xining',
        daysBefore: 30,
      },
    ]);
    expect(dueReminders(DEADLINES, '2025-11-23', SUBS).map((r) => [r.userId, r.deadlineId, r.daysBefore])).toEqual([
      ['u-jn', 'jn-2025-review', 7],
    ]);
    expect(dueReminders(DEADLINES, '2025-11-29', SUBS).map((r) => r.daysBefore)).toEqual([1]);
    expect(dueReminders(DEADLINES, '2025-11-24', SUBS)).toEqual([]);
    expect(dueReminders(DEADLINES, '2025-11-30', SUBS)).toEqual([]);
    expect(dueReminders(DEADLINES, '2026-01-30', SUBS)).toEqual([]);
  });

  it('counts calendar days across months and leap days', () => {
    const d: Deadline[] = [{ id: 'leap', date: '2024-03-01', label: 'x', region: 'r' }];
    const s: Subscriber[] = [{ userId: 'u', region: 'r', channel: 'wechat' }];
    expect(dueReminders(d, '2024-02-29', s).map((r) => r.daysBefore)).toEqual([1]);
    expect(dueReminders(d, '2024-02-23', s).map((r) => r.daysBefore)).toEqual([7]);
    expect(dueReminders(d, '2024-01-31', s).map((r) => r.daysBefore)).toEqual([30]);
    expect(dueReminders(d, '2024-02-01', s, [29, 0])).toEqual([expect.objectContaining({ daysBefore: 29 })]);
    expect(dueReminders(d, '2024-03-01', s, [0])).toEqual([expect.objectContaining({ daysBefore: 0 })]);
  });

  it('leaves out what was already sent', () => {
    const sent = new Set([reminderKey('u-qh', 'qh-2025-register', 30)]);
    expect(dueReminders(DEADLINES, '2025-12-01', SUBS, [30, 7, 1], sent).map((r) => r.key)).toEqual([
      reminderKey('u-xn', 'qh-2025-register', 30),
      reminderKey('u-xn', 'xn-only', 30),
    ]);
  });

  it('skips invalid deadline dates, rejects an invalid today, ignores duplicates', () => {
    const bad: Deadline[] = [
      { id: 'feb30', date: '2025-02-30', label: 'x', region: 'qinghai' },
      { id: 'text', date: '年底', label: 'x', region: 'qinghai' },
      ...DEADLINES,
      { ...DEADLINES[0]!, label: 'duplicate id' },
    ];
    const subs = [...SUBS, { ...SUBS[0]!, channel: 'miniprogram' }];
    expect(dueReminders(bad, '2025-12-01', subs)).toEqual(dueReminders(DEADLINES, '2025-12-01', SUBS));
    expect(() => dueReminders(DEADLINES, '2025-13-01', SUBS)).toThrow(RangeError);
    expect(() => dueReminders(DEADLINES, '20251201', SUBS)).toThrow(RangeError);
  });

  it('is deterministic: the order of the inputs does not matter', () => {
    const expected = dueReminders(DEADLINES, '2025-12-01', SUBS);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(SUBS, { minLength: 4 }),
        fc.shuffledSubarray(DEADLINES, { minLength: 3 }),
        (s, d) => {
          expect(dueReminders(d, '2025-12-01', s)).toEqual(expected);
        },
      ),
    );
  });

  it('run every day with the sent set, sends each (user, deadline, N) exactly once', async () => {
    const store = new MemoryStore();
    const subs = new Subscriptions(store);
    for (const { userId, ...s } of SUBS) await subs.subscribe(userId, s);
    const all: DueReminder[] = [];
    const day = Date.UTC(2025, 9, 1);
    for (let i = 0; i < 120; i++) {
      const today = new Date(day + i * 86_400_000).toISOString().slice(0, 10);
      // the scheduler may run twice a day
      for (let run = 0; run < 2; run++) {
        const due = dueReminders(DEADLINES, today, await subs.list(), [30, 7, 1], await subs.sentKeys());
        all.push(...due);
        await subs.markSent(due);
      }
    }
    const keys = all.map((r) => `${r.userId}/${r.deadlineId}/${r.daysBefore}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.sort()).toEqual(
      [
        'u-jn/jn-2025-review/30',
        'u-jn/jn-2025-review/7',
        'u-jn/jn-2025-review/1',
        'u-qh/qh-2025-register/30',
        'u-qh/qh-2025-register/7',
        'u-qh/qh-2025-register/1',
        'u-xn/qh-2025-register/30',
        'u-xn/qh-2025-register/7',
        'u-xn/qh-2025-register/1',
        'u-xn/xn-only/30',
        'u-xn/xn-only/7',
        'u-xn/xn-only/1',
      ].sort(),
    );
  });
});

describe('formatReminder', () => {
  it('writes the date and the days left in Chinese', () => {
    expect(formatReminder({ label: '青海2025年度学时登记', date: '2025-12-31', daysBefore: 7 })).toBe(
      '【学时提醒】青海2025年度学时登记的截止日期是2025年12月31日，还有7天。如不再需要提醒，请回复“取消提醒”。',
    );
    expect(formatReminder({ label: 'X', date: '2025-01-05', daysBefore: 0 })).toContain('2025年1月5日，就是今天');
  });
});
