// The new result fields in replies: per-case lines, ceilings ("最多"), readings, years not recorded with the hotline,
// area codes marked as added, rules in words — figure first, no Markdown tables, then 依据.
import { describe, expect, it } from 'vitest';
import {
  renderContacts,
  renderConversion,
  renderConversionCases,
  renderEligibility,
  renderKind,
  renderProgress,
  renderProgressCases,
} from '../../src/dialog/render';
import { createPolicy } from '../../src/policy';

const policy = createPolicy();
const noTable = (s: string) => expect(s).not.toMatch(/\|\s*-{3,}|^\s*\|/m);

describe('replies from the new result fields', () => {
  it('answers per case when a condition is unknown', () => {
    const r = policy.convert({ region: 'qinghai', year: 2025, achievements: [{ kind: 'lecture', hours: 3 }] });
    const text = renderConversionCases(r, '青海省');
    expect(text).toMatch(/省级及以上有关主管部门举办的[^\n]*：18学时/);
    expect(text).toMatch(/其他级别：不折算/);
    noTable(text);
  });

  it('states a ceiling as a ceiling', () => {
    const r = policy.convert({
      region: 'qinghai',
      year: 2025,
      achievements: [{ kind: 'exam_setting', level: 'provincial' }],
    });
    const text = renderConversion(r, '青海省');
    expect(text.split('\n')[0]).toMatch(/最多30学时/);
    expect(text).not.toMatch(/可认定30学时/);
    expect(text).toMatch(/依据：/);
  });

  it('gives the ceiling the days allow, never days × 8 as a fact', () => {
    const r = policy.convert({ region: 'jining', year: 2025, achievements: [{ kind: 'training', days: 3 }] });
    const text = renderConversionCases(r, '山东省济宁市');
    expect(text).toMatch(/最多24学时/);
    expect(text).not.toMatch(/可认定24学时/);
  });

  it('gives the year total for each case when several items are told', () => {
    const r = policy.convert({
      region: 'anhui',
      year: 2025,
      achievements: [
        { kind: 'patent', patentType: 'invention', rank: 1 },
        { kind: 'paper', authorship: 'solo' },
      ],
    });
    const text = renderConversionCases(r, '安徽省');
    expect(text).toMatch(/当年认定50学时/);
    expect(text).toMatch(/当年认定90学时/);
  });

  it('says one item a year is one paper', () => {
    const r = policy.convert({
      region: 'anhui',
      year: 2025,
      achievements: [{ kind: 'paper', authorship: 'solo', indexing: 'none', count: 3 }],
    });
    const text = renderConversion(r, '安徽省');
    expect(text.split('\n')[0]).toMatch(/30学时/);
    expect(text).toMatch(/3项只认定1项/);
    expect(text).not.toMatch(/90学时/);
  });

  it('states a doubtful reading beside the answer, with the alternative', () => {
    const r = policy.convert({ region: 'qinghai', year: 2025, achievements: [{ kind: 'degree' }] });
    const text = renderConversion(r, '青海省');
    expect(text).toMatch(/存疑：.*另一种理解：/);
    expect(text.indexOf('存疑')).toBeLessThan(text.indexOf('依据'));
  });

  it('names the years no notice states, with the lines to call', () => {
    const r = policy.eligibility({
      region: 'qinghai',
      year: 2025,
      level: 'senior',
      hours: [{ year: 2023, public: 45, professional: 90 }],
    });
    const text = renderEligibility(r, '青海省', '可拨打咨询电话：0971-8258157');
    expect(text).toMatch(/2020—2022、2024年的年度学时要求暂未收录/);
    expect(text).toMatch(/0971-8258157/);
  });

  it('marks the area codes added and says whose lines they are', () => {
    const hefei = renderContacts(policy.contacts({ region: 'anhui', place: 'hefei', year: 2025 }));
    expect(hefei.split('\n')[0]).toMatch(/暂未收录合肥市的咨询电话.*六安市.*请咨询当地人社部门/);
    expect(hefei).not.toMatch(/0564-/);
    const text = renderContacts(policy.contacts({ region: 'anhui', place: 'luan', year: 2025 }));
    expect(text).toMatch(/0564-3379851\*/);
    expect(text).toMatch(/带\*的号码通知原文未写区号/);
    const jn = renderContacts(policy.contacts({ region: 'jining', place: 'qufu', year: 2025 }));
    expect(jn).toMatch(/0537-4498644(?!\*)/);
    expect(jn).not.toMatch(/带\*/);
  });

  it('answers a cap question with the cap first', () => {
    const text = renderKind(policy.describeKind({ region: 'qinghai', year: 2025, kind: 'paper' }), '青海省');
    expect(text.split('\n')[0]).toMatch(/每年最多折算20学时/);
    expect(text).toMatch(/专业科目/);
    const jn = renderKind(policy.describeKind({ region: 'jining', year: 2025, kind: 'competition' }), '山东省济宁市');
    expect(jn).toMatch(/国家级[^\n]*公需科目5学时或专业科目30学时（二选一/);
  });

  it('never says done when a part was not told, and names the conditions of pro-rating', () => {
    const half = policy.progress({
      region: 'jining',
      year: 2025,
      today: '2025-06-30',
      done: { public: 10 },
      onDuty: { reason: 'maternity', monthsOnDuty: 4 },
    });
    const halfText = renderProgress(half, '山东省济宁市');
    expect(halfText).not.toMatch(/不用再补|您已达到要求|您已完成/);
    expect(halfText).toMatch(/暂不能说已完成/);
    const full = policy.progress({
      region: 'jining',
      year: 2025,
      today: '2025-06-30',
      done: { public: 10, professional: 20 },
      onDuty: { reason: 'maternity', monthsOnDuty: 4 },
    });
    const text = renderProgress(full, '山东省济宁市');
    expect(text).toMatch(/按在岗时间折算后，您已达到要求，但须按通知办理/);
    expect(text).not.toMatch(/不用再补/);
  });

  it('answers pro-rating per case when 因公 is not said', () => {
    const r = policy.progress({
      region: 'jining',
      year: 2025,
      today: '2025-06-30',
      done: {},
      onDuty: { reason: 'abroad', monthsAway: 8 },
    });
    const text = renderProgressCases(r, '山东省济宁市');
    expect(text).toMatch(/因公派出：按在岗4个月折算，需完成公需10学时、专业20学时/);
    expect(text).toMatch(/不按在岗时间折算，须完成全年学时（公需30学时、专业60学时）/);
  });
});
