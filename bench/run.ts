// `npm run bench`: end-to-end throughput of the chat pipeline (parse → dialog → policy → render, memory store)
// and the policy core alone.

import { createChatService } from '../src/chat/service';
import { fixedClock } from '../src/clock';
import { createParser } from '../src/intents';
import { createPolicy } from '../src/policy';
import { loadKnowledge } from '../src/policy/knowledge';
import { createStore } from '../src/sessions';

const kb = loadKnowledge();
const policy = createPolicy(kb);
const parser = createParser({
  config: { OPENAI_MODEL: 'none', LLM_TIMEOUT_MS: 1000 },
  gazetteer: kb.gazetteer,
  llm: null,
});
const store = createStore();
const chat = createChatService({ policy, parser, store, clock: fixedClock('2025-10-15'), maxTextLength: 500 });
const texts = [
  '青海，发明专利我是第1发明人，可以折算多少学时',
  '济宁，今年休产假，在岗6个月，需要完成多少学时',
  '安徽，今年有一项实用新型专利排第1，还参加了3天单位培训，能认定多少学时',
  '青海，2025年公需完成了25学时，专业完成了50学时，还差多少',
  '西宁市人社局继续教育咨询电话',
];

const n = 5000;
const t0 = performance.now();
for (let i = 0; i < n; i++) await chat.handle(`bench-${i % 50}`, texts[i % texts.length]!);
const ms = performance.now() - t0;
console.log(
  `chat: ${Math.round((n / ms) * 1000).toLocaleString('en')} messages/s, ${(ms / n).toFixed(3)} ms/message (memory store)`,
);

const t1 = performance.now();
let parsed = 0;
for (let i = 0; i < 20000; i++) {
  await parser.parse(texts[i % texts.length]!, { today: '2025-10-15' });
  parsed++;
}
console.log(`rule parser: ${((performance.now() - t1) / parsed).toFixed(3)} ms/message`);
await store.close();
await import('./policy');
