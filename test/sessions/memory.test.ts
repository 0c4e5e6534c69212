import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryStore } from '../../src/sessions/memory.js';
import { StoreUnavailableError } from '../../src/sessions/store.js';
import { sleep } from './redis-env.js';

describe('MemoryStore values', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gets, sets, overwrites and deletes', async () => {
    const s = new MemoryStore();
    expect(await s.get('a')).toBeUndefined();
    await s.set('a', '1', 60);
    await s.set('b', '2', 60);
    expect(await s.get('a')).toBe('1');
    await s.set('a', '3', 60);
    expect(await s.get('a')).toBe('3');
    await s.delete('a');
    await s.delete('missing');
    expect(await s.get('a')).toBeUndefined();
    expect(await s.get('b')).toBe('2');
  });

  it('honours the TTL (fake timers) and a rewrite restarts it', async () => {
    vi.useFakeTimers();
    const s = new MemoryStore();
    await s.set('k', 'v', 10);
    vi.advanceTimersByTime(9_999);
    expect(await s.get('k')).toBe('v');
    vi.advanceTimersByTime(1);
    expect(await s.get('k')).toBeUndefined();

    await s.set('k', 'v1', 10);
    vi.advanceTimersByTime(6_000);
    await s.set('k', 'v2', 10);
    vi.advanceTimersByTime(6_000);
    expect(await s.get('k')).toBe('v2');
    vi.advanceTimersByTime(4_000);
    expect(await s.get('k')).toBeUndefined();
  });

  it('drops expired keys from memory, not only from reads', async () => {
    vi.useFakeTimers();
    const s = new MemoryStore();
    for (let i = 0; i < 100; i++) await s.set(`k${i}`, 'x', 1);
    await s.set('long', 'x', 100);
    expect(s.keyCount).toBe(101);
    vi.advanceTimersByTime(1_000);
    expect(s.keyCount).toBe(1);
  });

  it('rejects a TTL that is not a positive number', async () => {
    const s = new MemoryStore();
    for (const ttl of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(s.set('k', 'v', ttl)).rejects.toThrow(RangeError);
    }
  });

  it('keeps sets', async () => {
    const s = new MemoryStore();
    await s.setAdd('s', 'a');
    await s.setAdd('s', 'b');
    await s.setAdd('s', 'a');
    expect((await s.setMembers('s')).sort()).toEqual(['a', 'b']);
    await s.setRemove('s', 'a');
    await s.setRemove('s', 'zzz');
    expect(await s.setMembers('s')).toEqual(['b']);
    expect(await s.setMembers('none')).toEqual([]);
  });

  it('fails with StoreUnavailableError after close', async () => {
    const s = new MemoryStore();
    await s.set('k', 'v', 10);
    await s.close();
    await expect(s.get('k')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(s.withLock('k', async () => 1)).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});

describe('MemoryStore.withLock', () => {
  it('runs 50 concurrent calls on one key in arrival order with a read-modify-write counter intact', async () => {
    const s = new MemoryStore();
    await s.set('n', '0', 60);
    const order: number[] = [];
    let inside = 0;
    let overlap = false;
    const calls = Array.from({ length: 50 }, (_, i) =>
      s.withLock('user-1', async () => {
        inside++;
        if (inside > 1) overlap = true;
        const n = Number(await s.get('n'));
        await sleep(Math.random() * 3);
        await s.set('n', String(n + 1), 60);
        order.push(i);
        inside--;
        return i;
      }),
    );
    expect(await Promise.all(calls)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(order).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(overlap).toBe(false);
    expect(await s.get('n')).toBe('50');
  });

  it('without the lock the same counter loses updates (the test can fail)', async () => {
    const s = new MemoryStore();
    await s.set('n', '0', 60);
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        const n = Number(await s.get('n'));
        await sleep(1);
        await s.set('n', String(n + 1), 60);
      }),
    );
    expect(Number(await s.get('n'))).toBeLessThan(20);
  });

  it('keeps the order when a call throws, and passes the error to its caller', async () => {
    const s = new MemoryStore();
    const order: string[] = [];
    const a = s.withLock('u', async () => {
      await sleep(5);
      order.push('a');
    });
    const b = s.withLock('u', async () => {
      order.push('b');
      throw new Error('boom');
    });
    const c = s.withLock('u', async () => {
      order.push('c');
      return 'c';
    });
    await expect(b).rejects.toThrow('boom');
    await a;
    expect(await c).toBe('c');
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('does not block other keys', async () => {
    const s = new MemoryStore();
    let release!: () => void;
    const held = s.withLock('slow-user', () => new Promise<void>((r) => (release = r)));
    const queued = s.withLock('slow-user', async () => 'after');
    const other = await s.withLock('other-user', async () => 'other done');
    expect(other).toBe('other done');
    let queuedDone = false;
    void queued.then(() => (queuedDone = true));
    await sleep(5);
    expect(queuedDone).toBe(false);
    release();
    await held;
    expect(await queued).toBe('after');
  });
});
