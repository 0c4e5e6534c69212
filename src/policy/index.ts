// The policy core: a pure interpreter of knowledge/. Same input, same answer; no I/O after loading.
import { convert } from './convert';
import { describeRule, type EligibilityQuery, eligibility } from './eligibility';
import { buildIndex, type PolicyIndex } from './index-kb';
import { type KnowledgeBase, loadKnowledge } from './knowledge';
import { contacts, deadlines, platforms, searchProvisions } from './lookups';
import { type ProgressQuery, progress } from './progress';
import { requirement } from './requirement';

export type * from './types';
export { describeRule };

export interface Policy {
  readonly index: PolicyIndex;
  convert(q: { region?: string; year: number; achievements: unknown[] }): ReturnType<typeof convert>;
  requirement(q: { region?: string; year: number }): ReturnType<typeof requirement>;
  progress(q: ProgressQuery): ReturnType<typeof progress>;
  eligibility(q: EligibilityQuery): ReturnType<typeof eligibility>;
  deadlines(q: { region?: string; year?: number; today: string; event?: string }): ReturnType<typeof deadlines>;
  contacts(q: { region?: string; place?: string; topic?: string; text?: string }): ReturnType<typeof contacts>;
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
  };
}
