// What the mini-program shows of a reply: phone numbers found, 依据 folded, only readable options.
import { describe, expect, it } from 'vitest';
import { botMessage, optionsOf, segments } from '../../miniprogram/utils/format';

describe('mini-program reply format', () => {
  it('finds landline, mobile, 400 and 12333 numbers, not dates, document numbers or bare figures', () => {
    const s = segments('电话：0971-8258157、8258153；手机18970996140；平台4000-434-678；12333；2025-05-07；60学时');
    expect(s.filter((x) => x.phone).map((x) => x.phone)).toEqual(['09718258157', '18970996140', '4000434678', '12333']);
    expect(s.map((x) => x.text).join('')).toBe(
      '电话：0971-8258157、8258153；手机18970996140；平台4000-434-678；12333；2025-05-07；60学时',
    );
    expect(segments('')).toEqual([{ text: '' }]);
  });

  it('folds the 依据 line with the citations, keeps the rest', () => {
    const m = botMessage({
      reply: '可认定60学时。\n依据：青人社厅函〔2025〕153号 附件4',
      citations: [{ doc: '青人社厅函〔2025〕153号', section: '附件4', quote: '1-3名认定为60学时' }],
    });
    expect(m.segments.map((x) => x.text).join('')).toBe('可认定60学时。');
    expect(m.basis).toEqual({
      line: '依据：青人社厅函〔2025〕153号 附件4',
      citations: [{ doc: '青人社厅函〔2025〕153号', section: '附件4', quote: '1-3名认定为60学时' }],
    });
    expect(botMessage({ reply: '您好' }).basis).toBeNull();
  });

  it('offers only readable options, at most eight', () => {
    expect(
      optionsOf({ reply: '', awaiting: { slot: 'level', question: '?', options: ['国家级', 'industry', '行业'] } }),
    ).toEqual(['国家级', '行业']);
    expect(optionsOf({ reply: '' })).toEqual([]);
  });
});
