// Several people in one conversation, a caller's claim checked, hours told as lists and parts.
import { describe, expect, it } from 'vitest';
import { hasHours, sharedApp, user } from '../helpers/app';

describe('conversations about colleagues and claims', () => {
  const app = sharedApp();

  it('reads 张三 / 李四 as names, keeps each one apart, answers each on its own and comes back to one', async () => {
    const u = user(app());
    const a = await u.say('我是人事 帮同事问 青海 张三发明专利第2名');
    expect(a.reply).not.toMatch(/排名.*还是数量/);
    expect(hasHours(a.reply, 60)).toBe(true);
    expect(a.reply).toContain('张三');
    const b = await u.say('李四呢 实用新型第5名');
    expect(hasHours(b.reply, 40)).toBe(true);
    expect(hasHours(b.reply, 160)).toBe(false);
    const both = await u.say('两个人各多少');
    expect(hasHours(both.reply, 60)).toBe(true);
    expect(hasHours(both.reply, 40)).toBe(true);
    expect(hasHours(both.reply, 100)).toBe(false);
    expect(both.reply.indexOf('张三')).toBeLessThan(both.reply.indexOf('李四'));
    const back = await u.say('张三呢');
    expect(hasHours(back.reply, 60)).toBe(true);
    expect(back.reply).toContain('张三');
  });

  it('says whether a figure a caller was told holds, before the figure', async () => {
    const wrong = await user(app()).say('青海 对方说实用新型排第二能算60学时 对不对');
    expect(wrong.reply.split('\n')[0]).toMatch(/^不对.*50学时/);
    const right = await user(app()).say('济宁 他说计算机3个模块算15学时 对吧');
    expect(right.reply.split('\n')[0]).toMatch(/^对.*15学时/);
  });

  it('adds 必选 and 自选 up to the 公需 hours done', async () => {
    const r = await user(app()).say('济宁 公需必选10自选5专业30 还差多少');
    expect(r.reply).toMatch(/公需还差15学时/);
    expect(r.reply).toMatch(/专业还差30学时/);
  });

  it('reads "21年30 22年60 23年90学时" as three years and checks them year by year', async () => {
    const r = await user(app()).say('安徽 申报中级 21年30 22年60 23年180学时 够吗');
    for (const y of [2021, 2022, 2023]) expect(r.reply).toContain(`${y}年`);
    expect(r.reply).toMatch(/平均/);
  });
});

describe('a list of values asked "各 / 分别"', () => {
  const app = sharedApp();

  it.each([
    ['安徽发明专利排第1、第3、第5名，各认定多少学时', [50, 44, 38]],
    ['安徽课题主持人并结项，国家部委、省直厅局、市级的分别认定多少', [50, 40, 30]],
    ['济宁技能竞赛要是抵专业科目，国家级、省级、市级、县级分别多少', [30, 20, 10, 5]],
    [
      '青海技能大赛：全国单一行业部门办的大赛三等奖、省人社会同行业部门办的大赛优胜奖、市州大赛三等奖，各折多少学时',
      [90, 40, 30],
    ],
  ])('%s → %j, one line each', async (text, figures) => {
    const r = await user(app()).say(text);
    for (const n of figures) expect(hasHours(r.reply, n)).toBe(true);
    expect(r.reply.split('\n').filter((l) => l.startsWith('·')).length).toBe(figures.length);
  });
});
