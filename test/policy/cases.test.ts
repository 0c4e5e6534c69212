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
  }
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
          r.items.flatMap((it: any) => it.parts.map((p: any) => p.ruleId)),
          ctx,
        ).toEqual(e.rules);
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
