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
  prorated?: { monthsOnDuty: number; reason: string };
  nextDeadline?: DeadlineInfo;
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
  phones: string[];
  topic: string;
  place: string;
  scope?: string;
  note?: string;
}

export interface ContactsResult extends Base {
  kind: 'contacts';
  region: string;
  place?: string;
  contacts: ContactInfo[];
  /** the lines are those of an organisation named in the question */
  named?: boolean;
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
}

export interface ProvisionsResult extends Base {
  kind: 'provisions';
  region: string;
  hits: ProvisionHit[];
}

export type PolicyResult =
  | ConversionResult
  | RequirementResult
  | ProgressResult
  | EligibilityResult
  | DeadlinesResult
  | ContactsResult
  | PlatformsResult
  | ProvisionsResult;
