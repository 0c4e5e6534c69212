// Result types of the policy core. Every answer carries a trace (plain-Chinese steps) and its citations.
import type { Citation } from '../chat/types';
import type { ActivityKind, Subject } from '../domain/vocab';

export type { Citation };

/** Why there is no figure: every one is a typed outcome, never a borrowed number. */
export type PolicyStatus =
  | 'ok'
  | 'missing' // a slot is needed to decide
  | 'not_covered' // region not in the knowledge base
  | 'not_recorded' // region covered, but no notice for that year
  | 'not_yet_in_force' // the rule exists but was introduced after that year
  | 'no_rule' // the notice has no such conversion
  | 'refused' // the notice does not allow it (e.g. pro-rating for a short sick leave)
  | 'invalid'; // malformed input (rank 0, negative days…)

export interface Missing {
  slot: string;
  options?: string[];
  /** which achievement (index) the slot belongs to */
  item?: number;
  kind?: ActivityKind;
  /** the one case that counts, in words, when the question is a yes/no (省级及以上有关主管部门举办的) */
  condition?: string;
}

/** A doubtful reading of a clause the answer rests on: what is applied, and the other reading. */
export interface ReadingNote {
  /** the rule, cap, exemption or eligibility rule it belongs to */
  id: string;
  applied: string;
  alternative: string;
}

/**
 * One case of a per-case answer, given when a condition is not known ("省级及以上部门举办的：18学时；其他：不折算"):
 * the figure (or ceiling, or words) for the values of one condition.
 */
export interface AnswerCase {
  /** the condition the case depends on (the slot asked) */
  slot: string;
  /** the slot values of this case (absent when the case holds whatever the value) */
  values?: Array<string | number | boolean>;
  /** the case in words: 省级及以上有关主管部门举办的 / 第1–3名 / 其他级别 */
  label: string;
  /** the figure; null when it needs more facts or is not a number */
  hours: number | null;
  /** a ceiling when only the ceiling is known ("最多16学时") */
  max?: number;
  /** the figure in words when it is not a number (每天7学时, 视同完成…, 不折算) */
  statement?: string;
  subject?: SubjectOrEither | 'both';
  /** progress cases: what is required in that case */
  required?: { total?: number; public?: number; professional?: number };
  ruleId?: string;
  citation?: Citation;
  /** no rule covers these values: nothing is credited (不折算 / 不按在岗时间折算) */
  none?: boolean;
  /** with several items: the year's total if this case holds (after caps and the one-highest-item rule) */
  total?: number | null;
}

interface Base {
  status: PolicyStatus;
  trace: string[];
  citations: Citation[];
  message?: string;
  missing?: Missing;
}

export type SubjectOrEither = Subject | 'either';

export interface ConversionPart {
  ruleId: string;
  label: string;
  subject: SubjectOrEither;
  /** null when the rule grants a stated allowance rather than a figure */
  hours: number | null;
  /** what the rule grants in words (视同完成…, 任职期间全部专业课程学时) */
  statement?: string;
  /** before caps */
  raw: number | null;
  capped?: boolean;
  /** a ceiling stated instead of a figure (当年最多折算为30学时, hours null) */
  max?: number;
  conditions: string[];
}

export interface ConversionItem {
  index: number;
  kind: ActivityKind;
  status: PolicyStatus;
  label?: string;
  parts: ConversionPart[];
  /** mutually exclusive choices (one subject or the other) */
  alternatives?: ConversionPart[];
  /** hours this item adds to the year's total (0 when not counted under the highest-one rule) */
  counted: number | null;
  /** first year the rule applies, for not_yet_in_force */
  introducedIn?: number;
  message?: string;
  missing?: Missing;
  /** missing or no_rule: the figure for each case of the condition not known (or of the rules that exist) */
  cases?: AnswerCase[];
  /** under the one-item-a-year rule: the count told, of which only one is credited */
  countTold?: number;
  /** the subject asked is not the one the rule credits ("那公需呢" of a 资格考试): what to say first */
  otherSubject?: string;
}

export interface ConversionResult extends Base {
  kind: 'conversion';
  region: string;
  year: number;
  items: ConversionItem[];
  /** total counted hours, by subject */
  total: number | null;
  bySubject: { public: number; professional: number; either: number };
  aggregation: 'sum' | 'highest';
  /** under the highest-one rule, the item that counts */
  chosen?: number;
  /** the cases of the first item that is missing a condition (also on the item) */
  cases?: AnswerCase[];
  /** total null because some figure is only a ceiling: the total is at most this */
  max?: number;
  /** doubtful readings of the clauses used, to state beside the answer */
  readings: ReadingNote[];
}

export interface RequirementResult extends Base {
  kind: 'requirement';
  region: string;
  year: number;
  total?: number;
  public?: number;
  professional?: number;
  minutesPerHour?: number;
  carryOver?: boolean;
  /** the rule is stated as ongoing and applied to a later year */
  ongoing?: boolean;
  recordedYears?: number[];
}

export interface ProgressResult extends Base {
  kind: 'progress';
  region: string;
  year: number;
  required?: { total?: number; public?: number; professional?: number };
  done: { total?: number; public?: number; professional?: number };
  remaining?: { total?: number; public?: number; professional?: number };
  prorated?: { monthsOnDuty: number; reason: string; conditions: string[] };
  /** true only when hours were told for every required part and none is short; false when one is short; null otherwise */
  complete: boolean | null;
  nextDeadline?: DeadlineInfo;
  /** clauses that bear on the figures told (the two subjects completed each on its own) */
  notes?: string[];
  /** missing a condition of pro-rating (因公派出, 因受伤患重病…): what is required in each case */
  cases?: AnswerCase[];
  readings: ReadingNote[];
}

export interface YearCheck {
  year: number;
  public?: number;
  professional?: number;
  total?: number;
  /** met: meets that year's minimums; short: does not; unknown: requirement not recorded; out: outside the window */
  verdict: 'met' | 'short' | 'unknown' | 'out';
  reason: string;
}

export interface EligibilityResult extends Base {
  kind: 'eligibility';
  region: string;
  year: number;
  level?: string;
  route?: string;
  /** the rule in words, always given */
  rule?: string;
  /** true / false, or null when it cannot be decided from recorded figures (or no hours were given) */
  qualifies: boolean | null;
  years: YearCheck[];
  exemption?: string;
  /** special cases that apply without waiving the rule (视同完成, counts as one year) */
  notes?: string[];
  /** years the check depends on whose yearly requirement no recorded notice states (say so, give the hotline) */
  unknownYears: number[];
  readings: ReadingNote[];
}

export interface DeadlineInfo {
  id: string;
  year: number;
  event: string;
  date: string;
  start?: string;
  time?: string;
  label: string;
  who?: string;
  daysLeft: number;
}

export interface DeadlinesResult extends Base {
  kind: 'deadlines';
  region: string;
  year: number;
  deadlines: DeadlineInfo[];
  next?: DeadlineInfo;
}

export interface ContactInfo {
  org: string;
  dept?: string;
  /** as displayed: every landline with its area code */
  phones: string[];
  /** the numbers (as displayed) whose area code the notice does not print and was added from the place data */
  areaCodeAdded: string[];
  topic: string;
  /** display name of the place the line serves */
  place: string;
  scope?: string;
  note?: string;
  /** the notice the line is printed in: its year and document number */
  year: number;
  doc: string;
}

export interface ContactsResult extends Base {
  kind: 'contacts';
  region: string;
  place?: string;
  contacts: ContactInfo[];
  /** the lines are those of an organisation named in the question */
  named?: boolean;
  /** the length of the longest name of a line the question holds (网络学院 < 干部网络学院) */
  namedBy?: number;
  /** the year of the notice whose lines are given (the latest notice up to the year asked) */
  noticeYear?: number;
  /** the place asked has no notice of its own: the lines are the region's and those of the places named here */
  outside?: { place: string; noticePlaces: string[] };
}

export interface PlatformsResult extends Base {
  kind: 'platforms';
  region: string;
  platforms: Array<{ name: string; url?: string; use: string }>;
}

export interface ProvisionHit {
  id: string;
  topic: string;
  summary: string;
  score: number;
  /** the clause's keywords found in the question */
  matched: string[];
}

export interface ProvisionsResult extends Base {
  kind: 'provisions';
  region: string;
  hits: ProvisionHit[];
}

/** One rule of an activity kind, in words: figure per unit, subject, caps and conditions, with its citation. */
export interface KindRuleInfo {
  ruleId: string;
  label: string;
  /** the conditions of the rule in words (who organised, which level, 满1年…) */
  when?: string;
  /** the figure per unit in words (每篇10学时, 第1–3名60学时…, 当年最多30学时) */
  figure: string;
  subject: SubjectOrEither | 'both';
  /** the subject in words, from the clause (or the region's subject clause) */
  subjectText: string;
  /** rules with the same id are one choice between subjects (二选一) */
  alternative?: string;
  /** caps the rule counts against */
  caps: Array<{ id: string; hours: number; per: 'year' | 'item' | 'total'; label: string }>;
  conditions: string[];
  from: number;
  to?: number;
  citation: Citation;
}

export interface KindResult extends Base {
  kind: 'kind';
  region: string;
  year: number;
  activity: ActivityKind;
  rules: KindRuleInfo[];
  /** the region's one-item-a-year rule, when the activity is subject to it */
  oneItemAYear?: string;
  /** the region's clause on how subjects are chosen, when a rule leaves the choice to the user */
  subjectChoice?: string;
  introducedIn?: number;
  readings: ReadingNote[];
}

export type PolicyResult =
  | ConversionResult
  | RequirementResult
  | ProgressResult
  | EligibilityResult
  | DeadlinesResult
  | ContactsResult
  | PlatformsResult
  | ProvisionsResult
  | KindResult;
