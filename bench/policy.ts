// `npm run bench:policy`: policy answers per second on one core (goal ≥ 100,000).
import { createPolicy } from '../src/policy';

const policy = createPolicy();
const queries: Array<() => unknown> = [
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

function run(ms: number): number {
  let n = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    for (const q of queries) q();
    n += queries.length;
  }
  return n;
}

run(300); // warm up
const ms = 2000;
const n = run(ms);
const perSecond = Math.round((n / ms) * 1000);
console.log(
  `policy: ${perSecond.toLocaleString('en')} answers/s on one core (${queries.length} query shapes, goal ≥ 100,000)`,
);
