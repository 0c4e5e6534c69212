// What was delivered to a user (GET /api/me/notices) and which deliveries gave up (for staff), in the store.
import type { KeyValueStore } from '../sessions/store';

export interface Notice {
  id: string;
  text: string;
  channel: string;
  /** when it was due (ISO) */
  at: string;
  /** when it was delivered (ISO) */
  deliveredAt: string;
}

export interface DeliveryFailure {
  id: string;
  user: string;
  channel: string;
  deadlineId: string;
  at: string;
  attempts: number;
  error: string;
  failedAt: string;
}

const NOTICE_TTL = 180 * 86_400;
const FAILURE_TTL = 30 * 86_400;
const MAX_NOTICES = 50;
const MAX_FAILURES = 500;

async function readList<T>(store: KeyValueStore, key: string): Promise<T[]> {
  const raw = await store.get(key);
  if (!raw) return [];
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? (v as T[]) : [];
  } catch {
    return [];
  }
}

async function prepend<T>(store: KeyValueStore, key: string, item: T, max: number, ttl: number): Promise<void> {
  await store.withLock(`${key}:lock`, async () => {
    const list = [item, ...(await readList<T>(store, key))].slice(0, max);
    await store.set(key, JSON.stringify(list), ttl);
  });
}

export class NoticeBook {
  constructor(
    private readonly store: KeyValueStore,
    private readonly prefix = 'jxjy:notices:',
  ) {}

  /** newest first */
  list(user: string): Promise<Notice[]> {
    return readList<Notice>(this.store, `${this.prefix}${user}`);
  }

  add(user: string, n: Notice): Promise<void> {
    return prepend(this.store, `${this.prefix}${user}`, n, MAX_NOTICES, NOTICE_TTL);
  }

  forget(user: string): Promise<void> {
    return this.store.delete(`${this.prefix}${user}`);
  }

  /** newest first */
  failures(): Promise<DeliveryFailure[]> {
    return readList<DeliveryFailure>(this.store, `${this.prefix}failures`);
  }

  addFailure(f: DeliveryFailure): Promise<void> {
    return prepend(this.store, `${this.prefix}failures`, f, MAX_FAILURES, FAILURE_TTL);
  }
}
