import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadGazetteer } from '../../scripts/eval-intents';
import { Command, type ParseContext } from '../../src/intents/command';
import { cnToNumber, digitize, normalize, readDays, readHours, readMonths } from '../../src/intents/numbers';
import { parseRule } from '../../src/intents/rule-parser';
import { findWhere, findYears } from '../../src/intents/rule-where';

const g = loadGazetteer();
const ctx: ParseContext = { today: '2025-10-15' };
const parse = (text: string, c: Partial<ParseContext> = {}) => parseRule(text, { ...ctx, ...c }, g);

describe('numbers', () => {
  it.each([
    ['三', 3],
    ['十', 10],
    ['十二', 12],
    ['二十五', 25],
    ['两', 2],
    ['一百零五', 105],
    ['两千', 2000],
  ])('reads %s as %d', (s, n) => {
    expect(cnToNumber(s)).toBe(n);
  });

  it('digitises counts and ranks but leaves words alone', () => {
    expect(digitize('三篇论文')).toBe('3篇论文');
    expect(digitize('排第二')).toBe('排第2');
    expect(digitize('不是第二是第三')).toBe('不是第2是第3');
    expect(digitize('两项专利')).toBe('2项专利');
    expect(digitize('第一作者')).toBe('第1作者');
    expect(digitize('六安市')).toBe('六安市');
    expect(digitize('一等奖')).toBe('一等奖');
    expect(digitize('两会翻译')).toBe('两会翻译');
    expect(digitize('同一篇论文')).toBe('同一篇论文');
  });

  it('reads halves, weeks and full-width digits', () => {
    expect(readDays(digitize(normalize('3天半')))).toBe(3.5);
    expect(readDays(digitize(normalize('一天半')))).toBe(1.5);
    expect(readDays('半天')).toBe(0.5);
    expect(readDays(normalize('２天'))).toBe(2);
    expect(readDays(digitize('一周'))).toBe(7);
    expect(readHours(digitize('两个半小时'))).toBe(2.5);
    expect(readMonths(digitize('两个半月'))).toBe(2.5);
    expect(readMonths('半年')).toBe(6);
    expect(readMonths(digitize('一年半'))).toBe(18);
    expect(readMonths('2025年')).toBeUndefined();
  });

  it('fixes typos and drops emoji', () => {
    expect(normalize('能算多少学识😂')).toBe('能算多少学时');
    expect(normalize('发明专力')).toBe('发明专利');
    expect(normalize('参加学术会议 2 天')).toBe('参加学术会议 2天');
  });
});

describe('places', () => {
  it('finds covered regions and their places', () => {
    expect(findWhere('西宁市人社局电话', g).where).toEqual({ region: 'qinghai', place: 'xining' });
    expect(findWhere('邹城市人社局', g).where).toEqual({ region: 'jining', place: 'zoucheng' });
    expect(findWhere('济宁曲阜', g).where).toEqual({ region: 'jining', place: 'qufu' });
    expect(findWhere('六安县区', g).where).toEqual({ region: 'anhui', place: 'luan' });
    expect(findWhere('我是六安金寨的', g).where).toEqual({ region: 'anhui', place: 'jinzhai' });
  });

  it('tells 海南州 (青海) from 海南 (海南省)', () => {
    expect(findWhere('海南州', g).where).toEqual({ region: 'qinghai', place: 'hainanzhou' });
    expect(findWhere('海南藏族自治州', g).where).toEqual({ region: 'qinghai', place: 'hainanzhou' });
    expect(findWhere('海南', g).where).toEqual({ uncovered: '海南省' });
  });

  it('names uncovered places by their gazetteer name, and a covered region wins', () => {
    expect(findWhere('北京市继续教育', g).where).toEqual({ uncovered: '北京市' });
    expect(findWhere('我是广州的', g).where).toEqual({ uncovered: '广东省' });
    expect(findWhere('山东济宁', g).where).toEqual({ region: 'jining' });
  });

  it('does not take a place travelled to as where the user is', () => {
    expect(findWhere('去北京进修', g).where).toBeUndefined();
    expect(findWhere('去上海培训了五天 青海这边', g).where).toEqual({ region: 'qinghai' });
  });

  it('reads a generic zone name only with its region known', () => {
    expect(findWhere('高新区人力资源部电话', g).where).toBeUndefined();
    expect(findWhere('高新区人力资源部电话', g, 'jining').where).toEqual({ region: 'jining', place: 'jn-gaoxin' });
  });

  it('masks place names so 六安 is never read as a number', () => {
    const { masked } = findWhere('六安培训3天', g);
    expect(masked).not.toContain('六');
    expect(parse('六安培训3天').slots.achievements).toEqual([{ kind: 'training', days: 3 }]);
  });
});

describe('years', () => {
  const years = (s: string, today = '2025-10-15') => findYears(digitize(s), today).map((y) => y.year);
  it('reads 4-digit, 2-digit and relative years', () => {
    expect(years('2025年')).toEqual([2025]);
    expect(years('25年公需')).toEqual([2025]);
    expect(years('今年')).toEqual([2025]);
    expect(years('去年')).toEqual([2024]);
    expect(years('前年')).toEqual([2023]);
    expect(years('去年', '2026-01-05')).toEqual([2025]);
    expect(years('21年公需30，22年公需40')).toEqual([2021, 2022]);
  });

  it('does not take durations, phone numbers or word counts for years', () => {
    expect(years('近4年')).toEqual([]);
    expect(years('满1年')).toEqual([]);
    expect(years('0971-6163992')).toEqual([]);
    expect(years('2000字以上')).toEqual([]);
    expect(years('顺延到明年')).toEqual([]);
  });

  it('puts the year in the slots only when one year is named', () => {
    expect(parse('今年独立发表论文2篇').slots.year).toBe(2025);
    expect(parse('21年公需30专业60 22年公需30专业60 够报中级吗').slots.year).toBeUndefined();
  });
});

describe('conversions', () => {
  it('reads the brief examples', () => {
    expect(parse('青海，发明专利我是第1发明人，可以折算多少学时')).toMatchObject({
      intent: 'convert',
      slots: { where: { region: 'qinghai' }, achievements: [{ kind: 'patent', patentType: 'invention', rank: 1 }] },
    });
    expect(parse('国家标准发布实施了，我是第1起草人').slots.achievements).toEqual([
      { kind: 'standard', level: 'national', rank: 1 },
    ]);
    expect(parse('在省级学术会议上做报告4小时').slots.achievements).toEqual([
      { kind: 'lecture', hours: 4, level: 'provincial' },
    ]);
    expect(parse('参加国家级课题研究（非主持人），已结题').slots.achievements).toEqual([
      { kind: 'project', level: 'national', role: 'member', completed: true },
    ]);
    expect(parse('EI收录论文，我是第三作者（不是通讯作者）').slots.achievements).toEqual([
      { kind: 'paper', indexing: 'EI', authorship: 'other', rank: 3 },
    ]);
    expect(parse('合作出版专业著作，我是第一作者').slots.achievements).toEqual([{ kind: 'book', authorship: 'first' }]);
    expect(parse('参加了部级学术会议，没有报告论文').slots.achievements).toEqual([
      { kind: 'conference', level: 'ministerial', paper: 'none' },
    ]);
    expect(parse('参加党校脱产培训2天').slots.achievements).toEqual([{ kind: 'party_school', days: 2 }]);
    expect(parse('参加支教援派3个月，专业科目').slots.achievements).toEqual([
      { kind: 'aid', months: 3, subject: 'professional' },
    ]);
  });

  it('splits several facts in one line', () => {
    const c = parse('今年有一项实用新型专利排第1，还参加了3天单位培训');
    expect(c.intent).toBe('convert');
    expect(c.slots.year).toBe(2025);
    expect(c.slots.achievements).toEqual([
      { kind: 'patent', patentType: 'utility', rank: 1, count: 1 },
      { kind: 'training', days: 3, level: 'unit' },
    ]);
    expect(parse('实用新型两项 一项排第一 一项排第三').slots.achievements).toEqual([
      { kind: 'patent', patentType: 'utility', count: 1, rank: 1 },
      { kind: 'patent', patentType: 'utility', count: 1, rank: 3 },
    ]);
  });

  it('lets the specific activity absorb the generic word', () => {
    expect(parse('党校脱产培训3天').slots.achievements?.map((a) => a.kind)).toEqual(['party_school']);
    expect(parse('在学术会议上授课2小时').slots.achievements?.map((a) => a.kind)).toEqual(['lecture']);
    expect(parse('获得3项软件著作权').slots.achievements).toEqual([{ kind: 'software_copyright', count: 3 }]);
    expect(parse('高级工程师').slots.achievements).toBeUndefined();
  });

  it('reads levels, prizes and certificates', () => {
    expect(parse('全国单一行业部门举办的技能大赛三等奖').slots.achievements).toEqual([
      { kind: 'competition', level: 'national_industry', prize: 'third' },
    ]);
    expect(parse('省部级课题的第一主持人').slots.achievements).toEqual([
      { kind: 'project', level: 'provincial', role: 'host' },
    ]);
    expect(parse('取得高级技师证书').slots.achievements).toEqual([
      { kind: 'skill_certificate', certificate: 'senior_technician' },
    ]);
    expect(parse('sci论文').slots.achievements).toEqual([{ kind: 'paper', indexing: 'SCI' }]);
  });
});

describe('other intents', () => {
  it('reads hours by subject and year', () => {
    expect(parse('25年公需修了20 专业45 还差多少')).toMatchObject({
      intent: 'progress',
      slots: { hours: [{ year: 2025, public: 20, professional: 45 }] },
    });
    expect(parse('今年申报中级，2023和2024年的学时够不够，都是公需30专业60').slots.hours).toEqual([
      { year: 2023, public: 30, professional: 60 },
      { year: 2024, public: 30, professional: 60 },
    ]);
  });

  it('reads months on duty', () => {
    expect(parse('我休产假了 今年只上了4个月班').slots.onDuty).toEqual({ reason: 'maternity', monthsOnDuty: 4 });
    expect(parse('病假7个月').slots.onDuty).toEqual({ reason: 'sick', monthsAway: 7 });
  });

  it('reads title level, route and flags', () => {
    expect(parse('我是博士，副高，报正高').slots).toMatchObject({ level: 'full_senior', route: 'doctor' });
    expect(parse('申报副高级职称要几年的继续教育学时').slots).toMatchObject({ level: 'senior', route: 'review' });
    expect(parse('认定中级')).toMatchObject({ intent: 'eligibility', slots: { route: 'recognition' } });
    expect(parse('双职称申报需要学时吗').slots.flags).toEqual(['dual_title']);
    expect(parse('职称外语A级合格').intent).toBe('convert');
  });

  it('routes question types', () => {
    expect(parse('西宁市人社局继续教育咨询电话').intent).toBe('contact');
    expect(parse('在哪个网站学公需课').intent).toBe('platform');
    expect(parse('公需课最晚什么时候学完')).toMatchObject({ intent: 'deadline', slots: { subject: 'public' } });
    expect(parse('青海2023年公需科目要多少学时').slots).toEqual({
      where: { region: 'qinghai' },
      year: 2023,
      subject: 'public',
    });
    const pq = parse('事业单位新进人员岗前培训算继续教育学时吗');
    expect(pq.intent).toBe('policy_question');
    expect(pq.text).toBe('事业单位新进人员岗前培训算继续教育学时吗');
    expect(pq.slots.achievements).toBeUndefined();
  });

  it('reads bare answers with the awaited slot', () => {
    expect(parse('第二', { awaiting: { slot: 'rank', kind: 'patent' } })).toMatchObject({
      intent: 'inform',
      slots: { number: 2, achievements: [{ kind: 'patent', rank: 2 }] },
    });
    expect(parse('2', { awaiting: { slot: 'rank' } }).slots).toEqual({ number: 2 });
    expect(parse('发明的', { awaiting: { slot: 'patentType', kind: 'patent' } }).slots).toEqual({
      achievements: [{ kind: 'patent', patentType: 'invention' }],
    });
    expect(parse('我在青海', { awaiting: { slot: 'region' } })).toMatchObject({
      intent: 'inform',
      slots: { where: { region: 'qinghai' } },
    });
    expect(parse('我是济宁的')).toMatchObject({ intent: 'set_profile', slots: { where: { region: 'jining' } } });
  });

  it('reads corrections', () => {
    expect(parse('不对，是实用新型', { awaiting: { slot: 'rank', kind: 'patent' } })).toMatchObject({
      intent: 'correction',
      slots: { achievements: [{ kind: 'patent', patentType: 'utility' }] },
    });
    expect(parse('不是第二是第三').slots.number).toBe(3);
  });

  it('gives low confidence when it cannot place a message', () => {
    expect(parse('嗯嗯好滴那个啥').confidence).toBeLessThan(0.5);
    expect(parse('').confidence).toBeLessThan(0.5);
    expect(parse('青海发明专利排第二能算多少学时').confidence).toBeGreaterThanOrEqual(0.5);
  });
});

describe('contract', () => {
  const samples = [
    '青海，发明专利我是第1发明人，可以折算多少学时',
    '25年公需修了20 专业45 还差多少',
    '你好',
    '今天天气怎么样',
    '第二',
    '💩💩💩',
    'a'.repeat(3000),
    '第一百零一名 一万篇论文 999999天',
  ];

  it.each(samples)('%s: output passes the Command schema', (text) => {
    const c = parse(text, { awaiting: { slot: 'rank', kind: 'patent' } });
    expect(() => Command.parse(c)).not.toThrow();
    expect(c.confidence).toBeGreaterThanOrEqual(0);
    expect(c.confidence).toBeLessThanOrEqual(1);
  });

  it('never throws and always yields a valid command, whatever the text', () => {
    const words = [
      '发明',
      '专利',
      '第二',
      '排',
      '公需',
      '专业',
      '30',
      '25年',
      '今年',
      '青海',
      '海南',
      '六安',
      '论文',
      'SCI',
    ];
    const more = [
      '培训',
      '天半',
      '不对',
      '是',
      '，',
      ' ',
      '吗',
      '多少',
      '学时',
      '一百',
      '两',
      '😂',
      '１２',
      '电话',
      '截止',
    ];
    const piece = fc.oneof(fc.constantFrom(...words, ...more), fc.string({ maxLength: 4 }));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.boolean(), (parts, awaiting) => {
        const c = parse(parts.join(''), awaiting ? { awaiting: { slot: 'rank', kind: 'patent' } } : {});
        expect(Command.safeParse(c).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic', () => {
    for (const t of samples) expect(parse(t)).toEqual(parse(t));
  });

  it('parses 1000 messages well under a second', () => {
    const texts = Array.from({ length: 1000 }, (_, i) => `${samples[i % 6]}${i % 7 === 0 ? ' 济宁' : ''}`);
    const t0 = performance.now();
    for (const t of texts) parse(t);
    const ms = performance.now() - t0;
    // typically ~0.1 ms each; a generous bound that only a pathological regression would cross
    expect(ms).toBeLessThan(1000);
  });
});

describe('how technicians really type', () => {
  it('reads 书 as a book and 第N作者 as another author', () => {
    expect(parse('青海 合著一本书我是第三作者 能认定几学时')).toMatchObject({
      intent: 'convert',
      slots: { achievements: [{ kind: 'book', count: 1, authorship: 'other', rank: 3 }] },
    });
    expect(parse('去年写了本书 自己一个人写的').slots.achievements).toEqual([{ kind: 'book', authorship: 'solo' }]);
    // 第一书记 is not a book
    expect(parse('驻村第一书记一年').slots.achievements?.[0]?.kind).toBe('village');
  });

  it('keeps follow-ups as the changed fact, never out of scope', () => {
    const cases: Array<[string, object]> = [
      ['那3篇呢', { achievements: [{ kind: 'paper', count: 3 }] }],
      ['那实用新型呢', { achievements: [{ kind: 'patent', patentType: 'utility' }] }],
      ['那2023年呢', { year: 2023 }],
      ['那明年呢', { year: 2026 }],
      ['如果排第五呢', { number: 5 }],
      ['那青海呢', { where: { region: 'qinghai' } }],
      ['换成国家标准呢', { achievements: [{ kind: 'standard', level: 'national' }] }],
      ['那要是第一作者呢', { achievements: [{ kind: 'paper', authorship: 'first' }] }],
    ];
    for (const [text, slots] of cases) expect(parse(text), text).toMatchObject({ intent: 'inform', slots });
    // a follow-up that asks its own question stays a question
    expect(parse('那论文呢，独著一篇能算多少').intent).toBe('convert');
  });

  it('reads 明年 / 后年 / 大前年 and figure checks as requirement questions', () => {
    expect(parse('青海明年还是90学时吗')).toMatchObject({
      intent: 'requirement',
      slots: { where: { region: 'qinghai' }, year: 2026 },
    });
    expect(parse('青海后年要多少学时').slots.year).toBe(2027);
    expect(parse('大前年青海要多少学时').slots.year).toBe(2022);
  });

  it('sets no subject when both 公需 and 专业 are asked for', () => {
    expect(parse('济宁 今年继续教育公需和专业分别要多少').slots.subject).toBeUndefined();
    const aid = parse('济宁 援疆一年 公需专业能认定多少学时');
    expect(aid.intent).toBe('convert');
    expect(aid.slots.achievements).toEqual([{ kind: 'aid', months: 12 }]);
    expect(parse('我公需已经学完了，专业还差多少').slots.subject).toBe('professional');
  });

  it('reads serving as an expert in 职称评审 as expert service, not a title question', () => {
    expect(parse('济宁 受邀参加职称评审当专家2天')).toMatchObject({
      intent: 'convert',
      slots: { achievements: [{ kind: 'expert_service', days: 2 }] },
    });
    expect(parse('青海 职称评审当评委 两天').slots.achievements).toEqual([{ kind: 'expert_service', days: 2 }]);
    expect(parse('青海申报副高职称评审要几年学时').intent).toBe('eligibility');
  });

  it('tells giving a talk (lecture) from attending one (conference)', () => {
    expect(parse('安徽 经单位批准应邀讲了一次学术讲座').slots.achievements).toEqual([{ kind: 'lecture', count: 1 }]);
    expect(parse('作了一场专题报告 省级').slots.achievements).toEqual([
      { kind: 'lecture', count: 1, level: 'provincial' },
    ]);
    expect(parse('听了一场学术讲座').slots.achievements).toEqual([{ kind: 'conference', count: 1 }]);
    expect(parse('安徽 去听了一次学术报告').slots.achievements).toEqual([{ kind: 'conference', count: 1 }]);
  });

  it('reads unit and other projects, and work in progress', () => {
    expect(parse('安徽 单位自己的课题 我主持的 结项了').slots.achievements).toEqual([
      { kind: 'project', level: 'unit', role: 'host', completed: true },
    ]);
    expect(parse('校级课题主持人 结题').slots.achievements?.[0]?.level).toBe('unit');
    expect(parse('其他课题 主持 结项了').slots.achievements?.[0]?.level).toBe('other');
    // 经单位批准 is no project level; a general level word wins over 单位
    expect(parse('经单位批准参加省级课题').slots.achievements?.[0]?.level).toBe('provincial');
    expect(parse('公司自己的项目 我是负责人 还在做').slots.achievements?.[0]?.completed).toBe(false);
  });

  it('answers platform, limit and eligibility questions by their kind', () => {
    expect(parse('济宁 手机上能学公需课吗').intent).toBe('platform');
    expect(parse('安徽 公需课线上学习最多能拿多少学时').intent).toBe('policy_question');
    // a cap asked about a counted item is still a conversion
    expect(parse('软件著作权10个青海最多能算多少').intent).toBe('convert');
    const y = parse('青海报副高 2019年的学时还能用吗');
    expect(y).toMatchObject({ intent: 'eligibility', slots: { level: 'senior', where: { region: 'qinghai' } } });
    expect(y.slots.year).toBeUndefined();
    expect(parse('高级职称申报学时要几年').slots.level).toBe('senior');
  });

  it('reads hours in 汉字 without a unit, and month ranges', () => {
    expect(parse('公需完成了十五学时')).toMatchObject({ intent: 'progress', slots: { hours: [{ public: 15 }] } });
    expect(parse('专业完成了三十')).toMatchObject({ intent: 'progress', slots: { hours: [{ professional: 30 }] } });
    expect(parse('３月到８月休产假 还要学多少').slots.onDuty).toEqual({ reason: 'maternity', monthsAway: 6 });
    expect(readMonths('5月到10月')).toBe(6);
    expect(readMonths('8月到3月')).toBeUndefined();
  });

  it('splits several items told in one line', () => {
    expect(parse('一篇独著一篇合作').slots.achievements).toEqual([
      { kind: 'paper', count: 1, authorship: 'solo' },
      { kind: 'paper', count: 1, authorship: 'coauthor' },
    ]);
    expect(parse('发了3篇论文 2篇独著 1篇第三作者').slots.achievements).toEqual([
      { kind: 'paper', count: 2, authorship: 'solo' },
      { kind: 'paper', count: 1, authorship: 'other', rank: 3 },
    ]);
    // a level told in another clause goes to the item that absorbs it
    expect(parse('当裁判三天 市级技能大赛').slots.achievements).toEqual([{ kind: 'referee', days: 3, level: 'city' }]);
  });

  it('keeps the organisation asked about in the text of a contact question', () => {
    const c = parse('两弹一星干部学院联系方式');
    expect(c.intent).toBe('contact');
    expect(c.text).toContain('两弹一星干部学院');
    expect(parse('青海干部网络学院电话')).toMatchObject({ intent: 'contact', slots: { where: { region: 'qinghai' } } });
  });

  it('reads a bare fact or an apology correction against the last answer kind', () => {
    const last = (kind: string) => ({ last: { intent: 'convert', kinds: [kind] } });
    expect(parse('不好意思 是C级', last('foreign_language_exam'))).toMatchObject({
      intent: 'correction',
      slots: { achievements: [{ kind: 'foreign_language_exam', langGrade: 'C' }] },
    });
    expect(parse('过了3门', last('self_study_exam'))).toMatchObject({
      intent: 'inform',
      slots: { achievements: [{ kind: 'self_study_exam', count: 3 }] },
    });
    expect(parse('大概3000字', last('conference'))).toMatchObject({
      intent: 'inform',
      slots: { achievements: [{ kind: 'conference', paper: 'long' }] },
    });
    // with no last answer the same words are not read as an item
    expect(parse('过了3门').slots.achievements ?? []).toHaveLength(0);
    // an apology that asks something is not a correction
    expect(parse('不好意思 是C级吗', last('foreign_language_exam')).intent).not.toBe('correction');
  });

  it('never reads two one-digit ordinals as one number', () => {
    expect(digitize('一个排第一一个排第五')).not.toContain('11');
    expect(digitize('排第十一')).toBe('排第11');
    expect(normalize('排老二')).toBe('排第二');
    const c = parse('青海 两项发明专利 一个排第一一个排第五 一共多少学时');
    expect(c.slots.achievements?.map((a) => a.rank)).toEqual([1, 5]);
  });

  it('adds an item told after 还有 instead of splitting the last one', () => {
    const c = parse('青海 独著两篇论文 还有一篇合作的 一共能算多少学时');
    expect(c.slots.achievements).toEqual([
      { kind: 'paper', count: 2, authorship: 'solo' },
      { kind: 'paper', count: 1, authorship: 'coauthor' },
    ]);
    // a breakdown with no 还有 still splits the total
    const b = parse('青海 论文3篇 1篇第一作者 2篇第二作者');
    expect(b.slots.achievements?.reduce((n, a) => n + (a.count ?? 0), 0)).toBe(3);
  });

  it('takes the level from a city named as organiser, and asks the conversion in a long message', () => {
    expect(parse('青海 西宁市举办的职业技能大赛一等奖').slots.achievements?.[0]?.level).toBe('city');
    // a place that is only where the user is gives no level
    expect(parse('我在西宁 职业技能大赛一等奖').slots.achievements?.[0]?.level).toBeUndefined();
    const long = parse('我在青海西宁上班，去年评了中级，今年实用新型专利下来了，我排第四个，想问问能折算多少学时');
    expect(long.intent).toBe('convert');
    expect(parse('青海 今年评中级 实用新型专利排第四 够不够').intent).not.toBe('convert');
  });

  it('routes procedure questions to the clauses, not to contacts, platforms or titles', () => {
    expect(parse('安徽 民营企业的专技人员学时找谁登记').intent).toBe('policy_question');
    expect(parse('安徽 找谁咨询 电话').intent).toBe('contact');
    expect(parse('安徽 学时申报提交后还能改吗').intent).toBe('policy_question');
    expect(parse('安徽 去年那个公需课平台还能用吗').intent).toBe('policy_question');
    expect(parse('安徽公需课在哪个平台学').intent).toBe('platform');
    expect(parse('安徽 折算的学时算公需还是专业').intent).toBe('policy_question');
    expect(parse('青海 国情研修班三天 算公需还是专业 多少学时').intent).toBe('convert');
  });
});

describe('third blind set (wide3)', () => {
  it('reads 本专业书, 注册…工程师 and 给…上课 as the kinds they name', () => {
    expect(parse('淮南，合著了一本专业书，我是第一作者').slots.achievements?.[0]).toMatchObject({
      kind: 'book',
      authorship: 'first',
    });
    expect(parse('济宁 考了个注册安全工程师').slots.achievements?.[0]?.kind).toBe('qualification_exam');
    expect(parse('安徽 给单位的培训班上了3次课').slots.achievements?.[0]?.kind).toBe('lecture');
    // a student going to class is not a lecture
    expect(parse('青海 我去党校上课5天').slots.achievements?.[0]?.kind).toBe('party_school');
  });

  it('multiplies hours per day or per session, and only then', () => {
    const e = parse('济宁，受邀参加职称评审2天，每天工作8小时，能认定多少学时');
    expect(e.intent).toBe('convert');
    expect(e.slots.achievements).toEqual([{ kind: 'expert_service', days: 2, hours: 16 }]);
    expect(parse('青海 培训3天 每天6小时').slots.achievements?.[0]?.hours).toBe(18);
    expect(parse('济宁 参加市卫健委组织的培训1天 实际学了6学时').slots.achievements?.[0]?.hours).toBe(6);
    expect(parse('青海 给省卫健委的培训班上了两次课 每次2小时').slots.achievements?.[0]?.hours).toBe(4);
    // applying for a title is still eligibility
    expect(parse('我今年要参加职称评审，学时要几年').intent).toBe('eligibility');
  });

  it('reads a conference paper length told apart, and a report with a paper at a conference', () => {
    const c = parse('安徽，参加国家级学术会议并报告了论文，论文1500字，能认定多少学时');
    expect(c.slots.achievements).toEqual([{ kind: 'conference', level: 'national', paper: 'short' }]);
    expect(parse('安徽 参加国家级学术会议 做了学术报告 论文三千多字').slots.achievements).toEqual([
      { kind: 'conference', level: 'national', paper: 'long' },
    ]);
    // a report with a duration is a lecture
    expect(parse('青海，在省级学术会议上做报告4小时').slots.achievements?.[0]).toMatchObject({
      kind: 'lecture',
      hours: 4,
    });
  });

  it('reads 名次是三 as a rank and "公需…专业呢" as both subjects', () => {
    expect(parse('青海 我的发明专利名次是三').slots.achievements?.[0]?.rank).toBe(3);
    expect(parse('济宁 公需课要多少个学时 专业呢').slots.subject).toBeUndefined();
    expect(parse('济宁 公需课要多少个学时').slots.subject).toBe('public');
  });
});

describe('more hours on top of those told (YearHours.added)', () => {
  const hoursOf = (text: string, c: Partial<ParseContext> = {}) => parse(text, c).slots.hours;

  it.each([
    ['公需又学了15', { public: 15 }],
    ['专业再修20学时还差多少', { professional: 20 }],
    ['又完成了10个专业学时', { professional: 10 }],
    ['还学了专业20', { professional: 20 }],
    ['再学15个学时还差多少', { total: 15 }],
    ['另外又学了8个学时', { total: 8 }],
    ['公需课又刷了10个学时', { public: 10 }],
    ['专业 又学了 10', { professional: 10 }],
    ['又学了公需8个 专业12个学时', { public: 8, professional: 12 }],
  ])('marks "%s" as added', (text, figures) => {
    expect(hoursOf(text)).toEqual([{ ...figures, added: true }]);
  });

  it('marks a follow-up "那公需再学15呢" as added and keeps it a follow-up', () => {
    const c = parse('那公需再学15呢', { region: 'qinghai', last: { intent: 'progress', kinds: [] } });
    expect(c.intent).toBe('inform');
    expect(c.slots.hours).toEqual([{ public: 15, added: true }]);
  });

  it.each([
    '公需学了15',
    '今年公需完成了25 专业完成了50',
    '公需学了20个，专业学了30个，还差多少',
    // "需要再学": what is still needed, not what was done
    '需要再学20个学时吗',
    // a plain figure beside an added one: the message restates, nothing is summed
    '公需20，专业又学了10',
    // 还 as "also" after a plain figure
    '我公需学了20 还修了专业40',
  ])('does not mark "%s" as added', (text) => {
    for (const h of hoursOf(text) ?? []) expect(h.added).toBeUndefined();
  });

  it('keeps the year of added hours and reads "10个专业学时"', () => {
    expect(hoursOf('2025年公需又学了10 还差多少')).toEqual([{ year: 2025, public: 10, added: true }]);
    expect(hoursOf('我已经学了18个公需学时，还差几个')).toEqual([{ public: 18 }]);
  });
});

describe('multi-turn readings', () => {
  it('does not take a new question for the detail the assistant asked for', () => {
    const req = parse('先问下 青海公需一年要多少学时', {
      region: 'qinghai',
      awaiting: { slot: 'rank', kind: 'patent' },
    });
    expect(req.intent).toBe('requirement');
    expect(req.slots.achievements).toBeUndefined();
    expect(parse('公需课在哪学', { awaiting: { slot: 'level', kind: 'project' } }).intent).toBe('platform');
    // a subject answer to a subject question is still the answer
    const sub = parse('抵公需', { awaiting: { slot: 'subject', kind: 'competition' } });
    expect(sub.slots.achievements).toEqual([{ kind: 'competition', subject: 'public' }]);
  });

  it('reads months on duty in an answer and in a correction', () => {
    const a = parse('在岗时间是两个月', { awaiting: { slot: 'monthsOnDuty' } });
    expect(a.intent).toBe('inform');
    expect(a.slots.onDuty).toEqual({ monthsOnDuty: 2 });
    expect(parse('在岗的时间是8个月', { awaiting: { slot: 'monthsOnDuty' } }).slots.onDuty).toEqual({
      monthsOnDuty: 8,
    });
    expect(parse('济宁公需学习时间是到几号').intent).toBe('deadline');
    const c = parse('不对 在岗是10个月', { last: { intent: 'progress', kinds: [] } });
    expect(c.intent).toBe('correction');
    expect(c.slots.onDuty).toEqual({ monthsOnDuty: 10 });
    expect(parse('在国外9个月 在岗3个月').slots.onDuty).toEqual({ reason: 'abroad', monthsOnDuty: 3, monthsAway: 9 });
  });

  it('reads a paper told after a conference as the paper read at it', () => {
    const c = parse('要是报告了一篇1500字的论文呢', { last: { intent: 'convert', kinds: ['conference'] } });
    expect(c.slots.achievements).toEqual([{ kind: 'conference', paper: 'short' }]);
    // after a paper question it stays a paper
    const p = parse('那2篇论文呢', { last: { intent: 'convert', kinds: ['paper'] } });
    expect(p.slots.achievements?.[0]?.kind).toBe('paper');
  });

  it('reads "其实在…" as a correction and a complete item after another question as a conversion', () => {
    const c = parse('我其实在安徽', { last: { intent: 'convert', kinds: ['patent'] } });
    expect(c.intent).toBe('correction');
    expect(c.slots.where?.region).toBe('anhui');
    const s = parse('换成青海，行业标准排第9', { last: { intent: 'requirement', kinds: [] } });
    expect(s.intent).toBe('convert');
    expect(parse('换成实用新型', { last: { intent: 'convert', kinds: ['patent'] } }).intent).toBe('inform');
  });

  it('asks for the years of hours as a title question, even with the title told before', () => {
    expect(parse('需要提交几年的继续教育学时', { region: 'qinghai' }).intent).toBe('eligibility');
    expect(parse('青海一年要多少学时').intent).toBe('requirement');
  });

  it('reads kinds named in other words', () => {
    expect(parse('书是合著的 我是其他作者').slots.achievements).toEqual([{ kind: 'book', authorship: 'other' }]);
    expect(parse('考过了2个模块').slots.achievements).toEqual([{ kind: 'computer_exam', count: 2 }]);
    expect(parse('安徽 讲座讲了一次').slots.achievements?.[0]?.kind).toBe('lecture');
    expect(parse('安徽 省自然科学奖三等奖').slots.achievements?.[0]).toMatchObject({ level: 'provincial' });
    expect(parse('老师您好呀').intent).toBe('greeting');
  });
});

describe('fifth blind set (wide5)', () => {
  it('reads traditional characters and English words', () => {
    expect(normalize('發明專利 排第三 能折算多少學時')).toBe('发明专利 排第三 能折算多少学时');
    expect(parse('濟寧 職稱外語B級合格 能認定幾個學時').slots.achievements).toEqual([
      { kind: 'foreign_language_exam', langGrade: 'B' },
    ]);
    expect(parse('安徽 ISTP收录 first author 能认定多少学时').slots.achievements?.[0]).toMatchObject({
      authorship: 'first',
      indexing: 'ISTP',
    });
    expect(normalize('ok 那排第7呢')).toBe('那排第7呢');
  });

  it('reads 万 and ranges of 汉字 numbers', () => {
    expect(cnToNumber('一万二千')).toBe(12000);
    expect(cnToNumber('一万二')).toBe(12000);
    expect(cnToNumber('两千五')).toBe(2500);
    expect(cnToNumber('一百零五')).toBe(105);
    expect(digitize('七八篇')).toBe('7篇');
    expect(digitize('十来篇')).toBe('10篇');
    expect(digitize('二十来天')).toBe('20天');
    expect(digitize('两三天')).toBe('2天');
    // not neighbours, not a range
    expect(digitize('三五天')).not.toBe('3天');
    expect(parse('安徽 参加了部级学术会议 报告了论文 论文一万二千字').slots.achievements).toEqual([
      { kind: 'conference', level: 'ministerial', paper: 'long' },
    ]);
  });

  it('reads terse hotline queries', () => {
    expect(parse('青海 标准 行业 2').slots.achievements).toEqual([{ kind: 'standard', rank: 2, level: 'industry' }]);
    expect(parse('安徽 专利 实用 3').slots.achievements).toEqual([{ kind: 'patent', rank: 3, patentType: 'utility' }]);
    expect(parse('济宁 外语 A').slots.achievements).toEqual([{ kind: 'foreign_language_exam', langGrade: 'A' }]);
    expect(parse('济宁 计算机 2个模块').slots.achievements).toEqual([{ kind: 'computer_exam', count: 2 }]);
    const r = parse('青海 2023 专业');
    expect(r.intent).toBe('requirement');
    expect(r.slots).toMatchObject({ year: 2023, subject: 'professional' });
    expect(parse('安徽 合著 第二作者').slots.achievements?.[0]).toMatchObject({ kind: 'book', authorship: 'other' });
    expect(parse('安徽 独著 1本').slots.achievements?.[0]).toMatchObject({ kind: 'book', authorship: 'solo' });
    expect(parse('黄南州人社局 继续教育咨询').intent).toBe('contact');
    expect(parse('济宁 公需科目学习时间').intent).toBe('deadline');
    // a count with its classifier stays a count; papers take no bare rank
    expect(parse('青海 发明专利 2项').slots.achievements?.[0]).toMatchObject({ count: 2 });
    expect(parse('济宁 论文 2').slots.achievements?.[0]?.rank).toBeUndefined();
  });

  it('reads 厅局 projects by region', () => {
    const ah = parse('安徽 厅局课题 主持 结项').slots.achievements?.[0];
    const qh = parse('青海 厅局课题 主持 结项').slots.achievements?.[0];
    expect(ah?.level).toBe('provincial');
    expect(qh?.level).toBe('department');
    expect(parse('厅局课题 主持 结项', { region: 'anhui' }).slots.achievements?.[0]?.level).toBe('provincial');
  });

  it('reads roles and authorship that are denied', () => {
    expect(parse('青海，今年出了3部合著，我不是第一作者，能折多少学时').slots.achievements?.[0]).toMatchObject({
      authorship: 'other',
    });
    const p = parse('我们今年有个省直厅局的课题结项了，我是其他参与人员，不是前三名，能认定多少', { region: 'anhui' });
    expect(p.slots.achievements?.[0]).toMatchObject({ role: 'member', level: 'provincial' });
    expect(parse('安徽 参与了课题研究 是主要完成人 排第二 结项了').slots.achievements?.[0]?.role).toBe('main');
    expect(
      parse('都是我自己写的', { awaiting: { slot: 'authorship', kind: 'paper' } }).slots.achievements?.[0]?.authorship,
    ).toBe('solo');
  });

  it('reads bare answers after an answer against it', () => {
    const last = (intent: string, kinds: string[] = []) => ({ last: { intent, kinds } });
    expect(parse('9', last('convert', ['patent'])).slots.achievements).toEqual([{ kind: 'patent', rank: 9 }]);
    expect(parse('C', last('convert', ['foreign_language_exam'])).slots.achievements).toEqual([
      { kind: 'foreign_language_exam', langGrade: 'C' },
    ]);
    expect(parse('没交论文', last('convert', ['conference'])).slots.achievements).toEqual([
      { kind: 'conference', paper: 'none' },
    ]);
    expect(parse('还报告了论文，五千字', last('convert', ['conference'])).slots.achievements).toEqual([
      { kind: 'conference', paper: 'long' },
    ]);
    // after a paper question a paper stays a paper
    expect(parse('还报告了论文', last('convert', ['paper'])).slots.achievements?.[0]?.kind).toBe('paper');
    const place = parse('汶上县', last('contact'));
    expect(place.intent).toBe('inform');
    expect(place.slots.where?.place).toBe('wenshang');
    expect(parse('汶上县').intent).toBe('set_profile');
    expect(parse('2019年的', last('requirement'))).toMatchObject({ intent: 'inform', slots: { year: 2019 } });
    expect(parse('安徽又是多少', last('requirement')).slots.where?.region).toBe('anhui');
    expect(parse('是第一作者的话', last('convert', ['book'])).slots.achievements).toEqual([
      { kind: 'book', authorship: 'first' },
    ]);
  });

  it('keeps a pending question and months on duty', () => {
    expect(parse('能换学时不', { awaiting: { slot: 'region' } })).toMatchObject({ intent: 'inform', slots: {} });
    expect(parse('济宁 我今年病假超过半年').slots.onDuty).toEqual({ reason: 'sick' });
    expect(parse('济宁 病假半年').slots.onDuty).toEqual({ reason: 'sick', monthsAway: 6 });
    expect(parse('济宁 公派出国工作').slots.onDuty).toEqual({ reason: 'abroad' });
    expect(parse('济宁 出国旅游').slots.onDuty).toBeUndefined();
    const m = parse('在国外9个月 在岗3个月', { awaiting: { slot: 'monthsOnDuty' } });
    expect(m.slots.number).toBe(3);
    expect(parse('去外地开了个学术会', { region: 'qinghai' }).slots.achievements).toEqual([{ kind: 'conference' }]);
  });

  describe('wide6 edges', () => {
    const last = (intent: string, kinds: string[] = []) => ({ last: { intent, kinds } });
    it('reads roles, levels and counts at the edges', () => {
      const host2 = parse('青海 国家级项目 我是第二主持人 已经结题 学时多少').slots.achievements?.[0];
      expect(host2).toMatchObject({ kind: 'project', level: 'national', role: 'main' });
      expect(parse('青海 国家级课题第一主持人 结题了').slots.achievements?.[0]?.role).toBe('host');
      expect(parse('青海 参加了西宁市的课题研究 不是主持人 已结题').slots.achievements?.[0]).toMatchObject({
        level: 'city',
        role: 'member',
      });
      expect(parse('青海 西宁市职业技能大赛二等奖 学时多少').slots.achievements?.[0]?.level).toBe('city');
      expect(parse('青海 省人社厅和行业部门联合办的技能大赛三等奖 学时').slots.achievements?.[0]?.level).toBe(
        'provincial_joint',
      );
      expect(parse('又考了4个 总共7个', last('convert', ['computer_exam'])).slots.achievements).toEqual([
        { kind: 'computer_exam', count: 7 },
      ]);
      expect(parse('普通期刊第一作者呢', last('convert', ['paper'])).slots.achievements?.[0]?.indexing).toBe('none');
    });

    it('reads abroad training in days and totals by year', () => {
      const abroad = parse('安徽 公派出国培训20天 认定学时');
      expect(abroad.intent).toBe('convert');
      expect(abroad.slots.onDuty).toBeUndefined();
      expect(abroad.slots.achievements).toEqual([{ kind: 'training', days: 20, abroad: true }]);
      expect(parse('济宁 公派境外工作8个月').slots.onDuty).toMatchObject({ reason: 'abroad', monthsAway: 8 });
      const avg = parse('安徽 评副高 2021年40学时 2022年50学时 2023年60学时 平均达标吗');
      expect(avg.intent).toBe('eligibility');
      expect(avg.slots.hours).toEqual([
        { year: 2021, total: 40 },
        { year: 2022, total: 50 },
        { year: 2023, total: 60 },
      ]);
    });
  });
});

describe('clause questions (wide7)', () => {
  it.each([
    '青海 单位自己办的培训班需要备案吗',
    '海北 参加国培跨年度了 学时咋算',
    '青海 今年多学了40个学时 能放到明年用吗',
    '青海 专业课学了100学时 公需一点没学 行不行',
    '青海 我是技师 高技能人才必须参加继续教育吗',
    '青海 继续教育基地多久往系统推送一次培训数据',
    '青海 网络学院学完的公需课还需要审验吗',
    '青海 申报职称用的继续教育学习档案在哪打',
    '济宁 单位派我去培训 学时要我自己去报吗',
    '济宁 技能竞赛抵了公需 还能再抵专业吗',
    '济宁 单位应不应该给我们安排学习时间',
    '济宁 论文专利这些成果 在哪申报学时',
    '安徽 专利折算的学时算公需还是专业',
    '安徽 一年能申报几次继续教育学时',
    '安徽 同一篇论文在两个期刊都发了 能算两次吗',
    '安徽 学时折算的过渡期截止到哪一年',
    '安徽 去年用的那个公需平台现在还能学吗',
    '安徽 省直单位的专业课培训找谁备案',
    '六安 俺是县里的 报中级 学时上哪验证去',
    '青海 快退休了 最后一年还需要学继续教育吗',
    '青海 我多出来的学时能让给我爱人吗',
  ])('reads "%s" as a clause question', (text) => {
    expect(parse(text).intent).toBe('policy_question');
  });

  it('asks "are they all counted" as a clause, but a sum with figures stays a conversion', () => {
    expect(parse('今年有专利也有论文 能两个都算上吗', { region: 'anhui' }).intent).toBe('policy_question');
    expect(parse('安徽 发明专利第1名 论文独著1篇 都算上一共多少').intent).toBe('convert');
  });

  it('keeps dated questions about a clause as deadlines, and exemptions as title questions', () => {
    expect(parse('青海 培训备案截止时间').intent).toBe('deadline');
    expect(parse('青海 出国培训5天 算几个学时').intent).toBe('convert');
    expect(parse('安徽 过渡期内评职称学时怎么算').intent).toBe('eligibility');
    const acct = parse('青海 统计副高 新华会计网学的学时认不认');
    expect(acct.intent).toBe('eligibility');
    expect(acct.slots.flags).toContain('accounting_platform');
    expect(parse('青海 申报第二个系列的同级职称 还要提交继续教育学时吗').slots.flags).toContain('dual_title');
    expect(parse('青海 我有护师了 想加个同级的其他系列职称 学时有啥要求').slots.flags).toContain('dual_title');
  });

  it('treats A-not-A and 谁 / 啥 endings as questions, not profile statements', () => {
    expect(parse('德令哈 去年多出来的学时今年还能用不').intent).toBe('policy_question');
    expect(parse('青海 会计人员继续教育归谁管').intent).toBe('policy_question');
    expect(parse('安徽 新人新办法老人老办法是啥意思').intent).toBe('policy_question');
  });
});

describe('fast typing, long polite questions and typos (wide8)', () => {
  it.each([
    ['qh 发明 第6 多少学时', 'qinghai'],
    ['jn 自考过了2门 几学时', 'jining'],
    ['AH 实用新型 第1 几学时', 'anhui'],
    ['jn的', 'jining'],
  ])('reads the pinyin initials in "%s" as %s', (text, region) => {
    expect(parse(text).slots.where?.region).toBe(region);
  });

  it('reads xn as 西宁 and bj as an uncovered city, but not inside Latin words', () => {
    expect(parse('xn人社局 继教 电话多少').slots.where).toEqual({ region: 'qinghai', place: 'xining' });
    expect(parse('bj 继教学时要求多少').slots.where).toEqual({ uncovered: '北京市' });
    expect(normalize('ahead qhx')).toBe('ahead qhx');
  });

  it('reads "4h" as hours of a lecture given at a conference', () => {
    const c = parse('qh 省级学术会议 做报告4h 折多少');
    expect(c.slots.achievements).toEqual([{ kind: 'lecture', hours: 4, level: 'provincial' }]);
    const polite = parse('您好，我应邀在青海省级学术会议上作了4个小时的专题报告，请问按照规定能折算多少学时？');
    expect(polite.slots.achievements).toEqual([{ kind: 'lecture', hours: 4, level: 'provincial' }]);
  });

  it('reads 自己出了 as a solo book and 党效 as 党校', () => {
    expect(parse('青海 今年自己出了两本学术专著 能算多少学识').slots.achievements?.[0]).toMatchObject({
      kind: 'book',
      count: 2,
      authorship: 'solo',
    });
    expect(parse('青海 去党效脱产学习了两天 能算多少学识').slots.achievements?.[0]).toMatchObject({
      kind: 'party_school',
      days: 2,
    });
  });

  it('asks how many years of hours a title needs, even when 学时证明 is named', () => {
    const c = parse('老师好，我在青海工作，准备申报副高级职称，请问需要提供几年的继续教育学时证明？');
    expect(c.intent).toBe('eligibility');
    expect(c.slots.level).toBe('senior');
    expect(parse('青海 学时证明怎么打印').intent).toBe('policy_question');
  });

  it('reads a stated duration, not 上半年 or 时间是, in an aid question', () => {
    const c = parse('我是济宁的，今年上半年参加了支教援派，时间是三个月，请问专业科目能认定多少学时？');
    expect(c.intent).toBe('convert');
    expect(c.slots.achievements?.[0]).toMatchObject({ kind: 'aid', months: 3 });
    expect(readMonths('援派了半年')).toBe(6);
    expect(readMonths('上半年')).toBeUndefined();
    expect(parse('济宁公需学习时间是几号到几号').intent).toBe('deadline');
  });
});
