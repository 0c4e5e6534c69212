// Several questions in one message are answered in turn.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitQuestions } from '../../src/chat/service';
import { hasHours, testApp, user } from '../helpers/app';

describe('splitting a message into questions', () => {
  it.each([
    ['青海 发明专利第1名多少学时 另外公需课在哪个网站学', 2],
    ['安徽每年要多少学时？截止时间呢？', 2],
    ['青海发明专利排第2能算多少学时', 0],
    ['好？', 0],
  ])('%s → %i parts', (text, n) => {
    expect(splitQuestions(text).length).toBe(n);
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

  it('answers a question and its follow-up', async () => {
    const r = await user(app).say('青海发明专利排第2能算多少学时？实用新型呢？');
    expect(hasHours(r.reply, 60)).toBe(true);
    expect(hasHours(r.reply, 50)).toBe(true);
  });
});
