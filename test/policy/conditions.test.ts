// Conditions are never assumed: an unknown one is asked or answered per case; ranges, narrowing values, the fast
// input check, contacts with area codes, years no notice states.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIVITY_KINDS, Achievement, SLOT_DEFAULTS } from '../../src/domain/vocab';
import { createPolicy } from '../../src/policy';
import { compileWhen, slotValue, test as testCond } from '../../src/policy/conditions';
import { loadKnowledge } from '../../src/policy/knowledge';
import type { ConversionRule } from '../../src/policy/schema';
import { isAchievement } from '../../src/policy/validate';

const kb = loadKnowledge();
const policy = createPolicy(kb);
const rules: Array<{ region: string; rule: ConversionRule }> = kb.files.flatMap((f) =>
  f.conversions.map((rule) => ({ region: f.region, rule })),
);
const year = (rule: ConversionRule) => rule.to ?? Math.max(rule.from, 2025);

/** Every condition of the rule met (first value, or a range's lower bound), with figures for every formula. */
function satisfying(rule: ConversionRule): Record<string, unknown> {
  const a: Record<string, unknown> = { kind: rule.activity, rank: 1, days: 1, hours: 1, months: 1 };
  for (const [k, v] of Object.entries(rule.when)) {
    if (Array.isArray(v)) a[k] = v[0];
    else if (typeof v === 'object') a[k] = v.min ?? (v.minExclusive !== undefined ? v.minExclusive + 1 : 0);
    else a[k] = v;
  }
  return a;
}

describe('conditions', () => {
  it('assumes nothing but a count of one', () => {
    expect(SLOT_DEFAULTS).toEqual({ count: 1 });
  });

  it('matches ranges, lists and values; a value that only narrows is unknown', () => {
    const [months] = compileWhen({ months: { min: 12 } });
    expect(testCond(months!, 12)).toBe('yes');
    expect(testCond(months!, 11.5)).toBe('no');
    expect(testCond(months!, undefined)).toBe('unknown');
    const [excl] = compileWhen({ months: { minExclusive: 6 } });
    expect(testCond(excl!, 6)).toBe('no');
    expect(testCond(excl!, 6.5)).toBe('yes');
    const [level] = compileWhen({ level: 'provincial_hr' });
    expect(testCond(level!, 'provincial')).toBe('unknown'); // 省里 may be the provincial HR department
    expect(testCond(level!, 'city')).toBe('no');
    const [author] = compileWhen({ authorship: ['first', 'other'] });
    expect(testCond(author!, 'coauthor')).toBe('unknown');
    expect(testCond(author!, 'solo')).toBe('no');
  });

  it('places an event with an administrative level at home, and only then', () => {
    expect(slotValue({ kind: 'conference', level: 'provincial' }, 'abroad')).toBe(false);
    expect(slotValue({ kind: 'conference' }, 'abroad')).toBeUndefined();
    expect(slotValue({ kind: 'conference', level: 'provincial', abroad: true }, 'abroad')).toBe(true);
  });

  it('never states a figure for a rule whose condition is unknown, unless every case gives that figure', () => {
    for (const { region, rule } of rules) {
      for (const slot of Object.keys(rule.when)) {
        const a = satisfying(rule);
        delete a[slot];
        if (slot === 'abroad') delete a.level; // a level told would place it at home
        const r = policy.convert({ region, year: year(rule), achievements: [a] });
        if (r.status === 'ok') {
          // the condition changed nothing: the trace says so
          expect(r.trace.join(' '), `${rule.id} without ${slot}`).toMatch(/不影响/);
          continue;
        }
        expect(['missing', 'no_rule'], `${rule.id} without ${slot}: ${r.status}`).toContain(r.status);
        if (r.status !== 'missing') continue;
        expect(r.total).toBeNull();
        const cases = r.cases ?? [];
        expect(cases.length, `${rule.id} without ${slot}`).toBeGreaterThan(0);
        for (const c of cases) {
          expect(c.label.length).toBeGreaterThan(0);
          if (!c.none) expect(c.citation, `${rule.id} case ${c.label}`).toBeDefined();
        }
      }
    }
  });

  it('checks input as zod does, without zod', () => {
    const slot = fc.oneof(
      fc.constantFrom(...ACTIVITY_KINDS, 'levitation'),
      fc.integer({ min: -5, max: 400 }),
      fc.double({ min: -5, max: 400, noNaN: false }),
      fc.boolean(),
      fc.constantFrom('invention', 'provincial', 'solo', 'SCI', 'A', 'none', 'host', undefined),
    );
    const keys = fc.constantFrom(
      'kind',
      'count',
      'rank',
      'days',
      'hours',
      'months',
      'level',
      'authorship',
      'indexing',
      'patentType',
      'abroad',
      'completed',
      'mainLeader',
      'degreeLevel',
      'subject',
      'nonsense',
    );
    fc.assert(
      fc.property(fc.dictionary(keys, slot), (x) => {
        expect(isAchievement(x)).toBe(Achievement.safeParse(x).success);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('contacts', () => {
  it('gives every landline with its area code, and marks the codes added', () => {
    for (const [id, r] of policy.index.regions) {
      for (const place of [undefined, ...r.region.places.map((p) => p.id)]) {
        for (const y of [2019, 2023, 2024, 2025, 2026]) {
          const res = policy.contacts({ region: id, place, year: y });
          for (const c of res.contacts) {
            for (const p of c.phones) expect(p, `${id} ${place} ${c.org}`).toMatch(/^0\d{2,3}-\d{7,8}$|^1\d{10}$|^400/);
            for (const p of c.areaCodeAdded) expect(c.phones).toContain(p);
            expect(c.year).toBeLessThanOrEqual(Math.max(y, Math.min(...r.contactYears)));
          }
        }
      }
    }
  });

  it('gives the lines of the latest notice up to the year asked', () => {
    const phones = (y: number) => policy.contacts({ region: 'qinghai', year: y }).contacts.flatMap((c) => c.phones);
    expect(phones(2025)).not.toContain('15979952660');
    expect(phones(2025)).not.toContain('4000-434-678');
    expect(phones(2023)).toContain('15979952660');
    expect(phones(2019)).toContain('4000-434-678');
    expect(policy.contacts({ region: 'qinghai', year: 2024 }).noticeYear).toBe(2023);
  });

  it('says a place of a covered province has no notice of its own', () => {
    const r = policy.contacts({ region: 'anhui', place: 'wuhu' });
    expect(r.outside).toEqual({ place: '芜湖市', noticePlaces: ['六安市'] });
    expect(r.contacts.every((c) => c.place === '六安市')).toBe(true);
    expect(policy.contacts({ region: 'anhui', place: 'jinzhai' }).outside).toBeUndefined();
  });
});

describe('years no notice states', () => {
  it('never names a year whose requirement is recorded', () => {
    for (const level of ['junior', 'intermediate', 'senior'] as const) {
      for (const y of [2019, 2020, 2023, 2024, 2025, 2026]) {
        const r = policy.eligibility({ region: 'qinghai', year: y, level });
        for (const u of r.unknownYears)
          expect(policy.requirement({ region: 'qinghai', year: u }).status).toBe('not_recorded');
      }
    }
  });
});

describe('progress', () => {
  it('is complete only when every required part was told and met', () => {
    fc.assert(
      fc.property(
        fc.option(fc.integer({ min: 0, max: 80 }), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
        fc.integer({ min: 1, max: 12 }),
        (pub, prof, onDuty) => {
          const r = policy.progress({
            region: 'jining',
            year: 2025,
            today: '2025-06-30',
            done: { public: pub, professional: prof },
            onDuty: { reason: 'maternity', monthsOnDuty: onDuty },
          });
          if (r.complete === true) {
            expect(pub).toBeDefined();
            expect(prof).toBeDefined();
            expect(pub!).toBeGreaterThanOrEqual(r.required!.public!);
            expect(prof!).toBeGreaterThanOrEqual(r.required!.professional!);
          }
          if (pub === undefined || prof === undefined) expect(r.complete).not.toBe(true);
        },
      ),
    );
  });
});

describe('rules in words', () => {
  it('describes every kind a region converts, with figure, subject and citation', () => {
    for (const [id] of policy.index.regions) {
      for (const kind of ACTIVITY_KINDS) {
        const r = policy.describeKind({ region: id, year: 2025, kind });
        expect(['ok', 'no_rule', 'not_yet_in_force', 'not_recorded']).toContain(r.status);
        if (r.status !== 'ok') continue;
        expect(r.citations.length).toBeGreaterThan(0);
        for (const x of r.rules) {
          expect(x.figure.length).toBeGreaterThan(0);
          expect(x.subjectText.length).toBeGreaterThan(0);
          expect(x.citation.quote.length).toBeGreaterThan(0);
        }
      }
    }
  });

  it('states a doubtful subject with its alternative', () => {
    const r = policy.describeKind({ region: 'jining', year: 2025, kind: 'quality_online_course' });
    expect(r.readings.map((x) => x.id)).toContain('jn-quality-online-course');
    expect(r.readings[0]!.alternative).toMatch(/公需/);
  });
});
