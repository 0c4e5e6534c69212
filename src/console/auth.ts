// Staff login for the console: tokens from CONSOLE_TOKEN compared in constant time, and staff sessions
// (a random id in an HttpOnly cookie, kept in the session store so every process behind Redis knows it).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { KeyValueStore } from '../sessions/store';

export const SESSION_COOKIE = 'jxjy_console';
/** a staff login lasts a working day */
export const STAFF_SESSION_SECONDS = 12 * 3600;
/** shorter tokens are refused: a console with call records must not open to a guess */
export const MIN_TOKEN_LENGTH = 16;

export interface StaffToken {
  /** who logs in with it (shown in the console and written to the log); "坐席" when not named */
  name: string;
  digest: Buffer;
}

export interface ParsedTokens {
  tokens: StaffToken[];
  /** why entries were refused, for the start-up log */
  problems: string[];
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** "tok1,alice:tok2" → staff tokens; entries too short or empty are refused and named (never the token itself). */
export function parseTokens(value: string | undefined): ParsedTokens {
  const tokens: StaffToken[] = [];
  const problems: string[] = [];
  const entries = (value ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  entries.forEach((entry, i) => {
    const colon = entry.indexOf(':');
    const name = colon > 0 ? entry.slice(0, colon).trim() : '';
    const token = colon > 0 ? entry.slice(colon + 1).trim() : entry;
    if (token.length < MIN_TOKEN_LENGTH) {
      problems.push(
        `CONSOLE_TOKEN entry ${i + 1}${name ? ` (${name})` : ''} is shorter than ${MIN_TOKEN_LENGTH} characters`,
      );
      return;
    }
    tokens.push({ name: name || '坐席', digest: digest(token) });
  });
  return { tokens, problems };
}

/**
 * The staff member a token belongs to, or undefined. Every configured token is compared, each in constant time
 * over equal-length digests, so the time taken says nothing about which token or how much of it matched.
 */
export function matchToken(tokens: readonly StaffToken[], given: string | undefined): string | undefined {
  if (typeof given !== 'string' || given.length === 0 || given.length > 1024) return undefined;
  const d = digest(given);
  let found: string | undefined;
  for (const t of tokens) if (timingSafeEqual(d, t.digest) && found === undefined) found = t.name;
  return found;
}

/** Staff sessions behind a random cookie value; only its hash is stored. */
export class StaffSessions {
  constructor(
    private readonly store: KeyValueStore,
    private readonly prefix = 'jxjy:console:sess:',
  ) {}

  private key(id: string) {
    return this.prefix + createHash('sha256').update(id).digest('hex');
  }

  async open(staff: string): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    await this.store.set(this.key(id), JSON.stringify({ staff, at: new Date().toISOString() }), STAFF_SESSION_SECONDS);
    return id;
  }

  async staff(id: string | undefined): Promise<string | undefined> {
    if (!id || !/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
    const raw = await this.store.get(this.key(id));
    if (!raw) return undefined;
    try {
      const v = JSON.parse(raw) as { staff?: unknown };
      return typeof v.staff === 'string' ? v.staff : undefined;
    } catch {
      return undefined;
    }
  }

  async close(id: string | undefined): Promise<void> {
    if (id && /^[A-Za-z0-9_-]{43}$/.test(id)) await this.store.delete(this.key(id));
  }
}
