// Loads and validates knowledge/. The only I/O of the policy core lives here, at start-up; the interpreter is pure.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import {
  Gazetteer,
  type Gazetteer as GazetteerT,
  KnowledgeFile,
  type KnowledgeFile as KnowledgeFileT,
  type PolicyCase,
  PolicyCaseFile,
  SourceIndex,
} from './schema';

export const DEFAULT_KNOWLEDGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../knowledge');

export class KnowledgeError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
    this.name = 'KnowledgeError';
  }
}

export interface SourceDocument {
  key: string;
  number: string;
  title: string;
  issuer: string;
  region: string;
  date: string;
  file: string;
  embeddedIn?: string;
  /** the text with every white space removed, for quote checks */
  compact: string;
}

export interface KnowledgeBase {
  dir: string;
  documents: Map<string, SourceDocument>;
  gazetteer: GazetteerT;
  /** one entry per YAML file under knowledge/regions, with its path relative to dir */
  files: Array<KnowledgeFileT & { path: string }>;
  cases: Array<PolicyCase & { path: string }>;
}

/** Removes all white space (notices come from PDF/OCR with broken lines and stray spaces). */
export function compactText(s: string): string {
  return s.replace(/[\s\u3000]+/g, '');
}

function parseWith<T extends z.ZodTypeAny>(schema: T, file: string, text: string, dir: string): z.infer<T> {
  const rel = relative(dir, file);
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new KnowledgeError(`${rel}: not valid YAML: ${(e as Error).message}`, rel);
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    const lines = r.error.issues.slice(0, 10).map((i) => {
      const path = i.path.length ? i.path.join('.') : '(root)';
      return `  ${rel} at ${path}: ${i.message}`;
    });
    throw new KnowledgeError(`invalid knowledge file ${rel}:\n${lines.join('\n')}`, rel);
  }
  return r.data;
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries.sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

/** Reads knowledge/ from disk, validates every file, and checks that every quote stands in its source. */
export function loadKnowledge(dir: string = DEFAULT_KNOWLEDGE_DIR): KnowledgeBase {
  const indexPath = join(dir, 'sources', 'index.yaml');
  const index = parseWith(SourceIndex, indexPath, readFileSync(indexPath, 'utf8'), dir);
  const documents = new Map<string, SourceDocument>();
  for (const d of index.documents) {
    const text = readFileSync(join(dir, 'sources', d.file), 'utf8');
    documents.set(d.key, { ...d, compact: compactText(text) });
  }
  const gazPath = join(dir, 'places.yaml');
  const gazetteer = parseWith(Gazetteer, gazPath, readFileSync(gazPath, 'utf8'), dir);
  const files = yamlFiles(join(dir, 'regions')).map((p) => ({
    ...parseWith(KnowledgeFile, p, readFileSync(p, 'utf8'), dir),
    path: relative(dir, p),
  }));
  const cases = yamlFiles(join(dir, 'tests')).flatMap((p) =>
    parseWith(PolicyCaseFile, p, readFileSync(p, 'utf8'), dir).cases.map((c) => ({ ...c, path: relative(dir, p) })),
  );
  const kb: KnowledgeBase = { dir, documents, gazetteer, files, cases };
  checkReferences(kb);
  return kb;
}

export interface QuoteRef {
  file: string;
  entry: string;
  doc: string;
  quote: string;
}

/** Every source block in the knowledge files, with where it stands. */
export function allQuotes(kb: KnowledgeBase): QuoteRef[] {
  const out: QuoteRef[] = [];
  for (const f of kb.files) {
    for (const [section, list] of Object.entries(f)) {
      if (!Array.isArray(list)) continue;
      for (const e of list as Array<{
        id?: string;
        source?: { doc: string; quote: string };
        subjectChoice?: { source: { doc: string; quote: string } };
      }>) {
        if (e?.source) out.push({ file: f.path, entry: `${section}.${e.id ?? '?'}`, ...e.source });
        if (e?.subjectChoice)
          out.push({ file: f.path, entry: `${section}.${e.id ?? '?'}.subjectChoice`, ...e.subjectChoice.source });
      }
    }
  }
  return out;
}

/** Is this quote in the document's text, ignoring white space and line breaks? */
export function quoteInSource(kb: KnowledgeBase, doc: string, quote: string): boolean {
  const d = kb.documents.get(doc);
  return !!d && d.compact.includes(compactText(quote));
}

function checkReferences(kb: KnowledgeBase): void {
  const regionIds = new Set(kb.gazetteer.regions.map((r) => r.id));
  for (const r of kb.gazetteer.regions) {
    for (const p of r.places) {
      if (p.notice && !kb.documents.has(p.notice))
        throw new KnowledgeError(`places.yaml at ${r.id}.${p.id}: unknown notice "${p.notice}"`, 'places.yaml');
      if (p.parent && !r.places.some((x) => x.id === p.parent))
        throw new KnowledgeError(`places.yaml at ${r.id}.${p.id}: unknown parent "${p.parent}"`, 'places.yaml');
    }
  }
  const placeIds = new Set(kb.gazetteer.regions.flatMap((r) => [r.id, ...r.places.map((p) => p.id)]));
  const seen = new Map<string, string>();
  for (const f of kb.files) {
    if (!regionIds.has(f.region)) throw new KnowledgeError(`${f.path}: unknown region "${f.region}"`, f.path);
    if (!kb.documents.has(f.doc)) throw new KnowledgeError(`${f.path}: unknown doc "${f.doc}"`, f.path);
    const capIds = new Set(kb.files.filter((g) => g.region === f.region).flatMap((g) => g.caps.map((c) => c.id)));
    for (const q of allQuotes({ ...kb, files: [f] })) {
      if (!kb.documents.has(q.doc)) throw new KnowledgeError(`${f.path} at ${q.entry}: unknown doc "${q.doc}"`, f.path);
    }
    for (const [section, list] of Object.entries(f)) {
      if (!Array.isArray(list)) continue;
      for (const e of list as Array<{ id?: string }>) {
        if (!e.id) continue;
        const prev = seen.get(e.id);
        if (prev) throw new KnowledgeError(`${f.path} at ${section}.${e.id}: id already used in ${prev}`, f.path);
        seen.set(e.id, f.path);
      }
    }
    for (const c of f.conversions) {
      if (c.cap && !capIds.has(c.cap))
        throw new KnowledgeError(`${f.path} at conversions.${c.id}: unknown cap "${c.cap}"`, f.path);
    }
    for (const c of f.contacts) {
      if (!placeIds.has(c.place))
        throw new KnowledgeError(`${f.path} at contacts.${c.id}: unknown place "${c.place}"`, f.path);
    }
  }
}
