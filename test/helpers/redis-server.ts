// A private redis-server on a free loopback port, started and stopped by the test or benchmark that needs it
// (never the shared server at REDIS_URL): for faults that must not touch anyone else's data — maxmemory to
// provoke OOM, a restart in the middle of a conversation, a paused server.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export function redisServerAvailable(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface PrivateRedisOptions {
  /** e.g. "2mb": writes beyond it fail with OOM (maxmemory-policy noeviction) */
  maxmemory?: string;
  /** keep data across restart() (append-only file, fsync always) */
  persist?: boolean;
}

export class PrivateRedis {
  readonly dir = mkdtempSync(join(tmpdir(), 'jxjy-redis-'));
  private proc?: ChildProcess;

  private constructor(
    readonly port: number,
    private readonly opts: PrivateRedisOptions,
  ) {}

  static async start(opts: PrivateRedisOptions = {}): Promise<PrivateRedis> {
    const r = new PrivateRedis(await freePort(), opts);
    await r.start();
    return r;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** a plain client for setting up faults (the caller disconnects it) */
  client(): Redis {
    const c = new Redis(this.url, { maxRetriesPerRequest: 1, retryStrategy: () => null, lazyConnect: false });
    c.on('error', () => undefined);
    return c;
  }

  async start(): Promise<void> {
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      this.dir,
      '--save',
      '',
      '--appendonly',
      this.opts.persist ? 'yes' : 'no',
      '--appendfsync',
      'always',
      '--logfile',
      join(this.dir, 'redis.log'),
    ];
    if (this.opts.maxmemory) args.push('--maxmemory', this.opts.maxmemory, '--maxmemory-policy', 'noeviction');
    this.proc = spawn('redis-server', args, { stdio: 'ignore' });
    const until = Date.now() + 10_000;
    for (;;) {
      const c = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      c.on('error', () => undefined);
      try {
        await c.connect();
        if ((await c.ping()) === 'PONG') return;
      } catch {
        if (Date.now() > until) throw new Error(`redis-server did not start on port ${this.port}`);
        await new Promise((r) => setTimeout(r, 50));
      } finally {
        c.disconnect();
      }
    }
  }

  /** Stops the server (SIGTERM: with persist, it writes its data first). */
  async stop(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGTERM');
    });
    this.proc = undefined;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
