// Measures the rule reader on the labelled corpus (test/fixtures/utterances*.yaml): each message is labelled with
// what it asks (intent) and the facts it carries (slots); the reader's commands are summarised into the same shape.
// Prints accuracy per intent, exact-slot accuracy, the misses, and ms per message.
// Run: npm run eval:intents   (add --all to print every miss, --json for a machine-readable summary)

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { INTENT_OF } from '../src/dialog/answer';
import { Achievement, EligibilityFlag, Subject, TitleLevel, TitleRoute } from '../src/domain/vocab';
import { loadLexicon } from '../src/intents';
import { type Command, OnDuty, type ReadContext, type Reading, Where, YearHours } from '../src/intents/command';
import { readRules } from '../src/intents/reader';
import { Gazetteer } from '../src/policy/schema';

/** What a labelled message asks. */
export const INTENTS = [
  'convert',
  'requirement',
  'progress',
  'eligibility',
  'deadline',
  'contact',
  'platform',
  'policy_question',
  'inform',
  'set_profile',
  'subscribe',
  'unsubscribe',
  'human',
  'cancel',
  'restart',
  'correction',
  'greeting',
  'help',
  'out_of_scope',
  'forget',
] as const;

/** The facts of a labelled message. */
export const Slots = z
  .object({
    where: Where.optional(),
    year: z.number().int().optional(),
    achievements: z.array(Achievement).optional(),
    subject: Subject.optional(),
    hours: z.array(YearHours).optional(),
    onDuty: OnDuty.optional(),
    level: TitleLevel.optional(),
    route: TitleRoute.optional(),
    flags: z.array(EligibilityFlag).optional(),
    number: z.number().optional(),
  })
  .strict();
type Slots = z.infer<typeof Slots>;

const TOPIC_INTENT = INTENT_OF as Record<string, (typeof INTENTS)[number]>;
const CONTROL_INTENT: Record<string, (typeof INTENTS)[number]> = {
  cancel: 'cancel',
  restart: 'restart',
  handoff: 'human',
  subscribe: 'subscribe',
  unsubscribe: 'unsubscribe',
  greeting: 'greeting',
  help: 'help',
  thanks: 'out_of_scope',
  ack: 'out_of_scope',
  out_of_scope: 'out_of_scope',
  delete_data: 'forget',
};

/** The reader's commands summarised as one intent and the facts told. */
export function summarise(r: Reading, ctx: ReadContext): { intent: string; slots: Slots } {
  const slots: Slots = {};
  let intent: string | undefined;
  const of = <T extends Command['type']>(t: T) =>
    r.commands.filter((c): c is Extract<Command, { type: T }> => c.type === t);
  const control = of('control')[0];
  if (control) intent = CONTROL_INTENT[control.action];
  const start = of('start')[0];
  // a follow-up that amends the last answer is told as facts
  if (!intent && start && !(ctx.last && !ctx.awaiting && r.text.length <= 12 && start.words === ''))
    intent = TOPIC_INTENT[start.topic];
  const w = of('where')[0];
  if (w) slots.where = w.where;
  const y = of('year')[0];
  if (y) slots.year = y.year;
  // alternatives are a reading aid, not a fact told
  const items = of('item').map(({ item: { alternatives: _a, ...rest } }) => rest);
  const s = items.length ? undefined : of('subject')[0];
  if (s) slots.subject = s.subject;
  const s1 = of('subject')[0];
  // one item and a subject named with it: the item's subject
  if (items.length === 1 && s1 && !items[0]!.subject) items[0]!.subject = s1.subject;
  const hours = of('hours').map((c) => c.hours);
  if (hours.length) slots.hours = hours;
  const d = of('duty')[0];
  if (d) slots.onDuty = d.onDuty;
  const t = of('title')[0];
  if (t?.level) slots.level = t.level;
  if (t?.route) slots.route = t.route;
  if (t?.flags) slots.flags = t.flags;
  const a = of('answer')[0];
  if (a && typeof a.value === 'number') slots.number = a.value;
  // an answer to the question about an item is a fact of that item
  const kind = ctx.awaiting?.kind;
  if (a && kind && ctx.awaiting && !items.length) {
    const slot = ctx.awaiting.slot;
    items.push({ kind, [slot]: a.value } as (typeof items)[number]);
  }
  if (items.length) slots.achievements = items;
  if (!intent && of('correct').length) intent = 'correction';
  if (!intent) {
    const facts = items.length || hours.length || d || a || s || (ctx.awaiting && (w || y || t));
    if (ctx.awaiting || ctx.last) intent = facts || w || y || t ? 'inform' : 'out_of_scope';
    else if (t || w) intent = 'set_profile';
    else intent = 'out_of_scope';
  }
  return { intent, slots };
}

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
  const lex = loadLexicon(gazetteer);
  const ctxOf = (c: Case): ReadContext => {
    const ctx: ReadContext = { today: c.context?.today ?? DEFAULT_TODAY };
    if (c.context?.awaiting) ctx.awaiting = c.context.awaiting;
    if (c.context?.region) ctx.region = c.context.region;
    if (c.context?.last) ctx.last = { topic: c.context.last.intent, kinds: c.context.last.kinds };
    return ctx;
  };
  const t0 = performance.now();
  const readings = cases.map((c) => readRules(c.text, ctxOf(c), lex));
  const results = readings.map((r, i) => summarise(r, ctxOf(cases[i]!)));
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
