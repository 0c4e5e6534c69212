// HTTP load: a server in its own process, driven by autocannon from this one (same machine, loopback).
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { freePort, sleep } from './util';

export interface Server {
  url: string;
  pid: number;
  /** resident set size in MB, from /proc */
  rssMb(): number;
  /** CPU time (user + system) the server has used so far, ms, from /proc */
  cpuMs(): number;
  stop(): Promise<number | null>;
}

export async function startServer(command: string[], env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const child: ChildProcess = spawn(command[0]!, command.slice(1), {
    env: { ...process.env, HOST: '127.0.0.1', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${command.join(' ')} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not yet
    }
    if (Date.now() > until) throw new Error(`${command.join(' ')} not ready after 90 s`);
    await sleep(20);
  }
  return {
    url,
    pid: child.pid!,
    rssMb() {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : Number.NaN;
    },
    cpuMs() {
      const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
    },
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      });
    },
  };
}

export interface LoadResult {
  turnsPerSecond: number;
  /** server CPU time per request, ms: less disturbed by other work on the machine than turns/s */
  serverCpuMsPerTurn?: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
}

/**
 * POST /api/chat from `connections` clients for `seconds` (or `amount` requests in all). Each request is one turn of
 * the user and text that `next(i)` gives for the i-th request.
 */
export async function load(
  url: string,
  opts: {
    connections: number;
    seconds?: number;
    amount?: number;
    next: (i: number) => { userId: string; text: string };
    /** identity cookies by simulated user, kept across calls */
    jar?: Map<string, string>;
  },
): Promise<LoadResult> {
  let i = 0;
  // each simulated user keeps the identity cookie the server gave it, as a browser would
  const jar = opts.jar ?? new Map<string, string>();
  const r = await autocannon({
    url,
    connections: opts.connections,
    ...(opts.amount ? { amount: opts.amount } : { duration: opts.seconds ?? 10 }),
    requests: [
      {
        method: 'POST',
        path: '/api/chat',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req: any, context: any) => {
          const turn = opts.next(i++);
          context.user = turn.userId;
          const cookie = jar.get(turn.userId);
          return {
            ...req,
            headers: { ...req.headers, ...(cookie ? { cookie } : {}) },
            body: JSON.stringify(turn),
          };
        },
        onResponse: (_status: number, _body: string, context: any, headers: Record<string, string | string[]>) => {
          const set = headers['set-cookie'];
          const first = Array.isArray(set) ? set[0] : set;
          if (first && context.user) jar.set(context.user, first.split(';')[0]!);
        },
      },
    ],
  });
  return {
    turnsPerSecond: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}
