// Deadlines, contacts, platforms and clause search: lookups over the indexed knowledge.
import { addCitation, type ContactEntry, inForce, type PolicyIndex, type RegionRules } from './index-kb';
import { regionOrError, regionRefusal } from './requirement';
import type { Contact, Deadline } from './schema';
import type {
  Citation,
  ContactInfo,
  ContactsResult,
  DeadlineInfo,
  DeadlinesResult,
  PlatformsResult,
  ProvisionsResult,
} from './types';

const dayCache = new Map<string, number>();
/** days since the epoch of a YYYY-MM-DD date (cached: the same few dates recur) */
function epochDay(iso: string): number {
  let d = dayCache.get(iso);
  if (d === undefined) {
    d = Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
    if (dayCache.size > 10_000) dayCache.clear();
    dayCache.set(iso, d);
  }
  return d;
}

export function daysBetween(from: string, to: string): number {
  return epochDay(to) - epochDay(from);
}

export function deadlines(
  ix: PolicyIndex,
  q: { region?: string; year?: number; today: string; event?: string },
): DeadlinesResult {
  const year = q.year ?? Number(q.today.slice(0, 4));
  const base = { kind: 'deadlines' as const, region: q.region ?? '', year, deadlines: [], trace: [], citations: [] };
  const r = regionOrError(ix, q.region);
  if (r.error) return { ...base, ...regionRefusal(r.error) };
  const list = r.rules.deadlines.filter((d) => d.year === year && (!q.event || d.event === q.event));
  const all = list.length ? list : r.rules.deadlines.filter((d) => d.year === year);
  if (all.length === 0) {
    const years = [...new Set(r.rules.deadlines.map((d) => d.year))].sort();
    return {
      ...base,
      status: 'not_recorded',
      trace: [
        `${r.rules.region.name}${year}年度的时间安排暂未收录${years.length ? `（已收录：${years.join('、')}年）` : ''}`,
      ],
    };
  }
  const citations: Citation[] = [];
  const infos: DeadlineInfo[] = all.map((d) => {
    addCitation(citations, ix.cite(d.source));
    return deadlineInfo(d, q.today);
  });
  const next = infos.filter((d) => d.daysLeft >= 0).sort((a, b) => a.date.localeCompare(b.date))[0];
  return { ...base, status: 'ok', deadlines: infos, next, citations };
}

/** The first deadline of a study year on or after today (deadlines are indexed in date order). */
export function nextDeadline(ix: PolicyIndex, region: string, year: number, today: string): DeadlineInfo | undefined {
  const d = ix.regions.get(region)?.deadlines.find((x) => x.year === year && x.date >= today);
  return d && deadlineInfo(d, today);
}

function deadlineInfo(d: Deadline, today: string): DeadlineInfo {
  return {
    id: d.id,
    year: d.year,
    event: d.event,
    date: d.date,
    start: d.start,
    time: d.time,
    label: d.label,
    who: d.who,
    daysLeft: daysBetween(today, d.date),
  };
}

const TOPIC_ORDER: Record<string, number> = { policy: 0, verification: 1, window: 2, tech: 3, platform: 4, base: 5 };

/** A question about the training bases (附件2 of a notice lists them with their lines). */
const BASE_ASKED = /基地/;

/** The name of an organisation as a user would say it: without brackets, region prefix or the base suffix. */
function coreNames(c: Contact, regionNames: string[]): string[] {
  const out: string[] = [];
  for (const name of [c.org, c.dept]) {
    if (!name) continue;
    const plain = name.replace(/（.*?）|\(.*?\)/g, '').replace(/(国家级|省级)?专业技术人员继续教育基地$/, '');
    let core = plain;
    for (const r of regionNames) core = core.replace(r, '');
    for (const n of [plain, core]) if (n.length >= 4 && !out.includes(n)) out.push(n);
  }
  // the words people use for whom the line serves (卫健委, 护士 for the health commission)
  for (const a of c.aliases ?? []) if (a.length >= 2 && !out.includes(a)) out.push(a);
  return out;
}

/** Contacts whose organisation the user named ("青海干部网络学院电话", "青海大学继续教育基地"); failing a full name,
 * the one contact with the longest name start the user wrote ("青海通信行业…基地"). */
function namedContacts(text: string, list: Contact[], regionNames: string[], fullOnly: boolean): Contact[] {
  const t = text.replace(/\s+/g, '');
  const full = list.filter((c) => coreNames(c, regionNames).some((n) => t.includes(n)));
  if (full.length || fullOnly) return full;
  // the longest start of a name that the user wrote, four characters at least, held by one contact only
  const prefixLength = (c: Contact) => {
    let best = 0;
    for (const n of coreNames(c, regionNames)) {
      let k = 0;
      while (k < n.length && t.includes(n.slice(0, k + 1))) k++;
      best = Math.max(best, k);
    }
    return best;
  };
  const scored = list.map((c) => ({ c, k: prefixLength(c) })).filter((x) => x.k >= 4);
  const top = Math.max(0, ...scored.map((x) => x.k));
  const best = scored.filter((x) => x.k === top);
  return best.length === 1 ? [best[0]!.c] : [];
}

/** The places of the region a text names (by name, alias or a shared short name), in the order written. */
function namedPlaces(rules: RegionRules, text: string): string[] {
  const t = text.replace(/\s+/g, '');
  const found: Array<{ id: string; at: number; end: number }> = [];
  for (const p of rules.region.places) {
    const names = [p.name, ...(p.aliases ?? []), ...(p.shared ?? [])].filter((n) => n.length >= 2);
    const hits = names.map((n) => ({ at: t.indexOf(n), end: t.indexOf(n) + n.length })).filter((h) => h.at >= 0);
    if (hits.length) found.push({ id: p.id, ...hits.sort((a, b) => a.at - b.at || b.end - a.end)[0]! });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.id);
}

/** The contacts of the latest notice up to the year (or, before every notice, of the first one). */
function contactsOfYear(rules: RegionRules, year: number | undefined): { entries: ContactEntry[]; year?: number } {
  const years = rules.contactYears;
  if (years.length === 0) return { entries: [] };
  let y = years[years.length - 1]!;
  if (year !== undefined) {
    const upTo = years.filter((x) => x <= year);
    y = upTo.length ? upTo[upTo.length - 1]! : years[0]!;
  }
  return { entries: rules.contactEntries.filter((e) => e.info.year === y), year: y };
}

export function contacts(
  ix: PolicyIndex,
  q: { region?: string; place?: string; topic?: string; year?: number; text?: string; corrected?: boolean },
): ContactsResult {
  const base = {
    kind: 'contacts' as const,
    region: q.region ?? '',
    place: q.place,
    contacts: [],
    trace: [],
    citations: [],
  };
  const r = regionOrError(ix, q.region);
  if (r.error) return { ...base, ...regionRefusal(r.error) };
  const rules = r.rules;
  const { entries, year: noticeYear } = contactsOfYear(rules, q.year);
  const all = entries.map((e) => e.contact);
  const entryOf = new Map(entries.map((e) => [e.contact, e]));
  const byTopic = (list: Contact[]) =>
    q.topic ? list.filter((c) => c.topic === q.topic) : list.filter((c) => c.topic !== 'base');
  const regionWide = (list: Contact[]) => list.filter((c) => c.place === rules.region.id);
  let list: Contact[] = [];
  let namedBy = 0;
  if (q.text) {
    const names = [rules.region.name, ...rules.region.aliases].sort((a, b) => b.length - a.length);
    // a place told (经开区) outweighs a name only partly written; a full name outweighs the place
    const placeTold = !!q.place && q.place !== rules.region.id;
    list = namedContacts(q.text, all, names, placeTold);
    const t = q.text.replace(/\s+/g, '');
    for (const c of list) for (const n of coreNames(c, names)) if (t.includes(n)) namedBy = Math.max(namedBy, n.length);
  }
  // "有哪些继续教育基地": the bases' lines, every one, when none is named
  if (!list.length && q.text && BASE_ASKED.test(q.text)) list = all.filter((c) => c.topic === 'base');
  const named = list.length > 0;
  // "邹城人社局电话多少，平台技术咨询电话呢": the place's own lines beside the line named, when the place is named too
  const placeName = q.place ? ix.places.get(q.place)?.name : undefined;
  const placeNamed = !!placeName && !!q.text?.includes(placeName.slice(0, 2));
  if (named && placeNamed && q.place !== rules.region.id && !list.some((c) => c.place === q.place)) {
    const parent = rules.region.places.find((p) => p.id === q.place)?.parent;
    const own = all.filter((c) => c.place === q.place && c.topic !== 'base');
    list.push(...(own.length ? own : all.filter((c) => c.place === parent && c.topic !== 'base')));
  }
  // a place of the region without a notice of its own, where other places have one (合肥 when only 六安's is recorded)
  const place = q.place ? ix.places.get(q.place) : undefined;
  const outsideOf =
    !named && place && place.id !== rules.region.id && rules.noticePlaces.length > 0 && !place.notice
      ? rules.noticePlaces
      : undefined;
  if (outsideOf) {
    // only the region's own lines: another city's lines do not serve this place (合肥 is not 六安)
    list = byTopic(regionWide(all));
  } else if (list.length === 0 && place && place.id !== rules.region.id) {
    list = byTopic(all.filter((c) => c.place === place.id));
    if (list.length === 0) {
      const parent = rules.region.places.find((p) => p.id === place.id)?.parent;
      if (parent) list = byTopic(all.filter((c) => c.place === parent));
    }
  }
  // "梁山县和嘉祥县人社局电话各是多少", "高新区和经开区的呢": every place named, each with its own lines
  const placesNamed = q.text && !q.corrected ? namedPlaces(rules, q.text) : [];
  if (placesNamed.length > 1)
    for (const id of placesNamed)
      for (const c of all) if (c.place === id && c.topic !== 'base' && !list.includes(c)) list.push(c);
  if (list.length === 0 && !outsideOf) list = byTopic(regionWide(all));
  if (list.length === 0 && q.topic && !outsideOf) list = regionWide(all);
  if (list.length === 0 && !outsideOf) list = all.filter((c) => c.topic !== 'base');
  const seen = new Set<string>();
  const citations: Citation[] = [];
  const infos: ContactInfo[] = [];
  // main line first, then by topic; a line whose numbers were all given already is not repeated
  const shown = new Set<string>();
  const sorted = [...list].sort(
    (a, b) => Number(!!b.primary) - Number(!!a.primary) || (TOPIC_ORDER[a.topic] ?? 9) - (TOPIC_ORDER[b.topic] ?? 9),
  );
  for (const c of sorted) {
    const e = entryOf.get(c)!;
    const key = c.phones.join(',');
    if (seen.has(key) || e.bare.every((p) => shown.has(p))) continue;
    seen.add(key);
    for (const p of e.bare) shown.add(p);
    addCitation(citations, ix.cite(c.source));
    infos.push(e.info);
  }
  return {
    kind: 'contacts',
    // a place outside the recorded notices with no region-wide line: nothing to give
    status: infos.length ? 'ok' : 'not_recorded',
    region: base.region,
    place: q.place,
    contacts: infos,
    named,
    namedBy,
    noticeYear,
    outside:
      outsideOf && place
        ? { place: place.name, noticePlaces: outsideOf.map((p) => ix.places.get(p)?.name ?? p) }
        : undefined,
    trace: [],
    citations,
  };
}

export function platforms(ix: PolicyIndex, q: { region?: string; year: number }): PlatformsResult {
  const base = { kind: 'platforms' as const, region: q.region ?? '', platforms: [], trace: [], citations: [] };
  const r = regionOrError(ix, q.region);
  if (r.error) return { ...base, ...regionRefusal(r.error) };
  let list = r.rules.platforms.filter((p) => inForce(p, q.year));
  if (list.length === 0) list = [...r.rules.platforms].sort((a, b) => b.from - a.from).slice(0, 3);
  const citations: Citation[] = [];
  for (const p of list) addCitation(citations, ix.cite(p.source));
  return {
    ...base,
    status: list.length ? 'ok' : 'not_recorded',
    platforms: list.map((p) => ({ name: p.name, url: p.url, use: p.use })),
    citations,
  };
}

/** Finds clauses by their keywords; longer keyword hits weigh more, newer notices win ties. */
export function searchProvisions(
  ix: PolicyIndex,
  q: { region?: string; text: string; year: number; limit?: number },
): ProvisionsResult {
  const base = { kind: 'provisions' as const, region: q.region ?? '', hits: [], trace: [], citations: [] };
  const regionIds = q.region ? [q.region] : [...ix.regions.keys()];
  if (q.region && !ix.regions.has(q.region)) return { ...base, status: 'not_covered' };
  const text = q.text.replace(/\s+/g, '');
  const scored: Array<{ p: import('./schema').Provision; score: number; matched: string[] }> = [];
  for (const id of regionIds) {
    for (const p of ix.regions.get(id)!.provisions) {
      let score = 0;
      const matched: string[] = [];
      for (const k of p.keywords)
        if (text.includes(k)) {
          score += k.length;
          matched.push(k);
        }
      if (score === 0) continue;
      // prefer what is in force for the year, then newer notices
      score += inForce(p, q.year) ? 0.5 : 0;
      score += p.from / 100_000;
      scored.push({ p, score, matched });
    }
  }
  scored.sort((a, b) => b.score - a.score);
  const top = scored.slice(0, q.limit ?? 2).filter((s, i) => i === 0 || s.score >= scored[0]!.score * 0.6);
  const citations: Citation[] = [];
  for (const s of top) addCitation(citations, ix.cite(s.p.source));
  return {
    ...base,
    status: top.length ? 'ok' : 'no_rule',
    hits: top.map((s) => ({
      id: s.p.id,
      topic: s.p.topic,
      summary: s.p.summary,
      score: Math.round(s.score * 100) / 100,
      matched: s.matched,
    })),
    citations,
  };
}
