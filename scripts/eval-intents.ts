// Measures the rule parser on the labelled corpus (test/fixtures/utterances*.yaml):
// accuracy per intent, exact-slot accuracy, the misses, and ms per message.
// Run: npm run eval:intents   (add --all to print every miss, --json for a machine-readable summary)
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { INTENTS, type ParseContext, Slots } from '../src/intents/command';
import { parseRule } from '../src/intents/rule-parser';
import { Gazetteer } from '../src/policy/schema';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_TODAY = '2025-10-15';

const Case = z
  .object({
    text: z.string(),
    context: z
      .object({
        today: z.string().optional(),
        region: z.string().optional(),
        last: z
          .object({ intent: z.string(), kinds: z.array(z.string()) })
          .strict()
          .optional(),
        awaiting: z
          .object({ slot: z.string(), kind: z.string().optional(), options: z.array(z.string()).optional() })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    intent: z.enum(INTENTS),
    slots: Slots,
  })
  .strict();
export type Case = z.infer<typeof Case> & { file: string };

/** Reads every test/fixtures/utterances*.yaml, validating labels against the command schema. */
export function loadCorpus(dir = join(ROOT, 'test', 'fixtures')): Case[] {
  const out: Case[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!/^utterances.*\.ya?ml$/.test(name)) continue;
    const doc = parseYaml(readFileSync(join(dir, name), 'utf8')) as { cases?: unknown[] };
    (doc.cases ?? []).forEach((c, i) => {
      const r = Case.safeParse(c);
      if (!r.success) throw new Error(`${name} case ${i + 1}: ${r.error.issues.map((x) => x.message).join('; ')}`);
      out.push({ ...r.data, file: name });
    });
  }
  return out;
}

/** The gazetteer straight from knowledge/places.yaml (the same data loadKnowledge().gazetteer validates). */
export function loadGazetteer(): Gazetteer {
  return Gazetteer.parse(parseYaml(readFileSync(join(ROOT, 'knowledge', 'places.yaml'), 'utf8')));
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x === undefined) continue;
      o[k] = k === 'flags' && Array.isArray(x) ? [...x].sort() : canonical(x);
    }
    return o;
  }
  return v;
}

export function sameSlots(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

export interface Miss {
  text: string;
  file: string;
  expected: string;
  got: string;
  expectedSlots: unknown;
  gotSlots: unknown;
}

export interface Report {
  total: number;
  intentAccuracy: number;
  slotAccuracy: number;
  perIntent: Record<string, { total: number; correct: number }>;
  confusion: Record<string, number>;
  misses: Miss[];
  msPerMessage: number;
}

export function evaluate(cases: Case[], gazetteer: Gazetteer): Report {
  const perIntent: Report['perIntent'] = {};
  const confusion: Record<string, number> = {};
  const misses: Miss[] = [];
  let intentOk = 0;
  let slotOk = 0;
  const t0 = performance.now();
  const results = cases.map((c) => {
    const ctx: ParseContext = { today: c.context?.today ?? DEFAULT_TODAY };
    if (c.context?.awaiting) ctx.awaiting = c.context.awaiting;
    if (c.context?.region) ctx.region = c.context.region;
    if (c.context?.last) ctx.last = c.context.last;
    return parseRule(c.text, ctx, gazetteer);
  });
  const ms = performance.now() - t0;
  cases.forEach((c, i) => {
    const got = results[i]!;
    perIntent[c.intent] ??= { total: 0, correct: 0 };
    const p = perIntent[c.intent]!;
    p.total++;
    const iOk = got.intent === c.intent;
    const sOk = iOk && sameSlots(got.slots, c.slots);
    if (iOk) {
      p.correct++;
      intentOk++;
    } else {
      const key = `${c.intent} → ${got.intent}`;
      confusion[key] = (confusion[key] ?? 0) + 1;
    }
    if (sOk) slotOk++;
    else
      misses.push({
        text: c.text,
        file: c.file,
        expected: c.intent,
        got: got.intent,
        expectedSlots: canonical(c.slots),
        gotSlots: canonical(got.slots),
      });
  });
  return {
    total: cases.length,
    intentAccuracy: intentOk / cases.length,
    slotAccuracy: slotOk / cases.length,
    perIntent,
    confusion,
    misses,
    msPerMessage: ms / cases.length,
  };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function main(): void {
  const args = new Set(process.argv.slice(2));
  const cases = loadCorpus();
  const g = loadGazetteer();
  evaluate(cases.slice(0, 50), g); // warm-up (regex compilation, JIT)
  const r = evaluate(cases, g);
  if (args.has('--json')) {
    console.log(JSON.stringify({ ...r, misses: r.misses.length }, null, 2));
    return;
  }
  console.log(`corpus: ${r.total} utterances`);
  console.log('\nintent            n   accuracy');
  for (const intent of INTENTS) {
    const p = r.perIntent[intent];
    if (!p) {
      console.log(`${intent.padEnd(16)} ${'0'.padStart(3)}   (no cases)`);
      continue;
    }
    console.log(`${intent.padEnd(16)} ${String(p.total).padStart(3)}   ${pct(p.correct / p.total)}`);
  }
  console.log(`\nintent accuracy:     ${pct(r.intentAccuracy)}`);
  console.log(`exact-slot accuracy: ${pct(r.slotAccuracy)}   (intent and every slot exactly as labelled)`);
  console.log(`speed:               ${r.msPerMessage.toFixed(3)} ms/message`);
  const conf = Object.entries(r.confusion).sort((a, b) => b[1] - a[1]);
  if (conf.length) {
    console.log('\nconfusion (expected → got):');
    for (const [k, n] of conf) console.log(`  ${k}  ×${n}`);
  }
  if (r.misses.length) {
    const shown = args.has('--all') ? r.misses : r.misses.slice(0, 40);
    console.log(
      `\nmisses (${r.misses.length}${shown.length < r.misses.length ? `, first ${shown.length}; --all for every one` : ''}):`,
    );
    for (const m of shown) {
      console.log(`- [${m.file}] ${m.text}`);
      if (m.expected !== m.got) console.log(`    intent: expected ${m.expected}, got ${m.got}`);
      console.log(`    expected ${JSON.stringify(m.expectedSlots)}`);
      console.log(`    got      ${JSON.stringify(m.gotSlots)}`);
    }
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
