// The per-user session: a long-lived profile and a short-lived open question. Versioned (see SESSION_VERSION).

import type { TitleLevel, TitleRoute } from '../domain/vocab';
import type { Intent, Slots, YearHours } from '../intents/command';

export const SESSION_VERSION = 1;
/** the profile is kept for half a year after the last message */
export const PROFILE_TTL_SECONDS = 180 * 24 * 3600;
/** an open question lapses after half an hour; the flow then resets politely */
export const PENDING_TTL_MS = 30 * 60 * 1000;

export interface Profile {
  region?: string;
  place?: string;
  /** a region the user named that no notice covers */
  uncovered?: string;
  level?: TitleLevel;
  route?: TitleRoute;
  /** hours the user reported, one entry per year */
  hours: YearHours[];
  subscribed?: boolean;
}

export interface Pending {
  intent: Intent;
  slots: Slots;
  awaiting: { slot: string; kind?: string; options?: string[]; item?: number };
  question: string;
  /** the user's words that opened the question (searched again once the region is known) */
  asked?: string;
  /** epoch ms when asked */
  askedAt: number;
  /** wrong answers to this question so far */
  tries: number;
}

export interface Session {
  profile: Profile;
  pending?: Pending;
  /** an open question set aside when the user asked something else; its answer may still come */
  suspended?: Pending;
  /** the last question answered, for corrections ("不对，是实用新型") */
  last?: { intent: Intent; slots: Slots; text?: string };
  /** messages in a row that were not understood */
  misses: number;
}

export function emptySession(): Session {
  return { profile: { hours: [] }, misses: 0 };
}
