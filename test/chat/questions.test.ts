// Several questions in one message are answered in turn; one question written with spaces stays one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLexicon } from '../../src/intents';
import { readRules } from '../../src/intents/reader';
import { loadKnowledge } from '../../src/policy/knowledge';
import { hasHours, testApp, user } from '../helpers/app';

const lex = loadLexicon(loadKnowledge().gazetteer);
const topics = (text: string) =>
  readRules(text, { today: '2025-10-15' }, lex)
    .commands.filter((c) => c.type === 'start')
    .map((c) => (c.type === 'start' ? c.topic : ''));

describe('the questions of a message', () => {
  it.each([
    ['青海 发明专利第1名多少学时 另外公需课在哪个网站学', ['convert', 'platform']],
    ['安徽每年要多少学时？截止时间呢？', ['requirement', 'deadline']],
    ['济宁发明专利能算多少 成果类一年最多认多少', ['convert', 'cap']],
    ['青海发明专利排第2能算多少学时', ['convert']],
    ['青海 发明专利 排第二 能算几个学时', ['convert']],
  ])('%s → %j', (text, expected) => {
    expect(topics(text)).toEqual(expected);
  });

  it('reading a long message stays linear: 250 words in well under a second', () => {
    const long = Array.from({ length: 250 }, (_, i) => (i % 2 ? '专利' : '排第二'))
      .join(' ')
      .slice(0, 500);
    const t0 = performance.now();
    readRules(long, { today: '2025-10-15' }, lex);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe('answering several questions', () => {
  let app: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers each question with its own basis, the region carried from the first', async () => {
    const r = await user(app).say('青海 发明专利第1名多少学时 另外公需课在哪个网站学');
    expect(hasHours(r.reply, 60)).toBe(true);
    expect(r.reply).toContain('qhce.gov.cn');
    expect(r.reply.match(/依据：/g)?.length).toBe(2);
  });

  it('answers two questions side by side with no separator word', async () => {
    const r = await user(app).say('济宁 公需课在哪学 截止到啥时候');
    expect(r.reply).toContain('sdjn.yxlearning.com');
    expect(r.reply).toContain('2025年12月31日');
  });

  it('keeps one question written with spaces as one', async () => {
    const r = await user(app).say('青海 发明专利 排第二 能算几个学时');
    expect(r.reply.match(/依据：/g)?.length).toBe(1);
    expect(hasHours(r.reply, 60)).toBe(true);
  });

  it('asks again for every question of the last message when only the year changes', async () => {
    const u = user(app);
    await u.say('青海今年要多少学时 啥时候截止');
    const r = await u.say('那2023年呢');
    expect(hasHours(r.reply, 135)).toBe(true);
    expect(r.reply).toContain('2023年12月');
  });
});
