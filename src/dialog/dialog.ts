// The dialog: merges a parsed command with the session, asks for what is missing one question at a time,
// calls the policy core and renders the answer. Pure: (command, session) → (reply, session).
import type { ChatReply } from '../chat/types';
import { type Command, type Intent, QUESTION_INTENTS, type Slots } from '../intents/command';
import type { Policy } from '../policy';
import type { Missing, PolicyResult } from '../policy/types';
import { TITLE_LEVEL_NAMES } from '../policy/words';
import { DEFAULT_DAYS_BEFORE } from '../sessions/subscriptions';
import { optionLabel, question } from './prompts';
import {
  basis,
  join,
  renderContacts,
  renderConversion,
  renderDeadlines,
  renderEligibility,
  renderPlatforms,
  renderProgress,
  renderProvisions,
  renderRequirement,
} from './render';
import { amendSlots, fillAwaited, remember } from './slots';
import { emptySession, PENDING_TTL_MS, type Session } from './state';

export interface DialogDeps {
  policy: Policy;
  /** YYYY-MM-DD */
  today: string;
  /** epoch ms, for the open question's lifetime */
  now: number;
}

export interface StepResult {
  reply: ChatReply;
  session: Session;
}

const CAPABILITIES = [
  '· 折算学时：如“青海发明专利排第2能算多少学时”',
  '· 年度要求：如“安徽每年要多少学时”',
  '· 还差多少：如“今年公需20专业45还差多少”',
  '· 产假等按在岗月份折算、职称申报学时核对',
  '· 截止时间、咨询电话、学习平台',
].join('\n');

function regionName(deps: DialogDeps, id: string): string {
  return deps.policy.index.regions.get(id)?.region.name ?? id;
}

function coveredNames(deps: DialogDeps): string {
  return [...deps.policy.index.regions.values()].map((r) => r.region.name).join('、');
}

/** Hotline lines for a region (policy consultation first), as a short block. */
function hotline(
  deps: DialogDeps,
  region?: string,
  place?: string,
): { text: string; citations: ChatReply['citations'] } {
  if (!region)
    return { text: `目前可查询：${coveredNames(deps)}。其他地区请咨询当地人力资源社会保障部门。`, citations: [] };
  const r = deps.policy.contacts({ region, place, topic: 'policy' });
  const list = r.contacts.slice(0, 3).map((c) => `${c.org}${c.dept ? c.dept : ''} ${c.phones.join('、')}`);
  return {
    text: list.length ? `可拨打咨询电话：${list.join('；')}` : '请咨询当地人社部门。',
    citations: r.citations,
  };
}

/** The first policy line of every covered region, for a user whose region is unknown. */
/** A contact question naming an organisation of exactly one region ("两弹一星干部学院电话") tells the region. */
function regionOfNamedContact(deps: DialogDeps, intent: Intent, text: string): string | undefined {
  if (intent !== 'contact') return undefined;
  const hits = [...deps.policy.index.regions.keys()].filter((id) => deps.policy.contacts({ region: id, text }).named);
  return hits.length === 1 ? hits[0] : undefined;
}

function allHotlines(deps: DialogDeps): { text: string; citations: ChatReply['citations'] } {
  const lines: string[] = [];
  const citations: ChatReply['citations'] = [];
  for (const id of deps.policy.index.regions.keys()) {
    const r = deps.policy.contacts({ region: id, topic: 'policy' });
    const c = r.contacts[0];
    if (!c) continue;
    lines.push(`${regionName(deps, id)}：${c.org}${c.dept ?? ''} ${c.phones.join('、')}`);
    if (r.citations[0]) citations.push(r.citations[0]);
  }
  return { text: lines.join('\n'), citations };
}

function hasContent(s: Slots): boolean {
  return !!(s.achievements?.length || s.hours?.length || s.onDuty || s.level || s.route);
}

const DEADLINE_WORDS: Array<[RegExp, string[]]> = [
  [/审验|审核|关闭/, ['review_close', 'review']],
  [/备案/, ['filing']],
  [/提交|申请|申报/, ['individual_apply']],
  [/推送/, ['data_push']],
  [/培训|学习|学完|结束|公需/, ['training_end', 'study_window']],
];

const QUESTION_WORDS = /[？?]|多少|几个|几学时|能不能|可不可以|算不算|能算|怎么|如何|吗/;

const ACKNOWLEDGEMENT =
  /^(谢谢|多谢|感谢|谢了|辛苦了?|好的?|好吧|嗯+|哦+|ok|OK|收到|明白了?|知道了|了解了?)[啦了呀啊哈!！。.~～👍🙏]*$/u;

/** Another item rather than more detail of one told before: a new kind, a count, or a detail that differs. */
function isAnotherItem(
  a: Slots['achievements'] extends (infer T)[] | undefined ? T : never,
  before: NonNullable<Slots['achievements']>,
): boolean {
  const same = before.filter((b) => b.kind === a.kind);
  if (same.length === 0 || a.count !== undefined) return true;
  return same.every((b) =>
    Object.entries(a).some(
      ([k, v]) =>
        k !== 'kind' &&
        v !== undefined &&
        (b as Record<string, unknown>)[k] !== undefined &&
        (b as Record<string, unknown>)[k] !== v,
    ),
  );
}

const BARE_HOW_MUCH =
  /^(那|这样|这个|那这个|那么)?(的话)?(一共|总共|总的)?(能|可以|可)?(算|折算|认定|抵扣?|换)成?(多少|几)个?(学时)?(呢|啊|呀)?[？?。]*$/;

const PROGRESS_ASK = /还差|差多少|差几|还要学|还需要?学|还缺|还得学/;

const ADDS_TO_LAST = /^(我|那)?(另外|还有|还(?!是)|再|此外|以及|加上|再加上)|总共|一共|加起来|合计|一起算/;

const FOLLOW_UP = /^(那|那么|如果|要是|假如|换成|改成|换作)|呢[？?。!！]*$/;

function reply(text: string, intent: string, extra: Partial<ChatReply> = {}): ChatReply {
  return { reply: text, intent, citations: [], ...extra };
}

export function step(cmd: Command, text: string, prev: Session | undefined, deps: DialogDeps): StepResult {
  const session: Session = structuredClone(prev ?? emptySession());
  const year = Number(deps.today.slice(0, 4));
  let notice = '';
  if (session.pending && deps.now - session.pending.askedAt > PENDING_TTL_MS) {
    session.pending = undefined;
    notice = '（上一个问题已超时，我们重新开始。）';
  }

  switch (cmd.intent) {
    case 'cancel':
      session.pending = undefined;
      return { session, reply: reply('好的，已取消。还有什么可以帮您？', 'cancel') };
    case 'restart': {
      const fresh = emptySession();
      return { session: fresh, reply: reply(join('好的，我们重新开始。我可以帮您：', CAPABILITIES), 'restart') };
    }
    case 'greeting':
    case 'help':
      session.misses = 0;
      return {
        session,
        reply: reply(
          join(
            cmd.intent === 'greeting' ? '您好！我是继续教育学时助手。' : '我是继续教育学时助手，可以帮您：',
            cmd.intent === 'greeting' ? `我可以帮您：\n${CAPABILITIES}` : CAPABILITIES,
            `目前收录：${coveredNames(deps)}。`,
            session.pending ? `刚才的问题还在等您回答：${session.pending.question}` : '',
          ),
          cmd.intent,
          session.pending
            ? { awaiting: { slot: session.pending.awaiting.slot, question: session.pending.question } }
            : {},
        ),
      };
    case 'human': {
      const region = cmd.slots.where?.region ?? session.profile.region;
      const h = region ? hotline(deps, region, cmd.slots.where?.place ?? session.profile.place) : allHotlines(deps);
      return {
        session,
        reply: reply(join('为您转人工：请在工作时间拨打以下电话。', h.text), 'human', { citations: h.citations }),
      };
    }
    case 'subscribe':
      if (session.pending) break;
      return subscribe(session, cmd.slots, deps);
    case 'unsubscribe':
      session.profile.subscribed = false;
      return { session, reply: reply('已取消截止提醒。需要时回复“提醒我”可重新订阅。', 'unsubscribe') };
    default:
      break;
  }

  // merge with the open question, or start a new topic
  let intent: Intent = cmd.intent;
  let slots: Slots = cmd.slots;
  const pending = session.pending;
  let openingText = text;
  let answeredRegion = false;
  if (pending) {
    const isNewTopic =
      QUESTION_INTENTS.has(cmd.intent) &&
      cmd.intent !== pending.intent &&
      (hasContent(cmd.slots) || cmd.intent !== 'policy_question');
    const sameTopicNewQuestion =
      cmd.intent === pending.intent &&
      cmd.slots.achievements?.length &&
      pending.awaiting.slot !== 'kind' &&
      pending.slots.achievements?.[pending.awaiting.item ?? 0]?.kind !== cmd.slots.achievements[0]?.kind;
    if (!isNewTopic && !sameTopicNewQuestion) {
      const merged = fillAwaited(pending.slots, pending.awaiting, cmd, text);
      if (merged) {
        intent = pending.intent;
        slots = merged;
        openingText = pending.asked ?? text;
        answeredRegion = pending.awaiting.slot === 'region';
        session.pending = undefined;
      } else if (cmd.intent === 'inform' || cmd.intent === 'correction' || cmd.intent === 'out_of_scope') {
        pending.tries += 1;
        if (pending.tries >= 2) {
          session.pending = undefined;
          const h = hotline(deps, session.profile.region ?? pending.slots.where?.region);
          return {
            session,
            reply: reply(
              join('抱歉，我还是没能理解您的回答，这个问题先放下。', h.text, '您也可以换个说法重新提问。'),
              'not_understood',
              { citations: h.citations },
            ),
          };
        }
        return {
          session,
          reply: reply(`没太明白您的回答。${pending.question}（回复“取消”可结束这个问题）`, pending.intent, {
            awaiting: {
              slot: pending.awaiting.slot,
              question: pending.question,
              options: pending.awaiting.options?.map((o) => optionLabel(pending.awaiting.slot, o)),
            },
          }),
        };
      } else {
        // something else asked while a detail was asked: keep the open question for a later answer
        session.suspended = pending;
        session.pending = undefined;
      }
    } else {
      // a new question while a detail was asked: answer it, and keep the open question for a later answer
      session.suspended = isNewTopic ? pending : undefined;
      session.pending = undefined;
    }
  }

  // "课题是市级的" after another question was answered: the answer to the question asked before it
  const suspended = session.suspended;
  let resumed = false;
  if (!pending && suspended && deps.now - suspended.askedAt <= PENDING_TTL_MS) {
    const answers = cmd.intent === 'inform' || cmd.intent === 'correction' || cmd.intent === suspended.intent;
    const merged =
      answers && !QUESTION_WORDS.test(text) ? fillAwaited(suspended.slots, suspended.awaiting, cmd, text) : undefined;
    if (merged) {
      intent = suspended.intent;
      slots = merged;
      openingText = suspended.asked ?? text;
      session.suspended = undefined;
      resumed = true;
    }
  } else if (suspended && !pending) session.suspended = undefined;

  // corrections and follow-ups ("不对，是实用新型", "那实用新型呢", "那2023年呢", "如果排第五呢") amend the last question
  const last = session.last;
  if (!pending && !resumed && last) {
    const fix = cmd.slots;
    const followUp = FOLLOW_UP.test(text.trim());
    const hasFix = !!(
      fix.achievements?.length ||
      fix.where?.region ||
      fix.where?.uncovered ||
      fix.year !== undefined ||
      fix.subject ||
      fix.number !== undefined ||
      fix.level ||
      fix.onDuty ||
      fix.hours?.length
    );
    // "2篇" right after a paper answer: a statement of the same kind, no question of its own
    const lastKinds = new Set((last.slots.achievements ?? []).map((a) => a.kind));
    const sameKindStatement =
      intent === 'convert' &&
      last.intent === 'convert' &&
      !fix.where &&
      !QUESTION_WORDS.test(text) &&
      !!fix.achievements?.length &&
      fix.achievements.every((a) => lastKinds.has(a.kind));
    const amend =
      hasFix &&
      (intent === 'correction' ||
        sameKindStatement ||
        (followUp && (intent === 'inform' || intent === 'out_of_scope' || intent === last.intent)) ||
        (intent === 'inform' &&
          !!(
            fix.achievements?.length ||
            fix.subject ||
            fix.number !== undefined ||
            fix.where?.region ||
            fix.where?.uncovered ||
            fix.year !== undefined
          )) ||
        ((intent === 'policy_question' || intent === 'out_of_scope') &&
          !fix.achievements?.length &&
          (!!fix.subject || fix.number !== undefined)) ||
        // "申报中级职称" right after a rule or title answer: the same question for that level
        ((intent === 'set_profile' || intent === 'inform') &&
          !!fix.level &&
          !fix.achievements?.length &&
          (last.intent === 'policy_question' || last.intent === 'eligibility')));
    // "另外还参加了4天培训，总共能认定多少": more items for the same year's total
    const addsItems =
      (intent === 'convert' || intent === 'inform') &&
      last.intent === 'convert' &&
      !!fix.achievements?.length &&
      !fix.where?.region &&
      ADDS_TO_LAST.test(text.trim()) &&
      fix.achievements.some((a) => isAnotherItem(a, last.slots.achievements ?? []));
    // "能算多少" with nothing new, right after an answer: the same question again
    const asksAgain =
      !hasFix && last.intent === 'convert' && !cmd.slots.hours?.length && BARE_HOW_MUCH.test(text.trim());
    if (asksAgain) {
      slots = structuredClone(last.slots);
      intent = last.intent;
    } else if (addsItems) {
      slots = {
        ...structuredClone(last.slots),
        achievements: [...(last.slots.achievements ?? []), ...fix.achievements!],
      };
      if (fix.year !== undefined) slots.year = fix.year;
    } else if (amend) {
      // "那报高级呢" after a clause question: the clause is searched with both messages
      if (last.intent === 'policy_question' && last.text) openingText = `${last.text} ${text}`;
      // "要是每天6小时呢": hours per day, over the days told before
      if (/每天|每日|一天/.test(text)) {
        for (const a of fix.achievements ?? []) {
          const days = last.slots.achievements?.find((x) => x.kind === a.kind)?.days;
          if (a.hours !== undefined && a.days === undefined && days) a.hours *= days;
        }
      }
      slots = amendSlots(last.slots, fix);
      intent = last.intent;
    } else if (intent === 'correction') intent = fix.achievements?.length ? 'convert' : 'inform';
  } else if (intent === 'correction') intent = cmd.slots.achievements?.length ? 'convert' : 'inform';

  // hours for several years, or hours told right after a title question, are for the title check
  if (
    (intent === 'progress' || intent === 'inform') &&
    slots.hours?.length &&
    !slots.onDuty &&
    (new Set(slots.hours.map((h) => h.year)).size > 1 || session.last?.intent === 'eligibility') &&
    !(intent === 'progress' && PROGRESS_ASK.test(text))
  ) {
    intent = 'eligibility';
    if (session.last?.intent === 'eligibility') {
      slots = { ...session.last.slots, ...slots, where: { ...session.last.slots.where, ...slots.where } };
    }
  }

  // a statement of facts only
  if (intent === 'inform' || intent === 'set_profile') {
    if (slots.achievements?.length) intent = 'convert';
    else if (slots.hours?.length || slots.onDuty) intent = 'progress';
    else if (slots.where?.uncovered) intent = 'requirement';
    else {
      remember(session, slots);
      session.misses = 0;
      const bits: string[] = [];
      if (slots.where?.region)
        bits.push(
          `地区：${regionName(deps, slots.where.region)}${slots.where.place ? ` ${deps.policy.index.placeName(slots.where.place) ?? ''}` : ''}`,
        );
      if (slots.level) bits.push(`目标职称：${TITLE_LEVEL_NAMES[slots.level]}`);
      if (bits.length === 0) return notUnderstood(session, deps, text);
      return {
        session,
        reply: reply(
          join(`好的，已记住（${bits.join('，')}）。`, '您可以直接问我，比如：', CAPABILITIES),
          'set_profile',
        ),
      };
    }
  }

  if (intent === 'out_of_scope' && !slots.where?.uncovered) {
    if (ACKNOWLEDGEMENT.test(text.trim())) {
      session.misses = 0;
      const thanks = /谢|辛苦/.test(text);
      return {
        session,
        reply: reply(`${thanks ? '不客气！' : '好的。'}还有继续教育学时方面的问题，随时问我。`, 'greeting'),
      };
    }
    return notUnderstood(session, deps, text, true);
  }

  // where
  const uncovered =
    slots.where?.uncovered ?? (!slots.where?.region && !session.profile.region ? session.profile.uncovered : undefined);
  if (uncovered) {
    session.misses = 0;
    remember(session, slots);
    session.last = { intent, slots: { ...slots, where: { uncovered } } };
    const h = hotline(deps, undefined);
    return {
      session,
      reply: reply(
        join(`暂未收录${uncovered}的继续教育政策，无法给出准确答复，请咨询当地人力资源社会保障部门。`, h.text),
        'out_of_scope',
        {
          result: { status: 'not_covered', region: uncovered },
        },
      ),
    };
  }
  remember(session, slots);
  const region = slots.where?.region ?? session.profile.region ?? regionOfNamedContact(deps, intent, text);
  const place = slots.where?.place ?? (slots.where?.region ? undefined : session.profile.place);
  const askYear = slots.year ?? year;

  const ask = (m: Missing, label?: string): StepResult => {
    const q = question(m, coveredNames(deps), label);
    session.pending = {
      intent,
      slots: { ...slots, where: { ...slots.where, region: slots.where?.region ?? region } },
      awaiting: { slot: m.slot, kind: m.kind, options: m.options, item: m.item },
      question: q,
      asked: openingText,
      askedAt: deps.now,
      tries: 0,
    };
    if (!region) session.pending.slots.where = slots.where;
    return {
      session,
      reply: reply(notice ? `${notice}${q}` : q, intent, {
        awaiting: { slot: m.slot, question: q, options: m.options?.map((o) => optionLabel(m.slot, o)) },
      }),
    };
  };

  // every answer depends on the region's notice, clause questions too (one region's rule is no answer for another)
  if (!region) {
    // the one item asked about travels with the question, so "青海，5项" is read as its count
    const kinds = new Set((slots.achievements ?? []).map((a) => a.kind));
    return ask({ slot: 'region', kind: kinds.size === 1 ? [...kinds][0] : undefined });
  }
  const name = regionName(deps, region);
  session.misses = 0;

  const done = (r: PolicyResult, body: string): StepResult => {
    keepLast();
    return {
      session,
      reply: reply(notice ? `${notice}\n${body}` : body, intent, { result: r, citations: r.citations }),
    };
  };
  /** the question answered, for follow-ups and corrections */
  const keepLast = () => {
    session.last = { intent, slots: { ...slots, where: { ...slots.where, region } }, text: openingText };
  };
  const notRecorded = (r: PolicyResult, what: string): StepResult => {
    keepLast();
    const h = hotline(deps, region, place);
    const body = join(
      `暂未收录${name}${what}，无法给出准确数字。`,
      r.trace.find((t) => t.includes('已收录')) ?? '',
      h.text,
    );
    return { session, reply: reply(body, intent, { result: r, citations: h.citations }) };
  };

  switch (intent) {
    case 'convert': {
      const achievements = slots.achievements ?? [];
      if (achievements.length === 0) return ask({ slot: 'kind' });
      if (slots.subject) for (const a of achievements) a.subject ??= slots.subject;
      const r = deps.policy.convert({ region, year: askYear, achievements });
      if (r.status === 'missing' && r.missing) {
        const item = r.items[r.missing.item ?? 0];
        return ask(r.missing, item?.label);
      }
      if (r.status === 'invalid')
        return { session, reply: reply(r.message ?? '输入有误，请检查后重试。', intent, { result: r }) };
      if (r.status === 'not_yet_in_force' || r.status === 'no_rule' || r.status === 'not_recorded') {
        keepLast();
        const h = hotline(deps, region, place);
        return {
          session,
          reply: reply(
            join(
              r.status === 'not_recorded' ? `${r.message}。` : `${name}：${r.message ?? '没有对应的折算规定'}。`,
              h.text,
              basis(r.citations),
            ),
            intent,
            {
              result: r,
              citations: r.citations,
            },
          ),
        };
      }
      return done(r, renderConversion(r, name));
    }
    case 'requirement': {
      const r = deps.policy.requirement({ region, year: askYear });
      if (r.status === 'not_recorded') return notRecorded(r, `${askYear}年度的学时要求`);
      return done(r, renderRequirement(r, name, slots.subject));
    }
    case 'progress': {
      // hours told over several messages add up: "公需完成了15" then "专业完成了30"
      if (slots.hours?.length) {
        for (const h of slots.hours) h.year ??= askYear;
        remember(session, slots);
      }
      const reported = session.profile.hours.find((h) => h.year === askYear);
      const r = deps.policy.progress({
        region,
        year: askYear,
        today: deps.today,
        done: { public: reported?.public, professional: reported?.professional, total: reported?.total },
        onDuty: slots.onDuty,
      });
      if (r.status === 'missing' && r.missing) return ask(r.missing);
      if (r.status === 'not_recorded') return notRecorded(r, `${askYear}年度的学时要求`);
      if (r.status === 'refused' || r.status === 'invalid') {
        keepLast();
        return {
          session,
          reply: reply(join(`${r.message}。`, basis(r.citations)), intent, { result: r, citations: r.citations }),
        };
      }
      const body = renderProgress(r, name);
      const hint =
        !reported && !slots.onDuty ? '告诉我已完成的公需、专业学时（如“公需20专业45”），我帮您算还差多少。' : '';
      return done(r, join(body, hint));
    }
    case 'eligibility': {
      const told = slots.hours?.length ? slots.hours : session.profile.hours;
      const hours = told.length ? told : undefined;
      const r = deps.policy.eligibility({
        region,
        year: askYear,
        level: slots.level ?? session.profile.level,
        route: slots.route ?? session.profile.route,
        hours,
        flags: slots.flags,
      });
      if (r.status === 'missing' && r.missing) return ask({ ...r.missing, slot: 'level', options: r.missing.options });
      if (r.status === 'not_recorded') return notRecorded(r, `${askYear}年申报职称的学时规定`);
      if (r.status === 'no_rule')
        return {
          session,
          reply: reply(join(`${r.message}。`, hotline(deps, region, place).text), intent, { result: r }),
        };
      return done(r, renderEligibility(r, name));
    }
    case 'deadline': {
      const r = deps.policy.deadlines({ region, year: askYear, today: deps.today });
      if (r.status === 'not_recorded') return notRecorded(r, `${askYear}年度的时间安排`);
      // the deadline the user names comes first
      const asked = DEADLINE_WORDS.filter(([re]) => re.test(text)).flatMap(([, events]) => events);
      if (asked.length) {
        const rank = (e: string) => (asked.includes(e) ? asked.indexOf(e) : asked.length);
        r.deadlines.sort((a, b) => rank(a.event) - rank(b.event) || a.date.localeCompare(b.date));
      }
      return done(r, renderDeadlines(r, name));
    }
    case 'contact': {
      const r = deps.policy.contacts({ region, place, text });
      return done(r, renderContacts(r));
    }
    case 'platform': {
      const r = deps.policy.platforms({ region, year: askYear });
      return done(r, renderPlatforms(r));
    }
    case 'subscribe':
      return subscribe(session, slots, deps);
    case 'policy_question': {
      const r = deps.policy.searchProvisions({ region, text: openingText, year: askYear });
      if (r.status === 'ok') return done(r, renderProvisions(r, name));
      if (slots.achievements?.length) {
        intent = 'convert';
        return step({ ...cmd, intent: 'convert', slots }, text, session, deps);
      }
      // "我想问下继续教育的事" → "青海": nothing to search yet, so say what can be asked
      if (answeredRegion) {
        return {
          session,
          reply: reply(join(`好的，您在${name}。请问具体想了解什么？我可以帮您：`, CAPABILITIES), 'set_profile'),
        };
      }
      const h = hotline(deps, region, place);
      return {
        session,
        reply: reply(join(`${name}收录的通知对此没有明确规定，暂无法给出准确答复。`, h.text), intent, {
          result: r,
          citations: h.citations,
        }),
      };
    }
    default:
      return notUnderstood(session, deps, text);
  }
}

function subscribe(session: Session, slots: Slots, deps: DialogDeps): StepResult {
  remember(session, slots);
  const region = session.profile.region;
  if (!region) {
    const q = question({ slot: 'region' }, coveredNames(deps));
    session.pending = {
      intent: 'subscribe',
      slots,
      awaiting: { slot: 'region' },
      question: q,
      askedAt: deps.now,
      tries: 0,
    };
    return { session, reply: reply(q, 'subscribe', { awaiting: { slot: 'region', question: q } }) };
  }
  session.profile.subscribed = true;
  const d = deps.policy.deadlines({ region, today: deps.today });
  const next = d.next ? `最近的截止：${d.next.label}（${d.next.date}，还有${d.next.daysLeft}天）。` : '';
  return {
    session,
    reply: reply(
      join(
        `已为您订阅${regionName(deps, region)}继续教育截止提醒，截止前${DEFAULT_DAYS_BEFORE.join('天、')}天会提醒您。`,
        next,
        '回复“取消提醒”可退订。',
      ),
      'subscribe',
      { citations: d.citations },
    ),
  };
}

function notUnderstood(session: Session, deps: DialogDeps, _text: string, outOfScope = false): StepResult {
  session.misses += 1;
  if (session.misses >= 2) {
    session.misses = 0;
    const h = hotline(deps, session.profile.region, session.profile.place);
    return {
      session,
      reply: reply(join('抱歉，这个问题我暂时答不上来。', h.text), 'not_understood', { citations: h.citations }),
    };
  }
  return {
    session,
    reply: reply(
      join(
        outOfScope
          ? '这个问题超出了我的范围。我是继续教育学时助手，可以帮您：'
          : '抱歉，没太看懂您的问题。我可以帮您：',
        CAPABILITIES,
      ),
      outOfScope ? 'out_of_scope' : 'not_understood',
    ),
  };
}
