// `npm run bench`: one table, and bench/results.json.
//   policy answers/s (one core) · rule reader ms/message (labelled corpus) · in-process turn ms (memory store)
//   HTTP turns/s, p50, p99 at 32 connections: the app (compiled, Redis sessions, rate limits on, default logging)
//   side by side with a bare fastify + ioredis route doing one GET + SET, same run, same private Redis; the ratio
//   the same app with the reader stubbed (what the store and HTTP layers cost)
//   RSS of the server after 100,000 distinct users (Redis sessions, and the bounded memory store; reader stubbed)
//   start-up: spawn to the first 200 from /healthz (compiled server, knowledge snapshot)
// Uses a private redis-server on a free port, never the shared one. BENCH_SECONDS (default 10) per HTTP run.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { build, bundle } from '../scripts/build.mjs';
import { createChatService } from '../src/chat/service';
import { fixedClock } from '../src/clock';
import { createReader } from '../src/intents';
import { createPolicy } from '../src/policy';
import { loadKnowledge } from '../src/policy/knowledge';
import { MemoryStore } from '../src/sessions';
import { PrivateRedis, redisServerAvailable } from '../test/helpers/redis-server';
import { type LoadResult, load, type Server, startServer } from './http';
import { measurePolicy } from './policy';
import { medianStartup } from './startup';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TODAY = '2025-10-15';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 32;
const USERS = 100_000;

/** What users say, in order: each simulated user walks through one of these conversations. */
const CONVERSATIONS = [
  ['青海，发明专利我是第1发明人，可以折算多少学时', '实用新型呢', '还差多少'],
  ['济宁，今年休产假，在岗6个月，需要完成多少学时', '公需课在哪学'],
  ['安徽，今年有一项实用新型专利排第1，还参加了3天单位培训，能认定多少学时', '截止到什么时候'],
  ['青海，2025年公需完成了25学时，专业完成了50学时，还差多少', '我是西宁的'],
  ['西宁市人社局继续教育咨询电话'],
  ['六安 中级职称申报要多少学时'],
];
const MESSAGES = CONVERSATIONS.flat();

function corpusTexts(): string[] {
  const dir = join(ROOT, 'test', 'fixtures');
  return readdirSync(dir)
    .filter((n) => /^utterances.*\.ya?ml$/.test(n))
    .sort()
    .flatMap((n) => (parseYaml(readFileSync(join(dir, n), 'utf8')) as { cases?: { text: string }[] }).cases ?? [])
    .map((c) => c.text);
}

const kb = loadKnowledge();
const policy = createPolicy(kb);
const reader = createReader({
  config: { OPENAI_MODEL: 'none', LLM_TIMEOUT_MS: 1000 },
  gazetteer: kb.gazetteer,
  llm: null,
});

function step(label: string) {
  process.stderr.write(`· ${label}\n`);
}

async function parserMs(texts: string[]): Promise<number> {
  for (const t of texts) await reader.read(t, { today: TODAY }); // warm up
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 2000) {
    for (const t of texts) await reader.read(t, { today: TODAY });
    n += texts.length;
  }
  return (performance.now() - t0) / n;
}

async function turnMs(): Promise<{ mean: number; p99: number }> {
  const store = new MemoryStore();
  const chat = createChatService({ policy, reader, store, clock: fixedClock(TODAY), maxTextLength: 500 });
  const times: number[] = [];
  let u = 0;
  for (let round = 0; round < 300; round++) {
    for (const conv of CONVERSATIONS) {
      const user = `bench-${u++}`;
      for (const text of conv) {
        const t0 = performance.now();
        await chat.handle(user, text);
        times.push(performance.now() - t0);
      }
    }
  }
  await store.close();
  const warm = times.slice(Math.floor(times.length / 5)).sort((a, b) => a - b);
  return {
    mean: warm.reduce((a, b) => a + b, 0) / warm.length,
    p99: warm[Math.floor(warm.length * 0.99)]!,
  };
}

/** i-th request: users take turns so one user's messages arrive about 2 s apart (well under the rate limit). */
/**
 * The simulated users all come from 127.0.0.1: the per-IP limit (meant for one client address) is lifted; the
 * per-user limit stays on, and each user keeps its identity cookie.
 */
const LOOPBACK_USERS = { RATE_LIMIT_IP_MAX: '100000000' };

function conversationTraffic(tag: string, users = 4000) {
  return (i: number) => {
    const u = i % users;
    const conv = CONVERSATIONS[u % CONVERSATIONS.length]!;
    return { userId: `${tag}-${u}`, text: conv[Math.floor(i / users) % conv.length]! };
  };
}

/** i-th request: a user never seen before. */
function distinctUsers(tag: string) {
  return (i: number) => ({ userId: `${tag}-${i}`, text: MESSAGES[i % MESSAGES.length]! });
}

/** A measured run: turns/s and latency from the client, CPU per turn from the server. */
async function measured(server: Server, tag: string): Promise<LoadResult> {
  const cpu0 = server.cpuMs();
  const r = await load(server.url, { connections: CONNECTIONS, seconds: SECONDS, next: conversationTraffic(tag) });
  return { ...r, serverCpuMsPerTurn: Number(((server.cpuMs() - cpu0) / r.requests).toFixed(3)) };
}

async function httpRound(redisUrl: string, round: number) {
  const app = await startServer(['node', join(ROOT, 'dist/server/main.js')], {
    REDIS_URL: redisUrl,
    ASSISTANT_TODAY: TODAY,
    ...LOOPBACK_USERS,
  });
  await load(app.url, { connections: CONNECTIONS, seconds: 2, next: conversationTraffic(`warm-app-${round}`) });
  const appResult = await measured(app, `app-${round}`);
  await app.stop();

  const stub = await startServer(['node', STUB], {
    REDIS_URL: redisUrl,
    ASSISTANT_TODAY: TODAY,
    ...LOOPBACK_USERS,
  });
  await load(stub.url, { connections: CONNECTIONS, seconds: 2, next: conversationTraffic(`warm-stub-${round}`) });
  const stubResult = await measured(stub, `stub-${round}`);
  await stub.stop();

  const base = await startServer(['node', join(ROOT, 'bench/baseline-server.mjs')], { REDIS_URL: redisUrl });
  await load(base.url, { connections: CONNECTIONS, seconds: 2, next: conversationTraffic(`warm-base-${round}`) });
  const baseResult = await measured(base, `base-${round}`);
  await base.stop();
  return { app: appResult, stubReader: stubResult, baseline: baseResult };
}

async function rssAfterUsers(env: Record<string, string>, tag: string) {
  const app = await startServer(['node', STUB], {
    ASSISTANT_TODAY: TODAY,
    ...LOOPBACK_USERS,
    ...env,
  });
  /** V8 heap in use, from the server's own /metrics */
  const heapMb = async () => {
    const text = await (await fetch(`${app.url}/metrics`)).text();
    const m = /^jxjy_nodejs_heap_size_used_bytes (\d+(?:\.\d+)?(?:e\+\d+)?)$/m.exec(text);
    return m ? Number(m[1]) / 2 ** 20 : Number.NaN;
  };
  await load(app.url, { connections: CONNECTIONS, amount: 5_000, next: distinctUsers(`${tag}-warm`) });
  const before = { rss: app.rssMb(), heap: await heapMb() };
  const r = await load(app.url, { connections: CONNECTIONS, amount: USERS, next: distinctUsers(tag) });
  const after = { rss: app.rssMb(), heap: await heapMb() };
  await app.stop();
  return {
    beforeMb: Number(before.rss.toFixed(1)),
    afterMb: Number(after.rss.toFixed(1)),
    heapBeforeMb: Number(before.heap.toFixed(1)),
    heapAfterMb: Number(after.heap.toFixed(1)),
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

const fmt = (n: number, d = 0) => n.toLocaleString('en', { minimumFractionDigits: d, maximumFractionDigits: d });
const best = (rs: LoadResult[]) => rs.reduce((a, b) => (b.turnsPerSecond > a.turnsPerSecond ? b : a));

if (!redisServerAvailable())
  throw new Error('npm run bench needs redis-server on the PATH (apt-get install redis-server)');
step('build');
await build({ ifStale: true });
const STUB = join(ROOT, 'dist/bench/stub-reader-server.js');
await bundle(join(ROOT, 'bench/stub-reader-server.ts'), STUB);
const redis = await PrivateRedis.start();
try {
  step('policy core');
  const policyPerSecond = measurePolicy(2000);
  step('rule reader');
  const texts = corpusTexts();
  const parser = await parserMs(texts);
  step('in-process turns');
  const turn = await turnMs();
  step('start-up');
  const startup = await medianStartup(['node', join(ROOT, 'dist/server/main.js')], 5);
  const npmStart = await medianStartup(['npm', 'start', '--silent'], 3);
  const rounds = [];
  for (let r = 1; r <= 2; r++) {
    step(`HTTP round ${r}: app, then baseline, ${SECONDS} s each`);
    rounds.push(await httpRound(redis.url, r));
  }
  const app = best(rounds.map((r) => r.app));
  const baseline = best(rounds.map((r) => r.baseline));
  const stub = best(rounds.map((r) => r.stubReader));
  step('RSS after 100,000 distinct users (Redis sessions)');
  const rssRedis = await rssAfterUsers({ REDIS_URL: redis.url }, 'rss-redis');
  step('RSS after 100,000 distinct users (memory store)');
  const rssMemory = await rssAfterUsers({}, 'rss-memory');

  const results = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      loadAverage: (await import('node:os')).loadavg().map((x) => Number(x.toFixed(2))),
    },
    policyAnswersPerSecond: policyPerSecond,
    parserMsPerMessage: Number(parser.toFixed(4)),
    parserCorpusMessages: texts.length,
    turnMs: { mean: Number(turn.mean.toFixed(3)), p99: Number(turn.p99.toFixed(3)) },
    http: {
      connections: CONNECTIONS,
      seconds: SECONDS,
      app,
      baseline,
      ratio: Number((app.turnsPerSecond / baseline.turnsPerSecond).toFixed(3)),
      stubReader: stub,
      stubReaderRatio: Number((stub.turnsPerSecond / baseline.turnsPerSecond).toFixed(3)),
      rounds,
    },
    rssAfter100kUsers: { redis: rssRedis, memory: rssMemory },
    startupMs: { wall: Math.round(startup.wallMs), cpu: Math.round(startup.cpuMs) },
    npmStartMs: { wall: Math.round(npmStart.wallMs), cpu: Math.round(npmStart.cpuMs) },
  };
  writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);

  const rows: [string, string, string][] = [
    ['policy answers/s (one core)', fmt(policyPerSecond), '≥ 100,000'],
    [`rule reader ms/message (${texts.length} corpus messages)`, fmt(parser, 3), ''],
    ['in-process turn ms, mean / p99 (memory store)', `${fmt(turn.mean, 3)} / ${fmt(turn.p99, 3)}`, ''],
    [
      `HTTP app turns/s, p50 / p99 ms (${CONNECTIONS} conn., Redis sessions, rate limits)`,
      `${fmt(app.turnsPerSecond)}, ${app.p50Ms} / ${app.p99Ms}`,
      'p99 ≤ 50',
    ],
    [
      'HTTP bare fastify + ioredis GET + SET, p50 / p99 ms',
      `${fmt(baseline.turnsPerSecond)}, ${baseline.p50Ms} / ${baseline.p99Ms}`,
      '',
    ],
    ['ratio app / bare', fmt(results.http.ratio, 2), '≥ 0.6'],
    [
      'HTTP app with the reader stubbed (store, rate limits, dialog, HTTP), p50 / p99 ms; ratio',
      `${fmt(stub.turnsPerSecond)}, ${stub.p50Ms} / ${stub.p99Ms}; ${fmt(results.http.stubReaderRatio, 2)}`,
      '',
    ],
    [
      'RSS (heap used) MB after 100,000 distinct users, Redis (before → after; reader stubbed)',
      `${fmt(rssRedis.beforeMb)} (${fmt(rssRedis.heapBeforeMb)}) → ${fmt(rssRedis.afterMb)} (${fmt(rssRedis.heapAfterMb)})`,
      'flat',
    ],
    [
      'RSS (heap used) MB after 100,000 distinct users, memory store ≤ 50,000 kept (before → after; reader stubbed)',
      `${fmt(rssMemory.beforeMb)} (${fmt(rssMemory.heapBeforeMb)}) → ${fmt(rssMemory.afterMb)} (${fmt(rssMemory.heapAfterMb)})`,
      'bounded',
    ],
    [
      'start-up to /healthz ms, wall (CPU): node dist/server/main.js',
      `${fmt(startup.wallMs)} (${fmt(startup.cpuMs)})`,
      '< 2,000',
    ],
    ['start-up to /healthz ms, wall: npm start (built)', fmt(npmStart.wallMs), ''],
  ];
  const m = results.machine;
  console.log(
    `\n${m.cpus} × ${m.cpu}, ${m.memoryGb} GB, Node ${m.node}, load average ${m.loadAverage.join(' ')}, ${results.date}\n`,
  );
  console.log('| measure | result | goal |\n|---|---|---|');
  for (const [a, b, c] of rows) console.log(`| ${a} | ${b} | ${c} |`);
  const bad = [app, stub, baseline, rssRedis, rssMemory].filter((r) => r.non2xx > 0 || r.errors > 0);
  if (bad.length) console.log(`\nwarning: some requests failed (non-2xx or errors): ${JSON.stringify(bad)}`);
} finally {
  await redis.dispose();
}
