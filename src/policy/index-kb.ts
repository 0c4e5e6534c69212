// Indexes the knowledge base by region, once, so every question is a lookup plus arithmetic.
import type { KnowledgeBase } from './knowledge';
import type {
  Aggregation,
  Cap,
  Contact,
  ConversionRule,
  Deadline,
  EligibilityRule,
  Exemption,
  Platform,
  Proration,
  Provision,
  Region,
  Requirement,
  Source,
} from './schema';
import type { Citation } from './types';

export interface RegionRules {
  region: Region;
  requirements: Requirement[];
  /** first years of the recorded requirements */
  requirementYears: number[];
  aggregation: Aggregation[];
  caps: Map<string, Cap>;
  conversions: ConversionRule[];
  byActivity: Map<string, ConversionRule[]>;
  proration: Proration[];
  eligibility: EligibilityRule[];
  exemptions: Exemption[];
  deadlines: Deadline[];
  contacts: Contact[];
  platforms: Platform[];
  provisions: Provision[];
  /** years of the notices recorded for the region */
  noticeYears: number[];
}

export interface PolicyIndex {
  kb: KnowledgeBase;
  regions: Map<string, RegionRules>;
  cite(source: Source): Citation;
  /** the display name of a place id (region or place) */
  placeName(id: string): string | undefined;
}

export function inForce(e: { from: number; to?: number }, year: number): boolean {
  return e.from <= year && (e.to === undefined || year <= e.to);
}

export function buildIndex(kb: KnowledgeBase): PolicyIndex {
  const regions = new Map<string, RegionRules>();
  for (const region of kb.gazetteer.regions) {
    const files = kb.files.filter((f) => f.region === region.id);
    const conversions = files.flatMap((f) => f.conversions);
    const byActivity = new Map<string, ConversionRule[]>();
    for (const c of conversions) byActivity.set(c.activity, [...(byActivity.get(c.activity) ?? []), c]);
    regions.set(region.id, {
      region,
      requirements: files.flatMap((f) => f.requirements),
      requirementYears: [...new Set(files.flatMap((f) => f.requirements.map((x) => x.from)))].sort(),
      aggregation: files.flatMap((f) => f.aggregation),
      caps: new Map(files.flatMap((f) => f.caps).map((c) => [c.id, c])),
      conversions,
      byActivity,
      proration: files.flatMap((f) => f.proration),
      eligibility: files.flatMap((f) => f.eligibility),
      exemptions: files.flatMap((f) => f.exemptions),
      deadlines: files.flatMap((f) => f.deadlines).sort((a, b) => a.date.localeCompare(b.date)),
      contacts: files.flatMap((f) => f.contacts),
      platforms: files.flatMap((f) => f.platforms),
      provisions: files.flatMap((f) => f.provisions),
      noticeYears: [...new Set(files.map((f) => f.year))].sort(),
    });
  }
  const names = new Map<string, string>();
  for (const r of kb.gazetteer.regions) {
    names.set(r.id, r.name);
    for (const p of r.places) names.set(p.id, p.name);
  }
  const cited = new WeakMap<Source, Citation>();
  const cite = (s: Source): Citation => {
    let c = cited.get(s);
    if (!c) {
      c = Object.freeze({
        doc: kb.documents.get(s.doc)?.number ?? s.doc,
        section: s.section,
        quote: s.quote.replace(/\s+/g, ''),
      });
      cited.set(s, c);
    }
    return c;
  };
  return { kb, regions, cite, placeName: (id) => names.get(id) };
}

/** Adds citations without repeating one already present. */
export function addCitation(list: Citation[], c: Citation): void {
  if (!list.some((x) => x.doc === c.doc && x.section === c.section && x.quote === c.quote)) list.push(c);
}

const latestCache = new WeakMap<object, Map<number, unknown>>();

/** Latest entry in force for a year (by `from`); remembered per list and year, as the knowledge never changes. */
export function latestInForce<T extends { from: number; to?: number }>(list: T[], year: number): T | undefined {
  let byYear = latestCache.get(list);
  if (!byYear) {
    byYear = new Map();
    latestCache.set(list, byYear);
  }
  if (byYear.has(year)) return byYear.get(year) as T | undefined;
  const found = list.filter((e) => inForce(e, year)).sort((a, b) => b.from - a.from)[0];
  byYear.set(year, found);
  return found;
}
