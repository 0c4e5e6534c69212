// In-process FIFO per key: calls on one key run one after another in arrival order; other keys are not blocked.
import { LockTimeoutError } from './store.js';

export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  /** number of keys with calls running or waiting */
  get size(): number {
    return this.tails.size;
  }

  /**
   * Runs fn after every earlier call on key has finished (fulfilled or rejected).
   * With waitTimeoutMs, a call still waiting for its turn after that long rejects with LockTimeoutError
   * (the calls behind it keep their order). fn receives the absolute deadline (ms since epoch) of the wait.
   */
  run<T>(key: string, fn: (deadline: number) => Promise<T>, waitTimeoutMs?: number): Promise<T> {
    const start = Date.now();
    const deadline = waitTimeoutMs === undefined ? Number.POSITIVE_INFINITY : start + waitTimeoutMs;
    const prev = this.tails.get(key) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((resolve) => {
      done = resolve;
    });
    const tail = prev.then(() => mine);
    this.tails.set(key, tail);
    const finish = () => {
      done();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };

    if (waitTimeoutMs === undefined) {
      return prev.then(async () => {
        try {
          return await fn(deadline);
        } finally {
          finish();
        }
      });
    }

    return new Promise<T>((resolve, reject) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        reject(new LockTimeoutError(key, Date.now() - start));
      }, waitTimeoutMs);
      void prev.then(async () => {
        clearTimeout(timer);
        if (timedOut) {
          finish();
          return;
        }
        try {
          resolve(await fn(deadline));
        } catch (err) {
          reject(err);
        } finally {
          finish();
        }
      });
    });
  }
}
