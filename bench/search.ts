// `npm run bench:search`: the console search (MiniSearch over every entry, Chinese words and synonyms) beside the
// baseline it replaces in the console (the policy core's keyword match over provisions only), in one run.
import { createPolicy } from '../src/policy';
import { loadKnowledge } from '../src/policy/knowledge';
import { createSearch } from '../src/search';
import { normalizeSynonyms, segment } from '../src/text/segment';

const kb = loadKnowledge();
const policy = createPolicy(kb);
const queries = [
  '不计入',
  '党校',
  '海东 电话',
  '岗前培训',
  '发明专利排第2',
  '产假按月折算',
  '截止时间',
  '论文独著',
  '学时能结转吗',
  '干部网络学院',
];

segment('预热');
let t = performance.now();
const search = createSearch(kb);
console.log(`index: ${search.size} entries built in ${(performance.now() - t).toFixed(1)} ms`);

const n = 20_000;
t = performance.now();
let found = 0;
for (let i = 0; i < n; i++)
  found += search.search({ text: queries[i % queries.length]!, year: 2025 }).hits.length > 0 ? 1 : 0;
const ms = performance.now() - t;
console.log(`search: ${((ms / n) * 1000).toFixed(0)} µs/query, ${found}/${n} queries with hits`);

t = performance.now();
let baseFound = 0;
for (let i = 0; i < n; i++) {
  baseFound +=
    policy.searchProvisions({ text: queries[i % queries.length]!, year: 2025, limit: 5 }).hits.length > 0 ? 1 : 0;
}
const baseMs = performance.now() - t;
console.log(
  `baseline (provision keywords): ${((baseMs / n) * 1000).toFixed(0)} µs/query, ${baseFound}/${n} queries with hits`,
);

t = performance.now();
for (let i = 0; i < n; i++) normalizeSynonyms(segment(queries[i % queries.length]!));
console.log(`segment + synonyms: ${(((performance.now() - t) / n) * 1000).toFixed(1)} µs/query`);

// what the hand-over desk adds to every chat turn (turn log read and write; memory store)
const { createHandoffDesk } = await import('../src/handoff');
const { MemoryStore } = await import('../src/sessions');
const { fixedClock } = await import('../src/clock');
const desk = createHandoffDesk({ store: new MemoryStore(), policy, clock: fixedClock('2025-10-15') });
const reply = { reply: '青海省2025年授权发明专利：可认定60学时（专业科目）。', intent: 'convert', citations: [] };
const turns = 20_000;
t = performance.now();
for (let i = 0; i < turns; i++)
  await desk.afterTurn({ userId: `u${i % 200}`, text: '发明专利排第2', reply, storeUp: true });
console.log(
  `hand-over desk: ${(((performance.now() - t) / turns) * 1000).toFixed(0)} µs/turn added to the chat pipeline`,
);
