// The shape of knowledge/: zod schemas for every YAML file. A bad entry fails loudly at load, naming file and path.
import { z } from 'zod';
import {
  ActivityKind,
  ContactTopic,
  DeadlineEvent,
  EligibilityFlag,
  OnDutyReason,
  Subject,
  TitleLevel,
  TitleRoute,
} from '../domain/vocab';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case, digits and dashes');
const year = z.number().int().min(2000).max(2100);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are YYYY-MM-DD');

/** Where a figure comes from: the document key (knowledge/sources/index.yaml), the clause, and its own words. */
export const Source = z
  .object({
    doc: z.string().min(1),
    section: z.string().min(1),
    quote: z.string().min(4),
  })
  .strict();
export type Source = z.infer<typeof Source>;

export const SourceDoc = z
  .object({
    key: z.string().min(1),
    number: z.string().min(1), // 文号, or a title where the notice has none
    title: z.string().min(1),
    issuer: z.string().min(1),
    region: z.string().min(1),
    date: isoDate,
    file: z.string().min(1),
    embeddedIn: z.string().optional(),
  })
  .strict();
export const SourceIndex = z.object({ documents: z.array(SourceDoc).min(1) }).strict();

const areaCode = z.string().regex(/^0\d{2,3}$/, 'area codes are 0 and 2–3 digits');

const Place = z
  .object({
    id,
    name: z.string().min(1),
    aliases: z.array(z.string()).default([]),
    /** aliases other places share (高新区, 经开区): read as this place only where the region is known */
    shared: z.array(z.string()).default([]),
    kind: z.enum(['city', 'county', 'district', 'zone']).default('city'),
    parent: id.optional(),
    /** telephone area code (长途区号); places without one take their parent's or the region's */
    areaCode: areaCode.optional(),
    /** the place's own notice (document key), where the region also holds a city notice (六安 in 安徽) */
    notice: z.string().optional(),
  })
  .strict();

export const Region = z
  .object({
    id,
    name: z.string().min(1),
    aliases: z.array(z.string()).default([]),
    /** The province the region belongs to, when the region is a city (its other cities are not covered). */
    province: z.string().optional(),
    /** area code of the region's own offices (the capital's), added to region-wide numbers printed without one */
    areaCode: areaCode.optional(),
    places: z.array(Place).default([]),
    /** Places whose own notice is recorded inside this region (e.g. a city of a covered province). */
    notes: z.string().optional(),
  })
  .strict();
export type Region = z.infer<typeof Region>;

export const Gazetteer = z
  .object({
    regions: z.array(Region).min(1),
    /** Provinces and cities recognised but not covered by any notice. */
    uncovered: z.array(z.object({ name: z.string(), aliases: z.array(z.string()).default([]) }).strict()),
  })
  .strict();
export type Gazetteer = z.infer<typeof Gazetteer>;

// ---------- rules ----------

/** A value given either as a figure (with the entry's quote) or as "the year's requirement" (full hours of a subject). */
const RequirementPart = z.enum(['total', 'public', 'professional', 'both']);

export const Formula = z.discriminatedUnion('type', [
  /** fixed hours per item */
  z
    .object({
      type: z.literal('fixed'),
      hours: z.number().min(0),
      /** added once on top (e.g. 报告论文另加5学时) */
      bonus: z.number().min(0).optional(),
    })
    .strict(),
  /** hours by rank band; bands in order, the last one without maxRank catches the rest */
  z
    .object({
      type: z.literal('rankBands'),
      bands: z
        .array(z.object({ maxRank: z.number().int().min(1).optional(), hours: z.number().min(0) }).strict())
        .min(1),
    })
    .strict(),
  /** first rank gets `first`, each following rank `step` less, never below `floor` */
  z
    .object({
      type: z.literal('rankStep'),
      first: z.union([z.number().min(0), z.object({ requirement: RequirementPart }).strict()]),
      step: z.number().min(0),
      floor: z.number().min(0).default(0),
    })
    .strict(),
  /** hours per day; `halfDay` is what a part day counts (absent: part days count pro rata) */
  z
    .object({ type: z.literal('perDay'), hoursPerDay: z.number().min(0), halfDay: z.number().min(0).optional() })
    .strict(),
  /** hours = reported hours × multiplier (lectures ×6, online courses ×1) */
  z.object({ type: z.literal('perHour'), multiplier: z.number().min(0) }).strict(),
  /** documented hours when given, else count × hoursPerItem (e.g. 1学时 per courseware without stated hours) */
  z.object({ type: z.literal('documentedOrPerItem'), hoursPerItem: z.number().min(0) }).strict(),
  /** documented hours when given, else days × hoursPerDay */
  z.object({ type: z.literal('documentedOrPerDay'), hoursPerDay: z.number().min(0) }).strict(),
  /** documented (actual) hours, at most maxPerDay for each day */
  z.object({ type: z.literal('documentedMaxPerDay'), maxPerDay: z.number().min(0) }).strict(),
  /** a ceiling, not a figure (当年最多折算为30学时): the documented hours up to `max`; without them, "最多max学时" */
  z.object({ type: z.literal('upTo'), max: z.number().min(0) }).strict(),
  /** a yearly figure pro-rated by months (months / 12 × annual) */
  z.object({ type: z.literal('perMonth'), annual: z.number().min(0) }).strict(),
  /** counts as the year's whole requirement of a subject (视同完成 / 折算全部学时) */
  z.object({ type: z.literal('yearRequirement'), part: RequirementPart }).strict(),
  /** counts as a non-numeric allowance stated in words (e.g. 任职期间全部专业课学时) */
  z.object({ type: z.literal('statement'), text: z.string().min(2) }).strict(),
]);
export type Formula = z.infer<typeof Formula>;

const WhenValue = z.union([z.string(), z.number(), z.boolean()]);
/** A numeric comparison on a slot (驻村满1年: `{ months: { min: 12 } }`); bounds are inclusive unless …Exclusive. */
export const WhenRange = z
  .object({
    min: z.number().optional(),
    max: z.number().optional(),
    minExclusive: z.number().optional(),
    maxExclusive: z.number().optional(),
  })
  .strict()
  .refine((r) => Object.keys(r).length > 0, 'a range needs at least one bound');
export type WhenRange = z.infer<typeof WhenRange>;
export const WhenCondition = z.union([WhenValue, z.array(WhenValue).min(1), WhenRange]);
export type WhenCondition = z.infer<typeof WhenCondition>;
export const When = z.record(z.string(), WhenCondition);
export type When = z.infer<typeof When>;

/** A doubtful reading of a clause: what the assistant applies, and the other reading, both stated beside the answer. */
export const Reading = z
  .object({
    applied: z.string().min(4),
    alternative: z.string().min(4),
  })
  .strict();
export type Reading = z.infer<typeof Reading>;

/** The words people use for an entry (read by the parser). */
const aliases = z.array(z.string().min(1)).default([]);

export const ConversionRule = z
  .object({
    id,
    activity: ActivityKind,
    label: z.string().min(2),
    /** conditions on the achievement's slots (value, any-of list, or numeric range); unknown slots are asked */
    when: When.default({}),
    /** the `when` conditions in words, for per-case answers (省级及以上有关主管部门举办的); default: the label */
    conditionLabel: z.string().min(2).optional(),
    /** first year the rule applies (青海 附件4), and the last when it was replaced */
    from: year,
    to: year.optional(),
    /** 'either': the user chooses public or professional; 'both': one figure per subject (援派) */
    subject: z.enum(['public', 'professional', 'either', 'both']),
    formula: Formula,
    /** multiplies by count (items, papers, modules) */
    perItem: z.boolean().default(true),
    /** a yearly cap shared by every rule naming the same cap id */
    cap: id.optional(),
    /** conditions the user must meet that the assistant cannot check (evidence, 任现职期间, 结题) */
    conditions: z.array(z.string()).default([]),
    /** rules with the same `alternative` id are mutually exclusive choices (choose one subject) */
    alternative: id.optional(),
    note: z.string().optional(),
    readings: z.array(Reading).default([]),
    aliases,
    source: Source,
  })
  .strict();
export type ConversionRule = z.infer<typeof ConversionRule>;

export const Cap = z
  .object({
    id,
    hours: z.number().min(0),
    per: z.enum(['year', 'item', 'total']).default('year'),
    label: z.string().min(2),
    readings: z.array(Reading).default([]),
    source: Source,
  })
  .strict();
export type Cap = z.infer<typeof Cap>;

export const Requirement = z
  .object({
    id,
    from: year,
    /** last year it applies; absent only when the notice states it as ongoing (自…年起) */
    to: year.optional(),
    /** absent where the notice states only the parts (then total = public + professional) */
    total: z.number().min(0).optional(),
    public: z.number().min(0).optional(),
    professional: z.number().min(0).optional(),
    minutesPerHour: z.number().min(1).optional(),
    /** the parts of the public subject where the notice sets them (济宁: 10 必选 + 20 自选) */
    publicParts: z
      .object({ required: z.number().min(0), elective: z.number().min(0) })
      .strict()
      .optional(),
    /** true / false only where the notice says so; absent where it is silent */
    carryOver: z.boolean().optional(),
    note: z.string().optional(),
    source: Source,
  })
  .strict();
export type Requirement = z.infer<typeof Requirement>;

/** How several achievements of one year combine. */
export const Aggregation = z
  .object({
    mode: z.enum(['sum', 'highest']),
    /** with 'highest': rules not subject to it (summed apart), by id */
    except: z.array(id).default([]),
    /** public hours may never be counted as professional */
    publicNotAsProfessional: z.boolean().default(false),
    /** how the subject of a conversion is chosen, where the notice says it in one clause (安徽 第二十一条 1) */
    subjectChoice: z
      .object({ summary: z.string().min(4), source: Source })
      .strict()
      .optional(),
    from: year,
    to: year.optional(),
    note: z.string().optional(),
    source: Source,
  })
  .strict();
export type Aggregation = z.infer<typeof Aggregation>;

/** Pro-rating the year's requirement by months on duty. */
export const Proration = z
  .object({
    id,
    from: year,
    to: year.optional(),
    reasons: z
      .array(
        z
          .object({
            reason: OnDutyReason,
            /** months away must be more than this (e.g. 6) for pro-rating to apply; absent: any */
            minMonthsAwayExclusive: z.number().min(0).optional(),
            /** facts the notice attaches to the reason (因公派: `{ official: true }`; 因受伤、患重病: `{ serious: true }`) */
            when: When.default({}),
            label: z.string(),
          })
          .strict(),
      )
      .min(1),
    conditions: z.array(z.string()).default([]),
    readings: z.array(Reading).default([]),
    source: Source,
  })
  .strict();
export type Proration = z.infer<typeof Proration>;

export const EligibilityRule = z
  .object({
    id,
    from: year,
    to: year.optional(),
    route: TitleRoute,
    levels: z.array(TitleLevel).min(1),
    test: z.discriminatedUnion('type', [
      /** the recent N years (optionally since a year, optionally non-consecutive), each meeting its own minimums */
      z
        .object({
          type: z.literal('recentYears'),
          years: z.number().int().min(1),
          sinceYear: year.optional(),
          consecutive: z.boolean().default(false),
          eachYearMeetsBoth: z.boolean().default(true),
        })
        .strict(),
      /** hours of the application year or the year before */
      z.object({ type: z.literal('currentOrPrevious') }).strict(),
      /** the average of the recent tenure cycle reaches the yearly requirement; no single-year cramming */
      z.object({ type: z.literal('cycleAverage'), noCramming: z.boolean().default(true) }).strict(),
    ]),
    label: z.string().min(2),
    readings: z.array(Reading).default([]),
    source: Source,
  })
  .strict();
export type EligibilityRule = z.infer<typeof EligibilityRule>;

export const Exemption = z
  .object({
    id,
    flag: EligibilityFlag,
    from: year,
    to: year.optional(),
    /** none: no hours required; one_year: counts as one year completed; same_as_done: platform hours count */
    effect: z.enum(['none', 'one_year', 'same_as_done']),
    levels: z.array(TitleLevel).optional(),
    summary: z.string().min(4),
    readings: z.array(Reading).default([]),
    source: Source,
  })
  .strict();
export type Exemption = z.infer<typeof Exemption>;

export const Deadline = z
  .object({
    id,
    year,
    event: DeadlineEvent,
    date: isoDate,
    start: isoDate.optional(),
    time: z
      .string()
      .regex(/^\d{2}:\d{2}$/)
      .optional(),
    label: z.string().min(2),
    who: z.string().optional(),
    aliases,
    source: Source,
  })
  .strict();
export type Deadline = z.infer<typeof Deadline>;

export const Contact = z
  .object({
    id,
    /** a place id from knowledge/places.yaml, or the region id for region-wide lines */
    place: id,
    org: z.string().min(2),
    dept: z.string().optional(),
    phones: z.array(z.string().regex(/^[0-9-]{5,20}$/)).min(1),
    topic: ContactTopic,
    /** the region's main line, named first when the user's place is unknown */
    primary: z.boolean().optional(),
    scope: z.string().optional(),
    note: z.string().optional(),
    aliases,
    source: Source,
  })
  .strict();
export type Contact = z.infer<typeof Contact>;

export const Platform = z
  .object({
    id,
    name: z.string().min(2),
    url: z.string().optional(),
    use: z.string().min(2),
    from: year,
    to: year.optional(),
    aliases,
    source: Source,
  })
  .strict();
export type Platform = z.infer<typeof Platform>;

/** A clause worth finding by words: exclusions, verification routing, special cases, hour length… */
export const Provision = z
  .object({
    id,
    topic: z.string().min(2),
    keywords: z.array(z.string().min(1)).min(1),
    summary: z.string().min(4),
    from: year,
    to: year.optional(),
    aliases,
    source: Source,
  })
  .strict();
export type Provision = z.infer<typeof Provision>;

/** One YAML file: one region, one notice. */
export const KnowledgeFile = z
  .object({
    region: id,
    doc: z.string().min(1),
    year,
    requirements: z.array(Requirement).default([]),
    aggregation: z.array(Aggregation).default([]),
    caps: z.array(Cap).default([]),
    conversions: z.array(ConversionRule).default([]),
    proration: z.array(Proration).default([]),
    eligibility: z.array(EligibilityRule).default([]),
    exemptions: z.array(Exemption).default([]),
    deadlines: z.array(Deadline).default([]),
    contacts: z.array(Contact).default([]),
    platforms: z.array(Platform).default([]),
    provisions: z.array(Provision).default([]),
  })
  .strict();
export type KnowledgeFile = z.infer<typeof KnowledgeFile>;

// ---------- test cases (OpenFisca-style) ----------

export const PolicyCase = z
  .object({
    name: z.string().min(2),
    region: id,
    year,
    ask: z.enum(['convert', 'requirement', 'progress', 'eligibility', 'contacts', 'describe']),
    input: z.record(z.string(), z.unknown()).default({}),
    expect: z
      .object({
        /** total hours of a conversion */
        hours: z.number().optional(),
        public: z.number().optional(),
        professional: z.number().optional(),
        total: z.number().optional(),
        subject: z.union([Subject, z.enum(['either', 'both'])]).optional(),
        /** conversion counts as the whole year (or a stated allowance) */
        statement: z.boolean().optional(),
        remainingPublic: z.number().optional(),
        remainingProfessional: z.number().optional(),
        remainingTotal: z.number().optional(),
        qualifies: z.boolean().nullable().optional(),
        /** the typed error/status the answer must have, e.g. not_recorded, not_yet_in_force, missing */
        status: z.string().optional(),
        missing: z.string().optional(),
        rules: z.array(z.string()).optional(),
        capped: z.boolean().optional(),
        /** per-case answers, each matched (by the fields given) against some case of the answer, in any order */
        cases: z
          .array(
            z
              .object({
                values: z.array(z.union([z.string(), z.number(), z.boolean()])).optional(),
                hours: z.number().nullable().optional(),
                max: z.number().optional(),
                none: z.boolean().optional(),
                ruleId: z.string().optional(),
              })
              .strict(),
          )
          .optional(),
        /** a ceiling stated instead of a figure ("最多30学时") */
        max: z.number().optional(),
        /** ids of the rules or caps whose doubtful reading the answer states */
        readings: z.array(z.string()).optional(),
        /** years named as having no recorded requirement */
        unknownYears: z.array(z.number()).optional(),
        /** progress: true only when the hours told cover every required part */
        complete: z.boolean().nullable().optional(),
        /** contacts: numbers that must / must not be given (as displayed, with area code) */
        phones: z.array(z.string()).optional(),
        noPhones: z.array(z.string()).optional(),
        /** contacts: the place has no notice of its own (the lines are another city's or the region's) */
        outside: z.boolean().optional(),
        /** a word the message or trace must contain */
        says: z.string().optional(),
        /** describe: the yearly or per-item caps named (hours) */
        caps: z.array(z.number()).optional(),
      })
      .strict(),
  })
  .strict();
export type PolicyCase = z.infer<typeof PolicyCase>;
export const PolicyCaseFile = z.object({ cases: z.array(PolicyCase).min(1) }).strict();
