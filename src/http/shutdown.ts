// Graceful stop on SIGTERM / SIGINT: stop taking connections (new requests get 503), let the turns in flight
// finish, close what the app opened (session store, rate-limit Redis: the app's onClose hooks), then exit 0.
// A stop that takes longer than timeoutMs exits 1.
import type { FastifyInstance } from 'fastify';

export interface ShutdownOptions {
  timeoutMs: number;
  signals?: NodeJS.Signals[];
  /** process.exit by default (tests pass their own) */
  exit?: (code: number) => void;
}

/** Installs the signal handlers; returns the stop function itself (for tests and other callers). */
export function gracefulShutdown(app: FastifyInstance, opts: ShutdownOptions): (signal?: string) => Promise<void> {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let stopping: Promise<void> | undefined;
  const stop = (signal = 'stop') => {
    stopping ??= (async () => {
      app.log.info({ signal }, 'shutting down: finishing the turns in flight');
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), opts.timeoutMs);
        timer.unref();
      });
      // keep-alive connections that go idle once their request is answered are closed too, not left to time out
      const idle = setInterval(() => app.server.closeIdleConnections?.(), 50);
      idle.unref();
      try {
        const r = await Promise.race([app.close().then(() => 'closed' as const), timedOut]);
        if (r === 'timeout') {
          app.log.error({ timeoutMs: opts.timeoutMs }, 'shutdown timed out');
          exit(1);
          return;
        }
        exit(0);
      } catch (err) {
        app.log.error({ err }, 'shutdown failed');
        exit(1);
      } finally {
        clearTimeout(timer);
        clearInterval(idle);
      }
    })();
    return stopping;
  };
  for (const s of opts.signals ?? (['SIGTERM', 'SIGINT'] as NodeJS.Signals[])) process.once(s, () => void stop(s));
  return stop;
}
