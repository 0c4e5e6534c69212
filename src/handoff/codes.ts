// Service codes: six digits that a caller reads to the hotline so staff can open the conversation. A code lives a
// day; one user keeps the same code for that day. Records live in the session store (memory or Redis).
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import type { SessionStore } from '../sessions/store';
import { Answer, Turn } from './turns';

export const HANDOFF_TTL_SECONDS = 24 * 3600;
export const CODE = /^\d{6}$/;

export const ContactLine = z.object({
  name: z.string(),
  phones: z.array(z.string()),
  place: z.string().optional(),
  note: z.string().optional(),
});
export type ContactLine = z.infer<typeof ContactLine>;

export const Handoff = z.object({
  code: z.string().regex(CODE),
  /** who asked: channel-given identity, shown to staff only */
  userId: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  /** asked: the user asked for a person; misses: the assistant could not answer twice in a row */
  reason: z.enum(['asked', 'misses']),
  region: z.string().optional(),
  place: z.string().optional(),
  /** "安徽省 六安市" */
  where: z.string().optional(),
  hotlines: z.array(ContactLine),
  facts: z.array(z.object({ label: z.string(), value: z.string() })),
  transcript: z.array(Turn),
  last: Answer.optional(),
});
export type Handoff = z.infer<typeof Handoff>;

export interface HandoffSummary {
  code: string;
  createdAt: string;
  expiresAt: string;
  reason: Handoff['reason'];
  where?: string;
  /** the user's first words of the day */
  first?: string;
  turns: number;
}

export class HandoffCodes {
  constructor(
    private readonly store: SessionStore,
    private readonly prefix = 'jxjy:handoff:',
  ) {}

  private key(code: string) {
    return `${this.prefix}code:${code}`;
  }

  private userKey(userId: string) {
    return `${this.prefix}user:${userId}`;
  }

  private get indexKey() {
    return `${this.prefix}index`;
  }

  async get(code: string): Promise<Handoff | undefined> {
    if (!CODE.test(code)) return undefined;
    const raw = await this.store.get(this.key(code));
    if (raw === undefined) return undefined;
    try {
      const r = Handoff.safeParse(JSON.parse(raw));
      return r.success ? r.data : undefined;
    } catch {
      return undefined;
    }
  }

  /** A fresh code that no live hand-over holds. */
  private async freshCode(): Promise<string> {
    for (let i = 0; i < 20; i++) {
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      if ((await this.store.get(this.key(code))) === undefined) return code;
    }
    throw new Error('no free service code after 20 tries');
  }

  /** The user's live code of the day, or a fresh one; with the time its day ends. */
  async reserve(userId: string, now: Date): Promise<{ code: string; createdAt: string; expiresAt: string }> {
    const existing = await this.store.get(this.userKey(userId));
    const current = existing && CODE.test(existing) ? await this.get(existing) : undefined;
    if (current && current.userId === userId && Date.parse(current.expiresAt) > now.getTime()) {
      return { code: current.code, createdAt: current.createdAt, expiresAt: current.expiresAt };
    }
    return {
      code: await this.freshCode(),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + HANDOFF_TTL_SECONDS * 1000).toISOString(),
    };
  }

  /**
   * Saves a hand-over under its reserved code (a renewal replaces the record with the newest turns).
   * Runs inside the user's lock (the chat service holds it), so one user never gets two codes at once.
   */
  async save(h: Handoff, now: Date): Promise<void> {
    const ttl = Math.max(1, Math.round((Date.parse(h.expiresAt) - now.getTime()) / 1000));
    await this.store.set(this.key(h.code), JSON.stringify(h), ttl);
    await this.store.set(this.userKey(h.userId), h.code, ttl);
    await this.store.setAdd(this.indexKey, h.code);
  }

  /** Removes the user's hand-over (its record, the user's pointer and the index entry). */
  async forget(userId: string): Promise<void> {
    const code = await this.store.get(this.userKey(userId));
    if (code && CODE.test(code)) {
      await this.store.delete(this.key(code));
      await this.store.setRemove(this.indexKey, code);
    }
    await this.store.delete(this.userKey(userId));
  }

  /** Live hand-overs, newest first; expired codes are dropped from the index on the way. */
  async list(limit = 50): Promise<HandoffSummary[]> {
    const codes = await this.store.setMembers(this.indexKey);
    const out: HandoffSummary[] = [];
    for (const code of codes) {
      const h = await this.get(code);
      if (!h) {
        await this.store.setRemove(this.indexKey, code);
        continue;
      }
      out.push({
        code: h.code,
        createdAt: h.createdAt,
        expiresAt: h.expiresAt,
        reason: h.reason,
        where: h.where,
        first: h.transcript[0]?.text,
        turns: h.transcript.length,
      });
    }
    return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
  }
}
