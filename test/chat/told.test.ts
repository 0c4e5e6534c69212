// Facts told beside a question count in its answer: items with hours, leave and its conditions, ceilings, what-ifs.
import { describe, expect, it } from 'vitest';
import { hasHours, sharedApp, user } from '../helpers/app';

describe('facts told with a question', () => {
  const app = sharedApp();

  it('counts an achievement told beside the hours in what is left (济宁 发明专利 10)', async () => {
    const r = await user(app()).say('济宁，我是工程师，今年公需学了25，专业45，另外授权了1个发明专利，还差多少');
    expect(r.reply).toMatch(/公需还差5学时/);
    expect(r.reply).toMatch(/专业还差5学时/);
    expect(hasHours(r.reply, 15)).toBe(false);
  });

  it('counts one achievement once when it is asked about again', async () => {
    const u = user(app());
    await u.say('青海 国培计划 证书上写50学时');
    await u.say('算公需还是专业');
    const r = await u.say('那今年还差多少');
    expect(r.reply).toMatch(/专业还差10学时/);
    expect(r.reply).toMatch(/公需（需30学时）/);
    expect(hasHours(r.reply, 100)).toBe(false);
  });

  it('reads months abroad and asks whether the stay was 因公 before pro-rating', async () => {
    const u = user(app());
    const a = await u.say('济宁，我今年在国外待了8个月，学时要求能少点吗');
    expect(a.reply).toMatch(/因公/);
    expect(a.reply).toMatch(/[？?]/);
    const b = await u.say('是单位公派去国外工作的');
    expect(hasHours(b.reply, 10)).toBe(true);
    expect(hasHours(b.reply, 20)).toBe(true);
  });

  it("a father's 陪产假 is not 女职工产假: the whole year, with its figures", async () => {
    const r = await user(app()).say('济宁的，今年媳妇生娃我休了15天陪产假，学时要求能像产假那样按比例减吗');
    expect(r.reply).toMatch(/陪产假/);
    expect(hasHours(r.reply, 30)).toBe(true);
    expect(hasHours(r.reply, 60)).toBe(true);
  });

  it('gives the ceiling of days told for a "最多" question (每天不超过8学时)', async () => {
    const r = await user(app()).say('济宁，受邀去当职称评审专家，干了两天，最多认定多少学时');
    expect(r.reply).toMatch(/最多16学时/);
  });

  it('answers a carry-over question from its clause, even with hours told', async () => {
    const r = await user(app()).say('青海 去年多学了30学时 能结转到今年用吗');
    expect(r.reply).toMatch(/不结转/);
    expect(r.reply).not.toMatch(/还差/);
  });

  it('comes back to the real facts after a what-if ("那我实际能报多少")', async () => {
    const u = user(app());
    await u.say('安徽，省直厅局立项的课题，我排第二，已经结项，能认多少');
    const hyp = await u.say('假如我是主持人能认多少');
    expect(hasHours(hyp.reply, 40)).toBe(true);
    const real = await u.say('那我实际能报多少学时');
    expect(hasHours(real.reply, 30)).toBe(true);
  });

  it('answers how 济宁 公需 is split beside the yearly figure', async () => {
    const r = await user(app()).say('邹城的，今年公需课要学几个学时，必选自选咋分的');
    expect(hasHours(r.reply, 30)).toBe(true);
    expect(hasHours(r.reply, 10)).toBe(true);
    expect(hasHours(r.reply, 20)).toBe(true);
  });

  it('a break or the way there is no hours of the activity (中午休1小时)', async () => {
    const r = await user(app()).say('济宁，受邀参加人事考试阅卷3天，每天早8点干到晚6点，中午休1小时');
    expect(hasHours(r.reply, 1)).toBe(false);
    expect(r.reply).toMatch(/最多24学时/);
  });

  it('keeps a paper named by its indexing apart from the paper read at a conference (one highest item)', async () => {
    const r = await user(app()).say('安徽，今年EI论文我一作，还去省级学术会议报告了篇3000字的论文，一共能认定多少');
    expect(r.reply).toMatch(/当年认定40学时/);
    expect(hasHours(r.reply, 58)).toBe(false);
  });

  it('pro-rates a what-if leave asked after the yearly figure, then forgets it', async () => {
    const u = user(app());
    await u.say('济宁，今年全年在岗，继续教育要多少学时');
    const hyp = await u.say('要是我休了4个月产假呢');
    expect(hasHours(hyp.reply, 20)).toBe(true);
    expect(hasHours(hyp.reply, 40)).toBe(true);
    const real = await u.say('好，按我实际情况（没休），公需学了18还差多少');
    expect(real.reply).toMatch(/公需还差12学时/);
  });

  it('says a claimed yearly figure is wrong', async () => {
    const r = await user(app()).say('我是热线坐席，来电人说青海2025年继续教育要135学时，对不对');
    expect(r.reply.split('\n')[0]).toMatch(/^不对.*90学时/);
    expect(r.reply).not.toMatch(/咨询电话/);
  });

  it('counts hours of a free subject (安徽 公需或专业自选) towards the yearly total', async () => {
    const r = await user(app()).say('六安，今年实用新型专利排第一，认定完全年还差多少学时');
    expect(hasHours(r.reply, 40)).toBe(true);
    expect(r.reply).toMatch(/合计还差50学时/);
  });

  it('"实际就这个培训" after a what-if is the training told before, counted once', async () => {
    const u = user(app());
    await u.say('安徽，今年就参加了单位组织的培训3天，能认定多少');
    await u.say('要是我还有个发明专利排第1呢');
    const r = await u.say('那只是假设，实际就这个培训，今年还差多少学时');
    expect(r.reply).not.toMatch(/假设情况/);
    expect(r.reply).toMatch(/合计还差72学时/);
  });

  it('shows both sides of the sick-leave threshold when the months are not told', async () => {
    const r = await user(app()).say('济宁护士，今年生病请了长假，学时能少点不');
    expect(r.reply).toMatch(/超过6个月/);
    expect(hasHours(r.reply, 30)).toBe(true);
    expect(r.reply).toMatch(/[？?]/);
  });

  it('reads "2019年的继续教育学时" as the year of the hours, not of the application', async () => {
    const r = await user(app()).say('青海，今年报副高，2019年的继续教育学时还能用吗');
    expect(r.reply).toMatch(/自2020年以来/);
  });

  it('answers each title level named with 各', async () => {
    const r = await user(app()).say('青海今年报职称，初级、中级、副高、正高各要几年的继续教育学时？');
    for (const w of ['初级', '中级', '副高级', '正高级']) expect(r.reply).toContain(`按：${w}职称`);
    expect(r.reply).toMatch(/上一年/);
    expect(r.reply.match(/告诉我各年度/g)?.length).toBe(1);
  });

  it('a second title of the same level needs no hours (同级别 = 双职称)', async () => {
    const r = await user(app()).say('青海，已经是中级工程师了，想结合工作再报个同级别的经济师，要继续教育学时不');
    expect(r.reply).toMatch(/不做继续教育学时要求/);
  });

  it('gives the line of the place told for a policy question (格尔木 → 海西州)', async () => {
    const r = await user(app()).say('格尔木的，继续教育政策咨询打哪个电话');
    expect(r.reply).toContain('0977-8222882');
  });

  it.each([
    ['青海，我今年独著出版了1部学术著作，能折多少学时', '如果是合著，我是第一作者呢', 30],
    ['安徽，和别人合作出了本专业著作，我是第二作者，能认定多少', '要是我独著呢', 30],
  ])('"那我本来的呢" after a what-if answers the real facts again (%s)', async (first, hyp, n) => {
    const u = user(app());
    await u.say(first);
    await u.say(hyp);
    const r = await u.say('那我本来的呢');
    expect(hasHours(r.reply, n)).toBe(true);
    expect(r.reply).not.toMatch(/假设情况/);
  });

  it("a colleague's achievement asked about again is counted once in what he lacks", async () => {
    const u = user(app());
    await u.say('我是西宁一家事业单位的人事专干，帮几个同事问问。老王今年授权了一项发明专利，他排第五');
    await u.say('小李今年跟别人合作发了3篇论文');
    const r = await u.say('老王除了那个专利今年没别的了，他专业课还差多少');
    expect(r.reply).toMatch(/专业还差10学时/);
  });

  it('reads hours per day told with a few words between (每天从早到晚差不多10个小时)', async () => {
    const r = await user(app()).say('济宁，受邀去当职称评审专家，干了2天，每天从早到晚差不多10个小时，能认定多少');
    expect(hasHours(r.reply, 16)).toBe(true);
  });

  it('leave told with "怎么算" asks the year pro-rated, not an achievement', async () => {
    const r = await user(app()).say('济宁，因公派到境外工作了9个月，在岗就3个月，学时怎么算');
    expect(hasHours(r.reply, 7.5)).toBe(true);
    expect(hasHours(r.reply, 15)).toBe(true);
  });

  it('a project not yet finished is said plainly: not yet, after 结题', async () => {
    const r = await user(app()).say('青海，省基金项目我是主持人，还没结题，今年能折算学时吗');
    expect(r.reply).toMatch(/暂不能折算/);
  });

  it("gives no other city's lines to a place the notices do not cover", async () => {
    const r = await user(app()).say('合肥市人社局继续教育咨询电话多少');
    expect(r.reply).toMatch(/暂未收录合肥市/);
    expect(r.reply).not.toMatch(/0564-/);
  });

  it('answers the platform address and its phone asked together', async () => {
    const r = await user(app()).say('青海干部网络学院网址是什么？咨询电话多少？');
    expect(r.reply).toContain('qhce.gov.cn');
    expect(r.reply).toContain('4396397');
  });

  it.each([
    [['青海的，问下发明专利折算', '要是我是第一发明人呢', '实际上我排第5'], 50],
    [['安徽，要是出国培训二十天，能认定多少学时', '实际上只去了两天半'], 15],
    [['济宁的，问一下援派期间的学时', '要是我援派满一年呢，能认定多少', '实际上我是县委组织派出的，只去了8个月'], 20],
  ])('"实际上…" after a what-if asks the same question with the real facts (%j)', async (turns, n) => {
    const u = user(app());
    let r = { reply: '' };
    for (const t of turns) r = await u.say(t);
    expect(hasHours(r.reply, n)).toBe(true);
    expect(r.reply).not.toMatch(/假设情况/);
  });

  it("leave told before pro-rates a later question for the year's figure", async () => {
    const u = user(app());
    await u.say('我是济宁任城区医院的护士');
    await u.say('今年休产假休了四个月，其余时间都在岗');
    const r = await u.say('那我今年继续教育要完成多少学时');
    expect(hasHours(r.reply, 20)).toBe(true);
    expect(hasHours(r.reply, 40)).toBe(true);
  });

  it('hours studied on a platform add to an aid posting told before, the subject staying with the hours', async () => {
    const u = user(app());
    await u.say('我在泗水县教书');
    await u.say('今年被县里派到山区学校支教了4个月');
    const r = await u.say('公需课在平台上另外学了12学时');
    expect(r.reply).toMatch(/公需还差8学时/);
  });

  it('a published paper told beside a conference stays a paper (one highest item)', async () => {
    const r = await user(app()).say(
      '安徽，今年独立发表了一篇专业论文，参加了一次省级学术会议（没报告），还出国培训了3天，一共能认定多少学时',
    );
    expect(r.reply).toMatch(/当年认定30学时/);
  });

  it('a vague opening asks what is wanted instead of saying the notices are silent', async () => {
    const r = await user(app()).say('六安裕安区的，想问几个继续教育的事');
    expect(r.reply).toMatch(/请问具体想了解什么/);
    const q = await user(app()).say('安徽 一个学时算多长时间');
    expect(q.reply).toMatch(/45分钟/);
  });

  it('finds the training base of a field and keeps it for "他们电话多少"', async () => {
    const u = user(app());
    const a = await u.say('海南州乡镇兽医站的，想参加农牧方面的专业课培训，有哪个继续教育基地');
    expect(a.reply).toContain('青海农牧科技职业学院');
    const b = await u.say('他们联系电话多少');
    expect(b.reply).toContain('0971-7664267');
    const all = await user(app()).say('青海有哪些继续教育基地');
    expect(all.reply).toContain('青海建筑职业学院');
    expect(all.reply).not.toContain('8258157');
  });

  it("answers whether one subject's hours count as the other's from its clause", async () => {
    const r = await user(app()).say('安徽，公需课多学了20学时，能不能算到专业课里');
    expect(r.reply).toMatch(/不可认定为专业科目/);
    expect(r.reply).not.toMatch(/还差/);
  });

  it('the host denied leaves the role to the rank told (安徽 市级课题 排第二 → 主要完成人 20)', async () => {
    const u = user(app());
    await u.say('安徽，主持省直厅局课题并结项了，能认定多少学时');
    await u.say('那市级呢');
    const r = await u.say('市级的我要不是主持，排第二呢');
    expect(hasHours(r.reply, 20)).toBe(true);
  });

  it('a region corrected in the same message replaces the one before', async () => {
    const r = await user(app()).say('青海，发明专利第2名…说错了，我是安徽的，能认定多少');
    expect(hasHours(r.reply, 47)).toBe(true);
    expect(hasHours(r.reply, 60)).toBe(false);
  });

  it('reads 青海 counties as their 市州 (共和县 → 海南州)', async () => {
    const r = await user(app()).say('我在共和县 州人社局管继续教育的电话是多少');
    expect(r.reply).toContain('0974-8512774');
  });

  it('asks the same rule question again for a colleague ("那我同事报中级呢")', async () => {
    const u = user(app());
    await u.say('霍邱县医院的，准备报副主任医师，继续教育学时找谁验证');
    const r = await u.say('那我同事报主治医师（中级）呢');
    expect(r.reply).toMatch(/同级人社部门/);
    expect(r.reply).toMatch(/中级职称/);
  });

  it('"这两样加一起" converts every achievement told this year, under the one-item rule', async () => {
    const u = user(app());
    await u.say('我是金寨县山区小学老师');
    await u.say('今年参加了县教育局办的培训班4天');
    await u.say('另外在CN期刊上发了篇合写的论文，我是第一作者');
    const r = await u.say('这两样加一起今年能认多少');
    expect(r.reply).toMatch(/当年认定24学时/);
  });

  it.each([
    [
      ['青海的 今年去党校脱产培训了３天', '还有一项发明专利 我拍第二', '网院上又学了5学时公需 现在今年还差多少'],
      /公需还差4学时/,
    ],
    [
      [
        '青海 单位选派我参加省里组织的国情研修班 文件写的研修５天',
        '专业课在基地学了20学时 还给省两会做了3天少语翻译',
        '那今年公需专业分别还差多少',
      ],
      /专业还差19学时/,
    ],
    [['安徽 今年折算选了一项 发明专利第2名47学时 算专业的 再学满线上公需30 到90还差多少'], /合计还差13学时/],
  ])(
    'hours told with their subject before or after the figure count beside the achievements (%j)',
    async (turns, re) => {
      const u = user(app());
      let r = { reply: '' };
      for (const t of turns) r = await u.say(t);
      expect(r.reply).toMatch(re);
    },
  );

  it('a title held is who one is, not a title question; a desk that checks a claim is not asking for its number', async () => {
    const a = await user(app()).say('我县里搞水利的工程师 青海 今年2025继续教育到底要多少学时 公需专业各多少');
    expect(hasHours(a.reply, 90)).toBe(true);
    const b = await user(app()).say('热线核实一下 有人说青海今年继续教育还是要135学时 对吗');
    expect(b.reply.split('\n')[0]).toMatch(/^不对.*90学时/);
  });

  it('"那通信行业那个基地呢" after a base\'s number gives that base', async () => {
    const u = user(app());
    await u.say('青海建筑职业学院继续教育学院电话');
    const r = await u.say('那通信行业那个基地呢');
    expect(r.reply).toContain('0971-8206731');
  });

  it('参加 a project says nothing of the role: asked, with the figure of each', async () => {
    const r = await user(app()).say('青海，参加的省部级课题结题了，能认定多少学时');
    expect(hasHours(r.reply, 60)).toBe(true);
    expect(hasHours(r.reply, 30)).toBe(true);
    expect(r.reply).toMatch(/主持人还是其他参与人员/);
  });

  it('checks one year told for a title against that year, whatever the level', async () => {
    const r = await user(app()).say('青海，准备申报材料，我2023年那年公需40学时、专业95学时，这一年算达标吗');
    expect(r.reply).toMatch(/公需还差5学时/);
    expect(hasHours(r.reply, 45)).toBe(true);
  });

  it('answers each question of a message: a requirement beside a conversion in another clause', async () => {
    const r = await user(app()).say('青海2025年总共要多少学时？党校脱产培训3天算多少？今年学习什么时候截止？');
    expect(hasHours(r.reply, 90)).toBe(true);
    expect(hasHours(r.reply, 21)).toBe(true);
    expect(r.reply).toMatch(/12月20日/);
  });

  it('"我核实一下" after a claim is a yes / no check', async () => {
    const r = await user(app()).say('来电人坚持说青海今年继续教育还是要135学时，我核实一下');
    expect(r.reply.split('\n')[0]).toMatch(/^不对.*90学时/);
  });

  it('a posting abroad told as 公派去国外工作了十个月 is pro-rated', async () => {
    const r = await user(app()).say('济宁 单位公派去国外工作了十个月 今年学时怎么算');
    expect(hasHours(r.reply, 5)).toBe(true);
    expect(hasHours(r.reply, 10)).toBe(true);
  });

  it('"自选学了12个" is a figure, not the elective part finished', async () => {
    const u = user(app());
    await u.say('梁山的 初中老师 问下学时');
    const r = await u.say('公需必选10个学完了 自选学了12个');
    expect(r.reply).toMatch(/公需还差8学时/);
  });

  it('the leave abroad is no project (国外项目上干了八个月)', async () => {
    const r = await user(app()).say('邹城的 单位公派我去国外项目上干了八个月 今年在岗就四个月 学时要求怎么算');
    expect(hasHours(r.reply, 10)).toBe(true);
    expect(hasHours(r.reply, 20)).toBe(true);
  });

  it('a note of what is left out (路上时间不算) does not replace the question asked', async () => {
    const r = await user(app()).say(
      '我在海东水利局干技术。今年参加了县委党校脱产培训3天，跟同事合写了一篇论文发在有正规刊号的期刊上，还去西宁开了两天本专业的学术会议（路上时间不算），其他就没学啥了。公需和专业各还差多少学时',
    );
    expect(r.reply).toMatch(/公需还差9学时/);
    expect(r.reply).toMatch(/专业还差41学时/);
  });

  it("a past year beside this year's application is the hours' year (报副高能拿19年的凑数吗)", async () => {
    const r = await user(app()).say('青海 我19 20 21 23年学时都有 22年没交 报副高能拿19年的凑数吗');
    expect(r.reply).toMatch(/自2020年以来/);
  });

  it('"从哪进去" lists the platforms with their addresses', async () => {
    const r = await user(app()).say('安徽网上公需课从哪进去');
    expect(r.reply).toContain('hrss.ah.gov.cn');
  });

  it('"能和他的专利加一起吗" with the new activity\'s details gives the figure under the one-item rule', async () => {
    const u = user(app());
    await u.say('我是六安一家单位的人事，帮同事问。老张发明专利排第3，能认多少');
    await u.say('小刘参加了省级学术会议，报告了3000字论文');
    const r = await u.say('老张今年还参加了6天单位培训，能和他的专利加一起吗');
    expect(r.reply).toMatch(/当年认定44学时/);
    expect(hasHours(r.reply, 80)).toBe(false);
  });

  it('"那2019年那会儿报初级要几年" asks the 2019 rule', async () => {
    const u = user(app());
    await u.say('青海现在报初级要哪年的继续教育');
    const r = await u.say('那2019年那会儿报初级要几年');
    expect(r.reply).toMatch(/近2年/);
  });

  it('hours of this year told after a title answer are checked for it', async () => {
    const u = user(app());
    await u.say('我是西宁的中学老师 准备报中级');
    const r = await u.say('今年公需30 专业才50 今年这一年能算上吗');
    expect(r.reply).toMatch(/未达到当年要求/);
  });

  it('"学了40学时 能全算吗" finds the online cap of 30', async () => {
    const r = await user(app()).say('安徽 我在平台上学公需 显示学了40学时 能全算吗');
    expect(hasHours(r.reply, 30)).toBe(true);
  });
});
