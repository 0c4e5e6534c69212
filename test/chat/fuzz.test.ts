// 10,000 generated messages through the whole pipeline (parse → dialog → policy → render, sessions kept per user):
// nothing throws, every reply is short enough for a phone and free of Markdown tables, and an hour figure the user
// did not say comes with its citation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createChatService } from '../../src/chat/service';
import { fixedClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { createReader } from '../../src/intents';
import { createPolicy } from '../../src/policy';
import { loadKnowledge } from '../../src/policy/knowledge';
import { MemoryStore } from '../../src/sessions';
import { TODAY } from '../helpers/app';

const RUNS = 10_000;
/** longest reply accepted: a few short paragraphs on a phone */
const MAX_REPLY = 2_000;

const WORDS = [
  '青海',
  '西宁',
  '海西州',
  '济宁',
  '山东',
  '安徽',
  '六安',
  '江苏',
  '北京',
  '2019年',
  '2023年',
  '2025年',
  '今年',
  '去年',
  '明年',
  '发明专利',
  '实用新型',
  '外观设计',
  '专利',
  '论文',
  '核心期刊',
  '第一作者',
  '独著',
  '排第',
  '第',
  '名',
  '主持人',
  '标准',
  '国家标准',
  '行业标准',
  '学时',
  '公需',
  '专业',
  '公需科目',
  '专业科目',
  '完成了',
  '还差多少',
  '能算多少',
  '能折算多少学时',
  '多少学时',
  '每年要多少',
  '产假',
  '病假',
  '在岗',
  '个月',
  '天',
  '培训',
  '参加了',
  '援疆',
  '支教',
  '职称',
  '中级',
  '高级',
  '副高',
  '正高',
  '申报',
  '够不够',
  '截止',
  '什么时候',
  '在哪学',
  '电话',
  '咨询电话',
  '人社局',
  '订阅提醒',
  '取消提醒',
  '不对',
  '是',
  '不是',
  '吗',
  '呢',
  '？',
  '?',
  '，',
  '。',
  '、',
  '；',
  ' ',
  '　',
  '\n',
  '😂',
  '👍',
  '【',
  '】',
  '（',
  '）',
  '另外',
  '顺便问一下',
  '还有个问题',
  '-',
  '+',
  '%',
  '|',
  '---',
  '<script>',
  '{"a":1}',
  '\u200b',
  '\u0000',
  '\u0007',
];

const number = fc.oneof(
  fc.integer({ min: -1_000, max: 1_000 }).map(String),
  fc.integer({ min: 0, max: 10_000_000 }).map(String),
  fc.double({ min: 0, max: 1e4, noNaN: true }).map((x) => x.toFixed(1)),
  fc.constantFrom('1e309', '0.5', '00', '１２', '二十', '一百', '三', '十万', '-5'),
);

const fragment = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 3, arbitrary: number },
  { weight: 1, arbitrary: fc.string({ maxLength: 6, unit: 'grapheme' }) },
);

const message = fc.array(fragment, { minLength: 0, maxLength: 14 }).map((parts) => parts.join('').slice(0, 200));

const HOURS = /(\d+(?:\.\d+)?)\s*个?学时/g;

describe('the whole pipeline on generated messages', () => {
  it(`answers ${RUNS.toLocaleString('en')} messages without throwing, bounded and cited`, async () => {
    const kb = loadKnowledge();
    const chat = createChatService({
      policy: createPolicy(kb),
      reader: createReader({ config: loadConfig({}), gazetteer: kb.gazetteer, llm: null }),
      store: new MemoryStore(),
      clock: fixedClock(TODAY),
      maxTextLength: 500,
    });
    let longest = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 40 }), message, async (u, text) => {
        const r = await chat.handle(`fuzz-${u}`, text);
        expect(typeof r.reply).toBe('string');
        expect(r.reply.length).toBeGreaterThan(0);
        expect(r.reply.length).toBeLessThanOrEqual(MAX_REPLY);
        expect(r.reply).not.toMatch(/^\s*\|.*\|\s*$/m);
        longest = Math.max(longest, r.reply.length);
        const said = new Set(text.match(/\d+(?:\.\d+)?/g) ?? []);
        const figures = [...r.reply.matchAll(HOURS)].map((m) => m[1]!).filter((n) => !said.has(n));
        if (figures.length > 0) {
          expect(r.citations.length, `${text} → ${r.reply}`).toBeGreaterThan(0);
          expect(r.reply).toMatch(/依据/);
        }
      }),
      { numRuns: RUNS, seed: 20251015 },
    );
    expect(longest).toBeGreaterThan(50);
  }, 300_000);
});
