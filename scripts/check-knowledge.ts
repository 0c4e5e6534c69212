// Validates knowledge/ and lists every quote not found in its source. Exit 1 on any problem.
import { allQuotes, loadKnowledge, quoteInSource } from '../src/policy/knowledge';

try {
  const kb = loadKnowledge();
  const quotes = allQuotes(kb);
  const bad = quotes.filter((q) => !quoteInSource(kb, q.doc, q.quote));
  for (const q of bad) console.log(`quote not in ${q.doc}: ${q.file} at ${q.entry}: ${q.quote}`);
  const byFile = new Map<string, number>();
  for (const q of quotes) byFile.set(q.file, (byFile.get(q.file) ?? 0) + 1);
  for (const [f, n] of byFile) console.log(`${f}: ${n} quoted entries`);
  console.log(`${quotes.length} quoted entries, ${bad.length} not found; ${kb.cases.length} test cases`);
  process.exit(bad.length ? 1 : 0);
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
