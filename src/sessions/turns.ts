// One user's turn around the session store: in order per user (across processes with Redis), the session read
// and the turn taken in one step, the new session written and the turn given up in one step. Every store fault is
// survived: the turn is then answered without memory (or without saving) and says how it went, never throws —
// except LockTimeoutError (the user's previous message still runs), which the caller answers with "busy".
import { metrics } from '../metrics.js';
import type { SessionRepo } from './index.js';
import {
  type KeyValueStore,
  LockTimeoutError,
  runTurn,
  StoreError,
  StoreUnavailableError,
  type TurnOps,
} from './store.js';

/**
 * How the session fared: kept (read and saved), unread (could not be read: answered as a new conversation, saved),
 * unsaved (read, but the new state was not kept), none (the store could not be used at all).
 */
export type Memory = 'kept' | 'unread' | 'unsaved' | 'none';

export interface SessionTurnsOptions<S> {
  store: KeyValueStore & Partial<TurnOps>;
  repo: SessionRepo<S>;
  /** lock key = lockPrefix + userId */
  lockPrefix: string;
  ttlSeconds: number;
  log?: { warn(obj: unknown, msg?: string): void };
}

/** What a user reads after the reply when the store let the turn down (empty when all went well). */
export function memoryNote(memory: Memory): string {
  switch (memory) {
    case 'unread':
      return '\n（系统暂时读不到之前的对话记录，这次按新的对话回答。）';
    case 'unsaved':
    case 'none':
      return '\n（系统暂时无法保存对话记录，下一条消息可能需要重新说明地区等信息。）';
    default:
      return '';
  }
}

function kind(err: StoreError): string {
  return err instanceof StoreUnavailableError ? 'unavailable' : 'reply';
}

export class SessionTurns<S> {
  constructor(private readonly opts: SessionTurnsOptions<S>) {}

  /**
   * Runs fn with the user's session (undefined when there is none or it cannot be read) and keeps the session fn
   * returns. fn's own errors propagate; store errors never do, but LockTimeoutError.
   */
  async run<R>(
    userId: string,
    fn: (session: S | undefined) => Promise<{ result: R; session: S }>,
  ): Promise<{ result: R; memory: Memory }> {
    const { store, repo, lockPrefix, ttlSeconds, log } = this.opts;
    try {
      const report = await runTurn(store, lockPrefix + userId, repo.key(userId), async (raw) => {
        const out = await fn(raw === undefined ? undefined : repo.decode(userId, raw));
        return { result: out.result, write: { value: repo.encode(out.session), ttlSeconds } };
      });
      let memory: Memory = 'kept';
      if (report.readError) {
        memory = 'unread';
        metrics.storeErrors.inc({ phase: 'read', kind: kind(report.readError) });
        log?.warn({ userId, err: report.readError.message }, 'session unreadable; answered as a new conversation');
      }
      if (report.writeError) {
        memory = 'unsaved';
        metrics.storeErrors.inc({ phase: 'write', kind: kind(report.writeError) });
        log?.warn({ userId, err: report.writeError.message }, 'session not saved');
      }
      return { result: report.result, memory };
    } catch (err) {
      if (err instanceof LockTimeoutError) {
        metrics.storeErrors.inc({ phase: 'turn', kind: 'busy' });
        throw err;
      }
      if (!(err instanceof StoreError)) throw err;
      // the turn could not be taken (outage, timeout, OOM, …): answer rather than not at all, without saving
      metrics.storeErrors.inc({ phase: 'turn', kind: kind(err) });
      log?.warn({ userId, err: err.message }, 'session store unusable; answering without saving');
      // an error reply (OOM, READONLY replica, …) still lets us read; an outage or a timeout would only wait again
      const session = err instanceof StoreUnavailableError ? undefined : await repo.load(userId).catch(() => undefined);
      const out = await fn(session);
      return { result: out.result, memory: session === undefined ? 'none' : 'unsaved' };
    }
  }
}
