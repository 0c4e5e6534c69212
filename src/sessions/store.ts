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

/** What one turn asks to keep: the new value of the turn's data key (omit it to leave the key as it was). */
export interface TurnOutcome<T> {
  result: T;
  write?: { value: string; ttlSeconds: number };
}

/** How a turn ended on the store's side. */
export interface TurnReport<T> {
  result: T;
  /** the data key could not be read (fn was given undefined); e.g. WRONGTYPE */
  readError?: StoreError;
  /** the new value was not kept (error reply, timeout, outage, or the lock was lost) */
  writeError?: StoreError;
}

/**
 * One user's turn as few round trips as possible: take the turn (the per-key order of withLock) and read dataKey
 * together, run fn, then write what fn returns and give the turn up together. Errors thrown while taking the turn
 * reject (LockTimeoutError, StoreError); read and write failures are reported, never thrown, so a turn that ran
 * is never lost.
 */
export interface TurnOps {
  turn<T>(
    lockKey: string,
    dataKey: string,
    fn: (value: string | undefined) => Promise<TurnOutcome<T>>,
  ): Promise<TurnReport<T>>;
}

/** What createStore returns: both built-in stores implement the set and turn operations too. */
export type SessionStore = KeyValueStore & SetOps & Partial<TurnOps>;

/** A turn on any KeyValueStore: withLock around get and set (three or more round trips on a remote store). */
export async function turnWithLock<T>(
  store: KeyValueStore,
  lockKey: string,
  dataKey: string,
  fn: (value: string | undefined) => Promise<TurnOutcome<T>>,
): Promise<TurnReport<T>> {
  return store.withLock(lockKey, async () => {
    let value: string | undefined;
    let readError: StoreError | undefined;
    try {
      value = await store.get(dataKey);
    } catch (err) {
      if (!(err instanceof StoreError)) throw err;
      readError = err;
    }
    const out = await fn(value);
    const report: TurnReport<T> = { result: out.result, ...(readError ? { readError } : {}) };
    if (out.write) {
      try {
        await store.set(dataKey, out.write.value, out.write.ttlSeconds);
      } catch (err) {
        if (!(err instanceof StoreError)) throw err;
        report.writeError = err;
      }
    }
    return report;
  });
}

/** Runs a turn with the store's own fused operation when it has one. */
export function runTurn<T>(
  store: KeyValueStore & Partial<TurnOps>,
  lockKey: string,
  dataKey: string,
  fn: (value: string | undefined) => Promise<TurnOutcome<T>>,
): Promise<TurnReport<T>> {
  return typeof store.turn === 'function'
    ? store.turn(lockKey, dataKey, fn)
    : turnWithLock(store, lockKey, dataKey, fn);
}

/**
 * A key's variable part made safe to put before a fixed suffix: no ":" survives, so "lock:<a>" and "lock:<b>:q"
 * can never name the same key whatever a and b are.
 */
export function keySegment(key: string): string {
  return key.replace(/[%:]/g, (c) => (c === '%' ? '%25' : '%3A'));
}

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
  if (err instanceof StoreError) return '系统繁忙，暂时无法处理您的消息，请稍后再试。';
  return undefined;
}

export function assertTtl(ttlSeconds: number): void {
  if (!(typeof ttlSeconds === 'number' && Number.isFinite(ttlSeconds) && ttlSeconds > 0)) {
    throw new RangeError(`ttlSeconds must be a positive number, got ${ttlSeconds}`);
  }
}
