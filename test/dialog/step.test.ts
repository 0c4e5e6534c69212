// The dialog step is pure: (reading, session) → (reply, session). Session lifetime and shape.
import { describe, expect, it } from 'vitest';
import { step } from '../../src/dialog/dialog';
import { emptySession, PENDING_TTL_MS, type Session } from '../../src/dialog/state';
import { loadLexicon } from '../../src/intents';
import type { ReadContext } from '../../src/intents/command';
import { readRules } from '../../src/intents/reader';
import { createPolicy } from '../../src/policy';
import { loadKnowledge } from '../../src/policy/knowledge';

const kb = loadKnowledge();
const policy = createPolicy(kb);
const lex = loadLexicon(kb.gazetteer);
const deps = (now: number) => ({ policy, today: '2025-10-15', now });

/** Reads a message as the chat service does, against the session's open question and last answer. */
function say(text: string, s: Session | undefined, now: number) {
  const last = s?.last[s.focus];
  const ctx: ReadContext = {
    today: '2025-10-15',
    awaiting: s?.pending?.awaiting,
    region: s?.profile.region,
    last: last ? { topic: last.topic, kinds: last.facts.items.map((a) => a.kind) } : undefined,
  };
  return step(readRules(text, ctx, lex), s, deps(now));
}

describe('dialog step', () => {
  it('does not change the session it was given', () => {
    const s = emptySession();
    const before = structuredClone(s);
    say('专利能算多少', s, 0);
    expect(s).toEqual(before);
  });

  it('lets an open question lapse after its lifetime and says so politely', () => {
    const t0 = 1_000_000;
    const asked = say('专利能算多少学时', undefined, t0);
    expect(asked.session.pending?.awaiting.slot).toBe('region');
    const fresh = say('青海', asked.session, t0 + 60_000);
    expect(fresh.session.pending?.awaiting.slot).toBe('patentType');
    const late = say('发明专利第2', fresh.session, t0 + 60_000 + PENDING_TTL_MS + 1);
    expect(late.reply.reply).toMatch(/超时/);
    expect(late.session.pending).toBeUndefined();
  });

  it('remembers region, level and reported hours in the profile', () => {
    const r = say('济宁 今年公需学了10学时 还差多少', undefined, 0);
    expect(r.session.profile).toMatchObject({ region: 'jining', hours: [{ year: 2025, public: 10 }] });
    const r2 = say('我要评中级', r.session, 1);
    expect(r2.session.profile).toMatchObject({ region: 'jining', level: 'intermediate' });
  });
});

describe('hours told as more on top', () => {
  it('adds them to what was told before, once', () => {
    const first = say('青海 今年公需10专业50 还差多少', undefined, 0);
    const more = say('公需又学了15', first.session, 1);
    expect(more.session.profile.hours).toEqual([{ year: 2025, public: 25, professional: 50 }]);
    expect(more.reply.reply).toMatch(/公需还差5学时/);
  });
});

describe('people and what-ifs', () => {
  it('keeps each colleague apart, and a what-if out of the record', () => {
    const a = say('青海 小王发明专利排第2能算多少', undefined, 0);
    expect(a.reply.reply).toMatch(/60学时/);
    const b = say('那小李呢 他实用新型排第5', a.session, 1);
    expect(b.reply.reply).toMatch(/40学时/);
    expect(b.reply.reply).not.toMatch(/100学时/);
    expect(Object.keys(b.session.people)).toEqual(['name:小王', 'name:小李']);
    const c = say('如果他排第1呢', b.session, 2);
    expect(c.reply.reply).toMatch(/50学时/);
    expect(c.reply.reply).toMatch(/假设/);
    expect(c.session.last['name:小李']?.facts.items[0]?.rank).toBe(5);
  });
});
