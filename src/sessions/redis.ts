// Redis-backed KeyValueStore: values with SET EX/PX, and a fair per-key lock that orders one user's messages
// across every process sharing the Redis server.
//
// Lock design, per key K:
//  - in each process a local FIFO (KeyedQueue) lets only the oldest call on K contend in Redis, so calls that
//    arrive in one process keep their order;
//  - across processes a ticket queue: a sorted set of tokens scored by an INCR sequence. A waiter holds the lock
//    when the lock key is free and its ticket is the head; it then SETs the lock key to its token with PX
//    (expiry, so a crashed holder cannot block the user forever) and a watchdog extends it while fn runs;
//  - waiters refresh a heartbeat on every poll; tickets whose heartbeat lapsed (crashed waiter) are dropped;
//  - release is compare-and-delete by token (Lua), so an expired holder never frees someone else's lock;
//  - waiting longer than lockWaitTimeoutMs throws LockTimeoutError;
//  - the key is written escaped (keySegment) so no user id can name another user's queue keys.
// A chat turn (turn()) costs two round trips when nobody else waits: one script takes the lock when it is free and
// nobody queues (else it falls back to the ticket queue) and reads the session in the same step; one script writes
// the new session only while the token still holds the lock, then releases it.
// Connection loss never crashes the process: commands fail fast with StoreUnavailableError and ioredis
// reconnects by itself.
import { randomUUID } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import { KeyedQueue } from './queue.js';
import {
  assertTtl,
  keySegment,
  LockTimeoutError,
  type SessionStore,
  StoreError,
  StoreUnavailableError,
  type TurnOutcome,
  type TurnReport,
} from './store.js';

export interface RedisStoreOptions {
  /** redis://[user:pass@]host:port[/db] */
  url: string;
  /** prefix for every key this store touches (default none) */
  prefix?: string;
  /** lock expiry; a watchdog keeps extending it while fn runs (default 30 s) */
  lockTtlMs?: number;
  /** longest wait for a lock, local queue included, before LockTimeoutError (default 15 s) */
  lockWaitTimeoutMs?: number;
  /** a waiting ticket without heartbeat for this long is dropped (default 5 s) */
  lockStaleMs?: number;
  /** longest pause between two lock polls (default 40 ms) */
  lockMaxPollMs?: number;
  /** how long a command waits for a connection attempt in progress (default 1 s) */
  connectWaitMs?: number;
  /** per-command reply timeout (default 2 s) */
  commandTimeoutMs?: number;
  /** connection errors (default: one console.warn per outage) */
  onError?: (err: Error) => void;
  /** extra ioredis options (override the defaults above) */
  redisOptions?: RedisOptions;
}

// KEYS: lock, queue, heartbeats, sequence; ARGV: token, lock ttl ms, stale ms, queue idle ms.
// Fast path: the lock is free and nobody queues — take it at once. Otherwise take a ticket and wait for the head.
const ACQUIRE_BODY = `
if redis.call('EXISTS', KEYS[1]) == 0 and redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local stale = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now)
for i = 1, #stale do
  redis.call('ZREM', KEYS[2], stale[i])
  redis.call('ZREM', KEYS[3], stale[i])
end
if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then
  redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[4]), ARGV[1])
end
redis.call('ZADD', KEYS[3], now + tonumber(ARGV[3]), ARGV[1])
local acquired = 0
if redis.call('EXISTS', KEYS[1]) == 0 then
  local head = redis.call('ZRANGE', KEYS[2], 0, 0)
  if head[1] == ARGV[1] then
    redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
    redis.call('ZREM', KEYS[2], ARGV[1])
    redis.call('ZREM', KEYS[3], ARGV[1])
    acquired = 1
  end
end
for i = 2, 4 do redis.call('PEXPIRE', KEYS[i], ARGV[4]) end
return acquired
`;

const ACQUIRE = `local function acquire()${ACQUIRE_BODY}end
return acquire()`;

// ACQUIRE plus, once the lock is held, the data key (KEYS[5]) read in the same step. A read error (WRONGTYPE) is
// returned as a value, not raised, so the caller holds the lock and goes on without the value.
const BEGIN_TURN = `local function acquire()${ACQUIRE_BODY}end
if acquire() == 0 then return {0} end
local v = redis.pcall('GET', KEYS[5])
if type(v) == 'table' and v.err then return {1, false, v.err} end
return {1, v}`;

// KEYS: lock, data; ARGV: token, write (1/0), value, ttl ms. Writes only while the token holds the lock, then
// releases it. DEL is allowed under maxmemory, so an OOM on the write still frees the lock.
const END_TURN = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local r = 1
if ARGV[2] == '1' then
  local ok = redis.pcall('SET', KEYS[2], ARGV[3], 'PX', ARGV[4])
  if type(ok) == 'table' and ok.err then r = ok.err end
end
redis.call('DEL', KEYS[1])
return r
`;

const LEAVE = `
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

const EXTEND = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

/** Queue bookkeeping keys vanish after this much idle time. */
const QUEUE_IDLE_MS = 3_600_000;

/** Reply errors that mean "the server cannot serve right now" (reads would fail too), rather than a refused command. */
const UNAVAILABLE_REPLY = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|NOREPLICAS)\b/;

type ScriptFn = (...args: (string | number)[]) => Promise<unknown>;

export class RedisStore implements SessionStore {
  readonly client: Redis;
  /** the prefix of every key (the reminder queues of an app on this store take it too) */
  readonly prefix: string;
  private readonly lockTtlMs: number;
  private readonly lockWaitTimeoutMs: number;
  private readonly lockStaleMs: number;
  private readonly lockMaxPollMs: number;
  private readonly connectWaitMs: number;
  private readonly local = new KeyedQueue();
  private readonly waiters = new Set<{ resolve: () => void; reject: (e: Error) => void }>();
  private readonly watchdogs = new Set<NodeJS.Timeout>();
  private closed = false;
  private warned = false;

  constructor(opts: RedisStoreOptions) {
    this.prefix = opts.prefix ?? '';
    this.lockTtlMs = opts.lockTtlMs ?? 30_000;
    this.lockWaitTimeoutMs = opts.lockWaitTimeoutMs ?? 15_000;
    this.lockStaleMs = opts.lockStaleMs ?? 5_000;
    this.lockMaxPollMs = opts.lockMaxPollMs ?? 40;
    this.connectWaitMs = opts.connectWaitMs ?? 1_000;
    this.client = new Redis(opts.url, {
      // fail fast instead of queueing while disconnected; reconnect in the background
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      commandTimeout: opts.commandTimeoutMs ?? 2_000,
      connectTimeout: 2_000,
      retryStrategy: (times) => Math.min(times * 100, 2_000),
      // commands issued in the same tick (many users' turns at once) go out in one write
      enableAutoPipelining: true,
      ...opts.redisOptions,
    });
    const report =
      opts.onError ??
      ((err: Error) => {
        if (this.warned) return;
        this.warned = true;
        console.warn(`[sessions] Redis unavailable: ${err.message}`);
      });
    // an 'error' listener keeps ioredis from reporting unhandled error events
    this.client.on('error', (err: Error) => report(err));
    this.client.on('ready', () => {
      this.warned = false;
      for (const w of this.waiters) w.resolve();
      this.waiters.clear();
    });
    const failWaiters = () => {
      const err = new StoreUnavailableError(`Redis connection ${this.client.status}`);
      for (const w of this.waiters) w.reject(err);
      this.waiters.clear();
    };
    this.client.on('close', failWaiters);
    this.client.on('end', failWaiters);
    this.client.defineCommand('jxjyLockAcquire', { numberOfKeys: 4, lua: ACQUIRE });
    this.client.defineCommand('jxjyLockLeave', { numberOfKeys: 2, lua: LEAVE });
    this.client.defineCommand('jxjyLockRelease', { numberOfKeys: 1, lua: RELEASE });
    this.client.defineCommand('jxjyTurnBegin', { numberOfKeys: 5, lua: BEGIN_TURN });
    this.client.defineCommand('jxjyTurnEnd', { numberOfKeys: 2, lua: END_TURN });
    this.client.defineCommand('jxjyLockExtend', { numberOfKeys: 1, lua: EXTEND });
  }

  async get(key: string): Promise<string | undefined> {
    const k = this.dataKey(key);
    const v = await this.run(() => this.client.get(k));
    return v ?? undefined;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    assertTtl(ttlSeconds);
    const k = this.dataKey(key);
    await this.run(() =>
      Number.isInteger(ttlSeconds)
        ? this.client.set(k, value, 'EX', ttlSeconds)
        : this.client.set(k, value, 'PX', Math.max(1, Math.round(ttlSeconds * 1000))),
    );
  }

  async delete(key: string): Promise<void> {
    const k = this.dataKey(key);
    await this.run(() => this.client.del(k));
  }

  async setAdd(key: string, member: string): Promise<void> {
    const k = this.dataKey(key);
    await this.run(() => this.client.sadd(k, member));
  }

  async setRemove(key: string, member: string): Promise<void> {
    const k = this.dataKey(key);
    await this.run(() => this.client.srem(k, member));
  }

  async setMembers(key: string): Promise<string[]> {
    const k = this.dataKey(key);
    return this.run(() => this.client.smembers(k));
  }

  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new StoreUnavailableError('the session store is closed'));
    const started = Date.now();
    return this.local.run(
      key,
      async (deadline) => {
        const token = await this.acquire(key, started, deadline);
        const stop = this.watch(this.lockKey(key), token);
        try {
          return await fn();
        } finally {
          stop();
          // if this fails the lock simply expires after lockTtlMs
          await this.script('jxjyLockRelease', this.lockKey(key), token).catch(() => undefined);
        }
      },
      this.lockWaitTimeoutMs,
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.watchdogs) clearInterval(t);
    this.watchdogs.clear();
    if (this.client.status === 'ready') {
      try {
        await this.client.quit();
        return;
      } catch {
        // fall through
      }
    }
    this.client.disconnect();
  }

  /**
   * A turn in two round trips (see the top of this file). fn runs holding the lock on lockKey, in arrival order per
   * process and in ticket order across processes, with the value of dataKey read when the lock was taken.
   */
  turn<T>(
    lockKey: string,
    dataKey: string,
    fn: (value: string | undefined) => Promise<TurnOutcome<T>>,
  ): Promise<TurnReport<T>> {
    if (this.closed) return Promise.reject(new StoreUnavailableError('the session store is closed'));
    const started = Date.now();
    const data = this.dataKey(dataKey);
    return this.local.run(
      lockKey,
      async (deadline) => {
        let read: unknown[] = [];
        const token = await this.acquire(lockKey, started, deadline, (keys, token, ...args) =>
          this.script('jxjyTurnBegin', ...keys, data, token, ...args).then((r) => {
            read = r as unknown[];
            return read[0];
          }),
        );
        const lock = this.lockKey(lockKey);
        const stop = this.watch(lock, token);
        let write: TurnOutcome<T>['write'];
        let result: T;
        try {
          const value = typeof read[1] === 'string' ? read[1] : undefined;
          ({ result, write } = await fn(value));
        } catch (err) {
          stop();
          await this.script('jxjyLockRelease', lock, token).catch(() => undefined);
          throw err;
        }
        stop();
        const report: TurnReport<T> = { result };
        if (typeof read[2] === 'string') report.readError = new StoreError(`Redis error: ${read[2]}`);
        try {
          if (write) assertTtl(write.ttlSeconds);
          const ttlMs = write ? Math.max(1, Math.round(write.ttlSeconds * 1000)) : 0;
          const r = await this.script('jxjyTurnEnd', lock, data, token, write ? '1' : '0', write?.value ?? '', ttlMs);
          if (typeof r === 'string') report.writeError = new StoreError(`Redis error: ${r}`);
          else if (Number(r) !== 1)
            report.writeError = new StoreError(`the lock on "${lockKey}" was lost before the write`);
        } catch (err) {
          // the lock expires by itself after lockTtlMs
          report.writeError = toStoreError(err);
        }
        return report;
      },
      this.lockWaitTimeoutMs,
    );
  }

  /** Redis key of the lock on key (exposed for tests and diagnostics); the key is escaped, see keySegment. */
  lockKey(key: string): string {
    return `${this.prefix}lock:${keySegment(key)}`;
  }

  private dataKey(key: string): string {
    if (key.startsWith('lock:')) throw new RangeError(`keys starting with "lock:" are reserved for locks: ${key}`);
    return this.prefix + key;
  }

  private async acquire(
    key: string,
    started: number,
    deadline: number,
    attempt: (keys: string[], token: string, ...args: number[]) => Promise<unknown> = (keys, token, ...args) =>
      this.script('jxjyLockAcquire', ...keys, token, ...args),
  ): Promise<string> {
    const token = randomUUID();
    const lock = this.lockKey(key);
    const keys = [lock, `${lock}:q`, `${lock}:hb`, `${lock}:seq`];
    let pause = 2;
    try {
      for (;;) {
        const got = await attempt(keys, token, this.lockTtlMs, this.lockStaleMs, QUEUE_IDLE_MS);
        if (Number(got) === 1) return token;
        const left = deadline - Date.now();
        if (left <= 0) throw new LockTimeoutError(key, Date.now() - started);
        await sleep(Math.min(left, pause + Math.random() * pause));
        pause = Math.min(pause * 2, this.lockMaxPollMs);
      }
    } catch (err) {
      // give up our place in the queue, and the lock itself in case a timed-out attempt did take it when the server
      // caught up (commands on one connection run in order, so these run after it). Best effort: a lost ticket goes
      // stale and a lost lock expires by themselves. Awaited after a plain wait timeout (Redis answers, so this is
      // quick and the queue is clean when the caller hears of it); not after a failed or timed-out command.
      const cleanup = Promise.all([
        this.script('jxjyLockLeave', keys[1]!, keys[2]!, token).catch(() => undefined),
        this.script('jxjyLockRelease', lock, token).catch(() => undefined),
      ]);
      if (err instanceof LockTimeoutError) await cleanup;
      throw err;
    }
  }

  /** Keeps extending the lock (its Redis key) while its holder runs. */
  private watch(lock: string, token: string): () => void {
    const timer = setInterval(
      () => {
        this.script('jxjyLockExtend', lock, token, this.lockTtlMs).catch(() => undefined);
      },
      Math.max(10, Math.floor(this.lockTtlMs / 3)),
    );
    timer.unref();
    this.watchdogs.add(timer);
    return () => {
      clearInterval(timer);
      this.watchdogs.delete(timer);
    };
  }

  private script(name: string, ...args: (string | number)[]): Promise<unknown> {
    const fn = (this.client as unknown as Record<string, ScriptFn>)[name]!;
    return this.run(() => fn.apply(this.client, args));
  }

  private async run<T>(command: () => Promise<T>): Promise<T> {
    await this.ready();
    try {
      return await command();
    } catch (err) {
      throw toStoreError(err);
    }
  }

  /** Resolves when a command can be sent; waits only while a connection attempt is in progress. */
  private ready(): Promise<void> | undefined {
    if (this.closed) throw new StoreUnavailableError('the session store is closed');
    const status = this.client.status;
    if (status === 'ready') return undefined;
    if (status !== 'wait' && status !== 'connecting' && status !== 'connect') {
      throw new StoreUnavailableError(`Redis connection ${status}`);
    }
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (e: Error) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new StoreUnavailableError(`Redis not ready after ${this.connectWaitMs} ms (${this.client.status})`));
      }, this.connectWaitMs);
      this.waiters.add(waiter);
    });
  }
}

function toStoreError(err: unknown): StoreError {
  if (err instanceof StoreError) return err;
  const e = err instanceof Error ? err : new Error(String(err));
  if (e.name === 'ReplyError' && !UNAVAILABLE_REPLY.test(e.message)) {
    return new StoreError(`Redis error: ${e.message}`, { cause: e });
  }
  return new StoreUnavailableError(`Redis unavailable: ${e.message}`, { cause: e });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
