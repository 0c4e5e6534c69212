// Start-up time: spawn the compiled server and poll GET /healthz until it answers. Reports the wall time and the
// CPU time the process used until then (user + system, from /proc), which a busy machine inflates less.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { freePort, sleep } from './util';

export interface StartupResult {
  wallMs: number;
  cpuMs: number;
}

function cpuMsOf(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // fields 14 and 15 (utime, stime) in clock ticks; after the ") " split they are at 11 and 12
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

export async function measureStartup(
  command: string[],
  env: Record<string, string> = {},
  cwd = process.cwd(),
): Promise<StartupResult> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(command[0]!, command.slice(1), {
    cwd,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
    // its own process group, so that `npm start` and what it runs stop together
    detached: true,
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  try {
    for (;;) {
      if (exited) throw new Error(`${command.join(' ')} exited before /healthz answered`);
      if (performance.now() - t0 > 30_000) throw new Error(`${command.join(' ')}: no /healthz after 30 s`);
      try {
        const r = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (r.ok) break;
      } catch {
        // not listening yet
      }
      await sleep(5);
    }
    const wallMs = performance.now() - t0;
    return { wallMs, cpuMs: cpuMsOf(child.pid!) };
  } finally {
    const gone = new Promise((r) => (exited ? r(undefined) : child.once('exit', r)));
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
    await gone;
  }
}

/** Median of n starts. */
export async function medianStartup(command: string[], n = 5, env: Record<string, string> = {}) {
  const runs: StartupResult[] = [];
  for (let i = 0; i < n; i++) runs.push(await measureStartup(command, env));
  const med = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { wallMs: med(runs.map((r) => r.wallMs)), cpuMs: med(runs.map((r) => r.cpuMs)), runs };
}
