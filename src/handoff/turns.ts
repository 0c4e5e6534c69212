// The recent turns of one user (for a hand-over to staff): bounded, expiring, in the session store so that
// several processes behind Redis see the same log.
import { z } from 'zod';
import type { KeyValueStore } from '../sessions/store';

/** turns kept per user */
export const MAX_TURNS = 20;
/** a user's log lives a day after their last message */
export const TURNS_TTL_SECONDS = 24 * 3600;
const MAX_REPLY = 1500;
const MAX_TEXT = 600;

const CitationShape = z.object({ doc: z.string(), section: z.string(), quote: z.string() });

export const Turn = z.object({
  at: z.string(),
  text: z.string(),
  reply: z.string(),
  intent: z.string(),
});
export type Turn = z.infer<typeof Turn>;

export const Answer = Turn.extend({ citations: z.array(CitationShape) });
export type Answer = z.infer<typeof Answer>;

export const TurnLog = z.object({
  turns: z.array(Turn),
  /** the last reply that answered with citations */
  last: Answer.optional(),
  /** replies in a row that did not answer */
  misses: z.number().int().min(0).default(0),
  /** the question the last reply asked, if any */
  asked: z.string().optional(),
});
export type TurnLog = z.infer<typeof TurnLog>;

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

export class TurnLogs {
  constructor(
    private readonly store: KeyValueStore,
    private readonly prefix = 'jxjy:turns:',
  ) {}

  async load(userId: string): Promise<TurnLog> {
    const raw = await this.store.get(this.prefix + userId);
    if (raw === undefined) return { turns: [], misses: 0 };
    try {
      const r = TurnLog.safeParse(JSON.parse(raw));
      return r.success ? r.data : { turns: [], misses: 0 };
    } catch {
      return { turns: [], misses: 0 };
    }
  }

  async forget(userId: string): Promise<void> {
    await this.store.delete(this.prefix + userId);
  }

  /** Adds a turn to a loaded log (oldest dropped past MAX_TURNS) and saves it. */
  async append(
    userId: string,
    log: TurnLog,
    turn: Turn & { citations?: Answer['citations'] },
    extra: { misses: number; asked?: string },
  ): Promise<TurnLog> {
    const t: Turn = {
      at: turn.at,
      text: clip(turn.text, MAX_TEXT),
      reply: clip(turn.reply, MAX_REPLY),
      intent: turn.intent,
    };
    const next: TurnLog = {
      turns: [...log.turns, t].slice(-MAX_TURNS),
      last: turn.citations?.length ? { ...t, citations: turn.citations.slice(0, 8) } : log.last,
      misses: extra.misses,
      asked: extra.asked,
    };
    await this.store.set(this.prefix + userId, JSON.stringify(next), TURNS_TTL_SECONDS);
    return next;
  }
}
