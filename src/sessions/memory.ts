// In-memory KeyValueStore for a single process (development, tests, no REDIS_URL). Bounded: at most maxKeys
// values are kept (least recently used go first), each for its TTL, so memory stays flat however many users come.
import { LRUCache } from 'lru-cache';
import { KeyedQueue } from './queue.js';
import {
  assertTtl,
  type SessionStore,
  StoreUnavailableError,
  type TurnOutcome,
  type TurnReport,
  turnWithLock,
} from './store.js';

export interface MemoryStoreOptions {
  /** most values kept at once (sessions and subscriptions alike); default 50,000 */
  maxKeys?: number;
}

export const DEFAULT_MEMORY_MAX_KEYS = 50_000;

export class MemoryStore implements SessionStore {
  private readonly data: LRUCache<string, string>;
  private readonly sets = new Map<string, Set<string>>();
  private readonly queue = new KeyedQueue();
  private closed = false;

  constructor(opts: MemoryStoreOptions = {}) {
    const max = opts.maxKeys ?? DEFAULT_MEMORY_MAX_KEYS;
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxKeys must be a positive integer, got ${max}`);
    // expired values are dropped when read and pushed out by newer ones; no timer per key
    this.data = new LRUCache<string, string>({
      max,
      ttlAutopurge: false,
      allowStale: false,
      // wall-clock time without a cached "now" (no timer per call; fake timers in tests move it)
      perf: Date,
      ttlResolution: 0,
    });
  }

  async get(key: string): Promise<string | undefined> {
    this.check();
    return this.data.get(key);
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.check();
    assertTtl(ttlSeconds);
    // lru-cache counts a value stale once its age is over ttl; Redis drops it when the age reaches it
    this.data.set(key, value, { ttl: Math.max(1, Math.round(ttlSeconds * 1000) - 1) });
  }

  async delete(key: string): Promise<void> {
    this.check();
    this.data.delete(key);
  }

  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new StoreUnavailableError('the session store is closed'));
    return this.queue.run(key, () => fn());
  }

  turn<T>(
    lockKey: string,
    dataKey: string,
    fn: (value: string | undefined) => Promise<TurnOutcome<T>>,
  ): Promise<TurnReport<T>> {
    return turnWithLock(this, lockKey, dataKey, fn);
  }

  async setAdd(key: string, member: string): Promise<void> {
    this.check();
    let s = this.sets.get(key);
    if (!s) {
      s = new Set();
      this.sets.set(key, s);
    }
    s.add(member);
  }

  async setRemove(key: string, member: string): Promise<void> {
    this.check();
    const s = this.sets.get(key);
    if (!s) return;
    s.delete(member);
    if (s.size === 0) this.sets.delete(key);
  }

  async setMembers(key: string): Promise<string[]> {
    this.check();
    return [...(this.sets.get(key) ?? [])];
  }

  async close(): Promise<void> {
    this.closed = true;
    this.data.clear();
    this.sets.clear();
  }

  /** number of live keys (for tests and metrics) */
  get keyCount(): number {
    this.data.purgeStale();
    return this.data.size;
  }

  /** most values kept at once */
  get maxKeys(): number {
    return this.data.max;
  }

  private check(): void {
    if (this.closed) throw new StoreUnavailableError('the session store is closed');
  }
}
