// Chinese text as words: the ICU word segmenter (Intl.Segmenter), with the project's own words kept whole and
// synonyms read as one word. The vocabulary is data: knowledge/vocabulary/synonyms.yaml and the place names of
// knowledge/places.yaml. Shared by search and the reader.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const KNOWLEDGE = resolve(dirname(fileURLToPath(import.meta.url)), '../../knowledge');

const SynonymFile = z
  .object({
    groups: z.array(z.array(z.string().min(1)).min(2)).default([]),
    terms: z.array(z.string().min(1)).default([]),
  })
  .strict();

const PlaceNames = z
  .object({
    regions: z.array(
      z
        .object({
          name: z.string(),
          aliases: z.array(z.string()).default([]),
          places: z.array(z.object({ name: z.string(), aliases: z.array(z.string()).default([]) }).passthrough()),
        })
        .passthrough(),
    ),
    uncovered: z.array(z.object({ name: z.string(), aliases: z.array(z.string()).default([]) })).default([]),
  })
  .passthrough();

interface Vocabulary {
  /** word → the first word of its synonym group */
  canonical: Map<string, string>;
  /** every start of a synonym ("不", "不计", "不计入"), to stop joining words early */
  starts: Set<string>;
  /** first character → words starting with it, longest first */
  byFirst: Map<string, string[]>;
}

let vocabulary: Vocabulary | undefined;

function fold(s: string): string {
  return s.normalize('NFKC').toLowerCase();
}

function load(): Vocabulary {
  const syn = SynonymFile.parse(parseYaml(readFileSync(resolve(KNOWLEDGE, 'vocabulary/synonyms.yaml'), 'utf8')));
  const places = PlaceNames.parse(parseYaml(readFileSync(resolve(KNOWLEDGE, 'places.yaml'), 'utf8')));
  const canonical = new Map<string, string>();
  for (const group of syn.groups) {
    const head = fold(group[0]!);
    for (const w of group) if (!canonical.has(fold(w))) canonical.set(fold(w), head);
  }
  const starts = new Set<string>();
  for (const w of canonical.keys()) for (let i = 1; i <= w.length; i++) starts.add(w.slice(0, i));
  const words = new Set<string>([...canonical.keys(), ...syn.terms.map(fold)]);
  for (const r of places.regions) {
    for (const n of [r.name, ...r.aliases]) words.add(fold(n));
    for (const p of r.places) for (const n of [p.name, ...p.aliases]) words.add(fold(n));
  }
  for (const u of places.uncovered) for (const n of [u.name, ...u.aliases]) words.add(fold(n));
  const byFirst = new Map<string, string[]>();
  for (const w of words) {
    if (w.length < 2) continue;
    const first = w[0]!;
    byFirst.set(first, [...(byFirst.get(first) ?? []), w]);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.length - a.length);
  return { canonical, starts, byFirst };
}

function vocab(): Vocabulary {
  vocabulary ??= load();
  return vocabulary;
}

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

function icuWords(text: string, out: string[]): void {
  for (const s of segmenter.segment(text)) if (s.isWordLike) out.push(s.segment);
}

/**
 * The words of a text, in order: the project's vocabulary (longest match first) kept whole, the rest cut by the
 * ICU word segmenter; punctuation and spaces dropped, full-width forms and Latin case folded.
 * "事业单位新进人员岗前培训不计入" → [事业单位, 新进人员, 岗前培训, 不计入].
 */
export function segment(text: string): string[] {
  const t = fold(text);
  const { byFirst } = vocab();
  const out: string[] = [];
  let gapStart = 0;
  let i = 0;
  while (i < t.length) {
    const hit = byFirst.get(t[i]!)?.find((w) => t.startsWith(w, i));
    if (!hit) {
      i++;
      continue;
    }
    if (gapStart < i) icuWords(t.slice(gapStart, i), out);
    out.push(hit);
    i += hit.length;
    gapStart = i;
  }
  if (gapStart < t.length) icuWords(t.slice(gapStart), out);
  return out;
}

/**
 * Every word as the first word of its synonym group ("不算", "不纳入" → "不计入"); runs of words that together
 * spell a synonym (["不", "算"]) are read as that one word. Words outside the groups are kept as they are.
 */
export function normalizeSynonyms(tokens: readonly string[]): string[] {
  const { canonical, starts } = vocab();
  const folded = tokens.map(fold);
  const out: string[] = [];
  for (let i = 0; i < folded.length; ) {
    let taken = 0;
    let joined = '';
    let best: string | undefined;
    for (let k = i; k < folded.length; k++) {
      joined += folded[k];
      if (!starts.has(joined)) break;
      const c = canonical.get(joined);
      if (c !== undefined) {
        best = c;
        taken = k - i + 1;
      }
    }
    if (best !== undefined) {
      out.push(best);
      i += taken;
    } else {
      out.push(folded[i]!);
      i++;
    }
  }
  return out;
}
