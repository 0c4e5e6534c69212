import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  allQuotes,
  compactText,
  DEFAULT_KNOWLEDGE_DIR,
  loadKnowledge,
  quoteInSource,
} from '../../src/policy/knowledge';

const kb = loadKnowledge();

describe('knowledge base', () => {
  it('loads every file through the schema', () => {
    expect(kb.files.length).toBeGreaterThanOrEqual(5);
    expect(kb.documents.size).toBeGreaterThanOrEqual(5);
  });

  it('has at least 90 quoted entries', () => {
    expect(allQuotes(kb).length).toBeGreaterThanOrEqual(90);
  });

  it.each(allQuotes(kb).map((q) => [`${q.file} ${q.entry}`, q] as const))('%s: quote stands in its source', (_, q) => {
    expect(quoteInSource(kb, q.doc, q.quote), `${q.doc}: ${q.quote}`).toBe(true);
  });

  it('ignores white space and line breaks when matching quotes', () => {
    expect(compactText(' 不少于 90\n学时 ')).toBe('不少于90学时');
  });

  it('covers every region of the gazetteer with a file and test cases', () => {
    for (const r of kb.gazetteer.regions) {
      expect(
        kb.files.some((f) => f.region === r.id),
        r.id,
      ).toBe(true);
      expect(
        kb.cases.some((c) => c.region === r.id),
        r.id,
      ).toBe(true);
    }
  });

  it('fails loudly, naming file and path, on a bad entry', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-'));
    cpSync(DEFAULT_KNOWLEDGE_DIR, dir, { recursive: true });
    const file = join(dir, kb.files[0]!.path);
    const text = readFileSync(file, 'utf8').replace(/\bfrom: (\d{4})/, 'from: "soon"');
    writeFileSync(file, text);
    expect(() => loadKnowledge(dir)).toThrow(new RegExp(`${kb.files[0]!.path.replace(/[/.]/g, '\\$&')}[\\s\\S]*from`));
  });

  it('rejects a quote that names an unknown document', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-'));
    cpSync(DEFAULT_KNOWLEDGE_DIR, dir, { recursive: true });
    const file = join(dir, kb.files[0]!.path);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/doc: (\w+)\n(\s+section)/, 'doc: nosuchdoc\n$2'));
    expect(() => loadKnowledge(dir)).toThrow(/nosuchdoc/);
  });

  it('a quote changed by one character is not found', () => {
    const q = allQuotes(kb)[0]!;
    expect(quoteInSource(kb, q.doc, `${q.quote}X`)).toBe(false);
  });
});
