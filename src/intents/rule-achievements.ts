// Achievements in a message: activity kinds by keyword, then their slots (rank, days, level…) from the same clause.
import type { Achievement, AchievementSlot, ActivityKind } from '../domain/vocab';
import {
  ALLOWED_SLOTS,
  CERTIFICATE_PATTERNS,
  EXCLUDED_ACTIVITY,
  INDEXING_RE,
  KIND_PATTERNS,
  LEVEL_BY_KIND,
  LEVEL_FALLBACK_BY_KIND,
  LEVEL_PATTERNS,
  PRIZE_PATTERNS,
  SUPPRESSES,
} from './lexicon';
import { cnToNumber, readDays, readHours, readMonths } from './numbers';

type Attrs = Omit<Achievement, 'kind'>;
interface Mention {
  kind: ActivityKind;
  start: number;
  end: number;
}

const CLAUSE_SPLIT = /[,，。;；!！?？\n\s]+|还有|另外|此外|同时还?|以及|并且|另有/g;
const CONF_PAPER =
  /(?:没有|没|未|无|并未|不)(?:报告|交流|宣读|提交|带|投|交)?(?:了)?(?:学术|会议)?论文|(?:报告|交流|宣读|提交|带|投|交)(?:了)?(?:\d篇)?(?:\d+\s*千?字(?:以[上内下])?的?)?(?:学术|会议)?论文(?:\d+\s*千?字(?:以[上内下])?)?|论文(?:大概|大约|约|有|是|共|一共)?[\d一二两三四五六七八九十]+\s*千?(?:多|余)?字(?:以[上内下]|左右)?/g;
const CONF_WORD = /学术会议|学术交流|研讨会|年会|论坛|交流会|(?<!两)会议(?!论文)/;

function mask(s: string, start: number, end: number): string {
  return s.slice(0, start) + '□'.repeat(end - start) + s.slice(end);
}

/** Finds the activity kinds named in a clause, after masking excluded activities and conference papers. */
export function findKinds(clause: string, conferenceContext = false): Mention[] {
  let s = clause.replace(EXCLUDED_ACTIVITY, (m) => '□'.repeat(m.length));
  if (conferenceContext || CONF_WORD.test(s)) s = s.replace(CONF_PAPER, (m) => '□'.repeat(m.length));
  const found: Mention[] = [];
  for (const { kind, re } of KIND_PATTERNS) {
    re.lastIndex = 0;
    for (const m of s.matchAll(re)) {
      found.push({ kind, start: m.index, end: m.index + m[0].length });
      s = mask(s, m.index, m.index + m[0].length);
    }
  }
  const kinds = new Set(found.map((f) => f.kind));
  const suppressed = new Set<ActivityKind>();
  for (const k of kinds) for (const t of SUPPRESSES[k] ?? []) if (t !== k) suppressed.add(t);
  const kept = found.filter((f) => !suppressed.has(f.kind)).sort((a, b) => a.start - b.start);
  const out: Mention[] = [];
  for (const f of kept) {
    const prev = out.filter((o) => o.kind === f.kind).pop();
    if (!prev) out.push(f);
    else if (/和|及|与|、|还|另|又/.test(s.slice(prev.end, f.start)) && out[out.length - 1] === prev) out.push(f);
  }
  return out;
}

const CONNECTOR = /(?:和|及|与|还|又|并|另|、|参加|获得|发表|出版|取得|主持|有)/g;

function firstMatch<T>(s: string, list: Array<[RegExp, T]>): T | undefined {
  for (const [re, v] of list) if (re.test(s)) return v;
  return undefined;
}

function readRank(s: string): number | undefined {
  let m = /第\s*(\d+)\s*(?:名|位|作者|发明人|起草人|主持人|完成人|获奖人|起草|顺位|个)?/.exec(s);
  if (m) return Number(m[1]);
  m = /排(?:名|在|序|行)?(?:第)?\s*(\d+)/.exec(s);
  if (m) return Number(m[1]);
  m = /(?:名次|位次|顺位)(?:是|为|在)?\s*(\d+)(?![\d.]*\s*(?:天|个|小时|年|月))/.exec(s);
  if (m) return Number(m[1]);
  m = /([一二三四五六七八九1-9])作(?!者|品|业|用|为)/.exec(s);
  if (m) return '一二三四五六七八九'.indexOf(m[1]!) + 1 || Number(m[1]);
  return undefined;
}

// "青海 行业标准 2", "安徽 实用新型 3": in a terse query a bare trailing number is the rank of a ranked item
const BARE_RANK_KINDS = new Set<ActivityKind>(['patent', 'standard', 'award', 'report']);
function bareRank(s: string, kind: ActivityKind, count: number | undefined): number | undefined {
  if (!BARE_RANK_KINDS.has(kind) || count !== undefined) return undefined;
  const m = /(?<![\d.第排a-zA-Z])(\d{1,2})$/.exec(s.trim());
  return m ? Number(m[1]) : undefined;
}

function readCount(s: string, kind: ActivityKind): number | undefined {
  if (kind === 'conference' || kind === 'lecture') {
    const c = /(?<![\d.第排])(\d+)\s*(?:次|场|堂|个(?=会|讲|报告))/.exec(s);
    return c ? Number(c[1]) : undefined;
  }
  // "又过了1门 一共5门": the total told is the count
  const total = /(?:总共|一共|合计|共计|总计)\s*(\d+)\s*(?:篇|部|本|项|件|门|个模块|模块|科|个)/.exec(s);
  if (total) return Number(total[1]);
  const m =
    /(?<![\d.第排])(\d+)\s*(?:篇|部|本|项|件|门|次|个模块|模块|科|场|期|套|个(?=$|[,，。\s□]|都|全)|个(?=.{0,4}(?:专利|课题|项目|证|软著|标准|成果|奖|著作权|模块|课件))|个(?!学时|小时|课时)(?=[^\d,，。]{0,8}(?:课件|网课)))/.exec(
      s,
    );
  if (m) return Number(m[1]);
  // "软著 3", "自考过了2": a bare number is a count for kinds with no rank or duration to read it as
  const slots = ALLOWED_SLOTS[kind];
  if (!['rank', 'days', 'hours', 'months'].some((k) => slots.includes(k as AchievementSlot))) {
    const bare = /(?<![\d.第排a-zA-Z])(\d{1,2})\s*$/.exec(s.trim());
    if (bare) return Number(bare[1]);
  }
  return undefined;
}

const PER_TIME =
  /每(?:次|场|堂|节)(?:课)?(?:都)?(?:讲|上|授课|讲课)?(?:了)?(?:大概|约|大约)?\s*(\d+(?:\.\d+)?)\s*个?(?:小时|钟头)/;
const PER_DAY =
  /(?:每天|每日|一天|1天|每1天)(?:都)?(?:工作|学习|培训|上课|讲课|授课|阅卷|评审)?(?:了)?(?:大概|约|大约)?\s*(\d+(?:\.\d+)?)\s*个?(?:小时|钟头|课时|学时)/;

function readDocumentedHours(s: string): number | undefined {
  for (const m of s.matchAll(/(?<![\d.])(\d+(?:\.\d+)?)\s*个?学时(?![吗么])/g)) {
    const before = s.slice(Math.max(0, m.index - 4), m.index);
    if (/算|认定|抵|折|要|需|差|够|给|多少|几/.test(before)) continue;
    return Number(m[1]);
  }
  return undefined;
}

function readAuthorship(s: string, rank: number | undefined): Achievement['authorship'] {
  if (/通讯作者/.test(s) && !/(?:不是|非|没|并非|不算)(?:有)?.{0,2}通讯/.test(s)) return 'corresponding';
  // "我不是第一作者": another author, although 第一作者 is named
  if (/(?:不是|非|并非|不算)(?:第1作者|1作|第1名)/.test(s)) return 'other';
  if (/第1作者|一作|第1名|排(?:名|在)?第?1(?!\d)/.test(s) || rank === 1) return 'first';
  if (rank !== undefined && rank > 1) return 'other';
  if (/其他作者|其它作者|非第1作者|不是第1|参与作者|普通作者/.test(s)) return 'other';
  if (
    /独著|独立|独撰|独自|一个人|1个人|个人独|单独|自己一个|独作|(?:我|都是我?)自己(?:写|撰写|完成|发表)|自己写|自己(?:一个人)?(?:出版?|发|编|著)了?(?![钱资费])/.test(
      s,
    )
  )
    return 'solo';
  if (/合作|合著|与他人|和别人|跟别人|和同事|跟同事|与同事|共同|联合|合写|合编|和他人|跟人/.test(s)) return 'coauthor';
  return undefined;
}

function readRole(s: string): Achievement['role'] {
  if (/非主持|不是主持|没主持|不是负责人|非负责人|不是第1主持/.test(s)) return 'member';
  // "其他参与人员，不是前三名": a participant outside the main completers
  if (/(?:不是|不在|非|没进|没有进|不属于)(?:主要完成人|前3名?|前3)|前3名?(?:以外|之外|以后|后面)/.test(s))
    return 'member';
  // "第二主持人": not the first host, so one of the other members (main completers)
  if (/第\s*(?:[2-9]|\d{2,})\s*(?:主持人|负责人)/.test(s)) return 'main';
  if (/第1主持人|主持人|主持|负责人|牵头|项目负责/.test(s)) return 'host';
  if (/主要完成人|主要参与|核心成员|前3名/.test(s)) return 'main';
  if (/参与|成员|参加|其他人员|组员|一般人员/.test(s)) return 'member';
  return undefined;
}

function readPaperLength(s: string): Achievement['paper'] {
  if (/(?:没有|没|未|无|不|并未|没交|没带)(?:报告|交流|宣读|提交|带|投)?(?:了)?(?:学术|会议)?论文/.test(s))
    return 'none';
  if (/2000字以上|超过2000|2000多字|2000余字/.test(s)) return 'long';
  if (/2000字以[内下]|不到2000|不足2000|少于2000/.test(s)) return 'short';
  const k = /([\d一二两三四五六七八九十]+)\s*千(?:多|余)?字/.exec(s);
  const m = /(\d+)\s*(?:多|余)?字/.exec(s);
  const thousands = k ? (/^\d+$/.test(k[1]!) ? Number(k[1]) : cnToNumber(k[1]!)) : undefined;
  const n = thousands !== undefined ? thousands * 1000 : m ? Number(m[1]) : undefined;
  if (n !== undefined) return n > 2000 ? 'long' : 'short';
  if (/只参会|光参会|只是参会|只听/.test(s)) return 'none';
  if (/(?:报告|宣读|交流|提交|带)(?:了)?(?:一篇|篇)?(?:学术)?论文|论文.{0,4}(?:报告|宣读|交流)/.test(s))
    return 'presented';
  return undefined;
}

function readSubject(s: string): Achievement['subject'] {
  if (/公需.{0,3}(?:还是|和|与|及|或).{0,4}专业|专业.{0,3}(?:还是|和|与|及|或).{0,4}公需/.test(s)) return undefined;
  // both subjects named ("公需专业能认定多少"): the user asks for both, not one
  if (/公需/.test(s) && /专业(?!技术|技能|著作|期刊|领域|相关|性|书|人才|人员)/.test(s)) return undefined;
  const pub = /公需/.test(s);
  const pro = /专业(?:科目|课|学时|的学时)|(?:抵扣|算|计入|折算|算作|抵)专业/.test(s);
  if (pub && !pro) return 'public';
  if (pro && !pub) return 'professional';
  return undefined;
}

/** Reads every slot the segment states, keeping only those that make sense for the kind. */
export function readAttrs(seg: string, kind: ActivityKind): Attrs {
  const allowed = new Set<AchievementSlot>(ALLOWED_SLOTS[kind]);
  const a: Attrs = {};
  const rank = readRank(seg);
  if (allowed.has('count')) a.count = readCount(seg, kind);
  if (allowed.has('rank')) a.rank = rank ?? bareRank(seg, kind, a.count);
  if (allowed.has('days')) a.days = readDays(seg);
  if (allowed.has('hours')) a.hours = readHours(seg) ?? (kind === 'lecture' ? undefined : readDocumentedHours(seg));
  if (kind === 'lecture' && a.hours === undefined) a.hours = readDocumentedHours(seg);
  if (allowed.has('months')) a.months = readMonths(seg);
  if (allowed.has('level'))
    a.level =
      firstMatch(seg, LEVEL_BY_KIND[kind] ?? []) ??
      firstMatch(seg, LEVEL_PATTERNS) ??
      firstMatch(seg, LEVEL_FALLBACK_BY_KIND[kind] ?? []);
  if (allowed.has('role')) a.role = readRole(seg);
  if (allowed.has('authorship')) a.authorship = readAuthorship(seg, rank);
  if (allowed.has('indexing')) {
    const m = INDEXING_RE.exec(seg);
    if (m) a.indexing = m[1]!.toUpperCase() as Achievement['indexing'];
    // "普通期刊": not indexed, so a follow-up clears an index told before
    else if (/普通(?:期刊|刊物|杂志)|一般(?:期刊|刊物)|普刊|(?:没|未|没有)(?:被)?(?:SCI|EI|收录)/i.test(seg))
      a.indexing = 'none';
  }
  if (allowed.has('prize')) a.prize = firstMatch(seg, PRIZE_PATTERNS);
  if (allowed.has('patentType')) {
    a.patentType = /发明(?!人)/.test(seg)
      ? 'invention'
      : /实用新型|新型|实用(?![性价])/.test(seg)
        ? 'utility'
        : /外观/.test(seg)
          ? 'design'
          : undefined;
  }
  if (allowed.has('certificate')) a.certificate = firstMatch(seg, CERTIFICATE_PATTERNS);
  if (allowed.has('langGrade')) {
    const m = /(?<![a-zA-Z])([ABCabc])\s*(?:级|类)/.exec(seg) ?? /(?<![a-zA-Z])([ABC])(?![a-zA-Z])/.exec(seg);
    if (m) a.langGrade = m[1]!.toUpperCase() as Achievement['langGrade'];
  }
  if (allowed.has('paper')) a.paper = readPaperLength(seg);
  if (allowed.has('abroad') && /出国|国外|境外|国\(境\)外|海外|国际(?!注册)|出境/.test(seg)) a.abroad = true;
  if (allowed.has('completed')) {
    if (
      /未结|没结|还没结|在研|尚未|还没完成|没有结|未完成|没完成|还没验收|未验收|还在做|正在做|在做|进行中|还没做完/.test(
        seg,
      )
    )
      a.completed = false;
    else if (/结题|结项|验收|已完成|完成了|完成并|已经完成/.test(seg)) a.completed = true;
  }
  if (allowed.has('subject')) a.subject = readSubject(seg.replace(/优质(?:在线)?公需课/g, ''));
  // ranks of papers and books are authorship: 第一作者 is first; 第N作者 (N>1) is other, rank N
  if ((kind === 'paper' || kind === 'book') && a.rank === 1) delete a.rank;
  if (kind === 'project' && a.role === 'host' && a.rank === 1) delete a.rank;
  for (const k of Object.keys(a) as AchievementSlot[]) if (a[k] === undefined) delete a[k];
  return a;
}

function conflicts(a: Attrs, b: Attrs): boolean {
  for (const k of Object.keys(b) as AchievementSlot[]) {
    if (a[k] !== undefined && b[k] !== undefined && a[k] !== b[k]) return true;
  }
  return false;
}

/** Splits a clause naming several kinds at the connector before each later kind. */
function segments(clause: string, mentions: Mention[]): Array<{ kind: ActivityKind; text: string }> {
  if (mentions.length === 1) return [{ kind: mentions[0]!.kind, text: clause }];
  const cuts: number[] = [0];
  for (let i = 1; i < mentions.length; i++) {
    const from = mentions[i - 1]!.end;
    const to = mentions[i]!.start;
    let cut = to;
    const between = clause.slice(from, to);
    let last = -1;
    for (const m of between.matchAll(CONNECTOR)) last = m.index;
    if (last >= 0) cut = from + last;
    cuts.push(Math.max(cut, cuts[cuts.length - 1]!));
  }
  cuts.push(clause.length);
  return mentions.map((m, i) => ({ kind: m.kind, text: clause.slice(cuts[i], cuts[i + 1]) }));
}

export interface ExtractOptions {
  /** a kind to use when the message names none (the question just asked was about it) */
  impliedKind?: string;
  /** read "没有论文" as a conference paper slot (a conference is being talked about) */
  conference?: boolean;
}

const ADDITIVE = /[,，。;；\s]*(?:还有|另外|此外|另有|再加上|加上|再加(?!半|起来))/g;
const ADDED_ITEM = /^\d+\s*(?:篇|项|部|本|个|件)/;
const SUB_ITEM = /^(?:其中|另)?(?:1|一)(?:项|篇|部|本|个)(?!\d)/;
const SUB_COUNT = /^(?:其中)?\d+\s*(?:篇|项|部|本|个)/;
const EACH = /各(\d+)\s*(?:项|篇|部|本|个|件)/;

/** All achievements of a message (digitised, years masked). */
export function extractAchievements(input: string, opts: ExtractOptions = {}): Achievement[] {
  // "参加学术年会 作了报告 论文3000字": at a conference, a report with a paper and no duration is the paper presented
  const atConference = CONF_WORD.test(input) || opts.impliedKind === 'conference' || opts.conference === true;
  const text =
    atConference && /论文/.test(input) && readHours(input) === undefined && !/授课|讲课|讲座/.test(input)
      ? input.replace(/(?:做|作)了?(?:学术|专题)?报告(?!人|会)/g, '报告了论文')
      : input;
  // "1篇独著1篇合作", "1项排第1 1项排第3": each counted item starts a clause of its own
  // ("外语 B": a grade typed apart from its exam stays with it)
  const split = text
    .replace(/(外语|英语)\s+(?=[ABC](?![a-zA-Z]))/g, '$1')
    .replace(/(\d+\s*(?:篇|项|部|本)[^\d,，。;；\s]{1,8}?)(?=\d+\s*(?:篇|项|部|本))/g, '$1，');
  // "还有一篇合作的": an item added to the ones told, never a part of the last one
  const marked = split.replace(ADDITIVE, '，＋');
  const clauses = marked
    .split(CLAUSE_SPLIT)
    .map((c) => c.trim())
    .filter(Boolean);
  const out: Achievement[] = [];
  let pending = '';
  let template: Achievement | undefined;
  let breakdown: { base: Achievement; left: number } | undefined;
  const conferenceContext = CONF_WORD.test(text) || opts.impliedKind === 'conference' || opts.conference === true;
  for (const raw of clauses) {
    const additive = raw.startsWith('＋');
    const clause = additive ? raw.slice(1) : raw;
    if (!clause) continue;
    const mentions = findKinds(clause, conferenceContext);
    if (mentions.length === 0) {
      const last = out[out.length - 1];
      if (additive && last && ADDED_ITEM.test(clause)) {
        const extra = readAttrs(clause, last.kind);
        if (Object.keys(extra).length > 0) {
          out.push({ kind: last.kind, ...extra });
          template = undefined;
          continue;
        }
      }
      const sub = SUB_ITEM.test(clause) && last && (last.count ?? 0) > 1 ? last : undefined;
      if (sub || (last && template && SUB_ITEM.test(clause) && template.kind === last.kind)) {
        const base = template ?? { ...sub! };
        template = base;
        const extra = readAttrs(clause, base.kind);
        const item: Achievement = { ...base, ...extra, count: extra.count ?? 1 };
        if (sub) out[out.length - 1] = item;
        else out.push(item);
        continue;
      }
      if (last) {
        const extra = readAttrs(clause, last.kind);
        // a later, more precise authorship (我是第一作者) refines 合作
        const refine = last.authorship === 'coauthor' && extra.authorship && extra.authorship !== 'solo';
        // "参加…课题 … 主持人": the later, explicit role wins over 参加
        const host = last.role === 'member' && (extra.role === 'host' || extra.role === 'main');
        Object.assign(last, { ...extra, ...stripUndef(last) });
        if (refine) last.authorship = extra.authorship;
        if (host) last.role = extra.role;
        // "报告了论文，论文1500字": the length refines a paper known only as presented
        if (last.paper === 'presented' && (extra.paper === 'short' || extra.paper === 'long')) last.paper = extra.paper;
      } else pending += ` ${clause}`;
      continue;
    }
    template = undefined;
    const each = EACH.exec(clause);
    const before = out.length;
    for (const seg of segments(clause, mentions)) {
      const attrs = readAttrs(`${pending} ${seg.text}`, seg.kind);
      pending = '';
      const last = out[out.length - 1];
      // "论文3篇 1篇第一作者 2篇第二作者": counted parts of the item just told
      const sub = additive ? null : SUB_COUNT.exec(clause);
      if (sub && mentions.length === 1 && attrs.count !== undefined) {
        if (breakdown && breakdown.base.kind === seg.kind && breakdown.left >= attrs.count) {
          breakdown.left -= attrs.count;
          out.push({ ...breakdown.base, ...attrs });
          continue;
        }
        if (last && last.kind === seg.kind && (last.count ?? 0) > attrs.count) {
          const { count: total, ...base } = last;
          breakdown = { base, left: total! - attrs.count };
          out[out.length - 1] = { ...base, ...attrs };
          continue;
        }
      }
      breakdown = undefined;
      if (last && last.kind === seg.kind && last.authorship === 'coauthor' && attrs.authorship) {
        last.authorship = attrs.authorship;
        delete attrs.authorship;
      }
      if (last && last.kind === seg.kind && !conflicts(last, attrs)) Object.assign(last, attrs);
      else out.push({ kind: seg.kind, ...attrs });
    }
    // 各一项: the count applies to every item of the clause
    if (each) {
      for (const a of out.slice(before)) if (ALLOWED_SLOTS[a.kind].includes('count')) a.count = Number(each[1]);
    }
  }
  mergeAbsorbed(out);
  // "又考了4个 总共7个": the total told wins over the increment for the one counted item
  const total = /(?:总共|一共|合计|共计|总计)\s*(\d+)\s*(?:篇|部|本|项|件|门|个模块|模块|科|个)/.exec(text);
  const countable = out.filter((a) => ALLOWED_SLOTS[a.kind].includes('count'));
  if (total && countable.length === 1) countable[0]!.count = Number(total[1]);
  // "2天，每天工作8小时": hours per day times the days is the total
  const perDay = PER_DAY.exec(text);
  const timed = out.filter((a) => a.days !== undefined && a.hours !== undefined);
  if (perDay && timed.length === 1 && timed[0]!.hours === Number(perDay[1]))
    timed[0]!.hours = timed[0]!.days! * timed[0]!.hours!;
  // "讲了2次课，每次2小时": hours per session times the sessions
  const perTime = PER_TIME.exec(text);
  const counted = out.filter((a) => (a.count ?? 0) > 1 && a.hours !== undefined);
  if (perTime && counted.length === 1 && counted[0]!.hours === Number(perTime[1]))
    counted[0]!.hours = counted[0]!.count! * counted[0]!.hours!;
  if (out.length === 0 && opts.impliedKind && pending.trim()) {
    const kind = opts.impliedKind as ActivityKind;
    if (ALLOWED_SLOTS[kind]) {
      const attrs = readAttrs(pending, kind);
      if (Object.keys(attrs).length > 0) out.push({ kind, ...attrs });
    }
  }
  return out;
}

/** "当裁判三天 市级技能大赛": an item a kind of another clause absorbs gives that item its level and subject. */
function mergeAbsorbed(out: Achievement[]): void {
  for (let i = out.length - 1; i >= 0; i--) {
    const b = out[i]!;
    const extra = Object.keys(b).filter((k) => k !== 'kind');
    if (extra.some((k) => k !== 'level' && k !== 'subject')) continue;
    const a = out.find((x) => x !== b && (SUPPRESSES[x.kind] ?? []).includes(b.kind));
    if (!a) continue;
    for (const k of extra as Array<'level' | 'subject'>) {
      if (a[k] === undefined && ALLOWED_SLOTS[a.kind].includes(k)) (a as Record<string, unknown>)[k] = b[k];
    }
    out.splice(i, 1);
  }
}

function stripUndef<T extends object>(o: T): Partial<T> {
  const r: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (r as Record<string, unknown>)[k] = v;
  return r;
}

/** Words that imply a kind on their own (发明的 → patent), for bare answers. */
export function impliedKindOf(text: string, lastKinds: string[] = []): ActivityKind | undefined {
  if (/发明(?!人)|实用新型|外观设计|外观/.test(text)) return 'patent';
  if (/国家标准|行业标准|省级标准|地方标准/.test(text)) return 'standard';
  // authorship words after a paper or book question refine that item (the follow-up reads them)
  if (lastKinds.includes('paper') || lastKinds.includes('book')) return undefined;
  // "合著 第二作者", "独著 1本": a co-written work or one counted in 本 / 部 is a book; other authorship, a paper
  if (/合著|合编|(?<![\d.])\d+\s*(?:本|部)(?![门分])/.test(text)) return 'book';
  if (/独著|通讯作者|第\d作者|一作|其他作者|其它作者/.test(text)) return 'paper';
  return undefined;
}
