// Answering a question (a frame) with the policy core: one function per topic. A missing fact becomes one
// question (the open question); a figure comes with what was understood and its 依据.
import type { ChatReply } from '../chat/types';
import { type Achievement, LEVEL_PARENT } from '../domain/vocab';
import type { Topic } from '../intents/command';
import type { Policy } from '../policy';
import type { AnswerCase, Citation, Missing, PolicyResult } from '../policy/types';
import { formatHours } from '../policy/words';
import { describeItem, echoLine, withEcho } from './echo';
import { remember } from './facts';
import { CAPABILITIES, optionLabel, question } from './prompts';
import {
  basis,
  join,
  renderCases,
  renderContacts,
  renderConversion,
  renderConversionCases,
  renderDeadlines,
  renderEligibility,
  renderKind,
  renderPlatforms,
  renderProgress,
  renderProgressCases,
  renderProvisions,
  renderRequirement,
} from './render';
import { type Frame, SELF, type Session, type Told } from './state';

export interface DialogDeps {
  policy: Policy;
  /** YYYY-MM-DD */
  today: string;
  /** epoch ms, for the open question's lifetime */
  now: number;
}

/** What answering one frame needs besides the frame. */
export interface Ctx {
  session: Session;
  deps: DialogDeps;
  /** numbers the reader could not place (a rank or a count?) */
  unplaced: Array<{ value: number; words: string }>;
}

/** The reply's intent names, as clients know them. */
export const INTENT_OF: Record<Topic, string> = {
  convert: 'convert',
  cap: 'policy_question',
  subject: 'policy_question',
  requirement: 'requirement',
  progress: 'progress',
  eligibility: 'eligibility',
  deadline: 'deadline',
  contact: 'contact',
  platform: 'platform',
  clause: 'policy_question',
};

export function reply(text: string, intent: string, extra: Partial<ChatReply> = {}): ChatReply {
  return { reply: text, intent, citations: [], ...extra };
}

export function regionName(deps: DialogDeps, id: string): string {
  return deps.policy.index.regions.get(id)?.region.name ?? id;
}

export function coveredNames(deps: DialogDeps): string {
  return [...deps.policy.index.regions.values()].map((r) => r.region.name).join('、');
}

/** Hotline lines for a region (policy consultation first), as a short block. */
export function hotline(
  deps: DialogDeps,
  region?: string,
  place?: string,
  text?: string,
): { text: string; citations: ChatReply['citations'] } {
  if (!region)
    return { text: `目前可查询：${coveredNames(deps)}。其他地区请咨询当地人力资源社会保障部门。`, citations: [] };
  const r = deps.policy.contacts({ region, place, topic: 'policy' });
  // "西宁市医院护士…": the line of the user's own field (省卫健委) first, when the question names it
  const own = text ? deps.policy.contacts({ region, text }) : undefined;
  const named = own?.named ? own.contacts.slice(0, 2) : [];
  const lines = [...named, ...r.contacts].filter(
    (c, i, all) => all.findIndex((x) => x.org === c.org && x.dept === c.dept) === i,
  );
  const list = lines.slice(0, 3).map((c) => `${c.org}${c.dept ? c.dept : ''} ${c.phones.join('、')}`);
  const citations = named.length && own ? [...own.citations, ...r.citations] : r.citations;
  return { text: list.length ? `可拨打咨询电话：${list.join('；')}` : '请咨询当地人社部门。', citations };
}

function yearOf(frame: Frame, deps: DialogDeps): number {
  return frame.facts.year ?? Number(deps.today.slice(0, 4));
}

/**
 * Sets the open question and returns it as the reply. `preface`: the answer in each case, shown before the question,
 * so that one who cannot tell still has the figures.
 */
export function ask(
  frame: Frame,
  m: Missing,
  ctx: Ctx,
  label?: string,
  preface?: { text: string; citations: Citation[] },
): ChatReply {
  const q = question(m, coveredNames(ctx.deps), label);
  ctx.session.pending = {
    frame,
    awaiting: { slot: m.slot, kind: m.kind, options: m.options, item: m.item },
    question: q,
    askedAt: ctx.deps.now,
    tries: 0,
  };
  const options = m.options?.map((o) => optionLabel(m.slot, o));
  const cited = preface?.text ? preface.citations : [];
  return reply(join(preface?.text, cited.length ? basis(cited) : '', q), INTENT_OF[frame.topic], {
    awaiting: { slot: m.slot, question: q, options },
    citations: cited,
  });
}

/** The citations of the cases shown (each case's own clause), else the answer's. */
function casesCited(cases: AnswerCase[], fallback: Citation[]): Citation[] {
  const out: Citation[] = [];
  for (const c of cases)
    if (c.citation && !out.some((x) => x.doc === c.citation!.doc && x.section === c.citation!.section))
      out.push(c.citation);
  return out.length ? out : fallback;
}

/** A computed answer: the figure first, what was understood, then the rest; the frame becomes the last answer. */
function done(frame: Frame, r: PolicyResult, body: string, ctx: Ctx, region: string): ChatReply {
  const { session, deps } = ctx;
  keepAnswered(frame, session);
  if (!frame.hypothetical && frame.topic === 'convert') keepInLedger(frame, ctx);
  const person = frame.person === SELF ? undefined : session.people[frame.person]?.label;
  const place = frame.facts.where?.place
    ? (deps.policy.index.placeName(frame.facts.where.place) ?? undefined)
    : undefined;
  const echo = echoLine(frame, { region: regionName(deps, region), place, person, year: yearOf(frame, deps) });
  const showEcho = frame.topic === 'convert' || frame.topic === 'progress' || frame.topic === 'eligibility' || person;
  let text = showEcho ? withEcho(body, echo) : body;
  if (frame.hypothetical) text = `（假设情况）${text}\n以上按假设计算，未记入您的信息。`;
  return reply(text, INTENT_OF[frame.topic], { result: r, citations: r.citations });
}

/** The question answered: the last one of its person, or, as a what-if, kept apart until the real facts come. */
export function keepAnswered(frame: Frame, session: Session): void {
  if (!frame.hypothetical) {
    session.last[frame.person] = frame;
    if (session.whatIf) delete session.whatIf[frame.person];
  } else session.whatIf = { ...session.whatIf, [frame.person]: frame };
}

/** Whose record a question is about: the user's profile or a colleague's. */
export function toldOf(session: Session, person: string): Told | undefined {
  return person === SELF ? session.profile : session.people[person];
}

/** A conversion answered counts towards what is left that year; a correction replaces it. */
function keepInLedger(frame: Frame, ctx: Ctx): void {
  const who = toldOf(ctx.session, frame.person);
  if (!who) return;
  const year = yearOf(frame, ctx.deps);
  // the same items asked about again ("算公需还是专业") are one achievement, not two
  const key = (items: Achievement[]) => JSON.stringify(items.map(({ subject: _s, ...rest }) => rest));
  const same = key(frame.facts.items);
  const rest = (who.ledger ?? []).filter((e) => e.id !== frame.id && !(e.year === year && key(e.items) === same));
  who.ledger = [...rest, { id: frame.id, year, items: structuredClone(frame.facts.items) }].slice(-20);
}

function notRecorded(frame: Frame, r: PolicyResult, what: string, ctx: Ctx, region: string): ChatReply {
  keepAnswered(frame, ctx.session);
  const place = frame.facts.where?.place ?? ctx.session.profile.place;
  const h = hotline(ctx.deps, region, place);
  const body = join(
    `暂未收录${regionName(ctx.deps, region)}${what}，无法给出准确数字。`,
    r.trace.find((t) => t.includes('已收录')) ?? '',
    h.text,
  );
  return reply(body, INTENT_OF[frame.topic], { result: r, citations: h.citations });
}

/** Answers one question. */
export function answer(frame: Frame, ctx: Ctx): ChatReply {
  const { session, deps } = ctx;
  const where = frame.facts.where;
  const uncovered =
    where?.uncovered ?? (!where?.region && !session.profile.region ? session.profile.uncovered : undefined);
  remember(session, frame);
  if (uncovered) return notCovered(frame, uncovered, ctx);
  const told = where?.region ?? session.profile.region ?? regionOfNamedContact(deps, frame);
  const only = told ? undefined : regionOfOnlyRule(deps, frame);
  const region = told ?? only;
  if (!region) {
    const kinds = new Set(frame.facts.items.map((a) => a.kind));
    return ask(frame, { slot: 'region', kind: kinds.size === 1 ? [...kinds][0] : undefined }, ctx);
  }
  session.misses = 0;
  const r = clauseFirst(frame, ctx, region) ?? TOPICS[frame.topic](frame, ctx, region);
  if (!only) return r;
  const name = regionName(deps, only);
  // the region is asked back, unless another detail is being asked already (one question at a time)
  const check = r.awaiting ? `如您不在${name}，请告诉我所在地区。` : `您是${name}的吗？如不是，请告诉我所在地区。`;
  const note = `以上按${name}的规定（已收录的地区中只有${name}有此项）。${check}`;
  return { ...r, reply: join(r.reply, note) };
}

/**
 * No region told, and what is named is in one covered region's notices only: the activities (驻村, 国情研修 are
 * 青海's), the special cases (公务员转任), or a clause only one region's notices hold, found by many of the
 * question's words (国培计划 across two years).
 */
function regionOfOnlyRule(deps: DialogDeps, frame: Frame): string | undefined {
  if (frame.topic === 'requirement' || frame.topic === 'progress') return undefined;
  const regions = [...deps.policy.index.regions];
  const kinds = [...new Set(frame.facts.items.map((a) => a.kind))];
  const flags = frame.facts.flags ?? [];
  const only = (hits: typeof regions) => (hits.length === 1 ? hits[0]![0] : undefined);
  const byKind = kinds.length ? only(regions.filter(([, r]) => kinds.every((k) => r.byActivity.has(k)))) : undefined;
  const byFlag = flags.length
    ? only(regions.filter(([, r]) => flags.every((f) => r.exemptions.some((e) => e.flag === f))))
    : undefined;
  if (byKind || byFlag || frame.topic !== 'clause') return byKind ?? byFlag;
  const year = yearOf(frame, deps);
  const best = regions.map(([id]) => {
    const p = deps.policy.searchProvisions({ region: id, text: frame.text, year });
    return { id, score: p.status === 'ok' ? (p.hits[0]?.score ?? 0) : 0 };
  });
  const clear = best.filter((b) => b.score >= CLAUSE_OVER_ITEM_SCORE);
  const weak = best.filter((b) => b.score >= CLAUSE_FIRST_SCORE);
  return clear.length === 1 && weak.length === 1 ? clear[0]!.id : undefined;
}

/** Topics a clause of the notice may answer better when nothing of the user's own is told. */
const CLAUSE_FIRST = new Set<Topic>(['requirement', 'progress', 'eligibility', 'deadline', 'platform', 'convert']);

/** The user's own figures told (hours, months away, a rank, a count, days): a computation is asked, not a clause. */
function toldOwn(frame: Frame): boolean {
  const f = frame.facts;
  // "公需课没学 还能补学吗": nothing studied is no figure to compute with
  const studied = f.hours?.some((h) => [h.public, h.professional, h.total].some((x) => (x ?? 0) > 0));
  if (studied || f.onDuty) return true;
  return f.items.some((a) => FIGURES.some((s) => a[s] !== undefined));
}

/**
 * "单位派我去培训 学时要我自己去报吗" / "护士的专业课也在那个平台学吗": a question about how a rule works, not a figure,
 * answered by the clause that names it — when one is found by more than a word or two of the question.
 */
function clauseFirst(frame: Frame, ctx: Ctx, region: string): ChatReply | undefined {
  if (!CLAUSE_FIRST.has(frame.topic)) return undefined;
  // "单位派我培训3天 学时要我自己申报吗": figures told, and a yes/no a clause answers by many of its words
  if (toldOwn(frame)) return frame.yesNo ? clauseOverFigures(frame, ctx, region) : undefined;
  // "申报职称用的学习档案在哪打": a title question that names no title is about its paperwork
  const f = frame.facts;
  const untitled = !f.level && (!f.route || f.route === 'review') && !f.flags?.length;
  if (frame.topic === 'eligibility' && !untitled) return undefined;
  // "数字技术工程师培训啥时候开始": the dates of a named activity are in its own clause, not the year's schedule
  const namedDates = frame.topic === 'deadline' && frame.facts.items.length > 0;
  if (!frame.yesNo && frame.topic !== 'eligibility' && !namedDates) return undefined;
  const p = ctx.deps.policy.searchProvisions({ region, text: frame.text, year: yearOf(frame, ctx.deps) });
  // an activity named: its own rule answers, unless a clause names it with the question's other words
  const needed = namedDates ? CLAUSE_SCORE : frame.facts.items.length ? CLAUSE_OVER_ITEM_SCORE : CLAUSE_FIRST_SCORE;
  if (p.status !== 'ok' || (p.hits[0]?.score ?? 0) < needed) return undefined;
  return done(frame, p, renderProvisions(p, regionName(ctx.deps, region)), ctx, region);
}

function clauseOverFigures(frame: Frame, ctx: Ctx, region: string): ChatReply | undefined {
  const p = ctx.deps.policy.searchProvisions({ region, text: frame.text, year: yearOf(frame, ctx.deps) });
  if (p.status !== 'ok' || (p.hits[0]?.score ?? 0) < CLAUSE_OVER_FIGURES_SCORE) return undefined;
  return done(frame, p, renderProvisions(p, regionName(ctx.deps, region)), ctx, region);
}

function notCovered(frame: Frame, uncovered: string, ctx: Ctx): ChatReply {
  ctx.session.misses = 0;
  keepAnswered(frame, ctx.session);
  const h = hotline(ctx.deps, undefined);
  return reply(
    join(`暂未收录${uncovered}的继续教育政策，无法给出准确答复，请咨询当地人力资源社会保障部门。`, h.text),
    'out_of_scope',
    { result: { status: 'not_covered', region: uncovered } },
  );
}

/** A contact question naming an organisation of exactly one region ("两弹一星干部学院电话") tells the region. */
function regionOfNamedContact(deps: DialogDeps, frame: Frame): string | undefined {
  if (frame.topic !== 'contact') return undefined;
  // the region whose line is named by the longest name ("干部网络学院登不上" names 青海's college, not any 登不上 line)
  const hits = [...deps.policy.index.regions.keys()]
    .map((id) => ({ id, by: deps.policy.contacts({ region: id, text: frame.text }).namedBy ?? 0 }))
    .filter((h) => h.by > 0);
  const top = Math.max(0, ...hits.map((h) => h.by));
  const best = hits.filter((h) => h.by === top);
  return best.length === 1 ? best[0]!.id : undefined;
}

type TopicAnswer = (frame: Frame, ctx: Ctx, region: string) => ChatReply;

const TOPICS: Record<Topic, TopicAnswer> = {
  convert: answerConvert,
  cap: answerRule,
  subject: answerRule,
  requirement: answerRequirement,
  progress: answerProgress,
  eligibility: answerEligibility,
  deadline: answerDeadline,
  contact: answerContact,
  platform: answerPlatform,
  clause: answerClause,
};

function answerConvert(frame: Frame, ctx: Ctx, region: string): ChatReply {
  const { deps } = ctx;
  const items = frame.facts.items;
  if (items.length === 0) {
    // "学时折算过渡期到哪年" / "两项成果能叠加认定吗": a clause about conversions in general, else which kind
    const r = deps.policy.searchProvisions({ region, text: frame.text, year: yearOf(frame, deps) });
    if (r.status === 'ok') return done(frame, r, renderProvisions(r, regionName(deps, region)), ctx, region);
    return ask(frame, { slot: 'kind' }, ctx);
  }
  const unplaced = ctx.unplaced[0];
  if (unplaced) return askNumberRole(frame, unplaced, ctx);
  if (frame.facts.subject) for (const a of items) a.subject ??= frame.facts.subject;
  if (frame.each && items.length > 1) return answerEach(frame, ctx, region);
  const year = yearOf(frame, deps);
  const r = convertWithin(deps, region, year, items);
  const name = regionName(deps, region);
  if (r.status === 'missing' && r.missing)
    return ask(frame, r.missing, ctx, r.items[r.missing.item ?? 0]?.label, {
      text: join(oneItemRule(frame, ctx, region, year), renderConversionCases(r, name)),
      citations: casesCited(
        r.items.flatMap((it) => it.cases ?? []),
        r.citations,
      ),
    });
  if (r.status === 'invalid') return reply(r.message ?? '输入有误，请检查后重试。', 'convert', { result: r });
  if (r.status === 'not_yet_in_force' || r.status === 'no_rule' || r.status === 'not_recorded') {
    keepAnswered(frame, ctx.session);
    const h = hotline(deps, region, frame.facts.where?.place);
    const head = r.status === 'not_recorded' ? `${r.message}。` : `${name}：${r.message ?? '没有对应的折算规定'}。`;
    const cases = r.status === 'no_rule' && r.cases?.length ? `可折算的情形：\n${renderCases(r.cases)}` : '';
    return reply(join(head, cases, h.text, basis(r.citations)), 'convert', { result: r, citations: r.citations });
  }
  const body = renderConversion(r, regionName(deps, region));
  return done(frame, r, join(claimVerdict(frame.claim, r.total), body), ctx, region);
}

/** "他说能算60学时，对吗": whether the figure told holds, before the figure itself. */
function claimVerdict(claim: number | undefined, total: number | null): string {
  if (claim === undefined || total === null) return '';
  return claim === total
    ? `对，是${formatHours(total)}。`
    : `不对：应为${formatHours(total)}，不是${formatHours(claim)}。`;
}

/**
 * The conversion in a region's own terms: where its notice has no rule for what was read, the alternative the
 * words also name (驻村扶贫 → 扶贫) or the wider level (省级行业 → 省级) is tried, and kept in the item (so the
 * echo line shows what was used).
 */
function convertWithin(deps: DialogDeps, region: string, year: number, items: Achievement[]) {
  let r = deps.policy.convert({ region, year, achievements: items });
  for (let round = 0; round < 2 && r.status === 'no_rule'; round++) {
    let changed = false;
    r.items.forEach((it, i) => {
      if (it.status !== 'no_rule') return;
      const a = items[i]!;
      // a kind the region converts, at a level it does not (a lecture at a city class), is no other kind
      const own = deps.policy.index.regions.get(region)?.byActivity.has(a.kind);
      const alt = own
        ? undefined
        : a.alternatives?.find(
            (k) => deps.policy.convert({ region, year, achievements: [{ kind: k }] }).status !== 'no_rule',
          );
      const parent = a.level ? LEVEL_PARENT[a.level] : undefined;
      if (alt) {
        items[i] = { ...a, kind: alt, alternatives: undefined };
        changed = true;
      } else if (parent) {
        items[i] = { ...a, level: parent };
        changed = true;
      }
    });
    if (!changed) break;
    r = deps.policy.convert({ region, year, achievements: items });
  }
  return r;
}

/** "A级B级C级各能抵多少": each item on its own, no sum. */
function answerEach(frame: Frame, ctx: Ctx, region: string): ChatReply {
  const { deps } = ctx;
  const year = yearOf(frame, deps);
  const name = regionName(deps, region);
  const lines: string[] = [];
  const citations: ChatReply['citations'] = [];
  for (const a of frame.facts.items) {
    const r = convertWithin(deps, region, year, [a]);
    const it = r.items[0];
    const figure =
      r.status === 'ok' && r.total !== null ? formatHours(r.total) : (it?.message ?? r.message ?? '需补充信息');
    lines.push(`· ${describeItem(a)}：${figure}`);
    for (const c of r.citations)
      if (!citations.some((x) => x.doc === c.doc && x.section === c.section)) citations.push(c);
  }
  keepAnswered(frame, ctx.session);
  return reply(join(`${name}${year}年分别为：`, lines.join('\n'), basis(citations)), 'convert', { citations });
}

/** "“2”是名次还是数量？": a number the reader could not place is asked about, never guessed. */
function askNumberRole(frame: Frame, n: { value: number; words: string }, ctx: Ctx): ChatReply {
  ctx.unplaced = [];
  const q = `您说的“${n.words}”是排名（第${n.value}名）还是数量（${n.value}项）？`;
  ctx.session.pending = {
    frame,
    awaiting: { slot: 'numberRole', options: ['rank', 'count'], item: frame.facts.items.length - 1, value: n.value },
    question: q,
    askedAt: ctx.deps.now,
    tries: 0,
  };
  return reply(q, 'convert', { awaiting: { slot: 'numberRole', question: q, options: ['排名', '数量'] } });
}

/**
 * "论文每年最多能算多少" / "专利算公需还是专业": the conversion when every detail it needs is told, else the rule of
 * that kind in words (its figures, its cap, its subject), not a question for details the user did not ask about.
 */
/** The slots that are the user's own figures (a rank, a count, hours, days, months). */
const FIGURES = ['rank', 'count', 'hours', 'days', 'months', 'perDay'] as const;
/** A clause found by more than one short word of the question (the search scores matched keyword characters). */
const CLAUSE_SCORE = 6;
/** The same, for a yes/no question about a rule (no figure asked): two words of it, or one long one. */
const CLAUSE_FIRST_SCORE = 4;
const CLAUSE_OVER_ITEM_SCORE = 8;
/** a clause over a computation the user's figures ask for: found by many of the question's words */
const CLAUSE_OVER_FIGURES_SCORE = 12;

function answerRule(frame: Frame, ctx: Ctx, region: string): ChatReply {
  const items = frame.facts.items;
  if (!items.length) return answerClause(frame, ctx, region);
  const asConvert: Frame = { ...frame, topic: 'convert' };
  const kinds = new Set(items.map((a) => a.kind));
  // "专利论文这些折算的学时算公需还是专业": the rule for several activities at once, where a clause states it
  if (frame.topic === 'subject' && kinds.size > 1 && !items.some((a) => FIGURES.some((s) => a[s] !== undefined))) {
    const p = ctx.deps.policy.searchProvisions({ region, text: frame.text, year: yearOf(frame, ctx.deps) });
    if (p.status === 'ok' && (p.hits[0]?.score ?? 0) >= CLAUSE_SCORE)
      return done(frame, p, renderProvisions(p, regionName(ctx.deps, region)), ctx, region);
  }
  if (kinds.size !== 1) return answerConvert(asConvert, ctx, region);
  const year = yearOf(frame, ctx.deps);
  // the most an activity counts for: its rule (and cap) unless the user told a figure of their own
  const figured = items.some((a) => FIGURES.some((s) => a[s] !== undefined));
  const r =
    frame.topic === 'cap' && !figured ? undefined : convertWithin(ctx.deps, region, year, structuredClone(items));
  if (r && (r.status === 'ok' || r.status === 'not_recorded')) return answerConvert(asConvert, ctx, region);
  // "干了两天，最多认定多少": the user's own figures give the ceiling of each case
  if (r && figured && r.status === 'missing') return answerConvert(asConvert, ctx, region);
  const k = ctx.deps.policy.describeKind({ region, year, kind: items[0]!.kind });
  const name = regionName(ctx.deps, region);
  // "公需课线上学习最多能拿多少": no cap in the conversion rules, a clause of its own that names it
  if (frame.topic === 'cap' && !k.rules.some((x) => x.caps.length) && !k.oneItemAYear) {
    const p = ctx.deps.policy.searchProvisions({ region, text: frame.text, year });
    if (p.status === 'ok' && (p.hits[0]?.score ?? 0) >= CLAUSE_SCORE)
      return done(frame, p, renderProvisions(p, name), ctx, region);
  }
  if (k.status !== 'ok') return answerConvert(asConvert, ctx, region);
  return done(frame, k, renderKind(k, name), ctx, region);
}

function answerRequirement(frame: Frame, ctx: Ctx, region: string): ChatReply {
  const year = yearOf(frame, ctx.deps);
  // "要是我休了4个月产假呢", or leave told before: the year's figures pro-rated
  const told = toldOf(ctx.session, frame.person)?.duty;
  // "那今年一共要多少" after leave no notice pro-rates: the year's figures, with that said
  let note = '';
  if (frame.facts.onDuty || (told?.year === year && told.onDuty)) {
    const p = answerProgress({ ...frame, topic: 'progress' }, ctx, region);
    const result = p.result as { status?: string; message?: string } | undefined;
    if (result?.status !== 'refused') return p;
    note = result.message ? `注：${result.message}。` : '';
  }
  const r = ctx.deps.policy.requirement({ region, year });
  if (r.status === 'not_recorded') return notRecorded(frame, r, `${year}年度的学时要求`, ctx, region);
  const body = renderRequirement(r, regionName(ctx.deps, region), frame.facts.subject);
  // "公需学够30学时就行了吗": a figure claimed of one subject is checked against that subject's
  const subject = frame.facts.subject;
  const figure = (subject ? r[subject] : undefined) ?? r.total ?? null;
  return done(frame, r, join(claimVerdict(frame.claim, figure), body, note), ctx, region);
}

function hoursOf(ctx: Ctx, person: string) {
  return person === SELF ? ctx.session.profile.hours : (ctx.session.people[person]?.hours ?? []);
}

/** Conversions answered this year, as hours by subject (and the lines that say so). */
function converted(
  frame: Frame,
  ctx: Ctx,
  region: string,
  year: number,
): { public: number; professional: number; either: number; lines: string[] } {
  const who = toldOf(ctx.session, frame.person);
  const items = (who?.ledger ?? []).filter((e) => e.year === year).flatMap((e) => e.items);
  const out = { public: 0, professional: 0, either: 0, lines: [] as string[] };
  if (!items.length) return out;
  const r = ctx.deps.policy.convert({ region, year, achievements: items });
  if (r.status !== 'ok' || r.total === null) return out;
  out.public = r.bySubject.public;
  out.professional = r.bySubject.professional;
  const parts = [
    out.public ? `公需${formatHours(out.public)}` : '',
    out.professional ? `专业${formatHours(out.professional)}` : '',
  ].filter(Boolean);
  if (parts.length) out.lines.push(`已计入您说的成果折算：${parts.join('，')}。`);
  out.either = r.bySubject.either;
  return out;
}

function answerProgress(frame: Frame, ctx: Ctx, region: string): ChatReply {
  const { deps } = ctx;
  const year = yearOf(frame, deps);
  // "公需25专业45，另外授权了1个发明专利，还差多少": the items told count, once their figure is known
  if (frame.facts.items.length) {
    const c = convertWithin(deps, region, year, frame.facts.items);
    if (c.status !== 'ok' || c.total === null) return answerConvert({ ...frame, topic: 'convert' }, ctx, region);
    if (!frame.hypothetical) keepInLedger(frame, ctx);
  }
  const reported = hoursOf(ctx, frame.person).find((h) => h.year === year);
  const conv = converted(frame, ctx, region, year);
  const add = (a: number | undefined, b: number) => (a === undefined && !b ? undefined : (a ?? 0) + b);
  const duty =
    frame.facts.onDuty ??
    (toldOf(ctx.session, frame.person)?.duty?.year === year
      ? toldOf(ctx.session, frame.person)?.duty?.onDuty
      : undefined);
  const convTotal = conv.public + conv.professional + conv.either;
  const doneNow = {
    public: add(reported?.public, conv.public),
    professional: add(reported?.professional, conv.professional),
    total:
      reported?.total !== undefined
        ? reported.total + convTotal
        : conv.either
          ? // hours of a free subject count towards the year's total, beside the hours told by subject
            (reported?.public ?? 0) + (reported?.professional ?? 0) + convTotal
          : undefined,
  };
  const r = deps.policy.progress({
    region,
    year,
    today: deps.today,
    done: doneNow,
    onDuty: duty,
    // a public figure told plainly already holds its parts
    publicPartsDone: reported?.public === undefined || reported.byParts ? reported?.partsDone : undefined,
  });
  if (conv.either)
    conv.lines.push(
      doneNow.total !== undefined
        ? `已计入您说的成果折算：${formatHours(conv.either)}（公需或专业自选其一），计入合计。`
        : `另有${formatHours(conv.either)}可自选抵公需或专业，未计入。`,
    );
  if (r.status === 'missing' && r.missing)
    return ask(frame, r.missing, ctx, undefined, {
      text: renderProgressCases(r, regionName(deps, region)),
      citations: casesCited(r.cases ?? [], r.citations),
    });
  if (r.status === 'not_recorded') return notRecorded(frame, r, `${year}年度的学时要求`, ctx, region);
  if (r.status === 'refused' || r.status === 'invalid') {
    keepAnswered(frame, ctx.session);
    // no pro-rating in the notices: whom to ask about a case of one's own
    const place = frame.facts.where?.place ?? ctx.session.profile.place;
    const h = r.status === 'refused' ? hotline(deps, region, place, frame.text) : undefined;
    const citations = h ? [...r.citations, ...h.citations] : r.citations;
    return reply(join(`${r.message}。`, h?.text ?? '', basis(r.citations)), 'progress', { result: r, citations });
  }
  const hint =
    !reported && !duty && !conv.lines.length
      ? '告诉我已完成的公需、专业学时（如“公需20专业45”），我帮您算还差多少。'
      : '';
  // "这一年能拿来报职称吗", "够了吗": the verdict first, when the figures told decide it
  const verdict = !frame.yesNo || r.complete === null ? '' : r.complete ? '够了，已达到要求。' : '不够，未达到要求。';
  const body = join(verdict, renderProgress(r, regionName(deps, region)), conv.lines.join(''), hint);
  return done(frame, r, body, ctx, region);
}

/**
 * "专利和论文两项能不能都认定" where one item a year is credited (安徽 第二十一条): the rule answers the yes/no before
 * the details of each item are asked.
 */
function oneItemRule(frame: Frame, ctx: Ctx, region: string, year: number): string {
  const kinds = new Set(frame.facts.items.map((a) => a.kind));
  if (!frame.yesNo || kinds.size < 2) return '';
  const rules = ctx.deps.policy.index.regions.get(region);
  const agg = rules?.aggregation.find((a) => a.mode === 'highest' && a.from <= year && (a.to ?? year) >= year);
  if (!agg) return '';
  const cite = ctx.deps.policy.index.cite(agg.source);
  return `不能都认定：${agg.source.quote}（${cite.doc} ${agg.source.section}）。`;
}

function answerEligibility(frame: Frame, ctx: Ctx, region: string): ChatReply {
  const { deps, session } = ctx;
  const year = yearOf(frame, deps);
  const who = frame.person === SELF ? session.profile : session.people[frame.person];
  const told = hoursOf(ctx, frame.person);
  const r = deps.policy.eligibility({
    region,
    year,
    level: frame.facts.level ?? who?.level,
    route: frame.facts.route ?? who?.route,
    hours: told.length ? told : undefined,
    flags: frame.facts.flags,
  });
  if (r.status === 'missing' && r.missing) {
    // "2023年公需40专业95，这一年算达标吗": one year's hours checked against that year, whatever the title
    const years = new Set((frame.facts.hours ?? []).map((h) => h.year));
    const only = years.size === 1 ? [...years][0] : undefined;
    if (only !== undefined)
      return answerProgress({ ...frame, topic: 'progress', facts: { ...frame.facts, year: only } }, ctx, region);
    return ask(frame, { ...r.missing, slot: 'level' }, ctx);
  }
  if (r.status === 'not_recorded') return notRecorded(frame, r, `${year}年申报职称的学时规定`, ctx, region);
  if (r.status === 'no_rule') {
    const h = hotline(deps, region, frame.facts.where?.place);
    return reply(join(`${r.message}。`, h.text), 'eligibility', { result: r });
  }
  const unknown = r.unknownYears.length ? hotline(deps, region, frame.facts.where?.place).text : undefined;
  return done(frame, r, renderEligibility(r, regionName(deps, region), unknown), ctx, region);
}

function answerDeadline(frame: Frame, ctx: Ctx, region: string): ChatReply {
  const { deps } = ctx;
  const year = yearOf(frame, deps);
  const r = deps.policy.deadlines({ region, year, today: deps.today });
  if (r.status === 'not_recorded') return notRecorded(frame, r, `${year}年度的时间安排`, ctx, region);
  // the deadlines the user names come first
  const asked = frame.events ?? [];
  if (asked.length) {
    const rank = (e: string) => (asked.includes(e) ? asked.indexOf(e) : asked.length);
    r.deadlines.sort((a, b) => rank(a.event) - rank(b.event) || a.date.localeCompare(b.date));
  }
  return done(frame, r, renderDeadlines(r, regionName(deps, region)), ctx, region);
}

function answerContact(frame: Frame, ctx: Ctx, region: string): ChatReply {
  const place = frame.facts.where?.region === region ? frame.facts.where.place : ctx.session.profile.place;
  const r = ctx.deps.policy.contacts({
    region,
    place,
    text: frame.text,
    year: frame.facts.year,
    corrected: frame.corrected,
  });
  return done(frame, r, renderContacts(r), ctx, region);
}

/** Words that ask where a platform is (its address or way in), not a rule about it. */
const ADDRESS_ASKED = /从哪|哪里进|怎么进|入口|网址|链接|怎么登录|在哪登录/;

function answerPlatform(frame: Frame, ctx: Ctx, region: string): ChatReply {
  // "去年那个平台还能用吗": a clause about the platforms, found by more than their name
  const p = ctx.deps.policy.searchProvisions({ region, text: frame.text, year: yearOf(frame, ctx.deps) });
  const r = ctx.deps.policy.platforms({ region, year: yearOf(frame, ctx.deps) });
  const names = r.status === 'ok' ? r.platforms.map((x) => x.name).join(' ') : '';
  const hit = p.status === 'ok' ? p.hits[0] : undefined;
  const moreThanNames = !!hit && hit.matched.some((k) => !names.includes(k));
  // "从哪进去学", "网址多少": the platforms themselves; "去年那个平台还能用吗": a rule about them
  if (hit && hit.score >= CLAUSE_SCORE && moreThanNames && !ADDRESS_ASKED.test(frame.ownText ?? frame.text))
    return done(frame, p, renderProvisions(p, regionName(ctx.deps, region)), ctx, region);
  return done(frame, r, renderPlatforms(r), ctx, region);
}

function answerClause(frame: Frame, ctx: Ctx, region: string): ChatReply {
  const { deps } = ctx;
  const year = yearOf(frame, deps);
  // "这个是哪个文件哪个附件里的": the last answer again, which cites its clause
  const before = ctx.session.last[frame.person];
  if (frame.source && before && before.topic !== 'clause' && !before.hypothetical)
    return TOPICS[before.topic]({ ...before, id: frame.id }, ctx, region);
  // "那单位派去国外培训4天呢 路上的不算": an activity told with its figures asks its conversion, unless a clause
  // answers the question by many of its words
  if (frame.facts.items.length && toldOwn(frame) && !frame.aboutLast) {
    const p = deps.policy.searchProvisions({ region, text: frame.ownText ?? frame.text, year });
    const clause = p.status === 'ok' && (p.hits[0]?.score ?? 0) >= CLAUSE_FIRST_SCORE;
    const rules = deps.policy.index.regions.get(region);
    const converts = frame.facts.items.every((a) => rules?.byActivity.has(a.kind));
    if (!clause && converts) return answerConvert({ ...frame, topic: 'convert' }, ctx, region);
  }
  // "那入职培训算吗" after a clause answer: its own words first, with the last question's only when they need them
  const own = frame.ownText ? deps.policy.searchProvisions({ region, text: frame.ownText, year }) : undefined;
  const ownHit = own?.status === 'ok' && (own.hits[0]?.score ?? 0) >= CLAUSE_FIRST_SCORE;
  // "要单位批吗" after a pro-rated requirement: its own words find nothing, and the last answer holds its conditions
  const r = ownHit && own ? own : deps.policy.searchProvisions({ region, text: frame.text, year });
  const found = r.status === 'ok' && (r.hits[0]?.score ?? 0) >= CLAUSE_SCORE;
  if (frame.aboutLast && !ownHit && !found && before && before.topic !== 'clause' && !before.hypothetical)
    return TOPICS[before.topic]({ ...before, id: frame.id }, ctx, region);
  if (r.status === 'ok') return done(frame, r, renderProvisions(r, regionName(deps, region)), ctx, region);
  if (frame.facts.items.length) return answerConvert({ ...frame, topic: 'convert' }, ctx, region);
  // "我想问下继续教育的事" → "青海": nothing to search yet, so what can be asked
  if (frame.answeredRegion || frame.vague)
    return reply(
      join(`好的，您在${regionName(deps, region)}。请问具体想了解什么？我可以帮您：`, CAPABILITIES),
      'set_profile',
    );
  // "必须连续吗" after the years a title needs: the title rule says it
  const last = ctx.session.last[frame.person];
  if (last?.topic === 'eligibility' && !frame.facts.items.length)
    return answerEligibility({ ...last, id: frame.id, text: frame.text }, ctx, region);
  // "要谁批" after a pro-rated requirement: the last answer holds its conditions
  if (frame.aboutLast && last && last.topic !== 'clause')
    return TOPICS[last.topic]({ ...last, id: frame.id }, ctx, region);
  return notStated(frame, ctx, region, r);
}

function notStated(frame: Frame, ctx: Ctx, region: string, r: PolicyResult): ChatReply {
  keepAnswered(frame, ctx.session);
  const h = hotline(ctx.deps, region, frame.facts.where?.place);
  return reply(
    join(`${regionName(ctx.deps, region)}收录的通知对此没有明确规定，暂无法给出准确答复。`, h.text),
    'policy_question',
    { result: r, citations: h.citations },
  );
}
