// A tiny key-value store with TTL and a per-key lock; in memory by default, Redis when REDIS_URL is set.

export interface KeyValueStore {
  get(key: string): Promise<string | undefined>;
  /** ttlSeconds must be a positive number. */
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Runs fn while holding an exclusive lock on key (across processes for Redis); calls on one key run in order.
   * Not reentrant: calling withLock on the same key from inside fn waits for itself (until the wait timeout).
   */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Unordered string sets without expiry (indexes such as the list of reminder subscribers). */
export interface SetOps {
  setAdd(key: string, member: string): Promise<void>;
  setRemove(key: string, member: string): Promise<void>;
  /** members in no particular order */
  setMembers(key: string): Promise<string[]>;
}

/** What createStore returns: both built-in stores implement the set operations too. */
export type SessionStore = KeyValueStore & SetOps;

export function hasSetOps(store: KeyValueStore): store is KeyValueStore & SetOps {
  const s = store as Partial<SetOps>;
  return typeof s.setAdd === 'function' && typeof s.setRemove === 'function' && typeof s.setMembers === 'function';
}

/** Base class of every error the stores throw on purpose. */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The backing service (Redis) cannot be reached or did not answer in time. Safe to retry later. */
export class StoreUnavailableError extends StoreError {}

/** withLock waited longer than its wait timeout for the key's lock. */
export class LockTimeoutError extends StoreError {
  constructor(
    readonly key: string,
    readonly waitedMs: number,
  ) {
    super(`timed out after ${waitedMs} ms waiting for the lock on "${key}"`);
  }
}

/** Polite user-facing text for a store failure (simplified Chinese), or undefined for other errors. */
export function storeErrorMessage(err: unknown): string | undefined {
  if (err instanceof LockTimeoutError) return '您的上一条消息还在处理中，请稍后再发一次。';
  if (err instanceof StoreUnavailableError) return '系统繁忙，暂时无法处理您的消息，请稍后再试。';
  return undefined;
}

export function assertTtl(ttlSeconds: number): void {
  if (!(typeof ttlSeconds === 'number' && Number.isFinite(ttlSeconds) && ttlSeconds > 0)) {
    throw new RangeError(`ttlSeconds must be a positive number, got ${ttlSeconds}`);
  }
}
