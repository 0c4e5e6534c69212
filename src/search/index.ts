// Full-text search over every entry of knowledge/ (MiniSearch, BM25) with Chinese words and synonyms
// (src/text/segment.ts), and a character-pair index that catches what word cutting misses.
// Filters: region, year in force, kind. A query naming a covered place searches that place's region.
import MiniSearch from 'minisearch';
import type { KnowledgeBase } from '../policy/knowledge';
import { normalizeSynonyms, segment } from '../text/segment';
import { buildEntries, ENTRY_KINDS, type EntryKind, KIND_LABELS, type SearchEntry } from './entries';

export { ENTRY_KINDS, type EntryKind, KIND_LABELS, type SearchEntry };

export interface SearchQuery {
  text: string;
  region?: string;
  /** entries in force in that year */
  year?: number;
  kind?: EntryKind;
  limit?: number;
}

export interface SearchHit extends SearchEntry {
  kindLabel: string;
  score: number;
  /** the notice the words come from is older than the year asked (or than the region's newest notice) */
  older: boolean;
  /** in force in the year asked (always true without a year); false: an older notice's word, not repeated since */
  inForce: boolean;
}

export interface SearchResult {
  hits: SearchHit[];
  /** the words searched, after synonyms */
  words: string[];
  region?: string;
  /** the region was taken from a place named in the query, not from the filter */
  regionFromQuery?: boolean;
  place?: string;
  year?: number;
}

export interface Search {
  readonly size: number;
  search(q: SearchQuery): SearchResult;
}

/** Words that say nothing about what is asked. */
const STOP = new Set(
  '的 了 吗 呢 吧 啊 呀 是 有 哪些 哪个 什么 怎么 怎样 如何 请问 我 我们 你 您 能 能否 可以 可否 要 需要 和 与 及 或 还是 这个 那个 一下 问 谁 多少 几'.split(
    ' ',
  ),
);

const WORD_FIELDS = ['title', 'keywords', 'text', 'quote'] as const;
const CJK = /[\u3400-\u9fff]/;

function words(text: string): string[] {
  return normalizeSynonyms(segment(text));
}

/** Pairs of neighbouring Chinese characters (and whole Latin/digit runs). */
function pairs(text: string): string[] {
  const out: string[] = [];
  for (const run of text
    .normalize('NFKC')
    .toLowerCase()
    .match(/[\u3400-\u9fff]+|[a-z0-9]+/g) ?? []) {
    if (!CJK.test(run)) {
      if (run.length >= 3) out.push(run);
      continue;
    }
    if (run.length === 1) out.push(run);
    for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  }
  return out;
}

interface Doc {
  id: string;
  title: string;
  keywords: string;
  text: string;
  quote: string;
  grams: string;
}

const built = new WeakMap<KnowledgeBase, Search>();

/** The search of a knowledge base, built once on first use (about half a second) and shared. */
export function searchFor(kb: KnowledgeBase): Search {
  let s = built.get(kb);
  if (!s) {
    s = createSearch(kb);
    built.set(kb, s);
  }
  return s;
}

export function createSearch(kb: KnowledgeBase): Search {
  const entries = buildEntries(kb);
  const byId = new Map(entries.map((e) => [e.id, e]));
  const newest = new Map<string, number>();
  for (const e of entries) newest.set(e.region, Math.max(newest.get(e.region) ?? 0, e.noticeYear));

  const index = new MiniSearch<Doc>({
    idField: 'id',
    fields: [...WORD_FIELDS, 'grams'],
    tokenize: (text, field) => (field === 'grams' ? pairs(text) : words(text)),
    processTerm: (term) => term || null,
  });
  index.addAll(
    entries.map((e) => ({
      id: e.id,
      title: e.title,
      keywords: e.keywords.join(' '),
      text: [e.text, e.placeName, e.phones?.join(' ')].filter(Boolean).join(' '),
      quote: e.quote,
      grams: [e.title, e.keywords.join(' '), e.text, e.placeName, e.quote].filter(Boolean).join(' '),
    })),
  );

  // place words of the gazetteer, for queries that name where ("海东 电话")
  const places = new Map<string, { region: string; place?: string }>();
  for (const r of kb.gazetteer.regions) {
    for (const w of [r.name, ...r.aliases]) if (w.length >= 2) places.set(w, { region: r.id });
    for (const p of r.places) {
      for (const w of [p.name, ...p.aliases, ...p.shared])
        if (w.length >= 2) places.set(w, { region: r.id, place: p.id });
    }
  }

  function search(q: SearchQuery): SearchResult {
    const text = q.text.trim().slice(0, 200);
    const all = words(text);
    const named = all.map((w) => places.get(w)).find((p) => p !== undefined);
    const regionFromQuery = !!named && named.region !== q.region;
    const region = named?.region ?? q.region;
    const place = named?.place;
    const asked = all.filter((w) => !STOP.has(w));
    const result: SearchResult = {
      hits: [],
      words: asked,
      region,
      regionFromQuery: regionFromQuery || undefined,
      place,
      year: q.year,
    };
    if (asked.length === 0) return result;

    // a year keeps what was in force then, and what an older notice said and no newer one repeated (marked);
    // never what came later, nor another year's deadlines
    const keep = (id: string) => {
      const e = byId.get(id)!;
      if (region && e.region !== region) return false;
      if (q.kind && e.kind !== q.kind) return false;
      if (q.year !== undefined && (e.from > q.year || (e.kind === 'deadline' && e.to !== q.year))) return false;
      return true;
    };
    const inForce = (e: SearchEntry) =>
      q.year === undefined || (e.from <= q.year && (e.to === undefined || q.year <= e.to));
    const scores = new Map<string, number>();
    const wordHits = index.search(asked.join(' '), {
      fields: [...WORD_FIELDS],
      tokenize: (s) => s.split(' '),
      boost: { title: 3, keywords: 2, text: 1.5, quote: 1 },
      prefix: (term) => term.length >= 2,
      combineWith: 'OR',
      filter: (r) => keep(r.id as string),
    });
    for (const h of wordHits) scores.set(h.id as string, h.score);
    // character pairs: a low weight, and only where most of the query's pairs are found
    const qPairs = [...new Set(asked.flatMap((w) => pairs(w)))];
    if (qPairs.length) {
      const gramHits = index.search(qPairs.join(' '), {
        fields: ['grams'],
        tokenize: (s) => s.split(' '),
        combineWith: 'OR',
        filter: (r) => keep(r.id as string),
      });
      for (const h of gramHits) {
        const cover = new Set(h.terms).size / qPairs.length;
        if (cover < 0.6) continue;
        scores.set(h.id as string, (scores.get(h.id as string) ?? 0) + h.score * 0.3 * cover);
      }
    }
    for (const [id, s] of scores) {
      const e = byId.get(id)!;
      // a place named: its own entries first; what is no longer in force after them
      if (place && e.place === place) scores.set(id, s * 2);
      if (!inForce(e)) scores.set(id, (scores.get(id) ?? s) * 0.6);
    }
    const ranked = [...scores.entries()].sort(
      (a, b) => b[1] - a[1] || byId.get(b[0])!.noticeYear - byId.get(a[0])!.noticeYear,
    );
    const top = ranked[0]?.[1] ?? 0;
    const limit = Math.min(Math.max(q.limit ?? 10, 1), 50);
    result.hits = ranked
      .filter(([, s]) => s >= top * 0.2)
      .slice(0, limit)
      .map(([id, score]) => {
        const e = byId.get(id)!;
        const ref = q.year ?? newest.get(e.region) ?? e.noticeYear;
        return {
          ...e,
          kindLabel: KIND_LABELS[e.kind],
          score: Math.round(score * 100) / 100,
          older: e.noticeYear < ref,
          inForce: inForce(e),
        };
      });
    return result;
  }

  return { size: entries.length, search };
}
