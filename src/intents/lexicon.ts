// The lexicon: one character trie over every word the reader knows (vocabulary entries, places, rule aliases).
// Built once at start-up; lookups are a walk down the trie from a position in the text.
import type { ActivityKind } from '../domain/vocab';
import type { Gazetteer } from '../policy/schema';
import type { Entry, Feats, Vocabulary } from './vocabulary';

export interface PlaceRef {
  region?: string;
  place?: string;
  parent?: string;
  /** a province or city recognised but not covered */
  uncovered?: string;
  /** a generic word (高新区) that only counts when its region is named too */
  weak: boolean;
  /** the place is a city or county (its name can be an organiser: 西宁市举办的) */
  placeKind?: string;
}

export interface Sense {
  set: Feats;
  with?: ActivityKind[];
}

interface Node {
  next: Map<string, Node>;
  senses?: Sense[];
  places?: PlaceRef[];
}

export interface Lexicon {
  root: Node;
  vocabulary: Vocabulary;
  /** every numeral character (digits, units, myriads) */
  numeralChars: Set<string>;
  /** kinds' allowed slots and absorptions */
  slotsOf(kind: ActivityKind): ReadonlySet<string>;
  absorbs(kind: ActivityKind): readonly ActivityKind[];
  /** the slot a bare number after an item of this kind fills, when the vocabulary says */
  bareOf(kind: ActivityKind): string | undefined;
  /** roles by rank, where the notices name them so (课题: 前3名 主要完成人) */
  rankRoleOf(kind: ActivityKind): Array<{ upto?: number; role: 'host' | 'main' | 'member' }> | undefined;
}

export interface Match {
  length: number;
  senses: Sense[];
  places: PlaceRef[];
}

/** Folds a word or a message the same way: NFKC (full-width forms), lower case, character variants. */
export function fold(text: string, variants: Map<string, string>): string {
  const s = text.normalize('NFKC').toLowerCase();
  if (variants.size === 0) return s;
  let out = '';
  for (const ch of s) out += variants.get(ch) ?? ch;
  return out;
}

function insert(root: Node, word: string): Node {
  let n = root;
  for (const ch of word) {
    let c = n.next.get(ch);
    if (!c) {
      c = { next: new Map() };
      n.next.set(ch, c);
    }
    n = c;
  }
  return n;
}

export interface AliasSource {
  words: string[];
  set: Feats;
}

/** Builds the lexicon from the vocabulary, the gazetteer and the aliases written beside rules. */
export function buildLexicon(vocabulary: Vocabulary, gazetteer: Gazetteer, aliases: AliasSource[] = []): Lexicon {
  const root: Node = { next: new Map() };
  const add = (word: string, sense: Sense) => {
    const n = insert(root, fold(word, vocabulary.variants));
    n.senses = [...(n.senses ?? []), sense];
  };
  for (const e of vocabulary.entries as Entry[]) for (const w of e.w) add(w, { set: e.set, with: e.with });
  for (const a of aliases) for (const w of a.words) add(w, { set: a.set });
  const addPlace = (word: string, ref: PlaceRef) => {
    const n = insert(root, fold(word, vocabulary.variants));
    n.places = [...(n.places ?? []), ref];
  };
  for (const r of gazetteer.regions) {
    const regionKind = r.province ? 'city' : 'province';
    for (const w of new Set([r.name, ...r.aliases]))
      addPlace(w, { region: r.id, weak: [...w].length < 2, placeKind: regionKind });
    for (const p of r.places) {
      for (const w of new Set([p.name, ...p.aliases])) {
        addPlace(w, { region: r.id, place: p.id, parent: p.parent, weak: false, placeKind: p.kind });
      }
      for (const w of p.shared ?? [])
        addPlace(w, { region: r.id, place: p.id, parent: p.parent, weak: true, placeKind: p.kind });
    }
  }
  for (const u of gazetteer.uncovered) {
    for (const w of new Set([u.name, ...u.aliases])) addPlace(w, { uncovered: u.name, weak: false });
  }
  const n = vocabulary.numerals;
  const numeralChars = new Set([...n.digits.keys(), ...n.units.keys(), ...n.myriads.keys()]);
  const slots = new Map<string, Set<string>>();
  for (const [k, info] of Object.entries(vocabulary.kinds)) {
    const s = new Set([...(info?.slots ?? []), 'subject']);
    // hours a day can be told for whatever counts days and hours
    if (s.has('days') && s.has('hours')) s.add('perDay');
    slots.set(k, s);
  }
  return {
    root,
    vocabulary,
    numeralChars,
    slotsOf: (kind) => slots.get(kind) ?? new Set(['subject']),
    absorbs: (kind) => vocabulary.kinds[kind]?.absorbs ?? [],
    bareOf: (kind) => vocabulary.kinds[kind]?.bare,
    rankRoleOf: (kind) => vocabulary.kinds[kind]?.rankRole,
  };
}

/** Every word of the lexicon starting at `at` in the (folded) text, shortest first. */
export function allMatches(lex: Lexicon, text: string, at: number): Match[] {
  let n: Node | undefined = lex.root;
  const out: Match[] = [];
  let i = at;
  while (n && i < text.length) {
    // text is folded; surrogate pairs are rare here (emoji are removed first), so walk by UTF-16 unit
    n = n.next.get(text[i]!);
    i++;
    if (n && (n.senses || n.places)) out.push({ length: i - at, senses: n.senses ?? [], places: n.places ?? [] });
  }
  return out;
}

/** The longest word of the lexicon starting at `at` in the (folded) text. */
export function longestMatch(lex: Lexicon, text: string, at: number): Match | undefined {
  const all = allMatches(lex, text, at);
  return all[all.length - 1];
}

/**
 * The word to read at `at`: the longest, unless a shorter one lets the next word cover more of the text
 * (青海省级标准: 青海 + 省级标准, not 青海省 + 级…; 济宁市级的: 济宁 + 市级的).
 */
export function bestMatch(lex: Lexicon, text: string, at: number): Match | undefined {
  // most positions start one word at most: no list, no look-ahead
  const first = lex.root.next.get(text[at]!);
  if (!first) return undefined;
  if (first.next.size === 0)
    return first.senses || first.places
      ? { length: 1, senses: first.senses ?? [], places: first.places ?? [] }
      : undefined;
  const all = allMatches(lex, text, at);
  if (all.length < 2) return all[0];
  let best = all[all.length - 1]!;
  let reach = best.length + (longestMatch(lex, text, at + best.length)?.length ?? 0);
  for (let k = all.length - 2; k >= 0; k--) {
    const m = all[k]!;
    const r = m.length + (longestMatch(lex, text, at + m.length)?.length ?? 0);
    if (r > reach) {
      best = m;
      reach = r;
    }
  }
  return best;
}

/** Reads a run of numeral characters (三, 十二, 二十五, 两千五, 一万二, 二〇二五); undefined if it is not a number. */
export function numeralValue(lex: Lexicon, s: string): number | undefined {
  const { digits, units, myriads } = lex.vocabulary.numerals;
  let big = 0;
  let total = 0;
  let current = 0;
  let lastUnit = 0;
  let zero = false;
  let digitRun = 0;
  for (const ch of s) {
    const w = myriads.get(ch);
    if (w !== undefined) {
      big += (total + current || 1) * w;
      total = 0;
      current = 0;
      lastUnit = w;
      digitRun = 0;
      continue;
    }
    const d = digits.get(ch);
    if (d !== undefined) {
      if (d === 0) zero = true;
      // a run of bare digits is read digit by digit (a year written in numerals)
      current = current * 10 + d;
      digitRun++;
      continue;
    }
    const u = units.get(ch);
    if (u !== undefined) {
      total += (current || 1) * u;
      current = 0;
      lastUnit = u;
      digitRun = 0;
      continue;
    }
    return undefined;
  }
  // "一万二" = 12000, "两千五" = 2500: a trailing digit after a unit is one step below it
  if (current > 0 && current < 10 && lastUnit >= 100 && !zero && digitRun === 1) current *= lastUnit / 10;
  return big + total + current;
}
