// Start-up: the compiled server answers, stops on SIGTERM with exit 0 after the turn in flight; the knowledge
// snapshot is used only while it matches the files and the code, and gives the same knowledge base.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/build.mjs';
import { createPolicy } from '../../src/policy';
import { DEFAULT_KNOWLEDGE_DIR, loadKnowledge } from '../../src/policy/knowledge';
import { loadKnowledgeCached } from '../../src/startup/knowledge-cache';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('the knowledge snapshot', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jxjy-kb-'));
    cpSync(DEFAULT_KNOWLEDGE_DIR, join(dir, 'knowledge'), { recursive: true });
    writeFileSync(join(dir, 'code.js'), '// build 1');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is written on the first load, read on the next, and ignored once a file or the code changed', () => {
    const opts = { dir: join(dir, 'knowledge'), file: join(dir, 'snap.json'), codeFile: join(dir, 'code.js') };
    expect(loadKnowledgeCached(opts).from).toBe('files');
    const cached = loadKnowledgeCached(opts);
    expect(cached.from).toBe('snapshot');

    const fresh = loadKnowledge(opts.dir);
    expect(cached.kb.documents).toEqual(fresh.documents);
    expect(cached.kb.files).toEqual(fresh.files);
    expect(cached.kb.gazetteer).toEqual(fresh.gazetteer);
    const q = { region: 'qinghai', year: 2025, achievements: [{ kind: 'patent', patentType: 'invention', rank: 2 }] };
    expect(createPolicy(cached.kb).convert(q)).toEqual(createPolicy(fresh).convert(q));

    writeFileSync(join(dir, 'knowledge', 'places.yaml'), '# edited\n', { flag: 'a' });
    expect(loadKnowledgeCached(opts).from).toBe('files');
    expect(loadKnowledgeCached(opts).from).toBe('snapshot');
    writeFileSync(join(dir, 'code.js'), '// build 2');
    expect(loadKnowledgeCached(opts).from).toBe('files');
  });

  it('a broken knowledge file still fails loudly, snapshot or not', () => {
    const opts = { dir: join(dir, 'knowledge'), file: join(dir, 'snap.json'), codeFile: join(dir, 'code.js') };
    writeFileSync(join(dir, 'knowledge', 'places.yaml'), 'regions: [oops', { flag: 'a' });
    expect(() => loadKnowledgeCached(opts)).toThrow();
  });
});

describe('the compiled server', () => {
  beforeAll(async () => {
    await build({ ifStale: true });
  }, 120_000);

  it('serves /healthz and a chat turn, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['dist/server/main.js'], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ASSISTANT_TODAY: '2025-10-15' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      const base = `http://127.0.0.1:${port}`;
      const until = Date.now() + 60_000;
      for (;;) {
        const ok = await fetch(`${base}/healthz`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) break;
        expect(Date.now() < until, stderr).toBe(true);
        await new Promise((r) => setTimeout(r, 50));
      }
      const res = await fetch(`${base}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 'u1', text: '青海发明专利排第2能算多少学时' }),
      });
      expect(res.status).toBe(200);
      expect((await res.json()).reply).toMatch(/60学时/);
      expect((await fetch(`${base}/`)).status).toBe(200);
      expect((await fetch(`${base}/docs/json`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited, stderr).toBe(0);
  }, 90_000);
});
