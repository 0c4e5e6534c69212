// The commands a message is read into. Both readers (rules and the optional LLM) emit exactly these; the dialog
// applies them one by one. Every command carries the words it came from.
import { z } from 'zod';
import {
  Achievement,
  DeadlineEvent,
  EligibilityFlag,
  OnDutyFacts,
  Subject,
  TitleLevel,
  TitleRoute,
} from '../domain/vocab';
import { CONTROLS, TOPICS } from './vocabulary';

const year = z.number().int().min(1990).max(2100);
/** the user's words a command came from */
const Words = z.string().max(300);

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
    /** parts of the public subject finished, no figure told ("必选课都学完了") */
    partsDone: z
      .array(z.enum(['required', 'elective']))
      .max(2)
      .optional(),
    /** the public figure was told by its parts (必选 / 自选), so a finished part adds to it */
    byParts: z.boolean().optional(),
    /** the figures of the parts told (必选 10, 自选 15): told again, a part replaces itself and the others stay */
    parts: z
      .object({
        required: z.number().min(0).max(10_000).optional(),
        elective: z.number().min(0).max(10_000).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type YearHours = z.infer<typeof YearHours>;

/** Time off duty in a year, with the conditions of pro-rating (因公派出, 因受伤、患重病). */
export const OnDuty = OnDutyFacts;
export type OnDuty = z.infer<typeof OnDuty>;

export const Topic = z.enum(TOPICS);
export type Topic = z.infer<typeof Topic>;
export const Control = z.enum(CONTROLS);
export type Control = z.infer<typeof Control>;

export const Person = z
  .object({
    self: z.boolean().optional(),
    name: z.string().max(20).optional(),
    ordinal: z.number().int().min(1).max(50).optional(),
    /** 他 / 她 / 同事: somebody else, by no name */
    pronoun: z.boolean().optional(),
    /** 另一个同事: somebody else again */
    another: z.boolean().optional(),
    /** 两个人各多少, 他们俩: everyone talked about so far */
    all: z.boolean().optional(),
    /** the first one talked about, back again */
    first: z.boolean().optional(),
  })
  .strict();
export type Person = z.infer<typeof Person>;

/** The awaited slot's answer: a number, an option value, yes / no. */
const AnswerValue = z.union([z.number().min(0).max(100_000), z.string().max(40), z.boolean()]);

export const Command = z.discriminatedUnion('type', [
  /** start a question on a topic (several in one message are answered in turn) */
  z
    .object({
      type: z.literal('start'),
      topic: Topic,
      words: Words,
      /** the deadlines named (审验, 备案…), for a deadline question */
      events: z.array(DeadlineEvent).max(8).optional(),
      /** "A级B级C级各能抵多少": each item's figure is asked, not their sum */
      each: z.boolean().optional(),
      /** asked as yes / no (能…吗, 要不要): whether a rule holds, not for a figure, a date or a place */
      yesNo: z.boolean().optional(),
      /** "他说能算60学时，对吗": the figure a caller was told, to be checked */
      claim: z.number().min(0).max(100000).optional(),
      /** "初级、中级、副高各要几年": the title levels asked about, each answered */
      levels: z.array(TitleLevel).min(2).max(6).optional(),
      /** "两边都能抵吗": whether an item counts under both subjects at once (the subject chosen before is not kept) */
      bothSubjects: z.boolean().optional(),
    })
    .strict(),
  z.object({ type: z.literal('where'), where: Where, words: Words }).strict(),
  z.object({ type: z.literal('year'), year, words: Words }).strict(),
  z.object({ type: z.literal('subject'), subject: Subject, words: Words }).strict(),
  z
    .object({
      type: z.literal('title'),
      level: TitleLevel.optional(),
      route: TitleRoute.optional(),
      flags: z.array(EligibilityFlag).max(6).optional(),
      words: Words,
    })
    .strict(),
  z.object({ type: z.literal('hours'), hours: YearHours, words: Words }).strict(),
  z.object({ type: z.literal('duty'), onDuty: OnDuty, words: Words }).strict(),
  /** an achievement or activity told, each slot with its words */
  z
    .object({
      type: z.literal('item'),
      item: Achievement,
      words: z.record(z.string(), Words),
    })
    .strict(),
  /** a bare answer to the question just asked ("第二", "发明的", "是的") */
  z.object({ type: z.literal('answer'), value: AnswerValue, words: Words }).strict(),
  /** who the facts are about: the user, or a colleague */
  z.object({ type: z.literal('person'), person: Person, words: Words }).strict(),
  /** the facts that follow replace the ones they correct */
  z.object({ type: z.literal('correct'), words: Words }).strict(),
  /** the facts that follow are a what-if: answered, then forgotten */
  z.object({ type: z.literal('hypothetical'), words: Words }).strict(),
  /** "那我本来的呢", "实际上呢": back to the real facts after a what-if */
  z.object({ type: z.literal('actual'), words: Words }).strict(),
  /** the facts that follow add to the question just answered (另外 / 还有 / 一共) */
  z.object({ type: z.literal('more'), words: Words }).strict(),
  /** steer the conversation: cancel, restart, hand over to a person, reminders, greetings… */
  z.object({ type: z.literal('control'), action: Control, words: Words }).strict(),
  /** a figure that cannot be right (negative, absurd): nothing is recorded */
  z.object({ type: z.literal('invalid'), words: Words }).strict(),
]);
export type Command = z.infer<typeof Command>;
export type CommandOf<T extends Command['type']> = Extract<Command, { type: T }>;

export const Reading = z
  .object({
    commands: z.array(Command).max(40),
    /** words the reader could not place (shown back; a number among them is never guessed) */
    unread: z.array(Words).max(20).default([]),
    /** numbers read but not placed (a rank or a count?): a figure is never computed on a guess */
    unplaced: z
      .array(z.object({ value: z.number(), words: Words }).strict())
      .max(20)
      .default([]),
    /** the user's words (clause search) */
    text: z.string().max(2000),
    /** 0..1: how sure the reader is; below the floor the optional LLM reader is asked */
    confidence: z.number().min(0).max(1).default(1),
    /** the message asks something (吗, 呢, 怎么, ？…), whether or not its topic was read */
    question: z.boolean().optional(),
    /** the message asks where an answer comes from (哪个文件, 出处) */
    source: z.boolean().optional(),
  })
  .strict();
export type Reading = z.infer<typeof Reading> & {
  /** several people told apart in one message ("老韩公需26 专业60；小祁公需30 专业41 各差多少"): each read on its own */
  parts?: Reading[];
};

/** What the reader knows besides the text: today, the open question, the last answer. */
export interface ReadContext {
  /** YYYY-MM-DD */
  today: string;
  /** the slot the assistant asked for in its last reply, so bare answers land there */
  awaiting?: { slot: string; kind?: string; options?: string[] };
  /** the user's region from their profile, if known */
  region?: string;
  /** the last question answered: its topic and the kinds of its items */
  last?: { topic: string; kinds: string[] };
}

export interface Reader {
  read(text: string, ctx: ReadContext): Promise<ReadResult>;
}

export interface ReadResult {
  reading: Reading;
  /** which reader produced the commands */
  by: 'rule' | 'llm';
}

/** The topics the policy core answers. */
export const QUESTION_TOPICS: ReadonlySet<string> = new Set(TOPICS);
