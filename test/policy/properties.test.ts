// Property tests: monotone up to caps, never above a cap, every answer cited from its source, invalid input typed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPolicy } from '../../src/policy';
import { loadKnowledge, quoteInSource } from '../../src/policy/knowledge';
import type { ConversionRule } from '../../src/policy/schema';

const kb = loadKnowledge();
const policy = createPolicy(kb);
const docKey = new Map([...kb.documents.values()].map((d) => [d.number, d.key]));

const rules: Array<{ region: string; rule: ConversionRule }> = kb.files.flatMap((f) =>
  f.conversions.map((rule) => ({ region: f.region, rule })),
);

/** An achievement that satisfies every condition of the rule (first allowed value, or a range's lower bound). */
function achievementFor(rule: ConversionRule, extra: Record<string, unknown> = {}) {
  const a: Record<string, unknown> = { kind: rule.activity };
  for (const [k, v] of Object.entries(rule.when)) {
    if (Array.isArray(v)) a[k] = v[0];
    else if (typeof v === 'object') a[k] = v.min ?? (v.minExclusive !== undefined ? v.minExclusive + 1 : 0);
    else a[k] = v;
  }
  return { rank: 1, days: 1, hours: 1, months: 1, ...a, ...extra };
}

const year = (rule: ConversionRule) => rule.to ?? Math.max(rule.from, 2025);

describe('policy properties', () => {
  it('every rule answers with a cited figure or statement, each quote found in its source', () => {
    for (const { region, rule } of rules) {
      const r = policy.convert({ region, year: year(rule), achievements: [achievementFor(rule)] });
      expect(r.status, `${rule.id}: ${r.message ?? ''} ${JSON.stringify(r.missing)}`).toBe('ok');
      expect(r.citations.length).toBeGreaterThan(0);
      for (const c of r.citations)
        expect(quoteInSource(kb, docKey.get(c.doc) ?? c.doc, c.quote), `${rule.id} ${c.quote}`).toBe(true);
    }
  });

  const daily = rules.filter(
    ({ rule }) => !rule.alternative && ['perDay', 'documentedOrPerDay'].includes(rule.formula.type),
  );
  it('is monotone in days and never above a cap', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...daily),
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 0, max: 120 }),
        ({ region, rule }, d1, d2) => {
          const [lo, hi] = d1 <= d2 ? [d1, d2] : [d2, d1];
          const run = (days: number) =>
            policy.convert({
              region,
              year: year(rule),
              achievements: [achievementFor(rule, { days, hours: undefined })],
            });
          const a = run(lo);
          const b = run(hi);
          expect(a.total!).toBeLessThanOrEqual(b.total!);
          const cap = rule.cap ? kb.files.flatMap((f) => f.caps).find((c) => c.id === rule.cap) : undefined;
          if (cap) expect(b.total!).toBeLessThanOrEqual(cap.hours);
        },
      ),
      { numRuns: 300 },
    );
  });

  // "按实际学时登记，不超过8学时/天": the hours are the figure, the days only a ceiling
  const actual = rules.filter(({ rule }) => rule.formula.type === 'documentedMaxPerDay');
  it('takes the hours worked, at most the daily maximum, and never days × maximum without hours', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...actual),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 400 }),
        ({ region, rule }, days, hours) => {
          const f = rule.formula as { maxPerDay: number };
          const run = (h?: number) =>
            policy.convert({ region, year: year(rule), achievements: [achievementFor(rule, { days, hours: h })] });
          const told = run(hours);
          expect(told.total).toBe(Math.min(hours, days * f.maxPerDay));
          const untold = run(undefined);
          expect(untold.status).toBe('missing');
          expect(untold.total).toBeNull();
          expect(untold.cases?.[0]?.max).toBe(days * f.maxPerDay);
        },
      ),
      { numRuns: 200 },
    );
  });

  const counted = rules.filter(
    ({ rule }) => rule.perItem && !rule.alternative && ['fixed', 'rankBands', 'rankStep'].includes(rule.formula.type),
  );
  it('is monotone in the number of items and never above a yearly cap', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...counted),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 30 }),
        ({ region, rule }, n1, n2) => {
          const [lo, hi] = n1 <= n2 ? [n1, n2] : [n2, n1];
          const run = (count: number) =>
            policy.convert({ region, year: year(rule), achievements: [achievementFor(rule, { count })] });
          const a = run(lo);
          const b = run(hi);
          expect(a.total!).toBeLessThanOrEqual(b.total!);
          const cap = rule.cap ? kb.files.flatMap((f) => f.caps).find((c) => c.id === rule.cap) : undefined;
          if (cap && cap.per !== 'item') expect(b.total!).toBeLessThanOrEqual(cap.hours);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('ranks further down never earn more', () => {
    const ranked = rules.filter(({ rule }) => ['rankBands', 'rankStep'].includes(rule.formula.type));
    fc.assert(
      fc.property(fc.constantFrom(...ranked), fc.integer({ min: 1, max: 40 }), ({ region, rule }, rank) => {
        const run = (r: number) =>
          policy.convert({ region, year: year(rule), achievements: [achievementFor(rule, { rank: r })] }).total!;
        expect(run(rank + 1)).toBeLessThanOrEqual(run(rank));
        expect(run(rank + 1)).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('gives the same answer for the same input', () => {
    for (const { region, rule } of rules.slice(0, 40)) {
      const q = { region, year: year(rule), achievements: [achievementFor(rule, { count: 2 })] };
      expect(policy.convert(q)).toEqual(policy.convert(q));
    }
  });

  it('returns typed errors, never a number, for invalid input', () => {
    const region = rules[0]!.region;
    expect(
      policy.convert({ region, year: 2025, achievements: [{ kind: 'patent', patentType: 'invention', rank: 0 }] })
        .status,
    ).toBe('invalid');
    expect(policy.convert({ region, year: 2025, achievements: [{ kind: 'training', days: -1 }] }).status).toBe(
      'invalid',
    );
    expect(policy.convert({ region, year: 2025, achievements: [{ kind: 'levitation' }] }).status).toBe('invalid');
    const uncovered = policy.convert({ region: 'atlantis', year: 2025, achievements: [{ kind: 'patent', rank: 1 }] });
    expect(uncovered.status).toBe('not_covered');
    expect(uncovered.total).toBeNull();
    expect(policy.requirement({ region: 'atlantis', year: 2025 }).status).toBe('not_covered');
  });
});
