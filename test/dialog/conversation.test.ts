// Conversation tests: scripted turns → replies and remembered slots, happy and unhappy paths.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatJson, hasHours, testApp, user } from '../helpers/app';

let app: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app.close();
});

type Expect = {
  hours?: number[];
  not?: number[];
  has?: (string | RegExp)[];
  lacks?: string[];
  asks?: string;
  intent?: string;
  noHours?: boolean;
};
type Script = Array<[string, Expect?]>;

async function play(script: Script): Promise<ChatJson[]> {
  const u = user(app);
  const out: ChatJson[] = [];
  for (const [i, [text, e]] of script.entries()) {
    const r = await u.say(text);
    out.push(r);
    if (!e) continue;
    const ctx = `turn ${i + 1} "${text}" → ${r.reply}`;
    for (const h of e.hours ?? []) expect(hasHours(r.reply, h), ctx).toBe(true);
    for (const h of e.not ?? []) expect(hasHours(r.reply, h), ctx).toBe(false);
    for (const s of e.has ?? []) expect(r.reply, ctx).toMatch(s);
    for (const s of e.lacks ?? []) expect(r.reply, ctx).not.toContain(s);
    if (e.asks) {
      expect(r.awaiting?.slot, ctx).toBe(e.asks);
      expect(r.reply, ctx).toMatch(/[？?]/);
    }
    if (e.intent) expect(r.intent, ctx).toBe(e.intent);
    if (e.noHours) expect(r.reply, ctx).not.toMatch(/\d+(\.\d+)?\s*学时/);
  }
  return out;
}

describe('multi-turn walk-throughs', () => {
  it('asks region first, then the missing detail, then answers with its basis', async () => {
    await play([
      ['参与的专利能折算学时吗？', { asks: 'region' }],
      ['青海', { asks: 'patentType' }],
      ['发明专利，排第2', { hours: [60], has: ['依据：青人社厅函〔2025〕153号'] }],
    ]);
  });

  it('answers an activity only one covered region converts by that region, and says so', async () => {
    await play([
      ['参与制定标准能折算学时吗？', { asks: 'level', has: ['只有青海省有此项', '如您不在青海省'] }],
      ['行业标准，排第2', { hours: [80], has: ['只有青海省有此项', '您是青海省的吗？'] }],
    ]);
    // a region told is never overridden
    await play([['济宁 参与制定标准能折算学时吗？', { lacks: ['只有青海省有此项', '80学时'] }]]);
  });

  it('accepts bare answers to the question asked', async () => {
    await play([
      ['青海专利能算多少学时', { asks: 'patentType' }],
      ['发明的', { asks: 'rank' }],
      ['第二', { hours: [60] }],
    ]);
  });

  it('remembers the region for later questions', async () => {
    await play([
      ['我是济宁的', { intent: 'set_profile', has: ['济宁'] }],
      ['计算机应用能力考试过了2个模块能算多少学时', { hours: [10] }],
      ['每年公需要多少学时', { hours: [30] }],
    ]);
  });

  it('lets the user correct a slot of the last answer', async () => {
    await play([
      ['青海发明专利排第2能算多少', { hours: [60] }],
      ['不对，是实用新型', { hours: [50], not: [60] }],
    ]);
  });

  it('switches topic mid-flow and drops the open question', async () => {
    const r = await play([
      ['安徽专利能算多少学时', { asks: 'patentType' }],
      ['安徽每年要多少学时', { hours: [90, 60] }],
    ]);
    expect(r[1]!.awaiting).toBeUndefined();
  });

  it('cancels and restarts', async () => {
    await play([
      ['青海标准能算多少学时', { asks: 'level' }],
      ['取消', { intent: 'cancel' }],
      ['第二', {}],
      ['重新开始', { intent: 'restart' }],
      ['专利能算多少学时', { asks: 'region' }],
    ]);
  });

  it('after two answers it cannot use, gives the hotline and resets', async () => {
    const r = await play([
      ['青海标准能算多少学时', { asks: 'level' }],
      ['嗯嗯', { asks: 'level', has: ['没太明白'] }],
      ['啦啦啦', { has: ['0971-8258157'] }],
    ]);
    expect(r[2]!.awaiting).toBeUndefined();
  });

  it('says plainly when a region is not covered, with no figure', async () => {
    await play([['北京市继续教育学时要求是多少', { has: ['暂未收录北京'], noHours: true }]]);
    await play([['我在广州，发明专利能算多少学时', { has: ['暂未收录'], noHours: true }]]);
  });

  it('says plainly when a year is not recorded, with the region hotline', async () => {
    await play([['青海2024年继续教育要求多少学时', { has: ['暂未收录', '0971-8258157'], noHours: true }]]);
  });

  it('applies a rule only from the year it was introduced', async () => {
    await play([['青海2023年获得2项软件著作权能算多少学时', { has: ['2025年起'], noHours: true }]]);
  });

  it('computes what is left from reported hours, and remembers them', async () => {
    await play([
      ['青海，2025年公需完成了25学时，专业完成了50学时，还差多少', { hours: [5, 10], has: ['12月'] }],
      ['还差多少', { hours: [5, 10] }],
    ]);
  });

  it('pro-rates maternity leave in 济宁 and refuses a short sick leave', async () => {
    await play([['济宁，今年休产假，在岗6个月，需要完成多少学时', { hours: [15, 30] }]]);
    await play([['济宁 病假5个月 今年学时能减吗', { has: ['超过6个月'], noHours: false }]]);
  });

  it('takes the single highest item in 安徽 and says why the others do not add up', async () => {
    await play([
      [
        '安徽，今年有一项实用新型专利排第1，还参加了3天单位培训，能认定多少学时',
        { hours: [40], not: [58], has: ['就高'] },
      ],
    ]);
  });

  it('answers title questions and checks years against each year’s minimums', async () => {
    await play([
      ['青海，申报副高级职称要几年的继续教育学时', { has: [/近4年/] }],
      ['23年公需45专业90，25年公需30专业60', { has: ['2023年', '2025年'] }],
    ]);
  });

  it('gives contacts, deadlines and platforms', async () => {
    await play([['西宁市人社局继续教育咨询电话', { has: ['0971-6163992'] }]]);
    await play([['邹城市人社局继续教育电话', { has: ['0537-5258536'] }]]);
    await play([['青海2025年继续教育培训什么时候结束', { has: ['12月20日'] }]]);
    await play([['安徽公需课学习截止到什么时候', { has: ['2026年5月31日'] }]]);
  });

  it('answers clause questions', async () => {
    await play([['青海，事业单位新进人员岗前培训算继续教育学时吗', { has: [/不纳入|不作学时登记/] }]]);
    await play([['六安县区的专业技术人员申报中级职称，学时由谁验证', { has: ['同级人社部门'] }]]);
  });

  it('greets, helps, hands over to a person, and stays in scope', async () => {
    await play([['你好', { has: ['继续教育'] }]]);
    await play([
      ['我是安徽六安的', {}],
      ['转人工', { has: ['3379851'] }],
    ]);
    await play([['今天天气怎么样', { has: ['继续教育'], noHours: true }]]);
  });

  it('subscribes to deadline reminders', async () => {
    await play([
      ['提醒我截止时间', { asks: 'region' }],
      ['青海', { intent: 'subscribe', has: ['已为您订阅'] }],
      ['取消提醒', { intent: 'unsubscribe' }],
    ]);
  });

  it('follow-ups reuse the last question: another kind, another rank, another region', async () => {
    await play([
      ['青海发明专利排第2能算多少学时', { hours: [60] }],
      ['那实用新型呢？', { hours: [50], not: [60] }],
      ['如果排第五呢', { hours: [40] }],
    ]);
    await play([
      ['北京市继续教育学时要求是多少', { has: ['暂未收录北京'], noHours: true }],
      ['那青海呢', { hours: [90, 30, 60] }],
    ]);
  });

  it('reads a bare follow-up against the last question’s kind', async () => {
    await play([
      ['青海国家标准排第2', { hours: [90] }],
      ['那省级的呢', { hours: [60], not: [90] }],
    ]);
    await play([
      ['安徽 合作出版专著 第一作者', { hours: [50] }],
      ['那要是其他作者呢', { hours: [30] }],
    ]);
  });

  it('takes a short statement of the same kind as a change to the last answer', async () => {
    await play([
      ['青海独著论文能算几个学时', { hours: [10] }],
      ['2篇', { hours: [20] }],
    ]);
  });

  it('after a vague opener and the region, says what can be asked; answers thanks politely', async () => {
    await play([
      ['我想问下继续教育的事', { asks: 'region' }],
      ['青海的', { has: ['请问具体想了解什么'], noHours: true }],
      ['谢谢', { has: ['不客气'] }],
      ['好的', { has: ['好的'], lacks: ['超出'] }],
    ]);
  });

  it('keeps an uncovered region in mind instead of asking again', async () => {
    await play([
      ['我是北京的', { has: ['暂未收录北京'], noHours: true }],
      ['发明专利能算多少学时', { has: ['暂未收录北京'], noHours: true }],
    ]);
  });

  it('offers both subjects for a choice, and applies the one the user picks', async () => {
    await play([
      ['济宁，参加市级技能竞赛能抵扣多少学时', { hours: [3, 10], has: ['二选一'] }],
      ['抵专业科目', { hours: [10], not: [3] }],
    ]);
  });

  it('asks the title level in words, and not at all when every level has the same rule', async () => {
    const r = await play([['青海申报职称要几年的继续教育学时', { asks: 'level' }]]);
    expect(r[0]!.reply).toMatch(/初级|中级|副高级/);
    expect(r[0]!.reply).not.toMatch(/junior|senior/);
    expect(r[0]!.awaiting?.options).toEqual(expect.arrayContaining(['中级']));
    await play([['安徽申报职称继续教育学时有什么要求', { has: ['平均'] }]]);
  });

  it('hands over to a person with every region’s line when the region is unknown', async () => {
    await play([['转人工', { has: ['0971-8258157', '0537-2967959', '3379851'] }]]);
  });

  it('says a clause is not found, with the hotline, rather than guessing', async () => {
    await play([
      ['安徽，学时能结转到下一年吗', { has: ['安徽省收录的通知对此没有明确规定', '3379851'], noHours: true }],
    ]);
  });
});

describe('contacts by name and hours over several messages', () => {
  it('finds an organisation named in the question', async () => {
    await play([['青海干部网络学院咨询电话', { has: ['0971-4396397'] }]]);
    await play([['两弹一星干部学院电话', { has: ['0970-7689003'] }]]);
  });

  it('adds up hours told in separate messages', async () => {
    await play([
      ['青海，今年公需完成了15学时', { hours: [15] }],
      ['专业完成了30学时，还差多少', { hours: [15, 30] }],
    ]);
  });
});

describe('items added to the last question', () => {
  it('adds an item told with 另外 … 总共 to the same year, and applies the highest-one rule', async () => {
    await play([
      ['安徽，我今年有一项实用新型专利排第2', { hours: [37] }],
      ['另外还参加了4天单位培训，总共能认定多少学时', { hours: [37], has: ['就高'] }],
    ]);
    await play([
      ['青海 发明专利排第1', { hours: [60] }],
      ['还有一篇独著论文 一共多少', { hours: [70] }],
    ]);
  });

  it('keeps the kind asked about while asking for the region', async () => {
    await play([
      ['学术论文可以折算学时吗', { asks: 'region' }],
      ['青海，独著2篇', { hours: [20] }],
    ]);
  });
});

describe('questions set aside and picked up again', () => {
  it('answers another question in between, then takes the answer to the first', async () => {
    await play([
      ['安徽 课题研究 主持人 结项了', { asks: 'level' }],
      ['公需课在哪学', { has: ['hrss.ah.gov.cn'] }],
      ['课题是市级的', { hours: [30] }],
    ]);
  });

  it('follows up on a year that is not recorded', async () => {
    await play([
      ['青海 2021年要求多少学时', { has: ['暂未收录'], noHours: true }],
      ['那今年呢', { hours: [90] }],
    ]);
  });

  it('keeps the hours per day when only the days change', async () => {
    await play([
      ['济宁 受邀参加职称评审 工作了2天 每天8小时', { hours: [16] }],
      ['那3天呢', { hours: [24] }],
    ]);
  });

  it('answers 还差多少 after a title question as progress', async () => {
    await play([
      ['青海 评初级职称要哪一年的学时', {}],
      ['2025年公需学了20 专业学了60 还差多少', { hours: [10] }],
    ]);
  });
});

describe('short follow-ups after an answer', () => {
  it('takes a bare place or year as the same question for it', async () => {
    await play([
      ['济宁 任城区人社局电话', { has: ['0537-6588233'] }],
      ['汶上县', { has: ['0537-7211106'] }],
    ]);
    await play([
      ['青海2025年要多少学时', { hours: [90] }],
      ['2023', { hours: [135] }],
    ]);
  });

  it('answers 能算多少 with nothing new by repeating the last answer', async () => {
    await play([
      ['安徽 单位批准我去外面讲课', { hours: [5] }],
      ['能算多少', { hours: [5] }],
    ]);
  });

  it('prefers the place told over a name only partly written', async () => {
    await play([['济宁经开区人力资源部电话是多少', { has: ['0537-6990743'] }]]);
  });
});

describe('pro-rating and items told over several turns', () => {
  it('reads months of leave as leave, and a bare month count as the same kind of months', async () => {
    await play([
      ['济宁 我请了病假 学时能减少吗', { asks: 'monthsOnDuty' }],
      ['病假请了9个月', { hours: [7.5, 15] }],
    ]);
    await play([
      ['济宁 病假整6个月 学时要求变吗', { has: ['未超过6个月'] }],
      ['如果是7个月呢', { hours: [12.5, 25] }],
    ]);
    await play([
      ['济宁 产假 在岗1个月 公需要学多少', { hours: [2.5, 5] }],
      ['如果在岗11个月', { hours: [27.5, 55] }],
    ]);
  });

  it('adds items told with 我还有 / 还有 … 一共, and reads hours per day over the days told', async () => {
    await play([
      ['安徽 论文独立发表一篇 普通期刊 多少学时', { hours: [30] }],
      ['我还有一个实用新型专利 排第一', { hours: [40], has: ['就高'] }],
    ]);
    await play([
      ['青海 合著一部著作第一作者 学时多少', { hours: [20] }],
      ['还有两部是其他作者 一共多少', { hours: [40] }],
    ]);
    await play([
      ['济宁 参加单位组织的培训2天 每天10小时 能登记多少', { hours: [16], not: [20] }],
      ['要是每天6小时呢', { hours: [12] }],
    ]);
  });
});

describe('a title level told after a rule answer', () => {
  it('answers the same question for that level', async () => {
    await play([
      ['学时由谁验证', { asks: 'region' }],
      ['六安县区的', { has: ['同级人社部门'] }],
      ['申报中级职称', { has: ['同级人社部门'], lacks: ['已记住'] }],
    ]);
  });
});

describe('several people, parts of 公需 and topics asked together', () => {
  it('answers two named colleagues apart, each with their own item', async () => {
    await play([
      ['青海 张三发明专利排第2 李四实用新型排第5 各能算多少', { hours: [60, 40], not: [100], has: ['张三', '李四'] }],
    ]);
  });

  it('adds the parts of 公需 told over turns', async () => {
    await play([
      ['济宁 公需必选课学了10学时', { has: ['公需还差20学时'] }],
      ['自选学了15学时', { has: ['公需还差5学时'] }],
      ['专业学了40 还差多少', { has: ['公需还差5学时', '专业还差20学时'] }],
    ]);
  });

  it('lists the local line and the platform line when both are asked', async () => {
    await play([['青海海东市人社局电话 平台技术问题打哪个', { has: ['0972-8611871', '技术咨询'] }]]);
  });

  it('says one activity cannot count for both subjects', async () => {
    await play([['济宁 技能竞赛省级一等奖 公需专业两边都能抵吗', { hours: [4, 20], has: ['二选一'] }]]);
  });
});

describe('what only one region or one subject has', () => {
  it('a lecture at a class the rule does not name is not converted as training', async () => {
    await play([
      [
        '青海，在市里举办的培训班上讲了3小时课，能按6倍折学时吗',
        { has: ['不能折算', '省级及以上'], not: [3], lacks: ['training', '培训进修'] },
      ],
    ]);
  });

  it('answers a special case or a clause only one region has by that region, and says so', async () => {
    await play([
      [
        '我从乡政府公务员转任到卫生院搞技术了 今年就报职称 还要继续教育学时吗',
        { has: ['不要求继续教育学时', '只有青海省有此项'] },
      ],
    ]);
    await play([
      ['国培计划去年十一月开班 今年四月结业 证书今年发的 学时算哪一年', { has: ['取得培训证书当年', '青海省'] }],
    ]);
    // a clause every region has still needs the region
    await play([['培训学时怎么算', { asks: 'region' }]]);
  });

  it('the line of the organisation named by its longest name, not any line with a common word', async () => {
    await play([['干部网络学院登不上去 打哪个电话问', { has: ['0971-4396397'] }]]);
    await play([['平台登不上去 打哪个电话', { asks: 'region' }]]);
  });

  it('says an item counts for the other subject only, with the figure still due', async () => {
    await play([
      ['青海的 今年一级建造师考过了 专业课是不是就不用学了', { hours: [60] }],
      ['那公需呢', { has: [/^.*只计入专业科目，不计入公需科目，公需科目仍须完成30学时/] }],
    ]);
  });
});

describe('facts told piecemeal and yes/no verdicts', () => {
  it('another training told as a statement is another item, counted beside the first', async () => {
    await play([
      ['我是大通县村小的老师，问个继续教育的事'],
      ['今年在青海干部网络学院学了公需20学时'],
      ['去年开始的国培计划今年才发证书，证书上是40学时', { hours: [40] }],
      ['暑假县教育局组织的业务培训去了两天，通知上没写学时', { hours: [14, 54] }],
      ['那我今年还差多少学时啊', { has: ['公需还差10学时', '专业还差6学时'] }],
    ]);
    // a quantity told alone still changes the item
    await play([
      ['青海独著论文能算几个学时', { hours: [10] }],
      ['2篇', { hours: [20] }],
    ]);
  });

  it('a bare figure after 登记了 is hours: of the subject, or of the item named', async () => {
    await play([
      ['济宁的 公需必修10学时学完了 自选学了12', { has: ['公需还差8学时'] }],
      ['专业课单位培训登记了30 自考过了1门', { hours: [40] }],
      ['还差多少', { has: ['公需还差8学时', '专业还差20学时'] }],
    ]);
  });

  it('answers a yes/no about a year’s hours with the verdict first', async () => {
    const [r] = await play([['青海，我2023年公需学了45学时、专业学了60学时，这一年能拿来报职称吗', { hours: [90] }]]);
    expect(r!.reply.startsWith('不够')).toBe(true);
  });

  it('says where one item a year is credited before asking the details', async () => {
    await play([['安徽，今年专利和论文两项能不能都认定', { has: ['不能都认定', '每个年度认定仅能选择一项'] }]]);
  });

  it('a capped rule asked per day says its cap; a whole year on duty is the whole requirement', async () => {
    await play([
      ['青海，我是高技能人才，当了省级职业技能大赛的裁判，能算多少学时', { has: ['每年最多折算30学时'] }],
      ['执裁了5天', { hours: [30], not: [35] }],
    ]);
    await play([['济宁 小吴在岗12个月 要完成多少学时', { hours: [30, 60], lacks: ['按情况不同'] }]]);
  });

  it('no pro-rating in the notices: the line of the user’s own field is given', async () => {
    await play([
      [
        '西宁市医院护士，刚休完半年产假回来上班，今年继续教育学时能按比例减吗',
        { has: ['没有规定可按在岗时间折算', '0971-8244594'], not: [15] },
      ],
    ]);
  });
});

describe('a whole year done', () => {
  it('支教 for a year answers the year as done, its 专业 part included', async () => {
    await play([
      ['我是金寨县的老师'],
      ['今年从县城学校被派到村小支教了整整一年', { has: ['视同完成2025年全部学时'] }],
      ['那我今年还需要再学继续教育吗', { has: ['已完成当年要求'], lacks: ['还没告诉我专业'] }],
    ]);
  });
});

describe('short follow-ups, several lines, days on the road', () => {
  it('a short question about the last answer is answered from it, not refused', async () => {
    await play([['青海 我打算报副高'], ['从哪年开始算', { has: ['自2020年以来'] }]]);
    await play([
      ['济宁任城 休产假 今年在岗6个月', { hours: [15, 30] }],
      ['要谁批', { has: ['单位批准'] }],
    ]);
  });

  it('gives the lines of every place or office named together, not of a place corrected', async () => {
    await play([['梁山县和嘉祥县人社局电话各是多少', { has: ['0537-7360950', '0537-6987017'] }]]);
    await play([['青海卫生系统和会计的继续教育分别找谁 电话', { has: ['0971-8244594', '0971-6142135'] }]]);
    await play([['海东的继续教育电话多少 哦不 我其实在海西', { has: ['0977-8222882'], lacks: ['0972-8611871'] }]]);
    await play([
      ['六安人社局专技科电话多少', { has: ['3379851'] }],
      ['政务中心人社窗口', { has: ['3378133'] }],
    ]);
  });

  it('days on the road told as part of the days come off', async () => {
    await play([['安徽 出国参加学术活动能算多少学时'], ['待了５天 其中２天在路上', { hours: [18], not: [30] }]]);
  });

  it('a figure pointed at with 那 in a question is no hours told; 申报 beside training is no title', async () => {
    await play([['济宁公需那30学时必修选修咋分的', { has: ['10学时的必选课'], lacks: ['已达到'] }]]);
    await play([['济宁 单位派我脱产培训３天 学时要我自己申报吗', { has: ['个人无需操作'], lacks: ['申报职称'] }]]);
    await play([['青海今年授权了俩专利 发明排2 实用新型排8 分别算多少', { hours: [60, 30] }]]);
    await play([['青海 州里组织的讲座我讲了2个钟头 能按6倍算学时吗', { has: ['省级及以上', '不能折算'] }]]);
  });
});

describe('facts kept across turns for the same person', () => {
  it('a doctorate told before opens the doctor route to 正高; a colleague who is not one does not', async () => {
    await play([
      ['我博士毕业 在青海大学工作'],
      ['现在是副高 想报正高 学时要几年的', { has: ['近2年'] }],
      ['那我同事不是博士 也报正高呢', { has: ['近4年'] }],
    ]);
  });

  it('a what-if of months of leave while a condition is asked answers the what-if', async () => {
    await play([
      ['济宁的 护士 今年住院加休养请了８个月病假', { asks: 'serious' }],
      ['那要是只请了5个月呢', { has: ['未超过6个月', '公需30学时'] }],
    ]);
  });

  it('asks about pro-rating by words of its own; the year’s figures are given when asked', async () => {
    await play([
      ['我是护士 今年休了产假'],
      ['在六安'],
      ['学时能按在岗月份折算吗', { has: ['没有规定可按在岗时间折算'] }],
      ['那今年一共要多少', { hours: [90, 60] }],
    ]);
  });

  it('the activity counted, named again by its subject, is not asked about again', async () => {
    await play([
      ['青海 党校脱产培训了6天', { hours: [42] }],
      ['那专业课还要学多少', { hours: [60], lacks: ['共几天'] }],
    ]);
  });

  it('a cap asked after a clause answer gives the ceiling', async () => {
    await play([
      ['济宁 单位派我脱产培训３天 学时要我自己申报吗'],
      ['最多能登记多少学时', { hours: [24], has: ['每天不超过8学时'] }],
    ]);
  });
});

describe('the first colleague, back again', () => {
  it('第一个人 goes back to the first one talked about; the one-item rule stays within that person', async () => {
    await play([
      ['安徽 单位两个人的情况问下'],
      ['一个是省科技进步奖二等奖 排第三', { hours: [34] }],
      ['另一个主持了市级课题 结项了', { hours: [30] }],
      ['第一个人要是还有篇合作论文是第一作者呢', { has: ['当年认定34学时'], lacks: ['当年认定30学时'] }],
    ]);
  });
});

describe('hotline follow-ups and lists told apart', () => {
  it('the source of the last answer is asked: the answer again with its 依据', async () => {
    await play([
      ['你好我是热线的 有个来电说海东市人社局继续教育电话是0972-8611817 帮我核下', { has: ['0972-8611871'] }],
      ['这个是哪个文件哪个附件里的 我要回复来电人', { has: ['153号', '附件1'] }],
    ]);
  });

  it('places named apart in one message each get their line', async () => {
    await play([['梁山县人社局电话多少 还有鱼台的', { has: ['0537-7360950', '0537-6211905'] }]]);
  });

  it('那总共是多少 after each figure apart gives the sum', async () => {
    await play([
      ['济宁 一建考过了 还发了篇论文 自考过了一门 分别算多少', { hours: [16, 10] }],
      ['那总共是多少', { hours: [36] }],
    ]);
  });

  it('another report counted in 篇 stays a report; a typo of 专业 after 还是 is the subject', async () => {
    await play([
      ['青海 我主持的调研报告 省政府领导批示肯定了 算多少学时', { hours: [60] }],
      ['那另一篇是海北州委书记批的呢', { hours: [30] }],
    ]);
    await play([
      ['西宁 区委党校脱产学习了５天 算公需还是专力 多少学时', { hours: [35], has: ['公需'], lacks: ['专利'] }],
    ]);
  });

  it('an activity with its figures after a clause answer is converted; a clause about repeats is still a clause', async () => {
    await play([
      ['玉树 州里组织的业务培训 文件没写学时 去了3天', { hours: [21] }],
      ['那单位派去国外培训４天呢 路上的不算', { hours: [28] }],
    ]);
    await play([['安徽 同一篇论文在两个期刊都发了 能算两次吗', { has: ['只得折算一次'] }]]);
  });
});

describe('what-ifs and sums asked of what was told', () => {
  it('a what-if for a colleague named again is about that colleague; an unread what-if restates nothing', async () => {
    await play([
      ['我是人事 济宁的 帮几个同事问问'],
      ['小王拿了技师证', { hours: [15] }],
      ['小李职称外语B级过了', { hours: [20] }],
      ['小王要是高级技师呢', { hours: [20], not: [15] }],
    ]);
    await play([
      ['青海 发明专利第2', { hours: [60] }],
      ['要是那样呢', { not: [60] }],
    ]);
  });

  it('两个能加一起吗 answers with both items under the one-item rule', async () => {
    await play([
      ['安徽的 EI 通讯', { hours: [40] }],
      ['还有个发明专利排2', { hours: [47] }],
      ['两个能加一起吗', { hours: [47], not: [87] }],
    ]);
  });

  it('是不是就够了 asks what is left with what was counted', async () => {
    await play([
      ['青海 党校脱产学了５天 算多少 算公需还是专业', { hours: [35] }],
      ['那今年公需是不是就够了', { has: ['公需已达到'] }],
    ]);
  });

  it('a doctorate denied in a what-if is the ordinary route', async () => {
    await play([
      ['青海 我有博士学位和副高 想报正高 学时要求', { has: ['近2年'] }],
      ['如果没有博士学位呢', { has: ['近4年'] }],
    ]);
  });
});

describe('a field’s own route, and a question about the conditions of the last answer', () => {
  it('a hospital worker asking where to study 专业课 gets the industry route', async () => {
    await play([['济宁 我在医院上班 专业课随便找个平台学行不', { has: ['行业主管部门'] }]]);
    await play([['济宁 公需在哪学 手机上能学不'], ['我是医生 专业课也在这上面学吗', { has: ['行业主管部门'] }]]);
  });

  it('要单位批吗 after a pro-rated requirement: the answer with its conditions, not another clause', async () => {
    await play([
      ['我是护士 刚休完产假回来上班'],
      ['济宁的'],
      ['今年在岗７个月 要学多少', { hours: [17.5, 35] }],
      ['要单位批吗', { has: ['所在单位批准'], lacks: ['行业主管部门'] }],
    ]);
  });
});
