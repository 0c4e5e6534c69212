// The reader's vocabulary: every word it knows lives in knowledge/vocabulary/*.yaml (and the places in
// knowledge/places.yaml, the aliases beside rules in knowledge/regions). This module only loads and validates it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import {
  ACTIVITY_KINDS,
  Authorship,
  Certificate,
  DeadlineEvent,
  DegreeLevel,
  EligibilityFlag,
  Indexing,
  LangGrade,
  Level,
  OnDutyReason,
  PaperLength,
  PatentType,
  Prize,
  Role,
  Subject,
  TitleLevel,
  TitleRoute,
} from '../domain/vocab';

/** Grammar roles of words: the reader's rules are written over these, never over the words themselves. */
export const MARKS = [
  'rank-pre', // before a number that is a rank
  'rank-suf', // after a rank (the place in a list)
  'author-suf', // after a rank: the rank is an authorship
  'top-pre', // before a number of top places
  'count', // a classifier after a number: it counts items
  'day', // a unit after a number: days
  'halfday', // half a day, as one word
  'hour', // a unit: clock hours
  'credit', // a unit: credit hours of continuing education
  'month', // a unit: months (a duration)
  'year', // a unit: years, or the year after a calendar year number
  'week', // a unit: weeks
  'chars', // a unit: characters of a text (with its multiplier)
  'money', // a unit of money: never hours
  'percent', // a percentage or a multiple
  'half', // a half, added to the number before it
  'about', // about that many
  'per-day', // hours per day follow
  'per-time', // hours per session follow
  'neg', // negation of what follows
  'hyp', // a what-if
  'actual', // the real facts, not a what-if
  'notice', // a notice or its rules (the notice of a year)
  'corr', // a correction of what was said
  'add', // more items on top of those told
  'total', // a total follows
  'more', // more of the same (hours studied again)
  'done', // what was done or obtained
  'need', // what is required (not a figure done)
  'follow-head', // the start of a follow-up
  'follow-tail', // the end of a follow-up
  'q', // a question word
  'q-amount', // a question for a figure
  'person', // somebody else
  'self', // the user
  'both', // all of them
  'subjects-both', // both subjects at once
  'hearsay', // what someone else said, to be checked
  'each', // each of them, apart
  'range', // between two numbers of a range
  'and', // a conjunction
  'upto', // a ceiling
  'over', // more than the figure before
  'under', // less than the figure before
  'date-day', // the day of a calendar date
  'month-of', // the month of a calendar date, or a month range
  'organise', // the place or level before it organised the activity
  'travel', // a place one travels to follows
  'duration', // a count of years follows, not a calendar year
  'yes', // an answer: yes
  'no', // an answer: no
  'sep', // a word that separates clauses
  'begin', // the start of a range
  'verb-study', // a verb of study
  'total-hours', // the year's total of hours
  'acquire', // a certificate or exam obtained (not a title held)
  'identity', // what one is, not what one obtained
  'give', // giving a talk
  'attend', // attending one
  'invited', // invited as an expert
  'draft', // drafting a standard
  'publish', // publishing
  'write', // writing or editing
  'graduate', // graduating
  'org-pre', // a level before an organisation's name
  'org-suf', // the end of an organisation's name
  'or', // an alternative
  'leader', // a leader (of an endorsement)
  'on-duty', // at work
  'shift', // a shift worked, after months
  'name-pre', // before a surname: a colleague's name
  'surname', // a surname
  'person-new', // somebody else again
  'person-first', // the first one talked about, back again
  'people-all', // everyone talked about
  'subject-part', // a part of a subject (the required and elective parts of the public one): its hours add up
  'exclude', // what the clause names is left out
  'source', // where an answer comes from is asked
  'part-of', // what follows is a part of the figure before (two of the days told were on the road)
  'sorry', // an apology before a correction
  'leave-verb', // time away from work
  'from', // a place left follows (moved from one province to another)
  'erase', // deleting
  'personal-data', // what is kept about a user
] as const;
export const Mark = z.enum(MARKS);
export type Mark = z.infer<typeof Mark>;

/** What a message can ask: the topics of a question. */
export const TOPICS = [
  'convert', // what an achievement converts to
  'cap', // the most it can count for a year
  'subject', // which subject it counts under
  'requirement', // the year's required hours
  'progress', // what is left this year
  'eligibility', // the hours a title application needs
  'deadline', // dates
  'contact', // phone numbers
  'platform', // platforms and addresses
  'clause', // any other clause of a notice
] as const;
export const Topic = z.enum(TOPICS);
export type Topic = z.infer<typeof Topic>;

export const CONTROLS = [
  'cancel',
  'restart',
  'handoff',
  'subscribe',
  'unsubscribe',
  'reminders',
  'delete_data',
  'greeting',
  'help',
  'thanks',
  'ack',
  'out_of_scope',
] as const;
export const Control = z.enum(CONTROLS);
export type Control = z.infer<typeof Control>;

/**
 * How strongly a cue word asks its topic: `strong` decides on its own, `weak` only without a stronger one, `soft`
 * is strong in a message that tells no figure and weak otherwise.
 */
const Strength = z.enum(['strong', 'weak', 'soft']);

/** The features one word carries. */
export const Feats = z
  .object({
    kind: z.enum(ACTIVITY_KINDS),
    patentType: PatentType,
    level: Level,
    prize: Prize,
    role: Role,
    authorship: Authorship,
    indexing: Indexing,
    certificate: Certificate,
    langGrade: LangGrade,
    paper: PaperLength,
    abroad: z.boolean(),
    official: z.boolean(),
    completed: z.boolean(),
    /** the endorsement is a main leader's (党委书记、政府主要负责人) */
    mainLeader: z.boolean(),
    degreeLevel: DegreeLevel,
    /** the sick leave was for an injury or a serious illness */
    serious: z.boolean(),
    subject: Subject,
    /** a part of the public subject (必选 / 自选) */
    part: z.enum(['required', 'elective']),
    titleLevel: TitleLevel,
    route: TitleRoute,
    flag: EligibilityFlag,
    leave: OnDutyReason,
    onDuty: z.boolean(),
    deadline: z.array(DeadlineEvent),
    mark: Mark,
    ask: Topic,
    strength: Strength,
    control: Control,
    /** a relative year: 今年 0, 去年 -1 */
    yearRel: z.number().int(),
    /** a number the word stands for (俩 2, 半 0.5, 一整年 12 months) */
    value: z.number(),
    /** multiplies the number before it (千字 1000) */
    mult: z.number(),
    /** a word of a yes/no question (吗, 能不能, 要不要) */
    yn: z.boolean(),
    /** a kind the word also names, tried where the kind in play has no rule (a paper read at a conference) */
    also: z.enum(ACTIVITY_KINDS),
    /** the plainest count unit (个), which after a subject also stands for its hours ("公需又学了10个") */
    plain: z.boolean(),
    /** the word is read but carries nothing (请问, 老师, 一下) */
    filler: z.boolean(),
    /** a word that shows the message is about continuing education at all */
    domain: z.boolean(),
    /** the kind this word names when a word of the given grammar role is in its clause (讲座 given → lecture) */
    kindBy: z.record(z.string(), z.enum(ACTIVITY_KINDS)),
    /** the kind yields to any other kind named in its clause (项目, 成果, 会议) */
    weak: z.boolean(),
    /** the kind this word implies when the message names none and none is being talked about (独著 → paper) */
    implies: z.enum(ACTIVITY_KINDS),
    /** a title or grade one may hold (高级技师, 中级经济师): an item only when obtained, not when one just is it */
    titleLike: z.boolean(),
  })
  .partial()
  .strict();
export type Feats = z.infer<typeof Feats>;

const Entry = z
  .object({
    /** the words (surface forms, typos and variants included) */
    w: z.array(z.string().min(1)).min(1),
    set: Feats,
    /** read only when one of these kinds is in the message or is the topic */
    with: z.array(z.enum(ACTIVITY_KINDS)).optional(),
  })
  .strict();
export type Entry = z.infer<typeof Entry>;

const KindInfo = z
  .object({
    /** the slots an item of this kind can carry */
    slots: z.array(z.string()).default([]),
    /** kinds named in the same clause that this kind absorbs (党校脱产培训 is a 党校 training only) */
    absorbs: z.array(z.enum(ACTIVITY_KINDS)).default([]),
    /** the slot a bare number after the item fills in a terse message ("发明 2": the rank) */
    bare: z.enum(['rank', 'count', 'days', 'hours', 'months']).optional(),
    /** roles by rank where the notices name them so: the first band whose `upto` the rank does not exceed */
    rankRole: z
      .array(
        z.object({ upto: z.number().int().positive().optional(), role: z.enum(['host', 'main', 'member']) }).strict(),
      )
      .optional(),
    /** a kind read from a word of another kind's entry (发明 → patent) when nothing else is named */
  })
  .strict();

const VocabularyFile = z
  .object({
    entries: z.array(Entry).default([]),
    kinds: z.record(z.enum(ACTIVITY_KINDS), KindInfo).optional(),
    numerals: z
      .object({
        digits: z.record(z.string(), z.number().int().min(0).max(9)),
        units: z.record(z.string(), z.number().int()),
        myriads: z.record(z.string(), z.number().int()),
      })
      .strict()
      .optional(),
    /** character variants folded before reading (traditional → simplified) */
    variants: z.record(z.string().length(1), z.string().length(1)).optional(),
    /** a paper read at a conference is long above this many characters (the notice's own threshold) */
    paperLongAbove: z.number().int().positive().optional(),
  })
  .strict();

export interface Vocabulary {
  entries: Array<Entry & { file: string }>;
  kinds: Partial<Record<(typeof ACTIVITY_KINDS)[number], z.infer<typeof KindInfo>>>;
  numerals: { digits: Map<string, number>; units: Map<string, number>; myriads: Map<string, number> };
  variants: Map<string, string>;
  paperLongAbove?: number;
}

/** Loads every YAML file of a vocabulary folder; a bad entry fails naming the file and the path. */
export function loadVocabulary(dir: string): Vocabulary {
  const out: Vocabulary = {
    entries: [],
    kinds: {},
    numerals: { digits: new Map(), units: new Map(), myriads: new Map() },
    variants: new Map(),
  };
  for (const name of readdirSync(dir).sort()) {
    if (!/\.ya?ml$/.test(name) || name === 'synonyms.yaml') continue;
    const r = VocabularyFile.safeParse(parseYaml(readFileSync(join(dir, name), 'utf8')));
    if (!r.success) {
      const issue = r.error.issues[0]!;
      throw new Error(`knowledge/vocabulary/${name}: ${issue.path.join('.')}: ${issue.message}`);
    }
    const f = r.data;
    for (const e of f.entries) out.entries.push({ ...e, file: name });
    Object.assign(out.kinds, f.kinds ?? {});
    if (f.numerals) {
      for (const [k, v] of Object.entries(f.numerals.digits)) out.numerals.digits.set(k, v);
      for (const [k, v] of Object.entries(f.numerals.units)) out.numerals.units.set(k, v);
      for (const [k, v] of Object.entries(f.numerals.myriads)) out.numerals.myriads.set(k, v);
    }
    for (const [k, v] of Object.entries(f.variants ?? {})) out.variants.set(k, v);
    if (f.paperLongAbove !== undefined) out.paperLongAbove = f.paperLongAbove;
  }
  return out;
}
