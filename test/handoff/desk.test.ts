// The hand-over desk on its own: service codes valid a day, the turn log bounded, the unanswered list grouped.
import { beforeEach, describe, expect, it } from 'vitest';
import type { ChatReply } from '../../src/chat/types';
import { fixedClock } from '../../src/clock';
import { emptySession, type Frame, type Session } from '../../src/dialog/state';
import { createHandoffDesk, HANDOFF_TTL_SECONDS } from '../../src/handoff';
import { describeFacts, describeItem } from '../../src/handoff/facts';
import { MAX_TURNS } from '../../src/handoff/turns';
import { groupUnanswered, meaningWords, type Unanswered } from '../../src/handoff/unanswered';
import { createPolicy } from '../../src/policy';
import { MemoryStore } from '../../src/sessions';
import { StoreUnavailableError } from '../../src/sessions/store';

const policy = createPolicy();
const answer = (text: string, extra: Partial<ChatReply> = {}): ChatReply => ({
  reply: text,
  intent: 'convert',
  citations: [],
  ...extra,
});
const human = { intent: 'human' };

let clock = Date.parse('2025-10-15T02:00:00Z');
let store: MemoryStore;
let desk: ReturnType<typeof createHandoffDesk>;
beforeEach(() => {
  clock = Date.parse('2025-10-15T02:00:00Z');
  store = new MemoryStore();
  desk = createHandoffDesk({ store, policy, clock: fixedClock('2025-10-15'), now: () => new Date(clock) });
});

function session(profile: Partial<Session['profile']> = {}, last?: Session['last']['self']): Session {
  const s = emptySession();
  Object.assign(s.profile, profile);
  if (last) s.last = { self: last };
  return s;
}

/** A question of the user's, as the dialog keeps it. */
function frame(topic: Frame['topic'], facts: Partial<Frame['facts']>): Frame {
  return { id: 1, topic, person: 'self', text: '', facts: { items: [], itemWords: [], ...facts } };
}

describe('service codes', () => {
  it('gives six digits, valid a day, the same all day for one user, a new one after', async () => {
    const s = session({ region: 'anhui', place: 'luan' });
    const first = await desk.afterTurn({
      userId: 'u1',
      text: '转人工',
      reply: answer('x', { intent: 'human' }),
      session: s,
      read: human,
      storeUp: true,
    });
    const r1 = first.result as { code: string; expiresAt: string };
    expect(r1.code).toMatch(/^\d{6}$/);
    expect(Date.parse(r1.expiresAt) - clock).toBe(HANDOFF_TTL_SECONDS * 1000);
    expect(first.reply.split('\n')[0]).toBe(`服务码：${r1.code}（24小时内有效）`);
    expect(first.intent).toBe('human');

    clock += 5 * 3600_000;
    const again = await desk.afterTurn({
      userId: 'u1',
      text: '人工',
      reply: answer('x', { intent: 'human' }),
      session: s,
      read: human,
      storeUp: true,
    });
    expect((again.result as { code: string }).code).toBe(r1.code);
    const other = await desk.afterTurn({
      userId: 'u2',
      text: '转人工',
      reply: answer('x', { intent: 'human' }),
      session: s,
      read: human,
      storeUp: true,
    });
    expect((other.result as { code: string }).code).not.toBe(r1.code);

    clock += 20 * 3600_000; // past the day
    const later = await desk.afterTurn({
      userId: 'u1',
      text: '转人工',
      reply: answer('x', { intent: 'human' }),
      session: s,
      read: human,
      storeUp: true,
    });
    expect((later.result as { code: string }).code).not.toBe(r1.code);
  });

  it('names the hotline of the place told with the request, before the profile’s', async () => {
    const told = { intent: 'human', where: { region: 'anhui', place: 'luan' } };
    const r = await desk.afterTurn({
      userId: 'u3',
      text: '我是六安的，转人工',
      reply: answer('x', { intent: 'human' }),
      session: session({ region: 'qinghai' }),
      read: told,
      storeUp: true,
    });
    expect(r.reply).toContain('六安市人力资源和社会保障局');
    expect(r.reply).not.toContain('0971');
    expect(r.citations[0]!.doc).toContain('六人社秘');
    const h = await desk.lookup((r.result as { code: string }).code);
    expect(h?.where).toBe('安徽省 六安市');
    expect(h!.hotlines[0]!.phones.join()).toContain('3379851');
  });

  it('hands over after two misses in a row, not after one', async () => {
    const miss = answer('没看懂', { intent: 'not_understood' });
    const one = await desk.afterTurn({ userId: 'u4', text: 'asdf', reply: miss, storeUp: true });
    expect(one.result).toBeUndefined();
    const two = await desk.afterTurn({ userId: 'u4', text: 'qwer', reply: miss, storeUp: true });
    expect((two.result as { code: string }).code).toMatch(/^\d{6}$/);
    expect(two.reply).toMatch(/^抱歉，这个问题我暂时答不上来，已为您转人工。\n服务码：\d{6}/);
    const h = await desk.lookup((two.result as { code: string }).code);
    expect(h?.reason).toBe('misses');
    expect(h?.transcript.map((t) => t.text)).toEqual(['asdf', 'qwer']);
    // an answer in between resets the count
    await desk.afterTurn({ userId: 'u5', text: 'asdf', reply: miss, storeUp: true });
    await desk.afterTurn({ userId: 'u5', text: '青海每年多少学时', reply: answer('90学时'), storeUp: true });
    const after = await desk.afterTurn({ userId: 'u5', text: 'qwer', reply: miss, storeUp: true });
    expect(after.result).toBeUndefined();
  });

  it('counts the same question asked again (an answer not understood) as a miss', async () => {
    const q = answer('请问您排第几名？', { awaiting: { slot: 'rank', question: '请问您排第几名？' } });
    await desk.afterTurn({ userId: 'u6', text: '发明专利能算多少', reply: q, storeUp: true });
    const r1 = await desk.afterTurn({
      userId: 'u6',
      text: '嗯嗯',
      reply: { ...q, reply: '没太明白您的回答。请问您排第几名？' },
      storeUp: true,
    });
    expect(r1.result).toBeUndefined();
    const r2 = await desk.afterTurn({
      userId: 'u6',
      text: '啊啊',
      reply: answer('抱歉', { intent: 'not_understood' }),
      storeUp: true,
    });
    expect((r2.result as { kind: string }).kind).toBe('handoff');
  });

  it('shows staff the transcript, the facts and the last cited answer; later turns apart', async () => {
    const cite = { doc: '青人社厅函〔2025〕153号', section: '附件4', quote: '1-3名认定为60学时' };
    const s = session(
      { region: 'qinghai' },
      frame('convert', { items: [{ kind: 'patent', patentType: 'invention', rank: 2 }], year: 2025 }),
    );
    await desk.afterTurn({
      userId: 'u7',
      text: '发明专利排第2',
      reply: answer('可认定60学时', { citations: [cite] }),
      session: s,
      storeUp: true,
    });
    const r = await desk.afterTurn({
      userId: 'u7',
      text: '转人工',
      reply: answer('x', { intent: 'human' }),
      session: s,
      read: human,
      storeUp: true,
    });
    const code = (r.result as { code: string }).code;
    clock += 60_000;
    await desk.afterTurn({ userId: 'u7', text: '还在吗', reply: answer('在'), session: s, storeUp: true });
    const h = (await desk.lookup(code))!;
    expect(h.transcript.map((t) => t.text)).toEqual(['发明专利排第2', '转人工']);
    expect(h.since.map((t) => t.text)).toEqual(['还在吗']);
    expect(h.last?.reply).toBe('可认定60学时');
    expect(h.last?.citations).toEqual([cite]);
    expect(h.facts).toEqual([
      { label: '地区', value: '青海省' },
      { label: '年度', value: '2025年' },
      { label: '成果', value: '发明专利（排第2）' },
    ]);
    expect('userId' in h).toBe(false);
    expect((await desk.list()).map((x) => x.code)).toContain(code);
  });

  it('answers without a code, and loses nothing else, when the store is gone', async () => {
    const broken = new MemoryStore();
    broken.get = async () => {
      throw new StoreUnavailableError('down');
    };
    const d = createHandoffDesk({ store: broken, policy, clock: fixedClock('2025-10-15') });
    const r = await d.afterTurn({
      userId: 'u8',
      text: '转人工',
      reply: answer('x', { intent: 'human' }),
      read: human,
      storeUp: true,
    });
    expect(r.reply).toContain('服务码暂时无法生成');
    expect(r.reply).toContain('0971-8258157');
    expect((r.result as { status: string }).status).toBe('unavailable');
  });

  it('keeps only the last turns of a user', async () => {
    for (let i = 0; i < MAX_TURNS + 5; i++) {
      await desk.afterTurn({ userId: 'u9', text: `第${i}条`, reply: answer('好'), storeUp: true });
    }
    const r = await desk.afterTurn({
      userId: 'u9',
      text: '转人工',
      reply: answer('x', { intent: 'human' }),
      read: human,
      storeUp: true,
    });
    const h = (await desk.lookup((r.result as { code: string }).code))!;
    expect(h.transcript).toHaveLength(MAX_TURNS);
    expect(h.transcript[MAX_TURNS - 1]!.text).toBe('转人工');
  });

  it('refuses codes that are not six digits', async () => {
    expect(await desk.lookup('12345')).toBeUndefined();
    expect(await desk.lookup('abcdef')).toBeUndefined();
    expect(await desk.lookup('000000')).toBeUndefined();
  });
});

describe('unanswered list', () => {
  it('records no answers, misunderstandings, hand-overs and not-recorded years; not staff trials', async () => {
    await desk.afterTurn({
      userId: 'a',
      text: '学时可以跨年用吗',
      reply: answer('没找到', { intent: 'policy_question', result: { status: 'no_rule' } }),
      storeUp: true,
    });
    await desk.afterTurn({
      userId: 'b',
      text: '青海2024年要多少学时',
      reply: answer('暂未收录', { intent: 'requirement', result: { status: 'not_recorded' } }),
      storeUp: true,
    });
    await desk.afterTurn({ userId: 'c', text: '我的专利能算吗', reply: answer('60学时'), storeUp: true });
    await desk.afterTurn({
      userId: 'c',
      text: '不对',
      reply: answer('40学时'),
      read: { intent: 'correction' },
      storeUp: true,
    });
    await desk.afterTurn({
      userId: 'd',
      text: '学时能结转到明年吗',
      reply: answer('没找到', { intent: 'policy_question', result: [{ status: 'ok' }, { status: 'no_rule' }] }),
      storeUp: true,
    });
    await desk.afterTurn({ userId: 'e', text: '怎么报销', reply: answer('x'), storeUp: true });
    await desk.afterTurn({
      userId: 'e',
      text: '转人工',
      reply: answer('x', { intent: 'human' }),
      read: human,
      storeUp: true,
    });
    await desk.afterTurn({
      userId: 'console:alice:1',
      text: '测试没答上',
      reply: answer('x', { intent: 'not_understood' }),
      storeUp: true,
    });
    await desk.afterTurn({
      userId: 'f',
      text: '青海每年多少学时',
      reply: answer('90学时', { result: { status: 'ok' } }),
      storeUp: true,
    });

    const { total, groups } = await desk.unanswered(7);
    expect(total).toBe(5);
    const texts = groups.flatMap((g) => g.examples.map((e) => `${e.kind}:${e.text}`));
    expect(texts).toContain('not_recorded:青海2024年要多少学时');
    expect(texts).toContain('misunderstood:我的专利能算吗');
    expect(texts).toContain('handoff:怎么报销');
    expect(texts.some((t) => t.startsWith('no_answer:学时'))).toBe(true);
    expect(texts.join()).not.toContain('测试没答上');
    // the two ways of asking about carrying hours over are one group
    const carry = groups.find((g) => g.examples.some((e) => e.text === '学时可以跨年用吗'))!;
    expect(carry.count).toBe(2);
    expect(carry.users).toBe(2);
  });

  it('groups similar wording and keeps different questions apart', () => {
    const at = (i: number) => `2025-10-15T0${i}:00:00Z`;
    const items: Unanswered[] = [
      { at: at(1), text: '青海党校培训怎么算学时', kind: 'no_answer', reply: '', user: 'a' },
      { at: at(2), text: '安徽党校培训怎么算学时？', kind: 'no_answer', reply: '', user: 'b' },
      { at: at(3), text: '党校的培训算几个学时', kind: 'no_answer', reply: '', user: 'c' },
      { at: at(4), text: '学时证书在哪里打印', kind: 'no_answer', reply: '', user: 'a' },
      { at: at(5), text: '学时证明去哪打印', kind: 'no_answer', reply: '', user: 'd' },
      { at: at(6), text: '今天天气怎么样', kind: 'out_of_scope', reply: '', user: 'e' },
    ];
    const places = new Set(['青海', '安徽']);
    const groups = groupUnanswered(items, places);
    expect(groups.map((g) => g.count)).toEqual([3, 2, 1]);
    expect(groups[0]!.examples.map((e) => e.text).sort()).toEqual(
      ['青海党校培训怎么算学时', '安徽党校培训怎么算学时？', '党校的培训算几个学时'].sort(),
    );
    expect(groups[1]!.examples.map((e) => e.text).sort()).toEqual(['学时证书在哪里打印', '学时证明去哪打印'].sort());
    expect(groups[2]!.kinds).toEqual({ out_of_scope: 1 });
    expect(meaningWords('青海党校', places).has('青海')).toBe(false);
  });
});

describe('facts', () => {
  it('reads a session as staff would say it', () => {
    expect(describeItem({ kind: 'paper', authorship: 'solo', count: 2 })).toBe('学术论文（独著（独立），2项）');
    const s = session({
      region: 'anhui',
      place: 'luan',
      hours: [{ year: 2025, public: 20, professional: 45 }],
      level: 'intermediate',
    });
    s.pending = {
      frame: frame('convert', { items: [{ kind: 'patent', patentType: 'utility' }] }),
      awaiting: { slot: 'rank' },
      question: '请问您排第几名？',
      askedAt: 0,
      tries: 0,
    };
    expect(describeFacts(s, policy.index)).toEqual([
      { label: '地区', value: '安徽省 六安市' },
      { label: '成果', value: '实用新型专利' },
      { label: '已学学时', value: '2025年：公需20、专业45学时' },
      { label: '职称', value: '中级' },
      { label: '正在追问', value: '请问您排第几名？' },
    ]);
    expect(describeFacts(undefined, policy.index)).toEqual([]);
  });
});
