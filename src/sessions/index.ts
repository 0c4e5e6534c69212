// Session storage entry point: pick a store, and keep typed, versioned session values in it.
import { DEFAULT_MEMORY_MAX_KEYS, MemoryStore } from './memory.js';
import { RedisStore, type RedisStoreOptions } from './redis.js';
import type { KeyValueStore, SessionStore } from './store.js';

export { DEFAULT_MEMORY_MAX_KEYS, MemoryStore, type MemoryStoreOptions } from './memory.js';
export { RedisStore, type RedisStoreOptions } from './redis.js';
export {
  hasSetOps,
  type KeyValueStore,
  LockTimeoutError,
  type SessionStore,
  type SetOps,
  StoreError,
  StoreUnavailableError,
  storeErrorMessage,
  type TurnOps,
  type TurnOutcome,
  type TurnReport,
} from './store.js';
export { type Memory, memoryNote, SessionTurns, type SessionTurnsOptions } from './turns.js';

export interface CreateStoreOptions extends Partial<Omit<RedisStoreOptions, 'url'>> {
  /** Redis when given (REDIS_URL), memory otherwise */
  redisUrl?: string;
  /** most values the memory store keeps (MEMORY_MAX_USERS) */
  memoryMaxKeys?: number;
}

export function createStore(opts: CreateStoreOptions = {}): SessionStore {
  const { redisUrl, memoryMaxKeys, ...rest } = opts;
  if (redisUrl && redisUrl.trim() !== '') return new RedisStore({ ...rest, url: redisUrl.trim() });
  return new MemoryStore({ maxKeys: memoryMaxKeys ?? DEFAULT_MEMORY_MAX_KEYS });
}

export type DiscardReason = 'corrupt' | 'unknown_version' | 'migration_failed' | 'invalid';

export interface SessionRepoOptions<T> {
  /** key prefix, e.g. "sess:" */
  prefix: string;
  /** current shape version (positive integer); bump it when T changes */
  version: number;
  /** validates data of the current version; return undefined to reject it (e.g. a zod safeParse) */
  parse?: (data: unknown) => T | undefined;
  /**
   * Turns data stored by an older version into the current shape (may chain steps itself).
   * Return undefined to drop it. Not called for newer versions, which are treated as empty.
   */
  migrate?: (fromVersion: number, data: unknown) => unknown;
  /** told whenever a stored value is thrown away */
  onDiscard?: (userId: string, reason: DiscardReason, detail?: unknown) => void;
}

/**
 * Typed session values stored as JSON `{ v, data }` under `prefix + userId`.
 * Anything unreadable loads as undefined (an empty session), never as an error;
 * store outages (StoreUnavailableError) do propagate so the caller can answer politely.
 */
export class SessionRepo<T> {
  constructor(
    private readonly store: KeyValueStore,
    private readonly opts: SessionRepoOptions<T>,
  ) {
    if (!Number.isInteger(opts.version) || opts.version < 1) {
      throw new RangeError(`version must be a positive integer, got ${opts.version}`);
    }
  }

  key(userId: string): string {
    return this.opts.prefix + userId;
  }

  async load(userId: string): Promise<T | undefined> {
    const raw = await this.store.get(this.key(userId));
    if (raw === undefined) return undefined;
    return this.decode(userId, raw);
  }

  async save(userId: string, data: T, ttlSeconds: number): Promise<void> {
    await this.store.set(this.key(userId), this.encode(data), ttlSeconds);
  }

  /** The stored form of data (what decode reads back). */
  encode(data: T): string {
    return JSON.stringify({ v: this.opts.version, data });
  }

  async clear(userId: string): Promise<void> {
    await this.store.delete(this.key(userId));
  }

  /** Decodes one stored string (exposed for tests and tooling). */
  decode(userId: string, raw: string): T | undefined {
    const { version, parse, migrate } = this.opts;
    let envelope: unknown;
    try {
      envelope = JSON.parse(raw);
    } catch (err) {
      return this.discard(userId, 'corrupt', err);
    }
    if (
      typeof envelope !== 'object' ||
      envelope === null ||
      !('v' in envelope) ||
      !('data' in envelope) ||
      !Number.isInteger(envelope.v)
    ) {
      return this.discard(userId, 'corrupt');
    }
    const v = envelope.v as number;
    let data: unknown = envelope.data;
    if (v > version || v < 1) return this.discard(userId, 'unknown_version', v);
    if (v < version) {
      if (!migrate) return this.discard(userId, 'unknown_version', v);
      try {
        data = migrate(v, data);
      } catch (err) {
        return this.discard(userId, 'migration_failed', err);
      }
      if (data === undefined) return this.discard(userId, 'migration_failed', v);
    }
    if (!parse) return data as T;
    let parsed: T | undefined;
    try {
      parsed = parse(data);
    } catch (err) {
      return this.discard(userId, 'invalid', err);
    }
    return parsed === undefined ? this.discard(userId, 'invalid') : parsed;
  }

  private discard(userId: string, reason: DiscardReason, detail?: unknown): undefined {
    try {
      this.opts.onDiscard?.(userId, reason, detail);
    } catch {
      // a logging hook must not break loading
    }
    return undefined;
  }
}
