// The policy core: a pure interpreter of knowledge/. Same input, same answer; no I/O after loading.

import type { ActivityKind } from '../domain/vocab';
import { convert } from './convert';
import { describeKind } from './describe';
import { describeRule, type EligibilityQuery, eligibility } from './eligibility';
import { buildIndex, type PolicyIndex } from './index-kb';
import { type KnowledgeBase, loadKnowledge } from './knowledge';
import { contacts, deadlines, platforms, searchProvisions } from './lookups';
import { type OnDutyFacts, type ProgressQuery, progress } from './progress';
import { requirement } from './requirement';

export type * from './types';
export type { EligibilityQuery, OnDutyFacts, ProgressQuery };
export { describeRule };

export interface Policy {
  readonly index: PolicyIndex;
  convert(q: { region?: string; year: number; achievements: unknown[] }): ReturnType<typeof convert>;
  requirement(q: { region?: string; year: number }): ReturnType<typeof requirement>;
  progress(q: ProgressQuery): ReturnType<typeof progress>;
  eligibility(q: EligibilityQuery): ReturnType<typeof eligibility>;
  deadlines(q: { region?: string; year?: number; today: string; event?: string }): ReturnType<typeof deadlines>;
  /** `year`: the numbers of the latest notice up to that year (default: the newest notice) */
  contacts(q: {
    region?: string;
    place?: string;
    topic?: string;
    year?: number;
    text?: string;
    /** the text names one place after another as a correction ("海东的…哦不 我其实在海西"): only the last counts */
    corrected?: boolean;
  }): ReturnType<typeof contacts>;
  /** an activity kind's rules in words (figure per unit, subject, caps, conditions), without any slot */
  describeKind(q: { region?: string; year: number; kind: ActivityKind }): ReturnType<typeof describeKind>;
  platforms(q: { region?: string; year: number }): ReturnType<typeof platforms>;
  searchProvisions(q: {
    region?: string;
    text: string;
    year: number;
    limit?: number;
  }): ReturnType<typeof searchProvisions>;
}

export function createPolicy(kb: KnowledgeBase = loadKnowledge()): Policy {
  const ix = buildIndex(kb);
  return {
    index: ix,
    convert: (q) => convert(ix, q),
    requirement: (q) => requirement(ix, q),
    progress: (q) => progress(ix, q),
    eligibility: (q) => eligibility(ix, q),
    deadlines: (q) => deadlines(ix, q),
    contacts: (q) => contacts(ix, q),
    platforms: (q) => platforms(ix, q),
    searchProvisions: (q) => searchProvisions(ix, q),
    describeKind: (q) => describeKind(ix, q),
  };
}
