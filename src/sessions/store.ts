// A tiny key-value store with TTL and a per-key lock; in memory by default, Redis when REDIS_URL is set.

export interface KeyValueStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Runs fn while holding an exclusive lock on key (across processes for Redis); calls on one key run in order. */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
