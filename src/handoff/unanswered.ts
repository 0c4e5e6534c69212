// Messages the assistant did not answer (no answer, a misunderstanding, a hand-over, a year or place not
// recorded), kept per day for staff to review, and grouped by similar wording when read.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { KeyValueStore } from '../sessions/store';
import { normalizeSynonyms, segment } from '../text/segment';

export const UNANSWERED_KINDS = ['no_answer', 'misunderstood', 'handoff', 'not_recorded', 'out_of_scope'] as const;
export type UnansweredKind = (typeof UNANSWERED_KINDS)[number];

export const UNANSWERED_LABELS: Record<UnansweredKind, string> = {
  no_answer: '没答上',
  misunderstood: '理解错了',
  handoff: '转人工',
  not_recorded: '暂未收录',
  out_of_scope: '超出范围',
};

/** entries kept per day, and days kept */
export const MAX_PER_DAY = 300;
export const KEEP_DAYS = 30;

export const Unanswered = z.object({
  at: z.string(),
  text: z.string(),
  kind: z.enum(UNANSWERED_KINDS),
  /** what the assistant replied, shortened */
  reply: z.string(),
  region: z.string().optional(),
  /** a short one-way hash of the user id: counts people, names nobody */
  user: z.string(),
});
export type Unanswered = z.infer<typeof Unanswered>;

export interface UnansweredGroup {
  /** the wording seen most often */
  text: string;
  count: number;
  users: number;
  kinds: Partial<Record<UnansweredKind, number>>;
  regions: string[];
  lastAt: string;
  /** distinct wordings, newest first */
  examples: Array<{ text: string; at: string; kind: UnansweredKind; reply: string }>;
}

export function userTag(userId: string): string {
  return createHash('sha256').update(userId).digest('base64url').slice(0, 10);
}

/** Filler, question words and the words nearly every message has: they count little for likeness. */
const COMMON = new Set(
  '的 了 吗 呢 吧 啊 呀 么 是 有 我 我的 你 您 请问 一下 能 能不能 可以 可不可以 会 要 想 问 这个 那个 怎么 怎么样 怎样 什么 哪 哪里 哪儿 哪些 多少 几个 每年 年度 学时 继续教育'.split(
    ' ',
  ),
);
const COMMON_WEIGHT = 0.2;

/**
 * The words of a message for likeness: synonyms folded; places, years, numbers and single characters dropped;
 * a long word also by its character pairs (so 继续教育基地 meets 教育基地).
 */
export function meaningWords(text: string, placeWords: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  const plain = text.replace(/\d+\s*(?:年度?|月份?|日|号|天)/g, ' ');
  for (const w of normalizeSynonyms(segment(plain))) {
    if (w.length < 2 || placeWords.has(w) || /^[\d.]+$/.test(w)) continue;
    out.add(w);
    if (w.length >= 3 && /^[\u3400-\u9fff]+$/.test(w)) {
      for (let i = 0; i + 1 < w.length; i++) out.add(`~${w.slice(i, i + 2)}`);
    }
  }
  return out;
}

const weight = (w: string) => (COMMON.has(w) ? COMMON_WEIGHT : 1);

/** Weighted Jaccard: shared words over all words, common words weighing little. */
function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let common = 0;
  let all = 0;
  for (const x of a) {
    all += weight(x);
    if (b.has(x)) common += weight(x);
  }
  for (const x of b) if (!a.has(x)) all += weight(x);
  return all === 0 ? 0 : common / all;
}

/** Groups messages whose wording is alike (Jaccard over words and character pairs); biggest groups first. */
export function groupUnanswered(
  items: Unanswered[],
  placeWords: ReadonlySet<string>,
  threshold = 0.34,
): UnansweredGroup[] {
  const groups: Array<{ words: Set<string>; members: Unanswered[] }> = [];
  const sorted = [...items].sort((a, b) => b.at.localeCompare(a.at));
  for (const it of sorted) {
    const words = meaningWords(it.text, placeWords);
    let best: (typeof groups)[number] | undefined;
    let bestSim = threshold;
    for (const g of groups) {
      const s = similarity(words, g.words);
      if (s >= bestSim) {
        best = g;
        bestSim = s;
      }
    }
    if (best) best.members.push(it);
    else groups.push({ words, members: [it] });
  }
  return groups
    .map((g) => {
      const byText = new Map<string, number>();
      for (const m of g.members) byText.set(m.text, (byText.get(m.text) ?? 0) + 1);
      const text = [...byText.entries()].sort((a, b) => b[1] - a[1])[0]![0];
      const kinds: Partial<Record<UnansweredKind, number>> = {};
      for (const m of g.members) kinds[m.kind] = (kinds[m.kind] ?? 0) + 1;
      const examples: UnansweredGroup['examples'] = [];
      for (const m of g.members) {
        if (examples.length >= 5) break;
        if (!examples.some((e) => e.text === m.text))
          examples.push({ text: m.text, at: m.at, kind: m.kind, reply: m.reply });
      }
      return {
        text,
        count: g.members.length,
        users: new Set(g.members.map((m) => m.user)).size,
        kinds,
        regions: [...new Set(g.members.map((m) => m.region).filter((r): r is string => !!r))],
        lastAt: g.members[0]!.at,
        examples,
      };
    })
    .sort((a, b) => b.count - a.count || b.users - a.users || b.lastAt.localeCompare(a.lastAt));
}

function addDays(iso: string, n: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

export class UnansweredLog {
  constructor(
    private readonly store: KeyValueStore,
    private readonly prefix = 'jxjy:unanswered:',
  ) {}

  private async day(day: string): Promise<Unanswered[]> {
    const raw = await this.store.get(this.prefix + day);
    if (raw === undefined) return [];
    try {
      const r = z.array(Unanswered).safeParse(JSON.parse(raw));
      return r.success ? r.data : [];
    } catch {
      return [];
    }
  }

  /** Adds one entry to the day's list (the oldest dropped past MAX_PER_DAY). */
  async add(today: string, entry: Unanswered): Promise<void> {
    const key = this.prefix + today;
    await this.store.withLock(`${key}:lock`, async () => {
      const list = await this.day(today);
      list.push(entry);
      await this.store.set(key, JSON.stringify(list.slice(-MAX_PER_DAY)), KEEP_DAYS * 86_400);
    });
  }

  /** Entries of the last `days` days up to today, newest first. */
  async recent(today: string, days = 7): Promise<Unanswered[]> {
    const n = Math.min(Math.max(1, Math.floor(days)), KEEP_DAYS);
    const out: Unanswered[] = [];
    for (let i = 0; i < n; i++) out.push(...(await this.day(addDays(today, -i))));
    return out.sort((a, b) => b.at.localeCompare(a.at));
  }
}
