// The per-user session: the user's profile, the people a conversation is about, the open question and the last
// answer of each person. Versioned (see SESSION_VERSION): a session of another version is discarded, not misread.

import type { Achievement, EligibilityFlag, Subject, TitleLevel, TitleRoute } from '../domain/vocab';
import type { OnDuty, Reading, Topic, Where, YearHours } from '../intents/command';

export const SESSION_VERSION = 2;
/** the profile is kept for half a year after the last message */
export const PROFILE_TTL_SECONDS = 180 * 24 * 3600;
/** an open question lapses after half an hour; the flow then resets politely */
export const PENDING_TTL_MS = 30 * 60 * 1000;
/** the user's own facts */
export const SELF = 'self';

/** The facts a question is asked with. */
export interface Facts {
  where?: Where;
  year?: number;
  subject?: Subject;
  items: Achievement[];
  /** the words each item's slots came from, index by index */
  itemWords: Array<Record<string, string>>;
  hours?: YearHours[];
  onDuty?: OnDuty;
  level?: TitleLevel;
  route?: TitleRoute;
  flags?: EligibilityFlag[];
}

/** A question: its topic, its facts, whose it is, the words that asked it. */
export interface Frame {
  /** the same for a question and its corrections and follow-ups */
  id: number;
  topic: Topic;
  facts: Facts;
  person: string;
  /** the user's words that opened the question (clause search) */
  text: string;
  /** a what-if: answered, not remembered */
  hypothetical?: boolean;
  /** the deadlines named (审验, 备案…), first in a deadline answer */
  events?: string[];
  /** each item's figure is asked, not their sum */
  each?: boolean;
  /** the message's own words, when `text` also holds the last question's (a clause follow-up) */
  ownText?: string;
  /** asked as yes / no: whether a rule holds */
  yesNo?: boolean;
  /** the figure the user was told and asks to check */
  claim?: number;
  /** a question with no word that asks anything in particular ("想问几个继续教育的事") */
  vague?: boolean;
  /** the region was just given in answer to the question for it */
  answeredRegion?: boolean;
  /** the message corrected something it said ("哦不 我其实在海西") */
  corrected?: boolean;
  /** the source of the last answer is asked (哪个文件): the last answer again, with its 依据 */
  source?: boolean;
  /** a question that names nothing of its own ("要谁批", "从哪年开始算"): about the last answer */
  aboutLast?: boolean;
}

export interface Pending {
  frame: Frame;
  awaiting: { slot: string; kind?: string; options?: string[]; item?: number; value?: number };
  question: string;
  /** epoch ms when asked */
  askedAt: number;
  /** answers to it that were not understood */
  tries: number;
}

/** What a person told of a year: hours, achievements converted, time away from work. */
export interface Told {
  level?: TitleLevel;
  route?: TitleRoute;
  /** hours reported, one entry per year */
  hours: YearHours[];
  /** the subject of the last hours told (又学了12 goes there) */
  lastSubject?: 'public' | 'professional';
  /** achievements whose conversion was answered, by question id: they count towards what is left */
  ledger?: Array<{ id: number; year: number; items: Achievement[] }>;
  /** leave told, for the year's pro-rating */
  duty?: { year: number; onDuty: OnDuty };
}

export interface Profile extends Told {
  region?: string;
  place?: string;
  /** a region the user named that no notice covers */
  uncovered?: string;
  subscribed?: boolean;
}

/** Somebody else the user asks for (an HR officer's colleague): their own facts, never mixed with another's. */
export interface Person extends Told {
  label: string;
}

export interface Session {
  profile: Profile;
  people: Record<string, Person>;
  /** whom the conversation is about now */
  focus: string;
  /** whom it was about before this turn */
  previousFocus?: string;
  /** whom the conversation was about, in the order first talked about */
  talked?: string[];
  pending?: Pending;
  /** an open question set aside when the user asked something else; its answer may still come */
  suspended?: Pending;
  /** the last question answered, per person */
  last: Record<string, Frame>;
  /** the last what-if answered per person, until a real question follows ("实际上我排第5" takes it as fact) */
  whatIf?: Record<string, Frame>;
  /** every question answered in the last turn, per person (a follow-up "那2023年呢" asks them all again) */
  lastTurn: Record<string, Frame[]>;
  /** the next question id */
  seq: number;
  /** messages in a row that were not understood */
  misses: number;
  /** epoch ms when a reminder subscription asked for the region */
  subscribeAsked?: number;
  /** the other people's parts of a message, read when the region asked for the first part is given */
  queue?: Reading[];
}

export function emptySession(): Session {
  return { profile: { hours: [] }, people: {}, focus: SELF, last: {}, lastTurn: {}, seq: 1, misses: 0 };
}

export function emptyFacts(): Facts {
  return { items: [], itemWords: [] };
}
