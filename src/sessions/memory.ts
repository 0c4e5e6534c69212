// In-memory KeyValueStore for a single process (development, tests, no REDIS_URL).
import { KeyedQueue } from './queue.js';
import { assertTtl, type SessionStore, StoreUnavailableError } from './store.js';

interface Entry {
  value: string;
  expiresAt: number;
}

const SWEEP_EVERY = 512;

export class MemoryStore implements SessionStore {
  private readonly data = new Map<string, Entry>();
  private readonly sets = new Map<string, Set<string>>();
  private readonly queue = new KeyedQueue();
  private writes = 0;
  private closed = false;

  async get(key: string): Promise<string | undefined> {
    this.check();
    const e = this.data.get(key);
    if (!e) return undefined;
    if (e.expiresAt <= Date.now()) {
      this.data.delete(key);
      return undefined;
    }
    return e.value;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.check();
    assertTtl(ttlSeconds);
    this.data.set(key, { value, expiresAt: Date.now() + ttlSeconds * 1000 });
    if (++this.writes % SWEEP_EVERY === 0) this.sweep();
  }

  async delete(key: string): Promise<void> {
    this.check();
    this.data.delete(key);
  }

  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new StoreUnavailableError('the session store is closed'));
    return this.queue.run(key, () => fn());
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
    this.sweep();
    return this.data.size;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [k, e] of this.data) if (e.expiresAt <= now) this.data.delete(k);
  }

  private check(): void {
    if (this.closed) throw new StoreUnavailableError('the session store is closed');
  }
}
