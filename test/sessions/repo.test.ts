import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createStore,
  type DiscardReason,
  type KeyValueStore,
  MemoryStore,
  RedisStore,
  SessionRepo,
  StoreUnavailableError,
} from '../../src/sessions/index.js';

// v1 stored { region, hours: number }; v2 stores { region, hours: { done: number } , turns }
const V2 = z.object({ region: z.string(), hours: z.object({ done: z.number() }), turns: z.number().int() }).strict();
type V2 = z.infer<typeof V2>;

function repo(store: KeyValueStore, discards: Array<[string, DiscardReason]> = []) {
  return new SessionRepo<V2>(store, {
    prefix: 'sess:',
    version: 2,
    parse: (d) => {
      const r = V2.safeParse(d);
      return r.success ? r.data : undefined;
    },
    migrate: (from, data) => {
      if (from !== 1) return undefined;
      const old = data as { region: string; hours: number };
      if (typeof old.hours !== 'number') throw new Error('bad v1 data');
      return { region: old.region, hours: { done: old.hours }, turns: 0 };
    },
    onDiscard: (userId, reason) => discards.push([userId, reason]),
  });
}

describe('createStore', () => {
  it('gives a memory store without a URL and a Redis store with one', async () => {
    expect(createStore()).toBeInstanceOf(MemoryStore);
    expect(createStore({ redisUrl: '' })).toBeInstanceOf(MemoryStore);
    const r = createStore({ redisUrl: 'redis://127.0.0.1:1', onError: () => undefined });
    expect(r).toBeInstanceOf(RedisStore);
    await r.close();
  });
});

describe('SessionRepo', () => {
  it('round-trips data in a versioned envelope under the prefix, with the TTL', async () => {
    const store = new MemoryStore();
    const r = repo(store);
    const data: V2 = { region: 'qinghai', hours: { done: 42 }, turns: 3 };
    await r.save('u1', data, 60);
    expect(JSON.parse((await store.get('sess:u1'))!)).toEqual({ v: 2, data });
    expect(await r.load('u1')).toEqual(data);
    expect(await r.load('u2')).toBeUndefined();
    await r.clear('u1');
    expect(await r.load('u1')).toBeUndefined();
    expect(await store.get('sess:u1')).toBeUndefined();
  });

  it('migrates a session stored by the previous version', async () => {
    const store = new MemoryStore();
    await store.set('sess:old', JSON.stringify({ v: 1, data: { region: 'jining', hours: 30 } }), 60);
    expect(await repo(store).load('old')).toEqual({ region: 'jining', hours: { done: 30 }, turns: 0 });
  });

  it('treats corrupt, unknown or invalid values as an empty session and says why', async () => {
    const store = new MemoryStore();
    const discards: Array<[string, DiscardReason]> = [];
    const r = repo(store, discards);
    const cases: Array<[string, string, DiscardReason]> = [
      ['a', '{not json', 'corrupt'],
      ['b', JSON.stringify('just a string'), 'corrupt'],
      ['c', JSON.stringify({ data: {} }), 'corrupt'],
      ['d', JSON.stringify({ v: '2', data: {} }), 'corrupt'],
      ['e', JSON.stringify({ v: 3, data: { region: 'x' } }), 'unknown_version'],
      ['f', JSON.stringify({ v: 0, data: {} }), 'unknown_version'],
      ['g', JSON.stringify({ v: 1, data: { region: 'x', hours: 'many' } }), 'migration_failed'],
      ['h', JSON.stringify({ v: 2, data: { region: 'x', hours: 5, turns: 1 } }), 'invalid'],
      ['i', 'null', 'corrupt'],
    ];
    for (const [id, raw] of cases) await store.set(`sess:${id}`, raw, 60);
    for (const [id] of cases) expect(await r.load(id), id).toBeUndefined();
    expect(discards).toEqual(cases.map(([id, , reason]) => [id, reason]));
  });

  it('drops older versions when there is no migrate hook, and trusts data without parse', async () => {
    const store = new MemoryStore();
    const plain = new SessionRepo<{ n: number }>(store, { prefix: 'p:', version: 2 });
    await store.set('p:old', JSON.stringify({ v: 1, data: { n: 1 } }), 60);
    expect(await plain.load('old')).toBeUndefined();
    await plain.save('new', { n: 2 }, 60);
    expect(await plain.load('new')).toEqual({ n: 2 });
    expect(() => new SessionRepo(store, { prefix: 'p:', version: 0 })).toThrow(RangeError);
  });

  it('does not hide a store outage', async () => {
    const down: KeyValueStore = {
      get: async () => {
        throw new StoreUnavailableError('down');
      },
      set: async () => {
        throw new StoreUnavailableError('down');
      },
      delete: async () => {
        throw new StoreUnavailableError('down');
      },
      withLock: async () => {
        throw new StoreUnavailableError('down');
      },
      close: async () => undefined,
    };
    const r = repo(down);
    await expect(r.load('u')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(r.save('u', { region: 'x', hours: { done: 1 }, turns: 0 }, 60)).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
  });
});
