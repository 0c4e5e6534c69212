// The dialog step is pure: (command, session) → (reply, session). Session lifetime and shape.
import { describe, expect, it } from 'vitest';
import { step } from '../../src/dialog/dialog';
import { emptySession, PENDING_TTL_MS } from '../../src/dialog/state';
import { Command } from '../../src/intents/command';
import { createPolicy } from '../../src/policy';

const policy = createPolicy();
const deps = (now: number) => ({ policy, today: '2025-10-15', now });
const cmd = (c: unknown) => Command.parse(c);

describe('dialog step', () => {
  it('does not change the session it was given', () => {
    const s = emptySession();
    const before = structuredClone(s);
    step(cmd({ intent: 'convert', slots: { achievements: [{ kind: 'patent' }] } }), '专利', s, deps(0));
    expect(s).toEqual(before);
  });

  it('lets an open question lapse after its lifetime and says so politely', () => {
    const t0 = 1_000_000;
    const asked = step(
      cmd({ intent: 'convert', slots: { achievements: [{ kind: 'standard' }] } }),
      '标准',
      undefined,
      deps(t0),
    );
    expect(asked.session.pending?.awaiting.slot).toBe('region');
    const fresh = step(
      cmd({ intent: 'inform', slots: { where: { region: 'qinghai' } } }),
      '青海',
      asked.session,
      deps(t0 + 60_000),
    );
    expect(fresh.session.pending?.awaiting.slot).toBe('level');
    const late = step(
      cmd({ intent: 'inform', slots: { achievements: [{ kind: 'standard', level: 'industry', rank: 2 }] } }),
      '行业标准第2',
      fresh.session,
      deps(t0 + 60_000 + PENDING_TTL_MS + 1),
    );
    expect(late.reply.reply).toMatch(/超时/);
    expect(late.session.pending).toBeUndefined();
  });

  it('remembers region, level and reported hours in the profile', () => {
    const r = step(
      cmd({ intent: 'progress', slots: { where: { region: 'jining' }, hours: [{ year: 2025, public: 10 }] } }),
      '济宁 公需10',
      undefined,
      deps(0),
    );
    expect(r.session.profile).toMatchObject({ region: 'jining', hours: [{ year: 2025, public: 10 }] });
    const r2 = step(cmd({ intent: 'set_profile', slots: { level: 'intermediate' } }), '我要评中级', r.session, deps(1));
    expect(r2.session.profile).toMatchObject({ region: 'jining', level: 'intermediate' });
  });
});

describe('hours told as more on top', () => {
  it('adds them to what was told before, once', () => {
    const first = step(
      Command.parse({
        intent: 'progress',
        slots: { where: { region: 'qinghai' }, hours: [{ year: 2025, public: 10, professional: 50 }] },
      }),
      '公需10专业50',
      undefined,
      deps(0),
    );
    const more = step(
      Command.parse({ intent: 'progress', slots: { hours: [{ year: 2025, public: 15, added: true }] } }),
      '公需又学了15',
      first.session,
      deps(1),
    );
    expect(more.session.profile.hours).toEqual([{ year: 2025, public: 25, professional: 50 }]);
    expect(more.reply.reply).toMatch(/公需还差5学时/);
  });
});
