import net from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore, type RedisStoreOptions } from '../../src/sessions/redis.js';
import { LockTimeoutError, StoreError, StoreUnavailableError, storeErrorMessage } from '../../src/sessions/store.js';
import { cleanup, REDIS_URL, redisAnswers, skipRedis, sleep, uniquePrefix } from './redis-env.js';

const skip = await skipRedis('redis store');
const PREFIX = uniquePrefix('redis');

describe.skipIf(skip)('RedisStore against the real server', () => {
  const stores: RedisStore[] = [];
  let raw: Redis;
  let n = 0;
  const open = (opts: Partial<RedisStoreOptions> = {}) => {
    const s = new RedisStore({ url: REDIS_URL, prefix: PREFIX, ...opts });
    stores.push(s);
    return s;
  };
  /** a fresh key name per test */
  const key = (name: string) => `${name}-${++n}`;

  beforeAll(async () => {
    expect(await redisAnswers(), `Redis must answer at ${REDIS_URL}`).toBe(true);
    raw = new Redis(REDIS_URL);
  });

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  afterAll(async () => {
    await cleanup(PREFIX);
    raw?.disconnect();
  });

  it('gets, sets with EX, overwrites and deletes', async () => {
    const s = open();
    const k = key('kv');
    expect(await s.get(k)).toBeUndefined();
    await s.set(k, '你好', 120);
    expect(await s.get(k)).toBe('你好');
    const ttl = await raw.ttl(PREFIX + k);
    expect(ttl).toBeGreaterThan(110);
    expect(ttl).toBeLessThanOrEqual(120);
    await s.set(k, 'v2', 60);
    expect(await s.get(k)).toBe('v2');
    expect(await raw.ttl(PREFIX + k)).toBeLessThanOrEqual(60);
    await s.delete(k);
    expect(await s.get(k)).toBeUndefined();
    expect(await raw.exists(PREFIX + k)).toBe(0);
  });

  it('lets values expire', async () => {
    const s = open();
    const k = key('ttl');
    await s.set(k, 'short', 0.3);
    expect(await s.get(k)).toBe('short');
    await sleep(450);
    expect(await s.get(k)).toBeUndefined();
    await expect(s.set(k, 'x', 0)).rejects.toThrow(RangeError);
  });

  it('keeps sets', async () => {
    const s = open();
    const k = key('set');
    await s.setAdd(k, 'a');
    await s.setAdd(k, 'b');
    await s.setAdd(k, 'a');
    expect((await s.setMembers(k)).sort()).toEqual(['a', 'b']);
    await s.setRemove(k, 'a');
    expect(await s.setMembers(k)).toEqual(['b']);
  });

  it('reports a command error as StoreError, not as an outage', async () => {
    const s = open();
    const k = key('wrongtype');
    await s.setAdd(k, 'a');
    const err = await s.get(k).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(err).not.toBeInstanceOf(StoreUnavailableError);
  });

  it('runs 50 concurrent withLock calls of one user in order, counter intact', async () => {
    const s = open();
    const user = key('user');
    const counter = key('counter');
    await s.set(counter, '0', 60);
    const order: number[] = [];
    let inside = 0;
    let overlap = false;
    const calls = Array.from({ length: 50 }, (_, i) =>
      s.withLock(user, async () => {
        if (++inside > 1) overlap = true;
        const v = Number(await s.get(counter));
        await sleep(Math.random() * 2);
        await s.set(counter, String(v + 1), 60);
        order.push(i);
        inside--;
      }),
    );
    await Promise.all(calls);
    expect(overlap).toBe(false);
    expect(order).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(await s.get(counter)).toBe('50');
    // the lock and its queue are gone afterwards
    expect(await raw.exists(s.lockKey(user))).toBe(0);
    expect(await raw.zcard(`${s.lockKey(user)}:q`)).toBe(0);
  });

  it('two clients (two processes) racing on one key: no lost update, each keeps its own order, turns alternate', async () => {
    const a = open();
    const b = open();
    const user = key('shared-user');
    const counter = key('shared-counter');
    await a.set(counter, '0', 60);
    const ran: string[] = [];
    let inside = 0;
    let overlap = false;
    const work = (store: RedisStore, tag: string) => async () => {
      if (++inside > 1) overlap = true;
      const v = Number(await store.get(counter));
      await sleep(1 + Math.random() * 2);
      await store.set(counter, String(v + 1), 60);
      ran.push(tag);
      inside--;
    };
    const calls: Promise<void>[] = [];
    for (let i = 0; i < 20; i++) {
      calls.push(a.withLock(user, work(a, `a${i}`)));
      calls.push(b.withLock(user, work(b, `b${i}`)));
    }
    await Promise.all(calls);
    expect(overlap).toBe(false);
    expect(await a.get(counter)).toBe('40');
    const seq = (p: string) => ran.filter((t) => t.startsWith(p)).map((t) => Number(t.slice(1)));
    expect(seq('a')).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(seq('b')).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // fair queue: neither process runs all its calls while the other waits
    let switches = 0;
    for (let i = 1; i < ran.length; i++) if (ran[i]![0] !== ran[i - 1]![0]) switches++;
    expect(switches).toBeGreaterThanOrEqual(20);
  });

  it('a crashed holder does not block the user: the lock expires', async () => {
    const crashing = open({ lockTtlMs: 400 });
    const survivor = open({ lockTtlMs: 400, lockWaitTimeoutMs: 5_000 });
    const user = key('crash');
    let entered!: () => void;
    const holding = new Promise<void>((r) => (entered = r));
    // the holder enters and never finishes; then its connection dies, so the watchdog cannot extend the lock
    void crashing.withLock(user, () => {
      entered();
      return new Promise<never>(() => undefined);
    });
    await holding;
    crashing.client.disconnect();
    const t0 = Date.now();
    const got = await survivor.withLock(user, async () => 'survivor ran');
    const waited = Date.now() - t0;
    expect(got).toBe('survivor ran');
    expect(waited).toBeGreaterThanOrEqual(150);
    expect(waited).toBeLessThan(3_000);
  });

  it('a crashed waiter at the head of the queue is skipped once its heartbeat lapses', async () => {
    const s = open({ lockStaleMs: 300 });
    const user = key('ghost');
    const lock = s.lockKey(user);
    const [secs, micros] = await raw.time();
    const now = Number(secs) * 1000 + Math.floor(Number(micros) / 1000);
    await raw.zadd(`${lock}:q`, 0, 'ghost-token');
    await raw.zadd(`${lock}:hb`, now + 300, 'ghost-token');
    const t0 = Date.now();
    expect(await s.withLock(user, async () => 'ok')).toBe('ok');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
    expect(await raw.zscore(`${lock}:q`, 'ghost-token')).toBeNull();
  });

  it('the watchdog keeps a long call exclusive beyond the lock TTL', async () => {
    const a = open({ lockTtlMs: 200 });
    const b = open({ lockTtlMs: 200 });
    const user = key('long');
    const events: string[] = [];
    const first = a.withLock(user, async () => {
      events.push('a-start');
      await sleep(700);
      events.push('a-end');
    });
    await sleep(20);
    const second = b.withLock(user, async () => {
      events.push('b-start');
    });
    await Promise.all([first, second]);
    expect(events).toEqual(['a-start', 'a-end', 'b-start']);
  });

  it('releases only its own lock (compare-and-delete by token)', async () => {
    const s = open({ lockTtlMs: 5_000 });
    const user = key('steal');
    const lock = s.lockKey(user);
    await s.withLock(user, async () => {
      expect(await raw.get(lock)).toMatch(/^[0-9a-f-]{36}$/);
      // as if our lock had expired and another process had taken it
      await raw.set(lock, 'someone-else', 'PX', 5_000);
    });
    expect(await raw.get(lock)).toBe('someone-else');
    await raw.del(lock);
  });

  it('a waiter gives up after the wait timeout with LockTimeoutError and leaves the queue', async () => {
    const a = open();
    const b = open({ lockWaitTimeoutMs: 250 });
    const user = key('timeout');
    let release!: () => void;
    let entered!: () => void;
    const inLock = new Promise<void>((r) => (entered = r));
    const holder = a.withLock(user, () => {
      entered();
      return new Promise<void>((r) => (release = r));
    });
    await inLock;
    const t0 = Date.now();
    const err = await b.withLock(user, async () => 'never').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockTimeoutError);
    expect(Date.now() - t0).toBeLessThan(1_500);
    expect(storeErrorMessage(err)).toMatch(/处理中/);
    expect(await raw.zcard(`${a.lockKey(user)}:q`)).toBe(0);
    release();
    await holder;
    expect(await b.withLock(user, async () => 'later')).toBe('later');
  });

  it('times out calls waiting in the local queue too, without breaking the order of the others', async () => {
    const s = open({ lockWaitTimeoutMs: 200 });
    const user = key('local-timeout');
    const order: string[] = [];
    const first = s.withLock(user, async () => {
      await sleep(400);
      order.push('first');
    });
    const second = s.withLock(user, async () => {
      order.push('second');
    });
    await expect(second).rejects.toBeInstanceOf(LockTimeoutError);
    await first;
    await s.withLock(user, async () => {
      order.push('third');
    });
    expect(order).toEqual(['first', 'third']);
  });
});

describe('RedisStore when Redis is away', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  beforeAll(() => {
    process.on('unhandledRejection', onUnhandled);
  });
  afterAll(() => {
    process.off('unhandledRejection', onUnhandled);
  });

  it('fails fast with StoreUnavailableError on a closed port, and does not crash', async () => {
    const port = await freePort();
    const errors: Error[] = [];
    const s = new RedisStore({ url: `redis://127.0.0.1:${port}`, onError: (e) => errors.push(e) });
    try {
      for (const call of [
        () => s.get('k'),
        () => s.set('k', 'v', 10),
        () => s.delete('k'),
        () => s.setMembers('k'),
        () => s.withLock('k', async () => 'never runs'),
      ]) {
        const t0 = Date.now();
        const err = await call().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StoreUnavailableError);
        expect(Date.now() - t0).toBeLessThan(1_500);
        expect(storeErrorMessage(err)).toMatch(/稍后再试/);
      }
      // a burst of calls does not hang either
      const t0 = Date.now();
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => s.get('k')));
      expect(results.every((r) => r.status === 'rejected' && r.reason instanceof StoreUnavailableError)).toBe(true);
      expect(Date.now() - t0).toBeLessThan(1_500);
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      await s.close();
    }
    await sleep(50);
    expect(unhandled).toEqual([]);
  });

  it.skipIf(skip)('survives Redis going away mid-life and recovers when it is back', async () => {
    const prefix = uniquePrefix('outage');
    const proxy = await startProxy(REDIS_URL);
    const s = new RedisStore({ url: `redis://127.0.0.1:${proxy.port}`, prefix, onError: () => undefined });
    try {
      await s.set('k', 'before', 60);
      expect(await s.get('k')).toBe('before');

      await proxy.stop();
      await sleep(50);
      const t0 = Date.now();
      const err = await s.get('k').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreUnavailableError);
      expect(Date.now() - t0).toBeLessThan(1_500);
      await expect(s.withLock('u', async () => 1)).rejects.toBeInstanceOf(StoreUnavailableError);

      await proxy.start();
      let value: string | undefined;
      const until = Date.now() + 8_000;
      while (Date.now() < until) {
        value = await s.get('k').catch(() => undefined);
        if (value !== undefined) break;
        await sleep(100);
      }
      expect(value).toBe('before');
      expect(await s.withLock('u', async () => 'locked again')).toBe('locked again');
    } finally {
      await s.close();
      await proxy.stop();
      await cleanup(prefix);
    }
    expect(unhandled).toEqual([]);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** A TCP relay to Redis that can be taken down and brought back on the same port. */
async function startProxy(target: string) {
  const u = new URL(target);
  const host = u.hostname || '127.0.0.1';
  const targetPort = Number(u.port || 6379);
  const port = await freePort();
  let server: net.Server | undefined;
  const sockets = new Set<net.Socket>();
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const srv = net.createServer((client) => {
        const upstream = net.connect(targetPort, host);
        sockets.add(client);
        sockets.add(upstream);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
        client.pipe(upstream).pipe(client);
      });
      srv.once('error', reject);
      srv.listen(port, '127.0.0.1', () => {
        server = srv;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      sockets.clear();
      if (!server) return resolve();
      const srv = server;
      server = undefined;
      srv.close(() => resolve());
    });
  await start();
  return { port, start, stop };
}
