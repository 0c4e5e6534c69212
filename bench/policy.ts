// `npm run bench:policy`: policy answers per second on one core (goal ≥ 100,000), side by side with a fixed reference
// workload run in the same process. After a warm-up, each figure is the best of many short rounds: on a shared machine
// the best round is the one least disturbed by other processes (the ratio to the reference changes little).
import { createPolicy } from '../src/policy';

const policy = createPolicy();

/** The shapes measured since the first version of this bench (kept, so runs compare across versions). */
const classic: Array<() => unknown> = [
  () =>
    policy.convert({
      region: 'qinghai',
      year: 2025,
      achievements: [{ kind: 'patent', patentType: 'invention', rank: 2 }],
    }),
  () =>
    policy.convert({ region: 'qinghai', year: 2025, achievements: [{ kind: 'paper', authorship: 'solo', count: 3 }] }),
  () =>
    policy.convert({
      region: 'anhui',
      year: 2025,
      achievements: [
        { kind: 'patent', patentType: 'utility', rank: 1 },
        { kind: 'training', days: 3 },
      ],
    }),
  () => policy.convert({ region: 'jining', year: 2025, achievements: [{ kind: 'aid', months: 6 }] }),
  () => policy.requirement({ region: 'qinghai', year: 2023 }),
  () =>
    policy.progress({
      region: 'jining',
      year: 2025,
      today: '2025-10-15',
      done: { public: 5, professional: 10 },
      onDuty: { reason: 'maternity', monthsOnDuty: 4 },
    }),
  () =>
    policy.eligibility({
      region: 'qinghai',
      year: 2025,
      level: 'senior',
      hours: [
        { year: 2023, public: 45, professional: 90 },
        { year: 2025, public: 30, professional: 60 },
      ],
    }),
];

/** Answers per case, ceilings, contacts by year and rules in words. */
const cases: Array<() => unknown> = [
  () => policy.convert({ region: 'qinghai', year: 2025, achievements: [{ kind: 'lecture', hours: 3 }] }),
  () => policy.convert({ region: 'anhui', year: 2025, achievements: [{ kind: 'conference' }] }),
  () => policy.convert({ region: 'jining', year: 2025, achievements: [{ kind: 'training', days: 3 }] }),
  () =>
    policy.progress({
      region: 'jining',
      year: 2025,
      today: '2025-10-15',
      done: {},
      onDuty: { reason: 'abroad', monthsAway: 8 },
    }),
  () => policy.contacts({ region: 'anhui', place: 'hefei', year: 2025 }),
  () => policy.describeKind({ region: 'anhui', year: 2025, kind: 'paper' }),
  () => policy.eligibility({ region: 'qinghai', year: 2024, level: 'junior', hours: [{ year: 2023, public: 45 }] }),
];

const reference = () => JSON.parse('{"a":[1,2,3],"b":{"c":"继续教育","d":90}}');

/** Calls per second in the best of `rounds` rounds of `ms` milliseconds each (wall time, one thread). */
function best(fns: Array<() => unknown>, rounds: number, ms: number): number {
  let top = 0;
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const start = performance.now();
    const end = start + ms;
    let now = start;
    while (now < end) {
      for (const f of fns) f();
      n += fns.length;
      now = performance.now();
    }
    top = Math.max(top, (n / (now - start)) * 1000);
  }
  return top;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');
let warmed = false;
/** Warm up by count, not by time: the optimising compiler runs on a background thread, slow on a busy machine. */
function warmUp(): void {
  if (warmed) return;
  const warm = Number(process.env.BENCH_WARM ?? 30_000);
  for (const set of [classic, cases, [reference]]) for (let i = 0; i < warm; i++) for (const f of set) f();
  warmed = true;
}

/** Policy answers per second on one core (the classic shapes), the best of short rounds within about `ms`. */
export function measurePolicy(ms = 2000): number {
  warmUp();
  return Math.round(best(classic, Math.max(1, Math.round(ms / 100)), 100));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  warmUp();
  const rounds = Number(process.env.BENCH_ROUNDS ?? 20);
  const a = best(classic, rounds, 100);
  const b = best(cases, rounds, 100);
  const ref = best([reference], rounds, 50);
  console.log(
    `policy: ${fmt(a)} answers/s on one core (${classic.length} query shapes, goal ≥ 100,000); ` +
      `per-case, contacts, rules in words: ${fmt(b)} answers/s`,
  );
  console.log(
    `reference (JSON.parse of a small object): ${fmt(ref)}/s; policy answers per reference call: ${(a / ref).toFixed(3)}`,
  );
}
