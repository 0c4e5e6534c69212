// The rule reader: a message becomes commands; every slot keeps its words; what is not read is never guessed.
import { describe, expect, it } from 'vitest';
import { loadLexicon } from '../../src/intents';
import type { Command, ReadContext } from '../../src/intents/command';
import { readRules } from '../../src/intents/reader';
import { loadKnowledge } from '../../src/policy/knowledge';

const lex = loadLexicon(loadKnowledge().gazetteer);
const read = (text: string, ctx: Partial<ReadContext> = {}) => readRules(text, { today: '2025-10-15', ...ctx }, lex);
const of = <T extends Command['type']>(text: string, type: T, ctx: Partial<ReadContext> = {}) =>
  read(text, ctx).commands.filter((c): c is Extract<Command, { type: T }> => c.type === type);
const items = (text: string, ctx: Partial<ReadContext> = {}) => of(text, 'item', ctx).map((c) => c.item);

describe('ranks, counts and other numbers', () => {
  it.each<[string, object[]]>([
    [
      '我的发明专利排第2，实用新型排第五，能折算多少学时',
      [
        { kind: 'patent', patentType: 'invention', rank: 2 },
        { kind: 'patent', patentType: 'utility', rank: 5 },
      ],
    ],
    [
      '两篇论文，一篇一作一篇通讯',
      [
        { kind: 'paper', count: 1, authorship: 'first' },
        { kind: 'paper', count: 1, authorship: 'corresponding' },
      ],
    ],
    ['我有两项发明专利，都是第一发明人', [{ kind: 'patent', patentType: 'invention', count: 2, rank: 1 }]],
    ['青海 省级地方标准第一起草人', [{ kind: 'standard', level: 'provincial', rank: 1 }]],
    ['每天10小时培训了3天', [{ kind: 'training', days: 3, hours: 30 }]],
    ['在国家级学术会议上作报告1个半小时', [{ kind: 'lecture', level: 'national', hours: 1.5 }]],
    ['计算机考试过了俩模块', [{ kind: 'computer_exam', count: 2 }]],
    ['软著 3', [{ kind: 'software_copyright', count: 3 }]],
  ])('%s', (text, expected) => {
    expect(items(text)).toMatchObject(expected);
  });

  it('reads 第三个同事 as a person, not a rank', () => {
    expect(of('第三个同事有两个实用新型都是第二', 'person')).toEqual([
      { type: 'person', person: { ordinal: 3 }, words: '第三个同事' },
    ]);
    expect(items('第三个同事有两个实用新型都是第二')).toMatchObject([{ count: 2, rank: 2 }]);
  });

  it('keeps a number it cannot place out of the figures (a rank or a count?)', () => {
    const r = read('安徽 论文 3 能算多少');
    expect(r.unplaced).toEqual([{ value: 3, words: '3' }]);
    expect(items('安徽 论文 3 能算多少')).toEqual([{ kind: 'paper' }]);
  });

  it('flags a figure that cannot be right', () => {
    expect(of('又学了1e309学时', 'invalid')).toHaveLength(1);
    expect(of('公需学了-5学时', 'invalid')).toHaveLength(1);
  });
});

describe('conditions and titles are read as said, never assumed', () => {
  it('a title held is no certificate obtained', () => {
    expect(items('我是高级技师，今年考了个一级建造师，能折算吗')).toEqual([{ kind: 'qualification_exam' }]);
    expect(items('济宁 拿了高级技师证')).toMatchObject([
      { kind: 'skill_certificate', certificate: 'senior_technician' },
    ]);
  });

  it('a provincial bureau endorsing a report is not the province', () => {
    expect(items('专题调研报告得到省发改委主任批示')).toMatchObject([{ kind: 'report', level: 'department' }]);
    expect(items('调研报告得到副省长肯定性批示')).toMatchObject([{ kind: 'report', level: 'provincial' }]);
  });

  it("leave: a man's 陪产假 is not maternity leave; months from a calendar range", () => {
    expect(of('陪产假休了15天，今年学时要补吗', 'duty')[0]?.onDuty.reason).toBe('paternity');
    expect(of('今年1到8月都在休 9月1号回来上班的', 'duty')[0]?.onDuty).toEqual({ monthsAway: 8, monthsOnDuty: 4 });
  });

  it('abroad: where, and whether sent', () => {
    expect(items('安徽 公派出国培训20天')).toMatchObject([
      { kind: 'training', abroad: true, official: true, days: 20 },
    ]);
    expect(items('在美国培训了10天')).toMatchObject([{ kind: 'training', abroad: true, days: 10 }]);
  });

  it('a day on the road is left out', () => {
    expect(items('去国外培训了两天 在路上一天不算 能算多少')).toMatchObject([{ kind: 'training', days: 2 }]);
  });
});

describe('the shape of a turn', () => {
  it('a correction, a what-if, more, somebody else', () => {
    expect(of('不对，实用新型是第3名', 'correct')).toHaveLength(1);
    expect(of('如果发明专利我是第一呢', 'hypothetical')).toHaveLength(1);
    expect(of('另外还参加了4天培训', 'more')).toHaveLength(1);
    expect(of('那小李呢', 'person')[0]?.person).toEqual({ name: '小李' });
    // a co-author named as a colleague is no switch of person
    expect(of('跟几个同事一起申请的实用新型专利', 'person')).toEqual([]);
  });

  it('a bare answer to the question just asked', () => {
    const awaiting = { slot: 'rank', kind: 'patent' };
    expect(of('第二', 'answer', { awaiting })).toMatchObject([{ value: 2 }]);
    expect(of('是的', 'answer', { awaiting: { slot: 'completed', kind: 'project' } })).toMatchObject([{ value: true }]);
    expect(
      of('我是第三作者，不是通讯作者', 'answer', { awaiting: { slot: 'authorship', kind: 'paper' } }),
    ).toMatchObject([{ value: 'other' }]);
  });

  it('several questions at once, each item apart when asked each', () => {
    expect(of('职称外语A级B级C级 济宁各能抵多少公需', 'start')).toMatchObject([{ topic: 'convert', each: true }]);
    expect(items('职称外语A级B级C级 济宁各能抵多少公需').map((i) => i.langGrade)).toEqual(['A', 'B', 'C']);
  });

  it('every slot keeps the words it came from', () => {
    const [c] = of('青海，发明专利我是第1发明人，可以折算多少学时', 'item');
    expect(c?.words).toMatchObject({ kind: '发明专利', patentType: '发明专利', rank: '第1' });
  });

  it('controls stand alone; 转人工 keeps the place told with it', () => {
    expect(of('取消', 'control')).toMatchObject([{ action: 'cancel' }]);
    expect(of('我是六安的，转人工', 'control')).toMatchObject([{ action: 'handoff' }]);
    expect(of('我是六安的，转人工', 'where')).toMatchObject([{ where: { region: 'anhui', place: 'luan' } }]);
  });
});

describe('people, hearsay and both subjects', () => {
  it('two named people in one message are read apart, the place shared', () => {
    const r = read('青海 张三发明专利排第2 李四实用新型排第5 各能算多少');
    expect(r.parts).toHaveLength(2);
    const [a, b] = r.parts ?? [];
    const itemOf = (p: typeof a) => p?.commands.find((c) => c.type === 'item');
    expect(a?.commands).toContainEqual(expect.objectContaining({ type: 'person', person: { name: '张三' } }));
    expect(itemOf(a)).toMatchObject({ item: { patentType: 'invention', rank: 2 } });
    expect(b?.commands).toContainEqual(expect.objectContaining({ type: 'person', person: { name: '李四' } }));
    expect(itemOf(b)).toMatchObject({ item: { patentType: 'utility', rank: 5 } });
    for (const p of [a, b]) expect(p?.commands).toContainEqual(expect.objectContaining({ type: 'where' }));
    // one person: no parts
    expect(read('青海 发明专利排第2 实用新型排第5').parts).toBeUndefined();
  });

  it('a figure somebody else said is a claim to check, not hours told', () => {
    expect(of('有人说青海发明专利第一能算60学时对吗', 'start')).toMatchObject([{ yesNo: true, claim: 60 }]);
    expect(of('有人说青海发明专利第一能算60学时对吗', 'hours')).toEqual([]);
  });

  it('asking whether one thing counts for both subjects is marked so', () => {
    expect(of('济宁 技能竞赛省级一等奖 公需专业两边都能抵吗', 'start')).toMatchObject([{ bothSubjects: true }]);
    expect(of('济宁 技能竞赛省级一等奖 算公需还是专业', 'start')[0]?.bothSubjects).toBeUndefined();
  });

  it('a second clause with its own authorship is another paper', () => {
    expect(items('青海 独著论文一篇 跟人合作一篇 能算多少')).toMatchObject([
      { kind: 'paper', authorship: 'solo', count: 1 },
      { kind: 'paper', authorship: 'coauthor', count: 1 },
    ]);
  });

  it('the parts of 公需 are told by name', () => {
    expect(of('济宁 公需必选课学了10学时', 'hours')).toMatchObject([{ hours: { parts: { required: 10 } } }]);
    expect(of('自选学了15学时', 'hours', { region: 'jining' })).toMatchObject([{ hours: { parts: { elective: 15 } } }]);
  });
});

describe('follow-ups and the year a figure is asked for', () => {
  it('那 inside a message is a demonstrative, not the start of a follow-up', () => {
    const last = { topic: 'eligibility', kinds: [] };
    expect(of('我2023年那年的学时要达到多少才算数', 'start', { last })).toMatchObject([{ topic: 'requirement' }]);
    expect(of('那2023年呢', 'start', { last })).toEqual([]);
  });
});

describe('a subject and 多少 alone', () => {
  it('asks the subject’s yearly figure, beside another question', () => {
    expect(of('济宁今年公需多少 专业多少 公需啥时候截止', 'start').map((s) => s.topic)).toEqual([
      'requirement',
      'deadline',
    ]);
    // after an activity talked about, it is that activity's figure for the subject
    expect(items('公需多少', { last: { topic: 'convert', kinds: ['competition'] } })).toMatchObject([
      { kind: 'competition', subject: 'public' },
    ]);
  });
});
