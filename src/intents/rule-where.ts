// Places and years in a message: gazetteer look-up (covered regions, their places, uncovered provinces) and year words.
import type { Gazetteer } from '../policy/schema';
import type { Where } from './command';

interface PlaceEntry {
  word: string;
  region?: string;
  place?: string;
  parent?: string;
  uncovered?: string;
  /** generic words (高新区) that only count when their region is named too */
  weak: boolean;
}

// a place one travels to (去北京进修) is not where the user is
const TRAVEL_BEFORE = /(?:去|到|赴|往|飞)$/;
const GENERIC = new Set(['高新区', '经开区', '经济技术开发区', '开发区', '新区']);
const cache = new WeakMap<Gazetteer, PlaceEntry[]>();

function entries(g: Gazetteer): PlaceEntry[] {
  const hit = cache.get(g);
  if (hit) return hit;
  const out: PlaceEntry[] = [];
  for (const r of g.regions) {
    for (const w of new Set([r.name, ...r.aliases])) out.push({ word: w, region: r.id, weak: w.length < 2 });
    for (const p of r.places) {
      for (const w of new Set([p.name, ...p.aliases])) {
        out.push({ word: w, region: r.id, place: p.id, parent: p.parent, weak: GENERIC.has(w) });
      }
    }
  }
  for (const u of g.uncovered) {
    for (const w of new Set([u.name, ...u.aliases])) out.push({ word: w, uncovered: u.name, weak: false });
  }
  out.sort((a, b) => b.word.length - a.word.length);
  cache.set(g, out);
  return out;
}

export interface WhereResult {
  where?: Where;
  /** the text with every place name replaced by □ (so 六安 is never read as a number) */
  masked: string;
}

/** Finds where the user is: covered region (and place) first, else an uncovered province or city. */
export function findWhere(text: string, g: Gazetteer, profileRegion?: string): WhereResult {
  let masked = text;
  const covered: Array<{ at: number; region: string; place?: string; parent?: string; weak: boolean }> = [];
  let uncovered: { at: number; name: string } | undefined;
  for (const e of entries(g)) {
    let from = 0;
    for (;;) {
      const at = masked.indexOf(e.word, from);
      if (at < 0) break;
      from = at + e.word.length;
      // keep a final 省/市/州/县/区 so "青海省科技进步奖" still reads as provincial
      const keep = e.word.length > 2 && /[省市州县区]$/.test(e.word) ? 1 : 0;
      masked =
        masked.slice(0, at) +
        '□'.repeat(e.word.length - keep) +
        e.word.slice(e.word.length - keep) +
        masked.slice(at + e.word.length);
      if (e.region) covered.push({ at, region: e.region, place: e.place, parent: e.parent, weak: e.weak });
      else if (
        e.uncovered &&
        (!uncovered || at < uncovered.at) &&
        !TRAVEL_BEFORE.test(text.slice(Math.max(0, at - 2), at))
      )
        uncovered = { at, name: e.uncovered };
    }
  }
  const strongRegions = new Set(covered.filter((c) => !c.weak).map((c) => c.region));
  const usable = covered
    .filter((c) => !c.weak || strongRegions.has(c.region) || c.region === profileRegion)
    .sort((a, b) => a.at - b.at);
  if (usable.length > 0) {
    const region = usable[0]!.region;
    const places = usable.filter((c) => c.region === region && c.place);
    // the most specific place wins (六安金寨 → 金寨)
    const child = places.find((c) => places.some((p) => p.place === c.parent));
    const place = (child ?? places[0])?.place;
    return { where: place ? { region, place } : { region }, masked };
  }
  if (uncovered) return { where: { uncovered: uncovered.name }, masked };
  return { masked };
}

export interface YearMention {
  year: number;
  start: number;
  end: number;
}

const DURATION_BEFORE = /(?:满|近|共|了|为期|工作|连续|最近|任职|超过|干了|有|第|每|几|这|那|多)$/;

/** Years the message names: 2025 / 2025年 / 25年 / 今年 / 去年 / 前年 / 明年, with their positions. */
export function findYears(text: string, today: string): YearMention[] {
  const thisYear = Number(today.slice(0, 4));
  const out: YearMention[] = [];
  for (const m of text.matchAll(/(?<![\d.-])(19\d{2}|20\d{2})(?:\s*年度?)?(?![\d字多-])/g)) {
    const y = Number(m[1]);
    if (y >= 1990 && y <= 2100) out.push({ year: y, start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(/(?<![\d.-])(\d{2})\s*年度?(?!级|代|半|\d)/g)) {
    const n = Number(m[1]);
    if (n < 10 || n > 40) continue;
    if (DURATION_BEFORE.test(text.slice(Math.max(0, m.index - 2), m.index))) continue;
    out.push({ year: 2000 + n, start: m.index, end: m.index + m[0].length });
  }
  const rel: Array<[RegExp, number]> = [
    [/今年度?|本年度|本年(?!级)|这一?年(?!级)/g, 0],
    [/去年|上一年度?|上年度?/g, -1],
    [/(?<!大)前年/g, -2],
    [/大前年/g, -3],
    [/(?<![到至转延])(?:明年|下一年度?|下年度?|来年)/g, 1],
    [/(?<![到至转延大])后年/g, 2],
  ];
  for (const [re, d] of rel) {
    for (const m of text.matchAll(re)) out.push({ year: thisYear + d, start: m.index, end: m.index + m[0].length });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Replaces the given spans with □ so numbers inside them are not read again. */
export function maskSpans(text: string, spans: Array<{ start: number; end: number }>): string {
  let s = text;
  for (const sp of spans) s = s.slice(0, sp.start) + '□'.repeat(sp.end - sp.start) + s.slice(sp.end);
  return s;
}
