// Chinese words and synonyms: the project's own words stay whole, synonyms read as one word.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { normalizeSynonyms, segment } from '../../src/text/segment';

const words = (t: string) => normalizeSynonyms(segment(t));

describe('segment', () => {
  it('keeps vocabulary words whole where the word segmenter would split them', () => {
    expect(segment('事业单位新进人员岗前培训不计入继续教育学时')).toEqual([
      '事业单位',
      '新进人员',
      '岗前培训',
      '不计入',
      '继续教育',
      '学时',
    ]);
    // place names from knowledge/places.yaml
    expect(segment('海东 电话')).toEqual(['海东', '电话']);
    expect(segment('我是六安金寨的')).toContain('金寨');
  });

  it('drops punctuation and spaces, folds full-width forms and Latin case', () => {
    expect(segment('ＳＣＩ论文，排第２！')).toEqual(['sci', '论文', '排', '第', '2']);
    expect(segment('   ')).toEqual([]);
    expect(segment('')).toEqual([]);
    expect(segment('👍👍')).toEqual([]);
  });

  it('handles long and odd input without throwing', () => {
    const long = '发明专利排第2能算多少学时'.repeat(500);
    expect(segment(long).length).toBeGreaterThan(1000);
    expect(() => segment('\u0000\uFFFF\uD800')).not.toThrow();
  });
});

describe('normalizeSynonyms', () => {
  it('reads 不计入 / 不算 / 不认定 / 不纳入 as one word', () => {
    const forms = ['不计入', '不算', '不认定', '不纳入', '不予认定'].map((w) => words(`${w}学时`));
    for (const f of forms) expect(f).toEqual(['不计入', '学时']);
  });

  it('joins split pieces that spell a synonym', () => {
    expect(normalizeSynonyms(['不', '算', '学时'])).toEqual(['不计入', '学时']);
    expect(normalizeSynonyms(['联系', '电话'])).toEqual(['电话']);
  });

  it('leaves other words as they are', () => {
    expect(normalizeSynonyms(['发明专利', '排', '第'])).toEqual(['发明专利', '排', '第']);
    expect(normalizeSynonyms([])).toEqual([]);
  });

  it('prefers the longer word: 不计入 is not 计入', () => {
    expect(words('不计入')).toEqual(['不计入']);
    expect(words('计入专业科目')).toEqual(['计入', '专业科目']);
  });

  it('is data: every group of synonyms.yaml maps to its first word', () => {
    const file = parse(readFileSync('knowledge/vocabulary/synonyms.yaml', 'utf8')) as { groups: string[][] };
    expect(file.groups.length).toBeGreaterThan(5);
    for (const g of file.groups) for (const w of g) expect(words(w), w).toEqual([g[0]]);
  });
});
