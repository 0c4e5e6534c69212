// A chat turn on the stores: the lock taken and the session read in one round trip, written and released in one;
// the per-user order across two clients (two processes); lock keys that no user id can collide with; the bounded
// memory store.
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/sessions/memory.js';
import { RedisStore, type RedisStoreOptions } from '../../src/sessions/redis.js';
import { keySegment, runTurn, StoreError, turnWithLock } from '../../src/sessions/store.js';
import { cleanup, REDIS_URL, skipRedis, sleep, uniquePrefix } from './redis-env.js';

const skip = await skipRedis('session turns');
const PREFIX = uniquePrefix('turns');

describe('keySegment', () => {
  it('leaves no ":" so that "<a>" and "<b>:q" never meet, and stays one-to-one', () => {
    const ids = ['a', 'a:q', 'a:hb', 'a%3Aq', 'a%q', ':', '%', 'a:q:q', '用户:1'];
    const locks = ids.map((id) => `lock:${keySegment(id)}`);
    const all = locks.flatMap((l) => [l, `${l}:q`, `${l}:hb`, `${l}:seq`]);
    expect(new Set(all).size).toBe(all.length);
    for (const id of ids) expect(keySegment(id)).not.toContain(':');
  });
});

describe('MemoryStore, bounded', () => {
  it('keeps at most maxKeys values, the most recently used', async () => {
    const s = new MemoryStore({ maxKeys: 100 });
    for (let i = 0; i < 1000; i++) await s.set(`u${i}`, 'x'.repeat(100), 3600);
    expect(s.keyCount).toBe(100);
    expect(await s.get('u999')).toBe('x'.repeat(100));
    expect(await s.get('u0')).toBeUndefined();
    await s.close();
  });

  it('runs turns in order per key with the value read and written around fn', async () => {
    const s = new MemoryStore();
    const seen: string[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        s.turn('lock:u', 'sess:u', async (v) => {
          seen.push(v ?? '');
          await sleep(Math.random() * 2);
          return { result: i, write: { value: `${v ?? ''}${i},`, ttlSeconds: 60 } };
        }),
      ),
    );
    expect(await s.get('sess:u')).toBe(`${Array.from({ length: 20 }, (_, i) => i).join(',')},`);
    expect(seen[19]).toBe(`${Array.from({ length: 19 }, (_, i) => i).join(',')},`);
    await s.close();
  });
});

describe.skipIf(skip)('RedisStore.turn against the real server', () => {
  const stores: RedisStore[] = [];
  let raw: Redis;
  let n = 0;
  const open = (opts: Partial<RedisStoreOptions> = {}) => {
    const s = new RedisStore({ url: REDIS_URL, prefix: PREFIX, ...opts });
    stores.push(s);
    return s;
  };
  const key = (name: string) => `${name}-${++n}`;

  beforeAll(() => {
    raw = new Redis(REDIS_URL);
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await cleanup(PREFIX);
    raw?.disconnect();
  });

  /** counts the commands a store sends */
  function countCommands(s: RedisStore): { count: () => number } {
    let c = 0;
    const send = s.client.sendCommand.bind(s.client);
    s.client.sendCommand = ((cmd: any, ...rest: any[]) => {
      c++;
      return (send as any)(cmd, ...rest);
    }) as typeof s.client.sendCommand;
    return { count: () => c };
  }

  it('takes the turn and reads the value in one round trip, writes and releases in one', async () => {
    const s = open();
    const user = key('u');
    await s.set(`sess:${user}`, 'before', 60);
    await s.get('warm-up'); // the scripts are loaded on first use; count a steady turn
    await s.turn(`lock:${user}`.replace('lock:', 'l:'), `sess:${user}`, async (v) => ({ result: v }));
    const counter = countCommands(s);
    const r = await s.turn(`l:${user}`, `sess:${user}`, async (v) => ({
      result: v,
      write: { value: 'after', ttlSeconds: 60 },
    }));
    expect(r).toEqual({ result: 'before' });
    expect(counter.count()).toBe(2);
    expect(await s.get(`sess:${user}`)).toBe('after');
    const ttl = await raw.ttl(`${PREFIX}sess:${user}`);
    expect(ttl).toBeGreaterThan(50);
    expect(await raw.exists(s.lockKey(`l:${user}`))).toBe(0);
  });

  it('two clients (two processes) on one user: turns never overlap, no update is lost, each keeps its order', async () => {
    const a = open();
    const b = open();
    const user = key('shared');
    let inside = 0;
    let overlap = false;
    const order: string[] = [];
    const work = (tag: string) => async (v: string | undefined) => {
      if (++inside > 1) overlap = true;
      await sleep(Math.random() * 3);
      order.push(tag);
      inside--;
      return { result: tag, write: { value: String(Number(v ?? '0') + 1), ttlSeconds: 60 } };
    };
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 15; i++) {
      calls.push(a.turn(`l:${user}`, `sess:${user}`, work(`a${i}`)));
      calls.push(b.turn(`l:${user}`, `sess:${user}`, work(`b${i}`)));
    }
    await Promise.all(calls);
    expect(overlap).toBe(false);
    expect(await a.get(`sess:${user}`)).toBe('30');
    const mine = (p: string) => order.filter((t) => t.startsWith(p)).map((t) => Number(t.slice(1)));
    expect(mine('a')).toEqual(Array.from({ length: 15 }, (_, i) => i));
    expect(mine('b')).toEqual(Array.from({ length: 15 }, (_, i) => i));
  });

  it('keeps the plain withLock and the turn of one key mutually exclusive', async () => {
    const s = open();
    const user = key('mixed');
    const events: string[] = [];
    const held = s.withLock(`l:${user}`, async () => {
      events.push('lock in');
      await sleep(100);
      events.push('lock out');
    });
    await sleep(10);
    const other = open();
    await other.turn(`l:${user}`, `sess:${user}`, async () => {
      events.push('turn');
      return { result: 1 };
    });
    await held;
    expect(events).toEqual(['lock in', 'lock out', 'turn']);
  });

  it('a user id ending in ":q" is not another user\'s lock queue', async () => {
    const s = open({ lockWaitTimeoutMs: 1_000 });
    const other = open({ lockWaitTimeoutMs: 1_000 });
    const user = key('victim');
    // the user's lock is held and someone waits in its queue, so the queue key exists
    let release!: () => void;
    const held = s.turn(
      `l:${user}`,
      `sess:${user}`,
      () => new Promise<{ result: number }>((r) => (release = () => r({ result: 0 }))),
    );
    await sleep(20);
    const queued = other.turn(`l:${user}`, `sess:${user}`, async () => ({ result: 1 }));
    await sleep(50);
    // before: "lock:l:<user>:q" was also the lock key of the user "<user>:q", who then waited for nothing
    const t0 = Date.now();
    const r = await s.turn(`l:${user}:q`, `sess:${user}:q`, async () => ({ result: 'independent' }));
    expect(r.result).toBe('independent');
    expect(Date.now() - t0).toBeLessThan(500);
    release();
    await Promise.all([held, queued]);
  });

  it('reports a value of the wrong type as a read error, goes on, and overwrites it', async () => {
    const s = open();
    const user = key('wrongtype');
    await raw.hset(`${PREFIX}sess:${user}`, 'x', '1');
    const r = await s.turn(`l:${user}`, `sess:${user}`, async (v) => ({
      result: v,
      write: { value: 'fresh', ttlSeconds: 60 },
    }));
    expect(r.result).toBeUndefined();
    expect(r.readError).toBeInstanceOf(StoreError);
    expect(r.writeError).toBeUndefined();
    expect(await s.get(`sess:${user}`)).toBe('fresh');
  });

  it('does not write when the lock was lost meanwhile, and says so', async () => {
    const s = open({ lockTtlMs: 60_000 });
    const user = key('lost');
    const r = await s.turn(`l:${user}`, `sess:${user}`, async () => {
      await raw.del(s.lockKey(`l:${user}`)); // as if it had expired
      return { result: 1, write: { value: 'late', ttlSeconds: 60 } };
    });
    expect(r.writeError).toBeInstanceOf(StoreError);
    expect(await s.get(`sess:${user}`)).toBeUndefined();
  });

  it('releases the lock when fn throws, and passes the error on', async () => {
    const s = open();
    const user = key('throws');
    await expect(
      s.turn(`l:${user}`, `sess:${user}`, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await raw.exists(s.lockKey(`l:${user}`))).toBe(0);
  });

  it('refuses data keys in the lock namespace', async () => {
    const s = open();
    await expect(s.get('lock:x')).rejects.toThrow(RangeError);
  });

  it('runTurn uses the fused turn when a store has one, withLock + get + set otherwise', async () => {
    const s = open();
    const user = key('generic');
    const plain = {
      get: s.get.bind(s),
      set: s.set.bind(s),
      delete: s.delete.bind(s),
      withLock: s.withLock.bind(s),
      close: async () => {},
    };
    const r1 = await runTurn(plain, `l:${user}`, `sess:${user}`, async () => ({
      result: 1,
      write: { value: 'a', ttlSeconds: 60 },
    }));
    expect(r1).toEqual({ result: 1 });
    const r2 = await turnWithLock(s, `l:${user}`, `sess:${user}`, async (v) => ({ result: v }));
    expect(r2.result).toBe('a');
    const r3 = await runTurn(s, `l:${user}`, `sess:${user}`, async (v) => ({ result: v }));
    expect(r3.result).toBe('a');
  });
});
