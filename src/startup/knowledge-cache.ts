// Start-up without re-reading YAML: the validated knowledge base is kept as one JSON snapshot beside the compiled
// server, keyed by the bytes of every file under knowledge/ and of the compiled code that validated it. A snapshot
// whose key differs (a notice or a rule edited, a new build) is ignored; the files are then loaded and validated
// as usual (loadKnowledge) and the snapshot written again for the next start. Parsing YAML is most of the cost of
// a start (about a second here); reading the snapshot takes a few milliseconds.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { DEFAULT_KNOWLEDGE_DIR, type KnowledgeBase, loadKnowledge, type SourceDocument } from '../policy/knowledge';

interface Snapshot {
  key: string;
  kb: Omit<KnowledgeBase, 'documents'> & { documents: Array<[string, SourceDocument]> };
}

export interface KnowledgeCacheOptions {
  /** where the snapshot lives */
  file: string;
  /** the compiled code whose bytes are part of the key (the running bundle) */
  codeFile: string;
  dir?: string;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

/** Key of a snapshot: every knowledge file (path and bytes) and the code that reads them. */
export function snapshotKey(dir: string, codeFile: string): string {
  const h = createHash('sha256');
  for (const f of filesUnder(dir)) {
    h.update(relative(dir, f)).update('\0').update(readFileSync(f)).update('\0');
  }
  h.update(readFileSync(codeFile));
  return h.digest('hex');
}

/** The knowledge base from the snapshot when it is current, else loaded (and validated) from the files. */
export function loadKnowledgeCached(opts: KnowledgeCacheOptions): { kb: KnowledgeBase; from: 'snapshot' | 'files' } {
  const dir = opts.dir ?? DEFAULT_KNOWLEDGE_DIR;
  let key: string | undefined;
  try {
    key = snapshotKey(dir, opts.codeFile);
    const snap = JSON.parse(readFileSync(opts.file, 'utf8')) as Snapshot;
    if (snap.key === key && snap.kb.dir === dir) {
      return { kb: { ...snap.kb, documents: new Map(snap.kb.documents) }, from: 'snapshot' };
    }
  } catch {
    // no snapshot yet, or unreadable: load the files
  }
  const kb = loadKnowledge(dir);
  if (key) writeSnapshot(opts.file, key, kb);
  return { kb, from: 'files' };
}

function writeSnapshot(file: string, key: string, kb: KnowledgeBase): void {
  const snap: Snapshot = { key, kb: { ...kb, documents: [...kb.documents] } };
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(snap));
    renameSync(tmp, file);
  } catch {
    // a read-only install simply loads the files at every start
  }
}
