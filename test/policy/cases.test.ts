// Runs every YAML test case in knowledge/tests through the policy core (OpenFisca-style).
import { describe, expect, it } from 'vitest';
import { createPolicy } from '../../src/policy';
import { loadKnowledge } from '../../src/policy/knowledge';
import type { PolicyCase } from '../../src/policy/schema';

const kb = loadKnowledge();
const policy = createPolicy(kb);

function run(c: PolicyCase) {
  const input = c.input as Record<string, any>;
  switch (c.ask) {
    case 'convert':
      return policy.convert({ region: c.region, year: c.year, achievements: input.achievements ?? [] });
    case 'requirement':
      return policy.requirement({ region: c.region, year: c.year });
    case 'progress':
      return policy.progress({
        region: c.region,
        year: c.year,
        today: input.today ?? `${c.year}-06-30`,
        done: input.done ?? {},
        onDuty: input.onDuty,
      });
    case 'eligibility':
      return policy.eligibility({
        region: c.region,
        year: c.year,
        level: input.level,
        route: input.route,
        hours: input.hours,
        flags: input.flags,
      });
    case 'contacts':
      return policy.contacts({
        region: c.region,
        year: c.year,
        place: input.place,
        topic: input.topic,
        text: input.text,
      });
    case 'describe':
      return policy.describeKind({ region: c.region, year: c.year, kind: input.kind });
  }
}

/** Does some case of the answer have every field the expectation gives? */
function hasCase(cases: any[], want: Record<string, unknown>): boolean {
  return cases.some((c) =>
    Object.entries(want).every(([k, v]) => {
      if (k === 'values') return (v as unknown[]).every((x) => (c.values ?? []).includes(x));
      if (k === 'none') return !!c.none === v;
      return c[k] === v;
    }),
  );
}

describe.each([...new Set(kb.cases.map((c) => c.path))])('%s', (path) => {
  it.each(kb.cases.filter((c) => c.path === path).map((c) => [c.name, c] as const))('%s', (_, c) => {
    const r = run(c) as any;
    const e = c.expect;
    const ctx = JSON.stringify({
      status: r.status,
      total: r.total,
      trace: r.trace,
      missing: r.missing,
      message: r.message,
      items: r.items,
      remaining: r.remaining,
      years: r.years,
      qualifies: r.qualifies,
      cases: r.cases,
      unknownYears: r.unknownYears,
      contacts: r.contacts?.map((x: any) => x.phones),
      outside: r.outside,
    });
    expect(r.status, ctx).toBe(e.status ?? 'ok');
    if (e.status === undefined || e.status === 'ok')
      expect(r.citations.length, 'every answer is cited').toBeGreaterThan(0);
    if (e.missing !== undefined) expect(r.missing?.slot, ctx).toBe(e.missing);
    if (c.ask === 'convert') {
      if (e.hours !== undefined) {
        const alts = r.items.flatMap((it: any) => it.alternatives ?? []).map((p: any) => p.hours);
        if (r.total === null && alts.length) expect(alts, ctx).toContain(e.hours);
        else expect(r.total, ctx).toBe(e.hours);
      }
      if (e.public !== undefined) expect(r.bySubject.public, ctx).toBe(e.public);
      if (e.professional !== undefined) expect(r.bySubject.professional, ctx).toBe(e.professional);
      if (e.subject !== undefined) {
        const subjects = new Set(
          r.items.flatMap((it: any) => [...it.parts, ...(it.alternatives ?? [])]).map((p: any) => p.subject),
        );
        if (e.subject === 'both') expect([...subjects].sort(), ctx).toEqual(['professional', 'public']);
        else expect(subjects.has(e.subject), ctx).toBe(true);
      }
      if (e.statement)
        expect(
          r.items.some((it: any) => it.parts.some((p: any) => p.statement)),
          ctx,
        ).toBe(true);
      if (e.capped !== undefined)
        expect(
          r.items.some((it: any) => it.parts.some((p: any) => p.capped)),
          ctx,
        ).toBe(e.capped);
      if (e.rules)
        expect(
          // the rules applied, each once (a whole year split by subject is one rule)
          [...new Set(r.items.flatMap((it: any) => it.parts.map((p: any) => p.ruleId)))],
          ctx,
        ).toEqual(e.rules);
    }
    if (e.cases)
      for (const want of e.cases) expect(hasCase(r.cases ?? [], want), `${JSON.stringify(want)} in ${ctx}`).toBe(true);
    if (e.max !== undefined) {
      const partMax = r.items?.flatMap((it: any) => it.parts.map((p: any) => p.max)) ?? [];
      expect(r.total ?? null, ctx).toBeNull();
      expect(r.max === e.max || partMax.includes(e.max), ctx).toBe(true);
    }
    if (e.readings)
      expect(
        (r.readings ?? []).map((x: any) => x.id),
        ctx,
      ).toEqual(expect.arrayContaining(e.readings));
    if (e.unknownYears) expect(r.unknownYears, ctx).toEqual(e.unknownYears);
    if (e.complete !== undefined) expect(r.complete, ctx).toBe(e.complete);
    if (e.says) {
      const words = [r.message ?? '', ...(r.trace ?? []), r.oneItemAYear ?? '', r.subjectChoice ?? ''].join(' ');
      expect(words, ctx).toContain(e.says);
    }
    if (c.ask === 'contacts') {
      const phones = r.contacts.flatMap((x: any) => x.phones);
      for (const p of e.phones ?? []) expect(phones, ctx).toContain(p);
      for (const p of e.noPhones ?? []) expect(phones, ctx).not.toContain(p);
      if (e.outside !== undefined) expect(!!r.outside, ctx).toBe(e.outside);
    }
    if (c.ask === 'describe') {
      if (e.rules)
        expect(
          r.rules.map((x: any) => x.ruleId),
          ctx,
        ).toEqual(e.rules);
      if (e.subject)
        expect(
          r.rules.map((x: any) => x.subject),
          ctx,
        ).toContain(e.subject);
      if (e.caps)
        expect(
          r.rules.flatMap((x: any) => x.caps.map((k: any) => k.hours)),
          ctx,
        ).toEqual(expect.arrayContaining(e.caps));
    }
    if (c.ask === 'requirement' || c.ask === 'progress') {
      const req = c.ask === 'requirement' ? r : (r.required ?? {});
      if (e.total !== undefined) expect(req.total, ctx).toBe(e.total);
      if (e.public !== undefined) expect(req.public, ctx).toBe(e.public);
      if (e.professional !== undefined) expect(req.professional, ctx).toBe(e.professional);
    }
    if (e.remainingPublic !== undefined) expect(r.remaining?.public, ctx).toBe(e.remainingPublic);
    if (e.remainingProfessional !== undefined) expect(r.remaining?.professional, ctx).toBe(e.remainingProfessional);
    if (e.remainingTotal !== undefined) expect(r.remaining?.total, ctx).toBe(e.remainingTotal);
    if (e.qualifies !== undefined) expect(r.qualifies, ctx).toBe(e.qualifies);
  });
});
