// Indexes the knowledge base once, at load: rules by region, activity and year, compiled conditions, citations,
// places with their area codes, contacts with their numbers as displayed. Every question is then lookups and arithmetic.
import { type Cond, compileWhen } from './conditions';
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
  Reading,
  Region,
  Requirement,
  Source,
} from './schema';
import type { Citation, ContactInfo, ReadingNote } from './types';

/** A conversion rule with what every answer needs of it, computed once. */
export interface RuleInfo {
  rule: ConversionRule;
  conds: Cond[];
  /** number of conditions (the most specific fully matched rule wins) */
  spec: number;
  cite: Citation;
  cap?: Cap;
  /** the rule's conditions in words, for per-case answers */
  caseLabel: string;
  /** the formula as a key: rules with the same key give the same figure for the same facts (before caps) */
  formulaKey: string;
  /** "（document clause）", appended to every step of the trace */
  where: string;
}

export interface PlaceInfo {
  id: string;
  name: string;
  region: string;
  /** own, else the parent's, else the region's */
  areaCode?: string;
  /** the city the place belongs to (itself for a city) */
  city?: string;
  /** the document key of the place's (or its city's) own notice */
  notice?: string;
}

export interface ContactEntry {
  contact: Contact;
  info: ContactInfo;
  /** the numbers as printed, without area code, to skip a line whose numbers were all given already */
  bare: string[];
}

export interface RegionRules {
  region: Region;
  requirements: Requirement[];
  /** first years of the recorded requirements */
  requirementYears: number[];
  aggregation: Aggregation[];
  caps: Map<string, Cap>;
  conversions: ConversionRule[];
  byActivity: Map<string, RuleInfo[]>;
  /** the rules of an activity in force in a year (cached) */
  candidates(kind: string, year: number): RuleInfo[];
  proration: Proration[];
  eligibility: EligibilityRule[];
  exemptions: Exemption[];
  deadlines: Deadline[];
  contacts: Contact[];
  contactEntries: ContactEntry[];
  /** years of the notices the contacts are printed in, ascending */
  contactYears: number[];
  platforms: Platform[];
  provisions: Provision[];
  /** years of the notices recorded for the region */
  noticeYears: number[];
  /** places with a notice of their own (六安 in 安徽) */
  noticePlaces: string[];
}

export interface PolicyIndex {
  kb: KnowledgeBase;
  regions: Map<string, RegionRules>;
  places: Map<string, PlaceInfo>;
  cite(source: Source): Citation;
  /** the display name of a place id (region or place) */
  placeName(id: string): string | undefined;
  /** the year of a document (its date) */
  docYear(doc: string): number;
}

export function inForce(e: { from: number; to?: number }, year: number): boolean {
  return e.from <= year && (e.to === undefined || year <= e.to);
}

const LANDLINE = /^\d{7,8}$/;

/** A number as displayed: with the place's area code where the notice prints none. */
export function withAreaCode(printed: string, areaCode: string | undefined): { text: string; added: boolean } {
  if (areaCode && LANDLINE.test(printed)) return { text: `${areaCode}-${printed}`, added: true };
  return { text: printed, added: false };
}

function buildPlaces(kb: KnowledgeBase): Map<string, PlaceInfo> {
  const places = new Map<string, PlaceInfo>();
  for (const r of kb.gazetteer.regions) {
    places.set(r.id, { id: r.id, name: r.name, region: r.id, areaCode: r.areaCode });
    const byId = new Map(r.places.map((p) => [p.id, p]));
    for (const p of r.places) {
      let city = p;
      while (city.parent && byId.get(city.parent)) city = byId.get(city.parent)!;
      const parent = p.parent ? byId.get(p.parent) : undefined;
      places.set(p.id, {
        id: p.id,
        name: p.name,
        region: r.id,
        areaCode: p.areaCode ?? parent?.areaCode ?? city.areaCode ?? r.areaCode,
        city: city.id,
        notice: p.notice ?? parent?.notice ?? city.notice,
      });
    }
  }
  return places;
}

export function buildIndex(kb: KnowledgeBase): PolicyIndex {
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
  const docYear = (doc: string) => Number((kb.documents.get(doc)?.date ?? '0').slice(0, 4));
  const places = buildPlaces(kb);
  const placeName = (id: string) => places.get(id)?.name;

  const regions = new Map<string, RegionRules>();
  for (const region of kb.gazetteer.regions) {
    const files = kb.files.filter((f) => f.region === region.id);
    const caps = new Map(files.flatMap((f) => f.caps).map((c) => [c.id, c]));
    const conversions = files.flatMap((f) => f.conversions);
    const byActivity = new Map<string, RuleInfo[]>();
    for (const rule of conversions) {
      const conds = compileWhen(rule.when);
      const info: RuleInfo = {
        rule,
        conds,
        spec: conds.length,
        cite: cite(rule.source),
        cap: rule.cap ? caps.get(rule.cap) : undefined,
        caseLabel: rule.conditionLabel ?? rule.label,
        formulaKey: `${JSON.stringify(rule.formula)}|${rule.perItem}|${rule.subject}`,
        where: `（${cite(rule.source).doc} ${rule.source.section}）`,
      };
      byActivity.set(rule.activity, [...(byActivity.get(rule.activity) ?? []), info]);
    }
    const candidateCache = new Map<string, RuleInfo[]>();
    const candidates = (kind: string, year: number): RuleInfo[] => {
      const key = `${kind}|${year}`;
      let list = candidateCache.get(key);
      if (!list) {
        list = (byActivity.get(kind) ?? []).filter((r) => inForce(r.rule, year));
        if (candidateCache.size > 5000) candidateCache.clear();
        candidateCache.set(key, list);
      }
      return list;
    };
    const contacts = files.flatMap((f) => f.contacts);
    const contactEntries: ContactEntry[] = contacts.map((c) => {
      const place = places.get(c.place);
      const shown = c.phones.map((p) => withAreaCode(p, place?.areaCode));
      return {
        contact: c,
        bare: c.phones.map((p) => p.replace(/^0\d{2,3}-/, '')),
        info: Object.freeze({
          org: c.org,
          dept: c.dept,
          phones: shown.map((s) => s.text),
          areaCodeAdded: shown.filter((s) => s.added).map((s) => s.text),
          topic: c.topic,
          place: place?.name ?? c.place,
          scope: c.scope,
          note: c.note,
          year: docYear(c.source.doc),
          doc: cite(c.source).doc,
        }) as ContactInfo,
      };
    });
    regions.set(region.id, {
      region,
      requirements: files.flatMap((f) => f.requirements),
      requirementYears: [...new Set(files.flatMap((f) => f.requirements.map((x) => x.from)))].sort(),
      aggregation: files.flatMap((f) => f.aggregation),
      caps,
      conversions,
      byActivity,
      candidates,
      proration: files.flatMap((f) => f.proration),
      eligibility: files.flatMap((f) => f.eligibility),
      exemptions: files.flatMap((f) => f.exemptions),
      deadlines: files.flatMap((f) => f.deadlines).sort((a, b) => a.date.localeCompare(b.date)),
      contacts,
      contactEntries,
      contactYears: [...new Set(contactEntries.map((e) => e.info.year))].sort((a, b) => a - b),
      platforms: files.flatMap((f) => f.platforms),
      provisions: files.flatMap((f) => f.provisions),
      noticeYears: [...new Set(files.map((f) => f.year))].sort(),
      noticePlaces: region.places.filter((p) => p.notice).map((p) => p.id),
    });
  }
  return { kb, regions, places, cite, placeName, docYear };
}

/** Adds the doubtful readings of an entry without repeating one already present. */
export function addReadings(list: ReadingNote[], id: string, readings: Reading[]): void {
  for (const r of readings) if (!list.some((x) => x.id === id && x.applied === r.applied)) list.push({ id, ...r });
}

/** Adds citations without repeating one already present. */
export function addCitation(list: Citation[], c: Citation): void {
  for (const x of list) if (x === c || (x.doc === c.doc && x.section === c.section && x.quote === c.quote)) return;
  list.push(c);
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
  if (byYear.size > 1000) byYear.clear();
  byYear.set(year, found);
  return found;
}
