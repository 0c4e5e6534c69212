// One command schema for everything a user can ask or tell. Both parsers (rule and LLM) emit exactly this type.
import { z } from 'zod';
import { Achievement, EligibilityFlag, OnDutyReason, Subject, TitleLevel, TitleRoute } from '../domain/vocab';

const year = z.number().int().min(1990).max(2100);

/** Where the user is: a covered region id (knowledge/places.yaml), optionally a place inside it. */
export const Where = z
  .object({
    region: z.string().min(1).optional(),
    place: z.string().min(1).optional(),
    /** a province or city recognised but not covered */
    uncovered: z.string().min(1).optional(),
  })
  .strict();
export type Where = z.infer<typeof Where>;

export const YearHours = z
  .object({
    year: year.optional(),
    public: z.number().min(0).max(10_000).optional(),
    professional: z.number().min(0).max(10_000).optional(),
    total: z.number().min(0).max(10_000).optional(),
    /** the figures are more hours on top of those told before ("再学15", "又修了10") */
    added: z.boolean().optional(),
  })
  .strict();
export type YearHours = z.infer<typeof YearHours>;

export const OnDuty = z
  .object({
    reason: OnDutyReason.optional(),
    /** months on duty in the year */
    monthsOnDuty: z.number().min(0).max(12).optional(),
    /** months away (leave, abroad) in the year */
    monthsAway: z.number().min(0).max(12).optional(),
  })
  .strict();
export type OnDuty = z.infer<typeof OnDuty>;

/** Facts a message may carry, whatever its intent. */
export const Slots = z
  .object({
    where: Where.optional(),
    year: year.optional(),
    achievements: z.array(Achievement).max(20).optional(),
    subject: Subject.optional(),
    hours: z.array(YearHours).max(20).optional(),
    onDuty: OnDuty.optional(),
    level: TitleLevel.optional(),
    route: TitleRoute.optional(),
    flags: z.array(EligibilityFlag).optional(),
    /** a bare rank / number answer ("第二", "3") for the question just asked */
    number: z.number().min(0).max(10_000).optional(),
  })
  .strict();
export type Slots = z.infer<typeof Slots>;

export const INTENTS = [
  'convert', // 折算：某项成果/活动能算多少学时
  'requirement', // 每年要求多少学时
  'progress', // 已完成多少，还差多少（含产假等按在岗月份折算）
  'eligibility', // 申报职称的学时要求、是否够
  'deadline', // 截止时间
  'contact', // 咨询电话
  'platform', // 学习平台、网址
  'policy_question', // 其他政策条款（算不算、谁验证…）
  'inform', // 只陈述事实（地区、名次、类型），回答上一问
  'set_profile', // 我是青海的 / 我要评中级
  'subscribe', // 订阅截止提醒
  'unsubscribe', // 取消提醒
  'human', // 转人工
  'cancel', // 取消当前问题
  'restart', // 重新开始
  'correction', // 不对，是实用新型
  'greeting', // 你好
  'help', // 你能做什么
  'out_of_scope', // 与继续教育无关
] as const;
export const Intent = z.enum(INTENTS);

/** The intents that ask something the policy core answers (as opposed to telling facts or steering the dialog). */
export const QUESTION_INTENTS: ReadonlySet<string> = new Set([
  'convert',
  'requirement',
  'progress',
  'eligibility',
  'deadline',
  'contact',
  'platform',
  'policy_question',
]);
export type Intent = z.infer<typeof Intent>;

export const Command = z
  .object({
    intent: Intent,
    slots: Slots.default({}),
    /** the user's words, for clause search (policy_question) */
    text: z.string().max(2000).optional(),
    /** 0..1: how sure the parser is; the rule parser's floor for handing over to the LLM parser */
    confidence: z.number().min(0).max(1).default(1),
  })
  .strict();
export type Command = z.infer<typeof Command>;

/** What the parser knows besides the text: today, and the question the assistant just asked. */
export interface ParseContext {
  /** YYYY-MM-DD, from the clock (ASSISTANT_TODAY) */
  today: string;
  /** the slot the assistant asked for in its last reply, so bare answers ("第二", "发明的", "青海") land there */
  awaiting?: { slot: string; kind?: string; options?: string[] };
  /** the user's region from their profile, if known */
  region?: string;
  /** the last question answered, so a follow-up ("那省级的呢") can be read against its kind */
  last?: { intent: string; kinds: string[] };
}

export interface Parser {
  parse(text: string, ctx: ParseContext): Promise<ParseResult>;
}

export interface ParseResult {
  command: Command;
  /** which parser produced the command */
  by: 'rule' | 'llm';
}
